# stream.bats - the streaming core (common/json/ndjson, common/json/path) through
# tests/helpers/ndjson-probe: byte-exact pass-through, memory bounded by
# the longest line, spans of taken values, drops against jq's del(),
# bad lines (message, column, exit 65, nothing leaked), --reject,
# --max-line, several inputs.
#
# ndjson-probe [-s PATH]... [-a take|drop|skip|log] [-r REJECT] [-m MAX]
# replaces each selected value with "<type:start-end>" (take).
load test_helper

setup_file() {
	export D="$BATS_FILE_TMPDIR"
	gen-events 20000 --seed 1 >"$D/gen.ndjson"
	# about 110 MB: eight copies of the 20000 events
	for i in 1 2 3 4 5 6 7 8; do cat "$D/gen.ndjson"; done >"$D/big.ndjson"
}

# Fails if file $2 holds the text $1.
lacks() {
	if grep -qF -- "$1" "$2"; then
		echo "$2 holds $1"
		return 1
	fi
}

# Peak resident set size (KB) of the command, into $T/rss.
# The peak RSS a bounded run stays under, in KB: 20 MB, or 40 MB for a
# sanitizer build (shadow memory and ASan's quarantine of freed blocks,
# which keeps a buffer's old copy alive while it grows by allocate, copy,
# wipe and free).  Either is far below the inputs these tests stream.
rss_limit() {
	if grep -q -e __asan_init "$(command -v ndjson-probe)"; then
		echo 40000
	else
		echo 20000
	fi
}

rss() {
	local rc=0

	/usr/bin/time -f %M -o "$T/rss.raw" "$@" || rc=$?
	tail -n 1 "$T/rss.raw" >"$T/rss"
	return "$rc"
}

@test "pass-through: gen-events 20000 --seed 1, byte for byte" {
	ndjson-probe "$D/gen.ndjson" >out
	cmp out "$D/gen.ndjson"
	ndjson-probe <"$D/gen.ndjson" >out2
	cmp out2 "$D/gen.ndjson"
}

@test "pass-through: the Segment spec examples, byte for byte" {
	ndjson-probe "$FIXTURES/segment-spec-examples.ndjson" >out
	cmp out "$FIXTURES/segment-spec-examples.ndjson"
}

@test "pass-through with selections that match nothing (every value visited)" {
	for s in 'no.such.field' '**.nosuchkey' '*.*.*.*.zzz'; do
		ndjson-probe -s "$s" "$D/gen.ndjson" >out
		cmp out "$D/gen.ndjson"
		ndjson-probe -s "$s" "$FIXTURES/segment-spec-examples.ndjson" >out
		cmp out "$FIXTURES/segment-spec-examples.ndjson"
	done
}

@test "100 MB of gen-events pass unchanged in bounded memory" {
	[ "$(stat -c %s "$D/big.ndjson")" -gt 100000000 ]
	rss ndjson-probe "$D/big.ndjson" >out
	cmp out "$D/big.ndjson"
	echo "peak RSS $(cat rss) KB"
	[ "$(cat rss)" -lt "$(rss_limit)" ]
	# the same through a pipe, every value visited
	cat "$D/big.ndjson" | rss ndjson-probe -s '**.nosuchkey' >out
	cmp out "$D/big.ndjson"
	echo "peak RSS (visiting) $(cat rss) KB"
	[ "$(cat rss)" -lt "$(rss_limit)" ]
}

@test "empty and white-space-only lines pass through" {
	printf '\n\n  \n\t\n{"a":1}\n\n \t \n{}\n\n' >in
	ndjson-probe in >out
	cmp out in
	ndjson-probe -s a in >out
	printf '\n\n  \n\t\n{"a":"<number:5-6>"}\n\n \t \n{}\n\n' >want
	cmp out want
}

@test "\\r\\n line ends are kept" {
	printf '{"a":1}\r\n\r\n{"b":"x"}\r\n{"c":[1,2]} \r\n' >in
	ndjson-probe in >out
	cmp out in
	ndjson-probe -s a -s b -s c in >out
	printf '%s\r\n' '{"a":"<number:5-6>"}' '' '{"b":"<string:5-8>"}' \
	    '{"c":"<array:5-10>"} ' >want
	cmp out want
}

@test "a last line without newline is written without one" {
	printf '{"a":1}\n{"b":2}' >in
	ndjson-probe in >out
	cmp out in
	ndjson-probe -s b in >out
	printf '{"a":1}\n{"b":"<number:5-6>"}' >want
	cmp out want
	printf '{"a":1}\n   ' >in2
	ndjson-probe in2 >out
	cmp out in2
	printf '{"n":12}' | ndjson-probe -s n >out
	printf '{"n":"<number:5-7>"}' >want
	cmp out want
}

@test "UTF-8 and \\u escapes are left untouched" {
	printf '%s\n' \
	    '{"name":"Émile Müller","emoji":"🐝","k\u00e9y":"\u00e9\ud83d\ude00\n\/\"","x":1}' \
	    '{"日本":"東京","esc":"\u0000\u001f\\\\","n":-0.0e-0}' >in
	ndjson-probe in >out
	cmp out in
	ndjson-probe -s x -s n -s name in >out
	run "$PY" "$REPO/tests/helpers/check-spans.py" in out
	assert_success
	assert_output 3
	grep -qF '"k\u00e9y":"\u00e9\ud83d\ude00\n\/\""' out
	grep -qF '"日本":"東京","esc":"\u0000\u001f\\\\"' out
	grep -qF '"emoji":"🐝"' out
}

@test "take replaces exactly the value bytes (gen-events, many selections)" {
	ndjson-probe -s '**.email' "$D/gen.ndjson" >out
	run "$PY" "$REPO/tests/helpers/check-spans.py" "$D/gen.ndjson" out
	assert_success
	[ "$output" -gt 10000 ]
	head -n 3000 "$D/gen.ndjson" >in
	for s in 'context.*' 'properties.*' '**' '*.*' \
	    'properties.medications.*' '**.code' 'context.traits'; do
		ndjson-probe -s "$s" in >out
		run "$PY" "$REPO/tests/helpers/check-spans.py" in out
		assert_success
		[ "$output" -gt 1000 ]
	done
	ndjson-probe -s '**' "$FIXTURES/segment-spec-examples.ndjson" >out
	run "$PY" "$REPO/tests/helpers/check-spans.py" \
	    "$FIXTURES/segment-spec-examples.ndjson" out
	assert_success
	# '**' takes every top-level member whole
	assert_output "$(jq -n '[inputs | length] | add' \
	    "$FIXTURES/segment-spec-examples.ndjson")"
}

@test "take: each marker names the bytes of its value (cut -b)" {
	printf '%s\n' '{"a": "x\"y" , "b" :[1, {"c":null}] ,"d":-1.5e3,"e":true}' >in
	ndjson-probe -s a -s b -s d -s e in >out
	grep -o '<[a-z]*:[0-9]*-[0-9]*>' out >marks
	[ "$(wc -l <marks)" -eq 4 ]
	want=('"x\"y"' '[1, {"c":null}]' '-1.5e3' 'true')
	types=(string array number true)
	i=0
	while IFS=: read -r type span; do
		span=${span%>}
		start=${span%-*} end=${span#*-}
		[ "${type#<}" = "${types[$i]}" ]
		# cut -b counts from 1 and includes its end
		[ "$(cut -b "$((start + 1))-$end" in)" = "${want[$i]}" ]
		[ "$(dd if=in bs=1 skip="$start" count="$((end - start))" \
		    status=none)" = "${want[$i]}" ]
		i=$((i + 1))
	done <marks
}

@test "take inside arrays and nested objects; outermost match wins" {
	printf '%s\n' '{"a":{"b":{"c":1}},"l":[{"k":1},{"k":[2]}],"b":{"c":3}}' >in
	ndjson-probe -s a -s a.b.c in >out
	printf '%s\n' '{"a":"<object:5-18>","l":[{"k":1},{"k":[2]}],"b":{"c":3}}' >want
	cmp out want
	ndjson-probe -s 'l.*.k' in >out
	printf '%s\n' '{"a":{"b":{"c":1}},"l":[{"k":"<number:29-30>"},{"k":"<array:37-40>"}],"b":{"c":3}}' >want
	cmp out want
	ndjson-probe -s '**.c' in >out
	printf '%s\n' '{"a":{"b":{"c":"<number:15-16>"}},"l":[{"k":1},{"k":[2]}],"b":{"c":"<number:52-53>"}}' >want
	cmp out want
	ndjson-probe -s 'l[1]' -s '["a"].b' in >out
	printf '%s\n' '{"a":{"b":"<object:10-17>"},"l":[{"k":1},"<object:32-41>"],"b":{"c":3}}' >want
	cmp out want
}

@test "a selected value under a key written with escapes is taken (on any line)" {
	printf '%s\n' '{"\u0062":1}' '{"x":1}' '{"\u0061":"SECRETVALUE"}' \
	    '{"k":{"\u0061":"SECRETVALUE"},"a\u002eb":"SECRETVALUE"}' >in
	ndjson-probe -s a -s k.a -s '["a.b"]' in >out
	lacks SECRETVALUE out
	run "$PY" "$REPO/tests/helpers/check-spans.py" in out
	assert_success
	assert_output 3
}

@test "random events and paths: log, take and drop agree with a reference" {
	# tests/helpers/stream-fuzz.py: a matcher and deletion in Python
	for seed in 1 2; do
		run "$PY" "$REPO/tests/helpers/stream-fuzz.py" "$seed" 200 15
		assert_success
	done
}

# Drops PATH (probe syntax) and compares with jq's del(JQPATH), modulo
# white space; the result must be valid JSON.
drop_like_jq() {
	local in=$1 path=$2 jqpath=$3
	ndjson-probe -a drop -s "$path" "$in" >dropped
	jq -c . dropped >got
	jq -c "del($jqpath)" "$in" >want
	cmp got want
}

@test "drop of first, middle, last and only members equals jq del()" {
	printf '%s\n' '{"a":1,"b":2,"c":3}' '{ "a" : 1 , "b" : [2] , "c" : {"x":3} }' \
	    '{"a":1}' '{"b":2}' '{}' >in
	drop_like_jq in a .a
	drop_like_jq in b .b
	drop_like_jq in c .c
	ndjson-probe -a drop -s a -s b in >out
	jq -c . out >got
	jq -c 'del(.a, .b)' in >want
	cmp got want
	ndjson-probe -a drop -s a -s c in >out
	jq -c . out >got
	jq -c 'del(.a, .c)' in >want
	cmp got want
	ndjson-probe -a drop -s '*' in >out
	printf '{}\n{ }\n{}\n{}\n{}\n' >want
	cmp out want
}

@test "drop of array elements and nested members equals jq del()" {
	printf '%s\n' '{"x":{"a":1,"b":{"q":[1,2]},"c":3},"y":[1,2,3]}' \
	    '{"y":[7],"arr":[{"k":1},{"k":2,"j":0},{"k":3}]}' \
	    '{"y":[],"arr":[ {"k":1} , {"k":2} ]}' >in
	drop_like_jq in y.0 '.y[0]?'
	drop_like_jq in y.1 '.y[1]?'
	drop_like_jq in y.2 '.y[2]?'
	drop_like_jq in 'y.*' '.y[]?'
	drop_like_jq in x.b '.x.b?'
	drop_like_jq in 'x.*' '.x[]?'
	drop_like_jq in '**.q' '..|.q?'
	drop_like_jq in 'arr.1' '.arr[1]?'
	drop_like_jq in 'arr.*.k' '.arr[]?.k'
	drop_like_jq in 'arr.*' '.arr[]?'
}

@test "drop on gen-events equals jq del() (first 2000 events)" {
	head -n 2000 "$D/gen.ndjson" >in
	drop_like_jq in '**.email' '..|.email?'
	drop_like_jq in 'properties.*' '.properties[]?'
	drop_like_jq in 'context.traits' '.context.traits'
	drop_like_jq in 'properties.medications.0' '.properties.medications[0]?'
}

# expect_bad [PROBE-ARGS...]: $T/bad holds one bad line.  Runs a good
# line, the bad line and another good line through the probe; expects
# exit 65, the first line only on stdout, one message on stderr naming
# in:2 and a column, and never the content of the bad line.  Leaves the
# message in $msg.
expect_bad() {
	printf '{"first":1}\n' >in
	cat bad >>in
	printf '{"after":"AFTERLINE"}\n' >>in
	rc=0
	ndjson-probe "$@" in >out 2>err || rc=$?
	echo "exit $rc: $(cat err)"
	[ "$rc" -eq 65 ]
	printf '{"first":1}\n' | cmp - out
	[ "$(wc -l <err)" -eq 1 ]
	grep -Eq '^ndjson-probe: in:2: .+ \(column [0-9]+\)$' err
	lacks SECRET err
	lacks VALUE err
	msg=$(cat err)
}

@test "bad line: truncated JSON" {
	printf '{"a":"SECRETVALUE"\n' >bad
	expect_bad
	[[ $msg == *"the line ends inside a JSON value (column 19)" ]]
	printf '{"a":{"b":["SECRETVALUE",\n' >bad
	expect_bad
	printf '{"a":"SECRETVALUE\n' >bad
	expect_bad
}

@test "bad line: top-level array, string, number, null" {
	printf '["SECRETVALUE"]\n' >bad
	expect_bad
	[[ $msg == *"not a JSON object (column 1)" ]]
	printf '"SECRETVALUE"\n' >bad
	expect_bad
	[[ $msg == *"not a JSON object (column 1)" ]]
	printf '  12345\n' >bad
	expect_bad
	[[ $msg == *"not a JSON object (column 3)" ]]
	printf 'null\n' >bad
	expect_bad
	[[ $msg == *"not a JSON object (column 1)" ]]
	printf 'SECRETVALUE\n' >bad
	expect_bad
	[[ $msg == *"(column 1)" ]]
}

@test "bad line: trailing garbage, two objects on one line" {
	printf '{"a":"SECRETVALUE"} x\n' >bad
	expect_bad
	[[ $msg == *"(column 21)" ]]
	printf '{"a":"SECRETVALUE"}{"b":1}\n' >bad
	expect_bad
	[[ $msg == *"more than one JSON value on the line (column 20)" ]]
	printf '{"a":"SECRETVALUE"} "x"\n' >bad
	expect_bad
	[[ $msg == *"more than one JSON value on the line (column 21)" ]]
	printf '{"a":"SECRETVALUE"} 7\n' >bad
	expect_bad
	[[ $msg == *"more than one JSON value on the line (column 21)" ]]
	# a stray '}' is line 3 here: check it apart
	printf '{"first":1}\n{"a":"SECRETVALUE"}\n}\n' >in
	rc=0
	ndjson-probe in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	grep -q '^ndjson-probe: in:3: .*(column 1)$' err
	head -n 2 in | cmp - out
}

@test "bad line: invalid UTF-8, NUL bytes, control characters" {
	printf '{"a":"SECRET\377VALUE"}\n' >bad
	expect_bad
	[[ $msg == *"UTF8"*"(column 13)" ]]
	printf '{"a":"SECRET\000VALUE"}\n' >bad
	expect_bad
	printf '{"a":"SECRETVALUE"}\000\n' >bad
	expect_bad
	printf '{"a":\000"SECRETVALUE"}\n' >bad
	expect_bad
	printf '{"a":"SECRET\tVALUE"}\n' >bad
	expect_bad
	printf '{"a":"SECRET\\xVALUE"}\n' >bad
	expect_bad
}

@test "bad line: other syntax errors" {
	for line in '{"a":"SECRETVALUE",}' '{"SECRETVALUE" 1}' \
	    '{"a":"SECRETVALUE"]' '{"a":[1,"SECRETVALUE"}' \
	    "{'a':'SECRETVALUE'}" '{a:"SECRETVALUE"}' '{"a":SECRETVALUE}' \
	    '{"a":-}' '{"a":1.}' '{"a":01}' '{"a":"SECRETVALUE"/*c*/}'; do
		printf '%s\n' "$line" >bad
		expect_bad
	done
}

@test "bad line: 100000 nested '[' give a clear error, no crash" {
	"$PY" -c 'print("[" * 100000)' >bad
	expect_bad
	[[ $msg == *"not a JSON object (column 1)" ]]
	# inside an object: skipped unvisited, the line just never ends
	"$PY" -c 'print("{\"a\":" + "[" * 100000 + "\"SECRETVALUE\"")' >bad
	expect_bad
	[[ $msg == *"the line ends inside a JSON value (column 100019)" ]]
	# visited (a ** selection is live everywhere): the nesting limit
	expect_bad -s '**.x'
	[[ $msg == *"nested deeper than 10000 levels (column 10005)" ]]
	# closed properly, 100000 levels pass when not visited
	"$PY" -c 'print("{\"a\":" + "[" * 100000 + "]" * 100000 + "}")' >deep
	ndjson-probe deep >out
	cmp out deep
}

@test "bad line: nothing of it or after it is written, also after a large prefix" {
	head -n 3000 "$D/gen.ndjson" >in
	printf '{"email":"SECRETVALUE","x":\n' >>in
	tail -n 100 "$D/gen.ndjson" >>in
	rc=0
	ndjson-probe -s '**.email' in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	grep -q '^ndjson-probe: in:3001: ' err
	lacks SECRETVALUE out
	[ "$(wc -l <out)" -eq 3000 ]
	head -n 3000 "$D/gen.ndjson" | ndjson-probe -s '**.email' | cmp - out
}

@test "--reject: bad lines go there untouched, good ones to stdout, exit 65" {
	umask 022
	printf '{"a":1}\n["SECRETVALUE"]\n\n{"b":2}\r\n{"c":"SECRET\377VALUE"}\n{"d":4}\n{"e":\n' >in
	printf '{"a":1}\n\n{"b":2}\r\n{"d":4}\n' >want
	printf '["SECRETVALUE"]\n{"c":"SECRET\377VALUE"}\n{"e":\n' >wantrej
	rc=0
	ndjson-probe -r rej in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	cmp out want
	cmp rej wantrej
	[ "$(stat -c %a rej)" = 600 ]
	[ "$(wc -l <err)" -eq 3 ]
	grep -q '^ndjson-probe: in:2: not a JSON object (column 1)$' err
	grep -q '^ndjson-probe: in:5: .*(column [0-9]*)$' err
	grep -q '^ndjson-probe: in:7: the line ends inside a JSON value (column 6)$' err
	lacks SECRET err
}

@test "--reject: a bad last line without newline is kept without one; CRLF kept" {
	printf '{"a":1}\n[1]\r\n{"b":2}\n{"c":' >in
	rc=0
	ndjson-probe -r rej in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"b":2}\n' | cmp - out
	printf '[1]\r\n{"c":' | cmp - rej
}

@test "--reject: an existing reject file is refused (73, untouched); -R appends to it and makes it 0600" {
	umask 022
	printf 'old content\n' >rej
	chmod 644 rej
	printf '{"a":1}\n[2]\n' >in
	rc=0
	ndjson-probe -r rej in >out 2>err || rc=$?
	[ "$rc" -eq 73 ]
	grep -q '^ndjson-probe: rej: the reject file exists: give a new name, or --reject-append to add to it$' err
	[ ! -s out ]
	printf 'old content\n' | cmp - rej
	[ "$(stat -c %a rej)" = 644 ]
	rc=0
	ndjson-probe -R rej in >out 2>/dev/null || rc=$?
	[ "$rc" -eq 65 ]
	printf 'old content\n[2]\n' | cmp - rej
	[ "$(stat -c %a rej)" = 600 ]
}

@test "--reject /dev/null: bad lines dropped there, exit 65 (not a sync error); a FIFO is refused at once (74)" {
	printf '{"a":1}\n[2]\n{"b":3}\n' >in
	rc=0
	ndjson-probe -r /dev/null in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"b":3}\n' | cmp - out
	[ "$(cat err)" = 'ndjson-probe: in:2: not a JSON object (column 1)' ]
	[ "$(stat -c %a /dev/null)" = 666 ]
	mkfifo fifo
	rc=0
	timeout 10 ndjson-probe -r fifo in >out 2>err || rc=$?
	[ "$rc" -eq 74 ]
	[ "$(cat err)" = 'ndjson-probe: fifo: is a FIFO (named pipe): not written to' ]
	[ ! -s out ]
}

@test "--reject: no bad lines, exit 0 and no reject file" {
	ndjson-probe -r rej "$D/gen.ndjson" >out
	cmp out "$D/gen.ndjson"
	[ ! -e rej ]
}

@test "--reject: many bad lines among 20000 good ones" {
	# a bad line after every 1000th event
	awk '{ print } NR % 1000 == 0 { print "[\"bad " NR "\"]" }' \
	    "$D/gen.ndjson" >in
	rc=0
	ndjson-probe -r rej in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	cmp out "$D/gen.ndjson"
	grep '^\[' in | cmp - rej
	[ "$(wc -l <err)" -eq 20 ]
	grep -q '^ndjson-probe: in:1001: not a JSON object' err
	grep -q '^ndjson-probe: in:20020: not a JSON object' err
}

# A line {"k":"xxx..."} of exactly $1 bytes (without its newline).
line_of() {
	"$PY" -c 'import sys; n = int(sys.argv[1]); print("{\"k\":\"" + "x" * (n - 8) + "\"}")' "$1"
}

@test "--max-line: a line of the limit passes, one byte over is refused" {
	line_of 1024 >in
	[ "$(head -n 1 in | tr -d '\n' | wc -c)" -eq 1024 ]
	ndjson-probe -m 1K in >out
	cmp out in
	{ printf '{"a":1}\n'; line_of 1025; printf '{"b":2}\n'; } >in
	rc=0
	ndjson-probe -m 1K in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n' | cmp - out
	grep -q '^ndjson-probe: in:2: line longer than --max-line (1024 bytes)$' err
	# with a reject file the line goes there whole
	rc=0
	ndjson-probe -m 1K -r rej in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"b":2}\n' | cmp - out
	line_of 1025 | cmp - rej
}

@test "--max-line: a 5 MB line with -m 1M goes to the reject file whole, memory bounded" {
	{ printf '{"a":1}\n'; line_of 5000000; printf '{"b":2}\n'; line_of 40000000; } >in
	rc=0
	rss ndjson-probe -m 1M -r rej in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"b":2}\n' | cmp - out
	{ line_of 5000000; line_of 40000000; } | cmp - rej
	grep -q '^ndjson-probe: in:2: line longer than --max-line (1048576 bytes)$' err
	grep -q '^ndjson-probe: in:4: line longer than --max-line (1048576 bytes)$' err
	echo "peak RSS $(cat rss) KB"
	[ "$(cat rss)" -lt "$(rss_limit)" ]
	# without a reject file it stops at the line
	rc=0
	ndjson-probe -m 1M in >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n' | cmp - out
	# an over-long last line without newline
	line_of 2000000 | tr -d '\n' >in2
	rc=0
	rm rej
	ndjson-probe -m 1M -r rej in2 >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	[ ! -s out ]
	cmp rej in2
}

@test "a 50 MB single line passes with the default limit" {
	{ printf '{"a":1}\n'; line_of 50000000; printf '{"b":2}\n'; } >in
	ndjson-probe in >out
	cmp out in
	ndjson-probe -s k in >out
	printf '{"a":1}\n{"k":"<string:5-49999999>"}\n{"b":2}\n' | cmp - out
}

@test "several FILE operands in turn, line numbers per file" {
	printf '{"a":1}\n{"a":2}\n' >f1
	printf '{"b":1}\n[2]\n{"b":3}\n' >f2
	printf '{"c":1}\n' >f3
	rc=0
	ndjson-probe f1 f2 f3 >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"a":2}\n{"b":1}\n' | cmp - out
	grep -q '^ndjson-probe: f2:2: not a JSON object (column 1)$' err
	rc=0
	ndjson-probe -r rej f1 f2 f3 f2 >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"a":2}\n{"b":1}\n{"b":3}\n{"c":1}\n{"b":1}\n{"b":3}\n' |
	    cmp - out
	[ "$(grep -c '^ndjson-probe: f2:2: ' err)" -eq 2 ]
	# '-' is standard input, named (stdin)
	printf '{"s":1}\n{}{}\n' >stdin.txt
	rc=0
	ndjson-probe f1 - f3 <stdin.txt >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	printf '{"a":1}\n{"a":2}\n{"s":1}\n' | cmp - out
	grep -q '^ndjson-probe: (stdin):2: more than one JSON value' err
}

@test "several inputs: a last line without newline is not glued to the next" {
	printf '{"a":1}' >f1
	printf '{"b":2}\n' >f2
	printf '{"c":3}' >f3
	: >empty
	ndjson-probe f1 f2 f3 >out
	printf '{"a":1}\n{"b":2}\n{"c":3}' | cmp - out
	ndjson-probe f1 empty f1 >out
	printf '{"a":1}\n{"a":1}' | cmp - out
	printf '[1]' >b1
	printf '[2]\n' >b2
	rc=0
	ndjson-probe -r rej b1 f1 b2 >out 2>/dev/null || rc=$?
	[ "$rc" -eq 65 ]
	printf '[1]\n[2]\n' | cmp - rej
	printf '{"a":1}' | cmp - out
}

@test "a directory operand: exit 66" {
	mkdir dir
	printf '{"a":1}\n' >f1
	rc=0
	ndjson-probe f1 dir f1 >out 2>err || rc=$?
	[ "$rc" -eq 66 ]
	grep -q '^ndjson-probe: dir: is a directory$' err
	printf '{"a":1}\n' | cmp - out
}

@test "a missing file: exit 66" {
	rc=0
	ndjson-probe no-such-file >out 2>err || rc=$?
	[ "$rc" -eq 66 ]
	grep -q '^ndjson-probe: no-such-file: No such file or directory$' err
	[ ! -s out ]
}

@test "a reject file that cannot be made: exit 74" {
	mkdir rejdir
	printf '{"a":1}\n' >in
	rc=0
	ndjson-probe -r rejdir in >out 2>err || rc=$?
	[ "$rc" -eq 74 ]
	grep -q '^ndjson-probe: rejdir: ' err
}

@test "a bad field path: exit 64 with the column" {
	rc=0
	ndjson-probe -s 'a..b' </dev/null 2>err || rc=$?
	[ "$rc" -eq 64 ]
	grep -q "bad field path 'a..b': empty key at column 3" err
}

# The same core behind the programs (skipped where they are not built).
need_programs() {
	command -v phi-encrypt >/dev/null && command -v phi-decrypt >/dev/null &&
	    command -v phi-keygen >/dev/null || skip "phi-encrypt not built"
	phi-keygen -o k >/dev/null
}

@test "phi-encrypt: nothing selected in the data, the output is the input" {
	need_programs
	phi-encrypt -k k.pub -f no.such.field "$D/gen.ndjson" >out
	cmp out "$D/gen.ndjson"
	phi-encrypt -k k.pub -f '**.nosuchkey' \
	    "$FIXTURES/segment-spec-examples.ndjson" >out
	cmp out "$FIXTURES/segment-spec-examples.ndjson"
}

@test "phi-encrypt: values under keys written with escapes are encrypted" {
	need_programs
	printf '%s\n' '{"\u0062":1}' '{"x":1}' \
	    '{"\u0061":"SECRETVALUE","b":{"\u0063":"SECRETVALUE"}}' >in
	phi-encrypt -k k.pub -f a -f b.c in >enc
	lacks SECRETVALUE enc
	[ "$(grep -o '"phi:1:' enc | wc -l)" -eq 2 ]
	phi-decrypt -K k.key enc | cmp - in
}
