#!/usr/bin/python3
"""jsoneq.py A B - do two NDJSON files hold the same JSON values, line by line?

Strict: types must agree (true is not 1, 1.0 is not 1, -0.0 is not 0.0),
object key order does not matter, blank lines must pair with blank lines.
Numbers are compared as Python parses them (floats as doubles, 1e400 as
inf).  Prints the first differing line number and path, never a value.
Exit 0 equal, 1 different, 2 unreadable.
"""
import json
import math
import sys


def same(a, b, path):
    """None when a and b are equal, else the path where they differ."""
    if type(a) is not type(b):
        return path
    if isinstance(a, dict):
        if set(a) != set(b):
            return path + " (keys)"
        for k in a:
            d = same(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return path + " (length)"
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if isinstance(a, float):
        eq = (a == b and math.copysign(1, a) == math.copysign(1, b))
        return None if eq else path
    return None if a == b else path


def lines(path):
    with open(path, "rb") as f:
        data = f.read().decode("utf-8")
    out = data.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: jsoneq.py A B\n")
        return 2
    try:
        a, b = lines(argv[1]), lines(argv[2])
    except (OSError, UnicodeDecodeError) as e:
        sys.stderr.write("jsoneq: %s\n" % e)
        return 2
    if len(a) != len(b):
        print("jsoneq: %d lines against %d" % (len(a), len(b)))
        return 1
    for n, (x, y) in enumerate(zip(a, b), 1):
        if not x.strip() or not y.strip():
            if x.strip() or y.strip():
                print("jsoneq: line %d: blank against non-blank" % n)
                return 1
            continue
        try:
            d = same(json.loads(x), json.loads(y), "$")
        except ValueError:
            print("jsoneq: line %d: not JSON" % n)
            return 1
        if d:
            print("jsoneq: line %d: differs at %s" % (n, d))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
