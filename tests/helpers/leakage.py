#!/usr/bin/env python3
"""leakage.py CORPUS PHI-ENCRYPT PUB - what phi-encrypt --in-text leaves
in clear on the free-text rows of the labelled corpus
(tests/fixtures/pii-corpus.ndjson, setting "text"): the share of
labelled identifiers (label yellow or red, "span" = its character
offsets in the text) still in clear, and the share of the other words
(outside the labelled span, on every text row) still readable.  Spans
are offsets in UTF-8 bytes, as the corpus generator writes them."""
import json
import re
import subprocess
import sys


def at(ev, path):
    for k in path.split("."):
        ev = ev[k]
    return ev


def main():
    corpus, prog, pub = sys.argv[1:4]
    rows = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["setting"] == "text":
                rows.append(r)
    inp = "".join(json.dumps(r["event"], ensure_ascii=False) + "\n"
                  for r in rows)
    out = subprocess.run([prog, "-k", pub, "--in-text", "**"],
                         input=inp.encode(), capture_output=True, check=True)
    outs = out.stdout.decode().splitlines()
    assert len(outs) == len(rows)
    ids = leaked = words = kept = 0
    for r, o in zip(rows, outs):
        # the span is in UTF-8 bytes (make-pii-corpus.mjs)
        raw = at(r["event"], r["path"]).encode()
        # a short word may occur inside a token's base64: drop the tokens
        enc = re.sub(r"\[phi:[0-9]+:[A-Za-z0-9_-]+\]", "\0",
                     at(json.loads(o), r["path"]))
        a, b = r["span"]
        if r["label"] != "green":
            ids += 1
            leaked += raw[a:b].decode() in enc
        for w in (raw[:a] + b" " + raw[b:]).decode().split():
            words += 1
            kept += w in enc
    print("identifiers in clear: %d of %d (%.1f%%); other words readable:"
          " %d of %d (%.1f%%)" % (leaked, ids, 100.0 * leaked / ids, kept,
                                  words, 100.0 * kept / words))


main()
