#!/usr/bin/env python3
"""gen-phoneplan.py XML [COMMIT] > common/classify/phoneplan_table.c

Generates the compact numbering-plan table of phi-classify's phone check
from libphonenumber's metadata (google/libphonenumber,
resources/PhoneNumberMetadata.xml, Apache License 2.0).  The XML is
needed at generation time only; the generated C file is committed.

For each country below: its calling code, its national (trunk) prefix,
and the national significant numbers of the main number types (fixed
line, mobile, VoIP, personal, UAN, toll-free, shared-cost and
premium-rate) reduced to leading-digit prefixes of
at most PREFIX digits, each with the set of valid lengths.  The
reduction expands each type's nationalNumberPattern (a regular
expression over digits) into (first PREFIX digits, length) pairs and
merges prefixes whose ten children agree: the table over-accepts only
beyond the PREFIX-th digit.
"""
import sys
import xml.etree.ElementTree as ET

try:
    import re._parser as sre
    from re._constants import (LITERAL, IN, RANGE, CATEGORY, BRANCH,
                               SUBPATTERN, MAX_REPEAT, MIN_REPEAT,
                               CATEGORY_DIGIT, MAXREPEAT)
except ImportError:  # Python < 3.11
    import sre_parse as sre
    from sre_constants import (LITERAL, IN, RANGE, CATEGORY, BRANCH,
                               SUBPATTERN, MAX_REPEAT, MIN_REPEAT,
                               CATEGORY_DIGIT, MAXREPEAT)

PREFIX = 3
MAXLEN = 17
TYPES = ("fixedLine", "mobile", "voip", "personalNumber", "uan", "tollFree",
         "sharedCost", "premiumRate")
# Countries of the table; "national" ones are also tried for numbers
# written without a country code (see validators_phone.c).
NATIONAL = ("GB", "DE", "FR", "ES", "IT", "NL", "BR", "JP", "CN", "IN")
OTHERS = ("AU", "AT", "BE", "CH", "DK", "SE", "NO", "FI", "IE", "PT",
          "PL", "CZ", "HU", "RO", "GR", "TR", "RU", "IL", "AE", "SA",
          "ZA", "NG", "KE", "EG", "MX", "AR", "CL", "CO", "PE", "KR", "TW",
          "HK", "SG", "MY", "TH", "ID", "PH", "VN", "PK", "BD", "NZ")
DIGITS = "0123456789"


def charset(items):
    out = set()
    for op, av in items:
        if op == LITERAL:
            out.add(chr(av))
        elif op == RANGE:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op == CATEGORY and av == CATEGORY_DIGIT:
            out.update(DIGITS)
        else:
            raise ValueError("unsupported class item %r" % (op,))
    return {(c, 1) for c in out if c in DIGITS}


def concat(a, b):
    out = set()
    blens = {l for _, l in b}
    for p1, l1 in a:
        if len(p1) >= PREFIX:
            out.update((p1, l1 + l2) for l2 in blens if l1 + l2 <= MAXLEN)
        else:
            out.update(((p1 + p2)[:PREFIX], l1 + l2) for p2, l2 in b
                       if l1 + l2 <= MAXLEN)
    return out


def lang(seq):
    cur = {("", 0)}
    for op, av in seq:
        cur = concat(cur, node(op, av))
    return cur


def node(op, av):
    if op == LITERAL:
        return {(chr(av), 1)}
    if op == IN:
        return charset(av)
    if op == BRANCH:
        out = set()
        for sub in av[1]:
            out |= lang(sub)
        return out
    if op == SUBPATTERN:
        return lang(av[-1])
    if op in (MAX_REPEAT, MIN_REPEAT):
        lo, hi, sub = av
        hi = MAXLEN if hi == MAXREPEAT else min(hi, MAXLEN)
        x, cur, out = lang(sub), {("", 0)}, set()
        if lo == 0:
            out.add(("", 0))
        for r in range(1, hi + 1):
            cur = concat(cur, x)
            if r >= lo:
                out |= cur
            if not cur:
                break
        return out
    raise ValueError("unsupported regex node %r" % (op,))


def pattern_pairs(text):
    pat = "".join(text.split())
    return lang(sre.parse(pat))


def territory_table(t):
    masks = {}
    for ty in TYPES:
        el = t.find(ty)
        if el is None or el.find("nationalNumberPattern") is None:
            continue
        for p, l in pattern_pairs(el.find("nationalNumberPattern").text):
            if l >= 5:
                masks[p] = masks.get(p, 0) | (1 << l)
    return merge(masks)


def merge(masks):
    for depth in range(PREFIX - 1, -1, -1):
        parents = {p[:depth] for p in masks if len(p) == depth + 1}
        for q in sorted(parents):
            kids = [masks.get(q + d) for d in DIGITS]
            if q not in masks and all(k is not None and k == kids[0]
                                      for k in kids):
                for d in DIGITS:
                    del masks[q + d]
                masks[q] = kids[0]
    return sorted(masks.items())


def runs(table):
    """(prefix, mask) pairs as (prefix but its last digit, first last
    digit, final last digit, mask) runs of siblings with one mask."""
    out = []
    for p, m in table:
        pre, last = (p[:-1], p[-1]) if p else ("", None)
        if last is None:
            out.append(["", "0", "9", m])
        elif out and out[-1][0] == pre and out[-1][3] == m and \
                ord(out[-1][2]) + 1 == ord(last):
            out[-1][2] = last
        else:
            out.append([pre, last, last, m])
    return out


def main():
    root = ET.parse(sys.argv[1]).getroot()
    terr = {t.get("id"): t for t in root.iter("territory")}
    w = sys.stdout.write
    source = sys.argv[2] if len(sys.argv) > 2 else "(not given)"
    w("/* phoneplan_table.c - GENERATED by scripts/gen-phoneplan.py from\n"
      " * libphonenumber's resources/PhoneNumberMetadata.xml (Apache\n"
      " * License 2.0, google/libphonenumber); do not edit.  Prefixes of\n"
      " * national significant numbers (fixed line, mobile, VoIP,\n"
      " * personal, UAN, toll-free, shared cost, premium rate) with their valid lengths (bit L: L digits).\n"
      " * Source: libphonenumber commit %s. */\n"
      "#include \"phoneplan.h\"\n\n" % source)
    rows = []
    for region in NATIONAL + OTHERS:
        t = terr[region]
        name = region.lower()
        w("static const struct phoneplan_range %s_ranges[] = {\n" % name)
        table = territory_table(t)
        allmask = 0
        for _, m in table:
            allmask |= m
        table = runs(table)
        for pre, lo, hi, m in table:
            w("    {.pre = \"%s\", .lo = '%s', .hi = '%s', .lengths = 0x%xu},\n"
              % (pre, lo, hi, m))
        w("};\n")
        rows.append("    {.region = \"%s\", .cc = %s, .trunk = \"%s\", "
                    ".national = %d, .lengths = 0x%xu, .ranges = %s_ranges, "
                    ".nranges = %d},\n" % (
                        region, t.get("countryCode"),
                        t.get("nationalPrefix") or "", region in NATIONAL,
                        allmask, name, len(table)))
    w("\nconst struct phoneplan_country phoneplan_countries[] = {\n")
    w("".join(rows))
    w("};\n\nconst size_t phoneplan_ncountries =\n"
      "    sizeof(phoneplan_countries) / sizeof(phoneplan_countries[0]);\n")


if __name__ == "__main__":
    main()
