#!/usr/bin/python3
"""audit_tamper.py - an attacker's tools against a phi-audit log, written
independently of the C code from the documented canonical form:

    hash = sha256(line without its newline and without its last member
                  `,"hash":"<64 hex>"}`, followed by "}")

  hash FILE LINE              print the recomputed hash of line LINE
  edit FILE LINE KEY JSON     set a member, keep the stored hash
  edit-rehash FILE LINE KEY JSON   set a member and recompute its hash only
  rewrite FILE LINE KEY JSON  set a member and recompute the whole chain
                              from there to the end (prev and hash)
  forge FILE AFTER            insert after line AFTER a record chained to it
                              (seq + 1, prev, a correct hash)
"""
import hashlib
import json
import sys


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def rec_hash(obj):
    body = dict(obj)
    body.pop("hash", None)
    return hashlib.sha256(dumps(body).encode()).hexdigest()


def load(path):
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def save(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in lines))


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    lines = load(path)
    if cmd == "hash":
        print(rec_hash(json.loads(lines[int(sys.argv[3]) - 1])))
        return
    i = int(sys.argv[3]) - 1
    if cmd == "forge":
        prev = json.loads(lines[i])
        new = dict(prev)
        new["seq"] = prev["seq"] + 1
        new["event_type"] = "PHI Viewed"
        new["details"] = {"forged": True}
        new["prev"] = prev["hash"]
        new["hash"] = rec_hash(new)
        lines.insert(i + 1, dumps(new))
        save(path, lines)
        return
    key, val = sys.argv[4], json.loads(sys.argv[5])
    obj = json.loads(lines[i])
    obj[key] = val
    if cmd != "edit":
        obj["hash"] = rec_hash(obj)
    lines[i] = dumps(obj)
    if cmd == "rewrite":
        prev = obj["hash"]
        for j in range(i + 1, len(lines)):
            o = json.loads(lines[j])
            o["prev"] = prev
            o["hash"] = prev = rec_hash(o)
            lines[j] = dumps(o)
    save(path, lines)


main()
