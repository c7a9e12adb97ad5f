#!/usr/bin/env python3
"""make-names.py SRC OUT - writes the name dictionaries of share/names/
from the public sources in SRC (see share/names/README for where each
comes from):

  SRC/ssa-1940-2018.txt        the SSA's yobYYYY.txt files of 1940-2018
                               concatenated (name,sex,count lines)
  SRC/census2010-top1000.csv   Census 2010 surnames (Names_2010Census.csv)
  SRC/census1990-dist.all.last Census 1990 surnames (dist.all.last)
  SRC/faker.tsv                locale<TAB>first|last<TAB>name, dumped from
                               @faker-js/faker's allLocales[l].person

Each list is frequency-ranked where the source has frequencies and cut
to a sensible size; Latin names are written capitalised, CJK as is.
"""
import collections
import sys

SSA_TOP = 10000
CENSUS_TOP = 20000
FAKER_LOCALES = ["en", "en_GB", "de", "fr", "es", "it", "nl", "pt_BR",
                 "pt_PT", "en_IN", "zh_CN", "ja"]


def cap(name):
    if not name.isascii():
        return name
    return "-".join(p[:1].upper() + p[1:].lower() for p in name.split("-"))


def write(path, header, names):
    seen, out = set(), []
    for n in names:
        n = n.strip()
        if n and n.lower() not in seen and " " not in n:
            seen.add(n.lower())
            out.append(n)
    with open(path, "w", encoding="utf-8") as f:
        for line in header.strip().splitlines():
            f.write("# " + line + "\n" if line else "#\n")
        f.write("# entries: %d\n" % len(out))
        for n in out:
            f.write(n + "\n")


def ssa(src):
    count = collections.Counter()
    with open(src + "/ssa-1940-2018.txt", encoding="ascii") as f:
        for line in f:
            name, _, n = line.strip().split(",")
            count[name] += int(n)
    return [n for n, _ in count.most_common(SSA_TOP)]


def census(src):
    out = []
    with open(src + "/census2010-top1000.csv", encoding="ascii") as f:
        next(f)
        out += [cap(line.split(",")[0]) for line in f]
    with open(src + "/census1990-dist.all.last", encoding="ascii") as f:
        out += [cap(line.split()[0]) for line in f][:CENSUS_TOP]
    return out


def faker(src, kind):
    out = []
    with open(src + "/faker.tsv", encoding="utf-8") as f:
        for line in f:
            loc, k, name = line.rstrip("\n").split("\t")
            if k == kind and loc in FAKER_LOCALES:
                out.append(name)
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    write(dst + "/us-ssa-first.names", """
names first: US given names, the 10,000 most frequent of SSA's national
baby-name counts for births 1940-2018 (names given to 5 or more babies
of a sex in a year), summed over the years.
Source: US Social Security Administration, "Beyond the Top 1000 Names",
https://www.ssa.gov/oact/babynames/limits.html (names.zip, yobYYYY.txt),
as copied in github.com/Priyagha/US_Name_Trends (names/, commit 4e0c417).
Licence: public domain (a work of the US Government, 17 USC 105).
Made by scripts/make-names.py.
""", ssa(src))
    write(dst + "/us-census-last.names", """
names last: US surnames, the Census Bureau's 2010 top 1000
(Names_2010Census.csv) then the 20,000 most frequent of its 1990 list
(dist.all.last), frequency-ranked.
Source: US Census Bureau, Frequently Occurring Surnames,
https://www.census.gov/topics/population/genealogy/data.html, as copied
in github.com/DinaAbrahim/MarriageInTexas (Names_2010Census.csv, commit
eaaa240) and github.com/nullstyle/name-database (sources/census-1990/
dist.all.last, commit 46d2e01).
Licence: public domain (a work of the US Government, 17 USC 105).
Made by scripts/make-names.py.
""", census(src))
    locs = " ".join(FAKER_LOCALES)
    write(dst + "/faker-first.names", """
names first: given names of locales %s
(European, Indian, Chinese in Hanzi, Japanese in kanji), the whole
person.first_name lists (generic, female, male) of each locale.
Source: @faker-js/faker 10.6.0 (npm), src/locales/*/person/first_name.ts.
Licence: MIT, Copyright (c) 2022-2025 Faker (https://fakerjs.dev/).
Made by scripts/make-names.py.
""" % locs, faker(src, "first"))
    write(dst + "/faker-last.names", """
names last: surnames of locales %s
(European, Indian, Chinese in Hanzi, Japanese in kanji), the whole
person.last_name lists of each locale.
Source: @faker-js/faker 10.6.0 (npm), src/locales/*/person/last_name.ts.
Licence: MIT, Copyright (c) 2022-2025 Faker (https://fakerjs.dev/).
Made by scripts/make-names.py.
""" % locs, faker(src, "last"))


main()
