#!/usr/bin/env python3
"""stream-fuzz.py SEED EVENTS ROUNDS - random differential test of the
streaming core through ndjson-probe (found in PATH).

Makes EVENTS random JSON objects (odd keys: dots, stars, brackets,
quotes, digits, unicode, escapes; random white space; arrays and nested
objects), then for ROUNDS random sets of field paths checks that
  - -a log marks exactly the paths a reference matcher selects,
  - -a take replaces exactly the outermost selected values (count per
    line) and each marker's span holds that value (as check-spans.py),
  - -a drop gives valid JSON equal to the objects with the outermost
    selected values deleted.
Exits 1 at the first difference, naming seed, round, paths and line.
"""
import json
import random
import re
import subprocess
import sys

KEYS = ["a", "b", "email", "0", "1", "12", "x.y", "*", "**", "k[0]", 'q"t',
        "b\\s", "", " sp", "é", "日本", "\u2028", "tab\tkey", "nl\nkey", "007"]


def rand_value(r, depth):
    k = r.random()
    if depth > 4 or k < 0.45:
        return r.choice([None, True, False, 0, -1.5, 12e3, "s", "",
                         "é\u0000\"\\/", "🐝", r.randint(-99, 99)])
    if k < 0.7:
        return [rand_value(r, depth + 1) for _ in range(r.randint(0, 4))]
    return rand_object(r, depth + 1)


def rand_object(r, depth):
    keys = r.sample(KEYS, r.randint(0, 5))
    return {key: rand_value(r, depth) for key in keys}


def ws(r):
    return r.choice(["", "", "", " ", "  ", "\t", " \t "])


def dump(r, v):
    """JSON text of v with random white space and escaping."""
    if isinstance(v, dict):
        parts = [ws(r) + dump_str(r, k) + ws(r) + ":" + ws(r) + dump(r, x) + ws(r)
                 for k, x in v.items()]
        return "{" + ",".join(parts) + ws(r) + "}"
    if isinstance(v, list):
        return "[" + ",".join(ws(r) + dump(r, x) + ws(r) for x in v) + ws(r) + "]"
    if isinstance(v, str):
        return dump_str(r, v)
    return json.dumps(v)


def dump_str(r, s):
    """s as a JSON string, sometimes with its first character as \\u."""
    asc = r.random() < 0.5
    if s and r.random() < 0.2:
        c = ord(s[0])
        if c >= 0x10000:
            c -= 0x10000
            esc = "\\u%04x\\u%04x" % (0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff))
        else:
            esc = "\\u%04x" % c
        return '"' + esc + json.dumps(s[1:], ensure_ascii=asc)[1:-1] + '"'
    return json.dumps(s, ensure_ascii=asc)


# --- the reference matcher ---

def is_plain(key):
    """Can key be written bare in a path?"""
    return key != "" and key == key.strip() and \
        not any(c in '.[]"\\*' or ord(c) < 0x20 for c in key)


def rand_seg(r):
    """One random segment: (its meaning, its text)."""
    k = r.random()
    if k < 0.15:
        return ("star",), r.choice(["*", "[*]"])
    if k < 0.3:
        return ("glob",), "**"
    if k < 0.4:
        i = r.randint(0, 3)
        return ("index", i), "[%d]" % i
    key = r.choice(KEYS)
    if is_plain(key) and r.random() < 0.7:
        # a bare name of digits (no leading zero) also matches an index
        if re.fullmatch(r"0|[1-9][0-9]*", key):
            return ("name", key), key
        return ("key", key), key
    return ("key", key), "[" + json.dumps(key, ensure_ascii=r.random() < 0.5) + "]"


def rand_pattern(r):
    segs, text = [], ""
    for _ in range(r.randint(1, 4)):
        seg, t = rand_seg(r)
        if text and not t.startswith("["):
            text += "."
        text += t
        segs.append(seg)
    return text, segs


def seg_match(seg, step):
    kind = seg[0]
    if kind == "star":
        return True
    if kind == "index":
        return isinstance(step, int) and step == seg[1]
    if kind == "key":
        return isinstance(step, str) and step == seg[1]
    if kind == "name":
        return step == seg[1] or (isinstance(step, int) and str(step) == seg[1])
    raise AssertionError(kind)


def matches(segs, path):
    if not segs:
        return not path
    if segs[0][0] == "glob":
        return any(matches(segs[1:], path[i:]) for i in range(len(path) + 1))
    return bool(path) and seg_match(segs[0], path[0]) and matches(segs[1:], path[1:])


def walk(v, path, out):
    """All (path, value) pairs below v, containers before their inside."""
    items = v.items() if isinstance(v, dict) else enumerate(v)
    for k, x in items:
        p = path + (k,)
        out.append(p)
        if isinstance(x, (dict, list)):
            walk(x, p, out)
    return out


def selected(obj, pats):
    sel = set()
    for p in walk(obj, (), []):
        if any(matches(s, p) for _, s in pats):
            sel.add(p)
    outer = {p for p in sel if not any(p[:i] in sel for i in range(1, len(p)))}
    return sel, outer


def delete(obj, paths):
    """Deletes the paths (none inside another); higher array indexes
    first, so that the lower ones stay valid."""
    for p in sorted(paths, key=lambda p: (len(p), p[-1] if isinstance(p[-1], int) else -1),
                    reverse=True):
        parent = obj
        for k in p[:-1]:
            parent = parent[k]
        del parent[p[-1]]
    return obj


def fail(msg):
    print("stream-fuzz: " + msg)
    sys.exit(1)


def probe(args, data):
    res = subprocess.run(["ndjson-probe"] + args, input=data, capture_output=True)
    if res.returncode != 0:
        fail("ndjson-probe %s: exit %d: %s" % (args, res.returncode, res.stderr.decode()))
    return res


def fmt_path(p):
    return "/".join(str(x) for x in p)


def check_round(seed, rnd, objs, data, pats):
    args = []
    for text, _ in pats:
        args += ["-s", text]
    where = "seed %d round %d paths %s" % (seed, rnd, [t for t, _ in pats])
    lines = data.split(b"\n")[:-1]
    # log: one line per value: path type start selected
    log = probe(args + ["-a", "log"], data).stderr.decode(errors="replace").split("\n")
    take = probe(args + ["-a", "take"], data).stdout.split(b"\n")[:-1]
    drop = probe(args + ["-a", "drop"], data).stdout.split(b"\n")[:-1]
    li = 0
    for n, obj in enumerate(objs):
        sel, outer = selected(obj, pats)
        for p in walk(obj, (), []):
            fields = log[li].rsplit(" ", 3)
            li += 1
            if int(fields[3]) != (p in sel):
                fail("%s: line %d: %s selected %s, expected %s" %
                     (where, n + 1, fmt_path(p), fields[3], p in sel))
        marks = re.findall(rb'"<[a-z]+:(\d+)-(\d+)>"', take[n])
        if len(marks) != len(outer):
            fail("%s: line %d: %d values taken, expected %d" %
                 (where, n + 1, len(marks), len(outer)))
        for s, e in marks:
            span = lines[n][int(s):int(e)]
            if span != span.strip():
                fail("%s: line %d: span %s-%s has white space" % (where, n + 1, s, e))
            json.loads(span)
        got = json.loads(drop[n])
        want = delete(json.loads(json.dumps(obj)), outer)
        if got != want:
            fail("%s: line %d: drop gives %s, expected %s" % (where, n + 1, got, want))


def main():
    seed, events, rounds = (int(a) for a in sys.argv[1:4])
    r = random.Random(seed)
    objs = [rand_object(r, 0) for _ in range(events)]
    data = "".join(dump(r, o) + "\n" for o in objs).encode()
    if probe([], data).stdout != data:
        fail("seed %d: pass-through differs" % seed)
    for rnd in range(rounds):
        pats = [rand_pattern(r) for _ in range(r.randint(1, 3))]
        check_round(seed, rnd, objs, data, pats)
    print("%d events, %d rounds: ok" % (events, rounds))


main()
