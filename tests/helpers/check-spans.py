#!/usr/bin/env python3
"""check-spans.py IN OUT - checks ndjson-probe's take markers.

OUT is IN run through `ndjson-probe -a take`, which replaces each taken
value with the string "<type:start-end>" (its byte span in the line).
For every line, each marker's span must hold one JSON value of that type
in IN, and putting those bytes back in place of the markers must give
the IN line back exactly.  Prints the number of markers checked; exits 1
at the first difference (naming the line, never its content).
"""
import json
import re
import sys

MARK = re.compile(rb'"<(null|false|true|number|string|object|array):(\d+)-(\d+)>"')
TYPES = {
    "null": lambda v: v is None,
    "false": lambda v: v is False,
    "true": lambda v: v is True,
    "number": lambda v: type(v) in (int, float),
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def check_line(n, src, out):
    rebuilt, pos, count = [], 0, 0
    for m in MARK.finditer(out):
        kind, start, end = m.group(1).decode(), int(m.group(2)), int(m.group(3))
        span = src[start:end]
        if span != span.strip():
            sys.exit("line %d: span %d-%d has white space around" % (n, start, end))
        try:
            value = json.loads(span)
        except ValueError:
            sys.exit("line %d: span %d-%d is not one JSON value" % (n, start, end))
        if not TYPES[kind](value):
            sys.exit("line %d: span %d-%d is not a %s" % (n, start, end, kind))
        rebuilt.append(out[pos:m.start()])
        rebuilt.append(span)
        pos = m.end()
        count += 1
    rebuilt.append(out[pos:])
    if b"".join(rebuilt) != src:
        sys.exit("line %d: the markers put back do not give the input" % n)
    return count


def main():
    with open(sys.argv[1], "rb") as f:
        src = f.read().split(b"\n")
    with open(sys.argv[2], "rb") as f:
        out = f.read().split(b"\n")
    if len(src) != len(out):
        sys.exit("%d lines in, %d out" % (len(src), len(out)))
    total = 0
    for n, (a, b) in enumerate(zip(src, out), 1):
        total += check_line(n, a, b)
    print(total)


main()
