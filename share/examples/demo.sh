#!/bin/sh
# demo.sh [BINDIR] - the main job on the example export: make a key
# pair, encrypt the PHI fields of share/examples/export.ndjson, show the
# result, decrypt it, and check the round trip is byte for byte.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-}
[ -n "$bin" ] && PATH="$(cd "$bin" && pwd):$PATH"
work=$(mktemp -d "${TMPDIR:-/tmp}/phi-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

echo "== 1. a key pair (team.key stays private, team.pub is shared)"
phi-keygen -o team

echo "== 2. encrypt the PHI fields of an example export"
phi-encrypt -k team.pub -f context.ip -f 'context.traits.*' -f 'traits.*' \
    -f 'properties.*' --stats "$here/export.ndjson" >safe.ndjson
head -c 600 safe.ndjson; echo " ..."

echo "== 3. decrypt it again, with the private key only"
phi-decrypt -K team.key safe.ndjson >restored.ndjson
head -c 600 restored.ndjson; echo " ..."

echo "== 4. the round trip gives the input back byte for byte"
cmp "$here/export.ndjson" restored.ndjson && echo "identical"
