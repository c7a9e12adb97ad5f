# badinput.bats - hostile input against every filter (issue 7, item 2):
# phi-encrypt -k KEY -f 'traits.*', phi-encrypt -k KEY --in-text '**'
# (issue 19), phi-decrypt -K KEY, phi-classify --report, phi-classify
# (pass-through) and phi-audit ingest.
#
# Each bad line sits between two good ones (line 2 of 3): the run stops
# with exit 65 and one message "prog: FILE:2: cause (column N)", nothing
# of the bad line or after it is written, no sanitizer report, and the
# marker strings planted in the values (SECRET...) never reach standard
# error, nor standard output where they were selected (phi-encrypt), nor
# the audit log (phi-audit ingest).
#
# Decisions recorded here:
# - lone surrogate escapes ("\ud800") are valid JSON escapes to yajl; they
#   are kept byte for byte (round trip, pass-through), never a crash.
# - overlong UTF-8 (C0 AF), surrogates encoded in UTF-8 and code points
#   above U+10FFFF, which yajl accepts, are refused like other invalid
#   UTF-8 (ndjson checks each line with utf8_check, common/utf8.h).
# - a UTF-8 byte order mark is bad input: exit 65 naming line 1.
# - a container nested deeper than 10000 levels is bad where values are
#   visited; a selected container is encrypted whole without being
#   visited (yajl's own stack is on the heap), and comes back exactly.
load test_helper

# NAME-j2: NAME with two worker threads (-j 2, issue 22), which must
# end as NAME ends (run_each compares them).
FILTERS="encrypt intext decrypt report classify ingest encrypt-j2 decrypt-j2 classify-j2"

setup_file() {
	export D="$BATS_FILE_TMPDIR"
	phi-keygen -o "$D/k" >/dev/null
}

# filter NAME ARGS...: runs one of the filters under test.
filter() {
	local f=$1
	shift
	case $f in
	*-j2) filter "${f%-j2}" -j 2 "$@" ;;
	encrypt) phi-encrypt -k "$D/k.pub" -f 'traits.*' "$@" ;;
	intext) phi-encrypt -k "$D/k.pub" --in-text '**' "$@" ;;
	decrypt) phi-decrypt -K "$D/k.key" "$@" ;;
	report) phi-classify --report "$@" ;;
	classify) phi-classify "$@" ;;
	ingest) phi-audit ingest -l "$T/audit.log" -e "Test Event" "$@" ;;
	esac
}

# prog NAME: sets PROG to the program filter NAME runs (no process: the
# checks below run hundreds of times, and each fork costs milliseconds).
prog() {
	case ${1%-j2} in
	encrypt | intext) PROG=phi-encrypt ;;
	decrypt) PROG=phi-decrypt ;;
	report | classify) PROG=phi-classify ;;
	ingest) PROG=phi-audit ;;
	esac
}

# lacks TEXT FILE...: fails naming each FILE that holds TEXT (one grep
# for all of them), or if a FILE cannot be read.
lacks() {
	local text=$1 hit rc=0
	shift
	hit=$(grep -alF -- "$text" "$@") || rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "holding '$text' (grep status $rc): $hit"
		return 1
	fi
}

# no_crash STATUS [FILE...]: fails on a crash or sanitizer status, or a
# sanitizer report in any standard error FILE (one grep for all).
no_crash() {
	local st=$1 hit= rc=1
	shift
	if [ $# -gt 0 ]; then
		rc=0
		hit=$(grep -alE 'Sanitizer|runtime error:' -- "$@") || rc=$?
	fi
	if [ "$st" -ge 128 ] || [ "$st" -eq 86 ] || [ "$st" -eq 87 ] ||
	    [ "$rc" -ne 1 ]; then
		echo "crash or sanitizer report (status $st, grep $rc): $hit"
		if [ -n "$hit" ]; then cat -- $hit; fi
		return 1
	fi
}

# text_of FILE: sets TEXT to FILE less its trailing newlines, as
# "$(cat FILE)" would, without a process; a NUL byte in FILE fails.
text_of() {
	TEXT=
	if IFS= read -r -d '' TEXT <"$1"; then
		echo "$1 holds a NUL byte"
		return 1
	fi
	while [[ $TEXT == *$'\n' ]]; do TEXT=${TEXT%$'\n'}; done
}

# count_lines FILE...: NLINES[FILE] = the newlines in FILE (wc -l, one
# process for all of them).
count_lines() {
	local n name
	declare -gA NLINES=()
	while read -r n name; do
		NLINES[$name]=$n
	done <<<"$(wc -l -- "$@")"
	for name; do
		[ -n "${NLINES[$name]}" ] ||
		    { echo "no line count of $name"; return 1; }
	done
}

# run_each ARGS...: every filter on ARGS; $f.out, $f.err, RC[$f].
run_each() {
	local f rc errs=() outs=()
	declare -gA RC=()
	for f in $FILTERS; do
		# only ingest writes the log: a fresh one for it
		if [ "$f" = ingest ]; then rm -f audit.log audit.log.key; fi
		rc=0
		filter "$f" "$@" >"$f.out" 2>"$f.err" || rc=$?
		RC[$f]=$rc
		no_crash "$rc" || { echo "($f)"; cat "$f.err"; return 1; }
		errs+=("$f.err")
		if [ "${f%-j2}" = encrypt ]; then outs+=("$f.out"); fi
		if [ "$f" = ingest ] && [ -f audit.log ]; then
			outs+=(audit.log)
		fi
	done
	no_crash 0 "${errs[@]}"
	# nothing planted leaked
	lacks SECRET "${errs[@]}" "${outs[@]}"
	same_as_j1
}

# same_out NAME NAME-j2: the same output (phi-encrypt's as many lines:
# its tokens differ).
same_out() {
	if [ "$1" = encrypt ]; then
		count_lines "$1.out" "$2.out"
		[ "${NLINES[$1.out]}" -eq "${NLINES[$2.out]}" ]
	else
		cmp -s "$1.out" "$2.out"
	fi
}

# Each NAME-j2 run ended as the NAME run: status, messages and output.
same_as_j1() {
	local f b
	for f in $FILTERS; do
		b=${f%-j2}
		[ "$b" != "$f" ] || continue
		if [ "${RC[$b]}" != "${RC[$f]}" ] || ! cmp -s "$b.err" "$f.err" ||
		    ! same_out "$b" "$f"; then
			echo "$f: not as $b: status ${RC[$f]} against ${RC[$b]}"
			diff "$b.err" "$f.err"
			return 1
		fi
	done
}

# expect_bad FILE LINE [CAUSE]: every filter stops with 65 and one
# message naming FILE:LINE (and CAUSE, an ERE, if given); nothing of the
# bad line or after it is written.
expect_bad() {
	local file=$1 line=$2 cause=${3:-.} f msg first files=() outs=()
	run_each "$file"
	for f in $FILTERS; do files+=("$f.err" "$f.out") outs+=("$f.out"); done
	count_lines "${files[@]}"
	for f in $FILTERS; do
		prog "$f"
		msg="$PROG: $file:$line: "
		first=
		IFS= read -r first <"$f.err" || true
		if [ "${RC[$f]}" != 65 ] || [[ $first != "$msg"* ]] ||
		    ! [[ $first =~ $cause ]]; then
			echo "$f: status ${RC[$f]}, wanted 65 and '$msg$cause':"
			cat "$f.err"
			return 1
		fi
		[ "${NLINES[$f.err]}" -eq 1 ] ||
		    { echo "$f: ${NLINES[$f.err]} lines of messages"; return 1; }
	done
	lacks SECRETAFTER "${outs[@]}"
	# the good lines before the bad one were written
	for f in $FILTERS; do
		case ${f%-j2} in
		encrypt | intext | decrypt | classify)
			[ "${NLINES[$f.out]}" -eq $((line - 1)) ] ||
			    { echo "$f: ${NLINES[$f.out]} lines out"; return 1; } ;;
		esac
	done
}

# sandwich FILE: writes a good line, stdin as line 2, a good line.
sandwich() {
	printf '{"traits":{"a":"SECRETBEFORE"},"n":1}\n' >"$1"
	cat >>"$1"
	printf '{"traits":{"a":"SECRETAFTER"},"n":3}\n' >>"$1"
}

@test "truncated JSON: inside a line and as the last line without newline" {
	printf '{"traits":{"a":"SECRETVALUE"\n' | sandwich in
	expect_bad in 2 'ends inside a JSON value \(column [0-9]+\)$'
	printf '{"traits":{"a":"SECRETBEFORE"}}\n{"traits":{"a":"SECRETVAL' >cut
	expect_bad cut 2 'ends inside a JSON value'
	printf '{"traits":{"a":"SECRETVALUE",\n' | sandwich in2
	expect_bad in2 2 'column'
}

@test "a top-level array, string, number or null is not an event" {
	for v in '["SECRETVALUE"]' '"SECRETVALUE"' '12345' 'null' '[]'; do
		printf '%s\n' "$v" | sandwich in
		expect_bad in 2 'not a JSON object \(column 1\)$'
	done
}

@test "trailing garbage and a second value on the line" {
	printf '{"traits":{"a":"SECRETVALUE"}} SECRETJUNK\n' | sandwich in
	expect_bad in 2 'column 32\)$'
	printf '{"traits":{"a":"SECRETVALUE"}}{"b":1}\n' | sandwich in
	expect_bad in 2 'more than one JSON value'
	printf '{"traits":{"a":"SECRETVALUE"}},\n' | sandwich in
	expect_bad in 2 'column'
}

@test "invalid UTF-8: a stray byte, a lone continuation, a cut sequence" {
	for b in '\377' '\200' '\342\202' '\370\210\200\200\200'; do
		printf '{"traits":{"a":"SECRET'"$b"'VALUE"}}\n' | sandwich in
		expect_bad in 2 'invalid bytes in UTF8 string'
		# in a key as well
		printf '{"traits":{"k'"$b"'":"SECRETVALUE"}}\n' | sandwich in
		expect_bad in 2 'UTF8'
	done
}

@test "overlong UTF-8 (C0 AF), UTF-8 surrogates, beyond U+10FFFF: refused" {
	# yajl lets these through; ndjson checks lines with utf8_check
	for b in '\300\257' '\301\277' '\340\200\257' '\355\240\200' \
	    '\355\277\277' '\364\220\200\200' '\360\200\200\257'; do
		printf '{"traits":{"a":"SECRET'"$b"'VALUE"}}\n' | sandwich in
		expect_bad in 2 'invalid bytes in UTF8 string \(column 23\)$'
		printf '{"traits":{"k'"$b"'":"SECRETVALUE"}}\n' | sandwich in
		expect_bad in 2 'UTF8 string \(column 14\)$'
	done
	# the longest valid forms still pass, byte for byte
	printf '{"traits":{"a":"\337\277 \357\277\277 \364\217\277\277 \355\237\277"}}\n' >ok
	run_each ok
	[ "${RC[encrypt]}" = 0 ]
	phi-decrypt -K "$D/k.key" encrypt.out | cmp - ok
	phi-decrypt -K "$D/k.key" intext.out | cmp - ok
	cmp classify.out ok
}

@test "lone surrogate escapes are kept byte for byte" {
	{
		printf '{"traits":{"a":"SECRET\\ud800VALUE","b":"\\udc00",'
		printf '"c":"\\ud800\\u0041","\\ud800k":"SECRETK"},'
		printf '"p":{"\\udfff":"\\ud83d"}}\n'
	} | sandwich in
	run_each in
	for f in $FILTERS; do
		[ "${RC[$f]}" = 0 ] || { cat "$f.err"; return 1; }
	done
	[ "$(grep -c 'phi:1:' encrypt.out)" -eq 3 ]
	phi-decrypt -K "$D/k.key" encrypt.out >back
	cmp back in
	phi-decrypt -K "$D/k.key" intext.out | cmp - in
	cmp classify.out in
	cmp decrypt.out in
}

@test "NUL bytes: in a string, in a key, before and after the object" {
	printf '{"traits":{"a":"SECRET\0VALUE"}}\n' | sandwich in
	expect_bad in 2 'invalid character inside string'
	printf '{"traits":{"k\0":"SECRETVALUE"}}\n' | sandwich in
	expect_bad in 2 'column'
	printf '\0{"traits":{"a":"SECRETVALUE"}}\n' | sandwich in
	expect_bad in 2 'column 1\)$'
	printf '{"traits":{"a":"SECRETVALUE"}}\0\n' | sandwich in
	expect_bad in 2 'column 31\)$'
}

@test "100000 nested [ : a clear error, no stack overflow" {
	# never closed
	{
		printf '{"traits":{"a":"SECRETVALUE"},"p":'
		head -c 100000 /dev/zero | tr '\0' '['
		echo
	} | sandwich in
	expect_bad in 2 'nested deeper than 10000 levels|ends inside'
	# closed, outside the selected fields: too deep to visit for the
	# programs that visit every value; phi-encrypt copies it unvisited
	{
		printf '{"traits":{"a":"SECRETVALUE"},"p":'
		head -c 100000 /dev/zero | tr '\0' '['
		head -c 100000 /dev/zero | tr '\0' ']'
		echo '}'
	} | sandwich in2
	FILTERS="decrypt report classify ingest" \
	    expect_bad in2 2 'nested deeper than 10000 levels \(column [0-9]+\)$'
	phi-encrypt -k "$D/k.pub" -f 'traits.*' in2 >enc
	lacks SECRET enc
	phi-decrypt -K "$D/k.key" -f traits enc | cmp - in2
	# nested objects as well
	{
		printf '{"traits":{"a":"SECRETVALUE"},"p":'
		yes '{"a":' | head -n 100000 | tr -d '\n'
		echo
	} | sandwich in3
	expect_bad in3 2 'nested deeper than 10000 levels|ends inside'
}

@test "a selected container 100000 deep is encrypted whole and comes back" {
	{
		printf '{"traits":{"a":'
		head -c 100000 /dev/zero | tr '\0' '['
		printf '"SECRETVALUE"'
		head -c 100000 /dev/zero | tr '\0' ']'
		echo '}}'
	} >in
	phi-encrypt -k "$D/k.pub" -f 'traits.*' in >enc 2>err || {
		cat err
		return 1
	}
	lacks SECRET enc
	lacks '[[' enc
	phi-decrypt -K "$D/k.key" enc >back
	cmp back in
}

@test "a 60 MB line passes with the default --max-line (64M); 50M refuses it" {
	{
		printf '{"traits":{"a":"SECRETVALUE"},"big":"'
		head -c 60000000 /dev/zero | tr '\0' x
		echo '"}'
	} | sandwich in
	run_each in
	for f in $FILTERS; do
		[ "${RC[$f]}" = 0 ] || { cat "$f.err"; return 1; }
	done
	[ "$(grep -c 'phi:1:' encrypt.out)" -eq 3 ]
	phi-decrypt -K "$D/k.key" encrypt.out | cmp - in
	phi-decrypt -K "$D/k.key" intext.out | cmp - in
	cmp classify.out in
	cmp decrypt.out in
	rm -f ./*.out
	# the same with --max-line 50M: a clear error naming line 2
	run_each --max-line 50M in
	for f in $FILTERS; do
		[ "${RC[$f]}" = 65 ]
		prog "$f"
		text_of "$f.err"
		[ "$TEXT" = "$PROG: in:2: line longer than --max-line (52428800 bytes)" ]
	done
	[ "$(wc -l <encrypt.out)" -eq 1 ]
}

@test "a 100 MB line is beyond the default --max-line: exit 65, line named" {
	{
		printf '{"traits":{"a":"SECRETVALUE"},"big":"'
		head -c 100000000 /dev/zero | tr '\0' x
		echo '"}'
	} | sandwich in
	expect_bad in 2 'line longer than --max-line \(67108864 bytes\)$'
	# from a pipe as well
	rc=0
	cat in | phi-encrypt -k "$D/k.pub" -f 'traits.*' >out 2>err || rc=$?
	[ "$rc" -eq 65 ]
	[ "$(cat err)" = "phi-encrypt: (stdin):2: line longer than --max-line (67108864 bytes)" ]
	[ "$(wc -l <out)" -eq 1 ]
}

@test "huge exponents and 400-digit numbers are kept exactly" {
	local big neg
	big=$(head -c 400 /dev/zero | tr '\0' 9)
	neg=-1$(head -c 399 /dev/zero | tr '\0' 7)
	printf '{"traits":{"a":1e999999,"b":-1E-999999,"c":%s,"d":%s,"e":-0,' \
	    "$big" "$neg" >in
	printf '"f":0.%s1,"g":1E+308,"h":[1e999999,%s]},' "$big" "$big" >>in
	printf '"n":1e999999,"m":%s,"z":-0.0e-0}\n' "$neg" >>in
	run_each in
	for f in $FILTERS; do
		[ "${RC[$f]}" = 0 ] || { cat "$f.err"; return 1; }
	done
	lacks "$big" encrypt.out
	grep -qF "\"m\":$neg" encrypt.out
	phi-decrypt -K "$D/k.key" encrypt.out >back
	cmp back in
	phi-decrypt -K "$D/k.key" intext.out | cmp - in
	cmp classify.out in
	cmp decrypt.out in
}

@test "duplicate keys: both kept, both encrypted" {
	printf '{"traits":{"a":"SECRETVALUE1","a":"SECRETVALUE2"},' >in
	printf '"traits":{"a":"SECRETVALUE3"},"x":1,"x":2}\n' >>in
	run_each in
	for f in $FILTERS; do
		[ "${RC[$f]}" = 0 ] || { cat "$f.err"; return 1; }
	done
	[ "$(grep -o 'phi:1:' encrypt.out | wc -l)" -eq 3 ]
	grep -qF '"x":1,"x":2}' encrypt.out
	phi-decrypt -K "$D/k.key" encrypt.out >back
	cmp back in
	phi-decrypt -K "$D/k.key" intext.out | cmp - in
	cmp classify.out in
}

@test "a UTF-8 byte order mark is bad input naming line 1 (and line 2)" {
	printf '\357\273\277{"traits":{"a":"SECRETVALUE"}}\n' >in
	expect_bad in 1 'byte order mark: remove it first'
	printf '\357\273\277{"traits":{"a":"SECRETVALUE"}}\n' | sandwich in2
	expect_bad in2 2 'column 1\)$'
}

@test "1 MB of binary garbage: exit 65 naming a line, nothing leaked" {
	# pseudo-random but the same on every run
	openssl enc -aes-256-ctr -pass pass:badinput -nosalt -pbkdf2 \
	    </dev/zero 2>/dev/null | head -c 1048576 >garbage
	[ "$(wc -c <garbage)" -eq 1048576 ]
	run_each garbage
	set -- $FILTERS
	count_lines "${@/%/.err}"
	for f in $FILTERS; do
		[ "${RC[$f]}" = 65 ]
		prog "$f"
		grep -qE "^$PROG: garbage:[0-9]+: .*\(column [0-9]+\)$" "$f.err"
		[ "${NLINES[$f.err]}" -eq 1 ]
	done
	# with --reject: each bad line set aside whole with a message, 65
	# at the end; only blank lines pass (there are a few)
	for f in encrypt decrypt classify; do
		rc=0
		rm -f rej # a reject file is never made over an old one
		filter "$f" --reject rej garbage >out 2>err || rc=$?
		no_crash "$rc" err
		lacks SECRET err
		[ "$rc" -eq 65 ]
		[ "$(stat -c %a rej)" = 600 ]
		n=$(sed -n 's/.*: \([0-9]*\) bad lines, written to rej$/\1/p' err)
		[ "$n" -gt 3000 ]
		[ "$(tr -cd '\n' <err | wc -c)" -eq $((n + 1)) ]
		[ "$(tr -d ' \t\r\n\v\f' <out | wc -c)" -eq 0 ]
		[ "$(($(wc -c <rej) + $(wc -c <out)))" -eq 1048576 ]
	done
}

@test "an empty file: exit 0, no output; blank lines pass through" {
	: >empty
	run_each empty
	for f in $FILTERS; do
		[ "${RC[$f]}" = 0 ]
		[ ! -s "$f.out" ]
		[ ! -s "$f.err" ]
	done
	printf '\n\n \n' >blank
	run_each blank
	cmp encrypt.out blank
	cmp classify.out blank
	run_each - </dev/null
	[ ! -s encrypt.out ]
	[ "${RC[encrypt]}" = 0 ]
}

@test "a directory, a missing file: exit 66 naming the file" {
	mkdir dir
	run_each dir
	for f in $FILTERS; do
		[ "${RC[$f]}" = 66 ]
		prog "$f"
		text_of "$f.err"
		[ "$TEXT" = "$PROG: dir: is a directory" ]
	done
	run_each no-such-file
	for f in $FILTERS; do
		[ "${RC[$f]}" = 66 ]
		prog "$f"
		text_of "$f.err"
		[ "$TEXT" = "$PROG: no-such-file: No such file or directory" ]
	done
	# a good file first: its events are written, then 66
	printf '{"traits":{"a":"SECRETVALUE"}}\n' >good
	run_each good no-such-file
	[ "${RC[encrypt]}" = 66 ]
	[ "$(wc -l <encrypt.out)" -eq 1 ]
}

@test "a directory given as a --fields-from list, a rules file, a log to verify: exit 66 naming it" {
	mkdir dir
	run phi-encrypt -k "$D/k.pub" --fields-from dir good.ndjson
	assert_failure 66
	assert_output "phi-encrypt: dir: is a directory"
	run phi-classify -r dir --report good.ndjson
	assert_failure 66
	run phi-audit verify dir
	assert_failure 66
	assert_output --partial "dir: is a directory"
}

# as_user CMD...: runs CMD as nobody when we are root, else as we are.
as_user() {
	if [ "$(id -u)" -ne 0 ]; then
		"$@"
	else
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	fi
}

@test "an unreadable file: exit 66 naming the file" {
	if [ "$(id -u)" -eq 0 ] && ! command -v setpriv >/dev/null; then
		skip "running as root without setpriv: cannot drop privileges"
	fi
	# a directory nobody can use (the scratch dirs are 0700 root)
	U=$(mktemp -d /tmp/phi-badinput.XXXXXX)
	chmod 755 "$U"
	cp "$D/k.pub" "$D/k.key" "$U/"
	chmod 644 "$U/k.pub"
	printf '{"traits":{"a":"SECRETVALUE"}}\n' >"$U/locked"
	chmod 000 "$U/locked"
	if [ "$(id -u)" -eq 0 ]; then chown nobody "$U" "$U/k.key"; fi
	for f in $FILTERS; do
		rc=0
		as_user env D="$U" T="$U" bash -c "cd '$U' && $(declare -f filter); filter $f locked" \
		    >"$U/out" 2>"$U/err" || rc=$?
		no_crash "$rc" "$U/err"
		[ "$rc" -eq 66 ] || { cat "$U/err"; rm -rf "$U"; return 1; }
		prog "$f"
		text_of "$U/err"
		[ "$TEXT" = "$PROG: locked: Permission denied" ]
	done
	rm -rf "$U"
}

@test "bad input on standard input is named (stdin)" {
	printf '["SECRETVALUE"]\n' | sandwich in
	for f in $FILTERS; do
		rc=0
		filter "$f" <in >out 2>err || rc=$?
		[ "$rc" -eq 65 ]
		prog "$f"
		text_of err
		[ "$TEXT" = "$PROG: (stdin):2: not a JSON object (column 1)" ]
	done
}
