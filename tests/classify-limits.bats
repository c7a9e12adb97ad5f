# classify-limits.bats - phi-classify's bound on distinct paths
# (--max-paths): memory stays bounded on input keyed by ids (900 000
# distinct paths below 16 MB of peak RSS), every value past the bound is
# still classified (--fail-on, --drop, --redact unchanged) and counted in
# a "collapsed" line, the warning names no key, bad numbers are 64.
load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
	export D="$BATS_FILE_TMPDIR"
	# 300 000 events with three member keys seen nowhere else
	"$PY" - "$D/ids.ndjson" 300000 <<-'EOF'
	import sys
	with open(sys.argv[1], "w") as f:
	    for i in range(int(sys.argv[2])):
	        k = 3 * i
	        f.write('{"event":"score","scores":{"u%d":%d,"u%d":%d,'
	                '"u%d":"a%d@example.com"}}\n' % (k, i, k + 1, i, k + 2, i))
	EOF
	head -n 10000 "$D/ids.ndjson" >"$D/ids10k.ndjson"
	gen-events 2000 --seed 11 >"$D/gen.ndjson"
}

# Peak resident set size (KB) of the command, into $T/rss.
rss() {
	local rc=0

	/usr/bin/time -f %M -o "$T/rss.raw" "$@" || rc=$?
	tail -n 1 "$T/rss.raw" >"$T/rss"
	return "$rc"
}

# Skips when the programs are built with a sanitizer (its shadow memory
# makes peak RSS meaningless).
rss_meaningful() {
	if grep -q -e __asan_init -e __msan_init -e __tsan_init \
	    "$(command -v phi-classify)"; then
		skip "peak RSS means nothing under a sanitizer"
	fi
}

# Checks report $1 against input $2: paths unique and sorted, at most $3
# lines; every value counted once, under its own line or as collapsed
# (no path of the input repeats within an event); prints the collapsed
# count.
check_counts() {
	"$PY" - "$1" "$2" "$3" <<-'EOF'
	import json, sys
	rep = [json.loads(l) for l in open(sys.argv[1])]
	paths = [r["path"] for r in rep]
	assert paths == sorted(set(paths), key=lambda p: p.encode()), "order"
	assert len(rep) <= int(sys.argv[3]), len(rep)
	def leaves(o):
	    if isinstance(o, dict):
	        return sum(leaves(v) for v in o.values())
	    if isinstance(o, list):
	        return sum(leaves(v) for v in o)
	    return 1
	total = sum(leaves(json.loads(l)) for l in open(sys.argv[2]))
	collapsed = sum(r.get("collapsed", 0) for r in rep)
	itemised = sum(r["events"] for r in rep if "collapsed" not in r)
	assert itemised + collapsed == total, (itemised, collapsed, total)
	print(collapsed)
	EOF
}

warning() {
	echo "phi-classify: more distinct paths than --max-paths $1: $2 values" \
	    "not itemised, counted as \"collapsed\" under their parent"
}

@test "default bound: 900 000 distinct paths below 16 MB peak RSS, every value counted" {
	rss_meaningful
	rss phi-classify --report "$D/ids.ndjson" >rep 2>err
	echo "peak RSS $(cat rss) KB, $(wc -l <rep) lines"
	[ "$(cat rss)" -lt 16384 ]
	n=$(check_counts rep "$D/ids.ndjson" 22500)
	[ "$n" -gt 800000 ]
	[ "$(cat err)" = "$(warning 20000 "$n")" ]
	# the members past the bound are in one line under their parent
	grep -q '^{"path":"scores\.\*","class":"yellow","matchers":\["email"\],"events":[0-9]*,"collapsed":[0-9]*}$' rep
	# --fail-on keeps the same bound
	rc=0
	rss phi-classify --fail-on green "$D/ids.ndjson" >/dev/null 2>err || rc=$?
	[ "$rc" -eq 1 ]
	grep -q '^phi-classify: [0-9]* fields\? of class green or worse$' err
	echo "peak RSS (--fail-on) $(cat rss) KB"
	[ "$(cat rss)" -lt 16384 ]
}

@test "the default is 20000 paths; --max-paths 0 keeps them all, without a warning" {
	# 10 000 events: 30 002 distinct paths (event, scores, 30 000 members)
	run --separate-stderr phi-classify --report --max-paths 0 "$D/ids10k.ndjson"
	assert_success
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 30001 ] # the object scores fires nothing
	[[ "$output" != *collapsed* ]]
	echo "$output" >rep
	[ "$(check_counts rep "$D/ids10k.ndjson" 30001)" -eq 0 ]
	run --separate-stderr phi-classify --report "$D/ids10k.ndjson"
	assert_success
	# nodes: event, scores, 19 998 members, then scores.*
	[ "${#lines[@]}" -eq 20000 ]
	[ "$stderr" = "$(warning 20000 10002)" ]
	echo "$output" >rep
	[ "$(check_counts rep "$D/ids10k.ndjson" 20000)" -eq 10002 ]
}

@test "--fail-on: a red value under a path past the bound still fails" {
	printf '%s\n' '{"a":1}' \
	    '{"users":{"u1":{"patient":{"ssn":"123456789"}}}}' >in
	run --separate-stderr phi-classify --fail-on red --max-paths 1 in
	assert_failure 1
	assert_output "$(cat in)"
	[[ "$stderr" == *"phi-classify: *: red (ssn), in 1 event, 1 value collapsed"* ]]
	[[ "$stderr" == *"1 field of class red or worse"* ]]
	[[ "$stderr" == *"$(warning 1 1)"* ]]
	[[ "$stderr" != *123456789* && "$stderr" != *u1* ]]
	# the same red value at the end of 900 000 distinct paths
	{ cat "$D/ids.ndjson"; sed -n 2p in; } >big
	local rc=0
	phi-classify --fail-on red big >out 2>err || rc=$?
	[ "$rc" -eq 1 ]
	grep -qxF 'phi-classify: *: red (ssn), in 1 event, 1 value collapsed' err
	cmp out big
}

@test "--drop, --redact and --fail-on act on values past the bound exactly as without it" {
	printf '%s\n' '{"a":1}' \
	    '{"users":{"u1":{"patient":{"ssn":"123456789","n":"x"}}},"b":2}' \
	    '{"users":{"u2":[{"email":"a@example.com"}]}}' >in
	cat in "$D/gen.ndjson" >all
	for act in '--drop red' '--redact yellow' '--drop green'; do
		# shellcheck disable=SC2086
		run --separate-stderr phi-classify $act --fail-on yellow \
		    --max-paths 0 all
		local want=$status
		echo "$output" >want
		# shellcheck disable=SC2086
		run --separate-stderr phi-classify $act --fail-on yellow \
		    --max-paths 2 all
		[ "$status" -eq "$want" ]
		[ "$status" -eq 1 ]
		echo "$output" | cmp - want
		[[ "$stderr" == *"values not itemised"* ]]
	done
	phi-classify --drop red --max-paths 1 in >out 2>/dev/null
	! grep -q 123456789 out || false
	[ "$(wc -l <out)" -eq 3 ]
	rc=0
	phi-classify --redact yellow --fail-on red --max-paths 1 in >out 2>/dev/null || rc=$?
	[ "$rc" -eq 1 ]
	! grep -q a@example.com out || false
	grep -q '"email":null' out
	[ "$(wc -l <out)" -eq 3 ]
}

@test "the warning names no key and no value; the text lines match the report" {
	run --separate-stderr phi-classify --report --fail-on yellow \
	    --max-paths 100 "$D/ids10k.ndjson"
	assert_failure 1
	echo "$output" >rep
	n=$(check_counts rep "$D/ids10k.ndjson" 113)
	[[ "$stderr" == *"$(warning 100 "$n")"* ]]
	w=$(grep 'more distinct paths' <<<"$stderr")
	[[ "$w" != *scores* && "$w" != *u[0-9]* && "$w" != *@* ]]
	# the collapsed line in both forms
	read -r ev col < <("$PY" -c 'import json, sys
for l in open("rep"):
    r = json.loads(l)
    if r["path"] == "scores.*":
        print(r["events"], r["collapsed"])')
	[ "$col" -eq "$n" ]
	[[ "$stderr" == *"phi-classify: scores.*: yellow (email), in $ev events, $n values collapsed"* ]]
	[[ "$stderr" != *"@example.com"* ]]
}

@test "a collapsed report still selects the values in phi-encrypt --fields-from" {
	phi-keygen -o team >/dev/null
	phi-classify --report --max-paths 5 "$D/ids10k.ndjson" >fields 2>/dev/null
	grep -q '"path":"scores.\*"' fields
	phi-encrypt -k team.pub --fields-from fields "$D/ids10k.ndjson" >enc
	[ "$(wc -l <enc)" -eq 10000 ]
	! grep -q '@example.com' enc || false
	phi-decrypt -K team.key enc | cmp - "$D/ids10k.ndjson"
}

@test "--max-paths: a bad number is a usage error (64)" {
	for n in -1 abc 1e3 '' 99999999999999999999 1000000001 12x; do
		run phi-classify --report --max-paths "$n" /dev/null
		assert_failure 64
		assert_output --partial \
		    "phi-classify: --max-paths: expected a whole number from 0 to 1000000000"
	done
	run phi-classify --report --max-paths
	assert_failure 64
	run phi-classify --report --max-paths 1000000000 /dev/null
	assert_success
}
