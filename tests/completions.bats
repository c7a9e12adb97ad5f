#!/usr/bin/env bats
# The completions driven by the real shells, without a terminal: fish
# through `complete -C LINE`; zsh's completion system and bash's readline
# on pseudo-terminals (tests/helpers/zsh-complete.zsh through zsh's
# zsh/zpty, tests/helpers/bash-complete.py), the lines typed with a TAB.
# What each proposes is checked against the programs themselves: the
# options of --help, the options phi-audit accepts per command, key files
# for -k/-K, field paths that phi-encrypt accepts; and the tree that
# make install leaves.  docs.bats has more bash tests (each function
# called with COMP_WORDS set by hand).  A test skips when its shell is
# not installed (scripts/deps.sh --test installs zsh and fish).
# PHI_COMPLETIONS runs the suite on another copy of completions/.

load test_helper

PROGS=(phi-keygen phi-encrypt phi-decrypt phi-classify phi-audit)
AUDIT_CMDS=(record ingest seal verify review rotate)
COMP="${PHI_COMPLETIONS:-$REPO/completions}"
ZSHC="$REPO/tests/helpers/zsh-complete.zsh"
BASHC="$REPO/tests/helpers/bash-complete.py"

# The dump of compinit for our $fpath, made once: each zsh then starts
# its completion system in 20 ms instead of 0.2 s.
setup_file() {
	command -v zsh >/dev/null 2>&1 || return 0
	timeout 20 zsh -fc 'fpath=("$1" $fpath)
	    autoload -Uz compinit && compinit -u -d "$2"' _ "$COMP" \
	    "$BATS_FILE_TMPDIR/zcompdump" >/dev/null 2>&1 || true
}

# --- helpers ----------------------------------------------------------

need_fish() {
	command -v fish >/dev/null 2>&1 ||
	    skip "fish is not installed (scripts/deps.sh --test installs it)"
}

need_zsh() {
	command -v zsh >/dev/null 2>&1 ||
	    skip "zsh is not installed (scripts/deps.sh --test installs it)"
	zsh -fc 'zmodload zsh/zpty' 2>/dev/null ||
	    skip "zsh has no zsh/zpty module"
}

# The long options a program's --help lists (as in docs.bats), sorted.
help_longopts() {
	"$1" --help | grep -oE -- '(^ +|-[a-zA-Z], )--[a-z][a-z-]*' |
	    grep -oE -- '--[a-z][a-z-]*$' | sort -u
}

# The short options of --help ("  -k, --public-key" or "  -p  ..."),
# sorted.
help_shortopts() {
	"$1" --help | grep -oE -- '^ +-[a-zA-Z]([ ,]|$)' |
	    grep -oE -- '-[a-zA-Z]' | sort -u
}

# "-k --public-key", one pair a line, as --help pairs them.
help_pairs() {
	"$1" --help | grep -oE -- '^ +-[a-zA-Z], --[a-z][a-z-]*' |
	    sed -E 's/^ +(-.), (--.*)$/\1 \2/' | sort -u
}

# The options (long and short) of phi-audit's --help that command $1
# accepts, sorted: the program says "not an option of 'CMD'" for the
# others.  Made once per command and kept for the whole file (tests run
# in parallel under bats --jobs: each makes its own, then renames it).
audit_accepts() {
	local f="$BATS_FILE_TMPDIR/accepts.$1" o out d
	if [ ! -f "$f" ]; then
		d=$(mktemp -d "$BATS_FILE_TMPDIR/run.XXXXXX")
		(cd "$d" &&
		    for o in $(help_longopts phi-audit) \
			$(help_shortopts phi-audit); do
			case $o in --help | --version | -h | -V) continue ;; esac
			# a probe: its status is not the answer, its message is
			out=$(phi-audit "$1" "$o" 1 </dev/null 2>&1) || true
			[[ $out == *"not an option of '$1'"* ]] ||
			    printf '%s\n' "$o"
		done) | sort -u >"$f.$BATS_TEST_NUMBER"
		mv "$f.$BATS_TEST_NUMBER" "$f"
	fi
	cat "$f"
}

# What fish proposes for the command line $1 (cursor at its end), our
# completions and functions first in its paths: one candidate a line
# (TAB description when $2 is "-d"), sorted.  fish loads a command's
# completions only if the command is found in PATH (build/bin is).
# Anything fish writes on standard error fails it.
fish_complete() {
	XDG_CONFIG_HOME="$BATS_FILE_TMPDIR/xdg" \
	    XDG_DATA_HOME="$BATS_FILE_TMPDIR/xdg" \
	    timeout 10 fish --no-config -c '
		set fish_complete_path $argv[1] $fish_complete_path
		set fish_function_path $argv[1]/fish-functions \
		    $fish_function_path
		complete -C $argv[2]' "$COMP" "$1" >"$T/fish.out" \
	    2>"$T/fish.err" || {
		echo "fish exited $? for '$1'"
		cat "$T/fish.err"
		return 1
	}
	[ ! -s "$T/fish.err" ] || {
		cat "$T/fish.err"
		return 1
	}
	if [ "${2-}" = -d ]; then
		sort -u "$T/fish.out"
	else
		cut -f1 "$T/fish.out" | sort -u
	fi
}

# What zsh's completion system proposes for the line $1 (with $2 after
# the cursor, if given): one match a line as it would stand on the line,
# sorted.  Errors of the completion functions fail it.
zsh_complete() {
	ZSH_COMPLETE_DUMP="$BATS_FILE_TMPDIR/zcompdump" \
	    timeout 20 zsh -f "$ZSHC" "$COMP" "$@"
}

# The same for each line $1..., all in one zsh (0.1 s instead of 0.1 s
# each): the matches of the Nth in $Z/N (a directory outside $T, which
# is the directory whose files are completed).
zsh_batch() {
	Z=$(mktemp -d "$BATS_FILE_TMPDIR/zsh.XXXXXX") &&
	    ZSH_COMPLETE_DUMP="$BATS_FILE_TMPDIR/zcompdump" \
	    timeout 20 zsh -f "$ZSHC" -o "$Z" "$COMP" "$@"
}

# Runs the bash completion function $1 for the words $3... with the
# cursor on word $2; prints COMPREPLY (as docs.bats does).
bash_complete() {
	local fn=$1 cword=$2
	shift 2
	bash -c '. "$1" || exit 90
		fn=$2 COMP_CWORD=$3
		shift 3
		COMP_WORDS=("$@") COMP_LINE="$*" COMPREPLY=()
		"$fn"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP/phi-tools.bash" \
	    "$fn" "$cword" "$@"
}

# What bash's readline completion puts in COMPREPLY for each line $1...
# typed into an interactive bash with phi-tools.bash sourced: the Nth in
# $B/N, one word a line, sorted.
bash_batch() {
	B=$(mktemp -d "$BATS_FILE_TMPDIR/bash.XXXXXX")
	timeout 20 "$PY" "$BASHC" "$COMP/phi-tools.bash" "$B" "$@"
	for f in "$B"/*; do sort -o "$f" "$f"; done
}

# Fails, showing both, unless the lines of files $1 and $2 are the same.
same_lines() {
	diff -u "$1" "$2" >"$T/diff.txt" || {
		echo "$3 (- expected, + offered):"
		cat "$T/diff.txt"
		return 1
	}
}

# Key files of both kinds, rules, a directory, an export (also gzip'd)
# and a file of events with keys that need path quoting.
make_workdir() {
	cp "$REPO/share/examples/export.ndjson" export.ndjson
	gzip -c export.ndjson >export.ndjson.gz
	phi-keygen -o team >/dev/null
	mkdir -p keys
	touch keys/other.pub local.rules notes.txt audit.log.key
	printf '%s\n' '{"a.b":{"c":1},"0":2,"x":[{"y":3}],"sp ace":4,"q\"t":5,"":6}' \
	    >odd.ndjson
}

# Fails unless every path of $@ selects a value in odd.ndjson for
# phi-encrypt (its output differs from the input) and phi-encrypt
# takes it without complaint.
paths_select() {
	local p
	[ $# -ge 8 ] || { echo "only $# paths: $*"; return 1; }
	for p; do
		phi-encrypt -k team.pub -f "$p" odd.ndjson >enc.ndjson 2>err.txt ||
		    { echo "phi-encrypt -f '$p': $(cat err.txt)"; return 1; }
		! cmp -s odd.ndjson enc.ndjson ||
		    { echo "-f '$p' selects nothing"; return 1; }
		[ ! -s err.txt ]
	done
}

# --- fish -------------------------------------------------------------

@test "fish: each program offers exactly the long options of its --help" {
	need_fish
	for p in "${PROGS[@]}"; do
		help_longopts "$p" >want.txt
		[ "$(wc -l <want.txt)" -ge 2 ]
		fish_complete "$p --" >got.txt
		if [ "$p" = phi-audit ]; then
			# before the command only --help and --version
			printf '%s\n' --help --version >want.txt
		fi
		same_lines want.txt got.txt "fish $p --"
	done
}

@test "fish: each program offers the short options of its --help, each the twin of its long one" {
	need_fish
	for p in phi-keygen phi-encrypt phi-decrypt phi-classify; do
		help_shortopts "$p" >want.txt
		[ "$(wc -l <want.txt)" -ge 3 ]
		fish_complete "$p -" | grep -E -- '^-[a-zA-Z]$' >got.txt
		same_lines want.txt got.txt "fish $p -"
		# -X and --long have the same description
		fish_complete "$p -" -d >desc.txt
		while read -r s l; do
			ds=$(grep -- "^$s	" desc.txt | cut -f2)
			dl=$(grep -- "^$l	" desc.txt | cut -f2)
			[ -n "$ds" ] && [ "$ds" = "$dl" ] ||
			    { echo "$p: $s ($ds) is not $l ($dl)"; return 1; }
		done < <(help_pairs "$p")
	done
}

@test "fish: phi-audit offers its commands, then exactly the options each accepts" {
	need_fish
	fish_complete "phi-audit " >got.txt
	printf '%s\n' "${AUDIT_CMDS[@]}" | sort >want.txt
	same_lines want.txt got.txt "fish phi-audit <TAB>"
	for c in "${AUDIT_CMDS[@]}"; do
		audit_accepts "$c" >want.txt
		[ "$(wc -l <want.txt)" -ge 2 ]
		fish_complete "phi-audit $c -" |
		    grep -vxE -- '--?(help|version|h|V)' >got.txt
		same_lines want.txt got.txt "fish phi-audit $c -"
	done
}

@test "fish: -k offers *.pub files and directories, -K *.key, in every form" {
	need_fish
	make_workdir
	run fish_complete "phi-encrypt -k "
	assert_success
	assert_output "$(printf '%s\n' keys/ team.pub)"
	run fish_complete "phi-encrypt --public-key=te"
	assert_output -- "--public-key=team.pub"
	run fish_complete "phi-encrypt -kte"
	assert_output -- "-kteam.pub"
	run fish_complete "phi-encrypt -k keys/"
	assert_output "keys/other.pub"
	run fish_complete "phi-decrypt -K "
	assert_output "$(printf '%s\n' keys/ team.key)"
	run fish_complete "phi-keygen --id te"
	assert_output "$(printf '%s\n' team.key team.pub)"
	run fish_complete "phi-audit seal -k te"
	assert_output team.key
	run fish_complete "phi-audit verify --key te"
	assert_output team.pub
	run fish_complete "phi-classify -r "
	assert_output "$(printf '%s\n' keys/ local.rules)"
	run fish_complete "phi-encrypt --rules lo"
	assert_output local.rules
}

@test "fish: -f and --scope offer the field paths of the FILE before them" {
	need_fish
	command -v jq >/dev/null || skip "jq is not installed"
	make_workdir
	run fish_complete "phi-encrypt -k team.pub export.ndjson -f "
	assert_success
	assert_line traits.email
	assert_line traits.address.city
	assert_line properties.diagnosis.code
	run fish_complete "phi-encrypt export.ndjson --scope traits.e"
	assert_output traits.email
	run fish_complete "phi-encrypt export.ndjson.gz --field=context.traits.e"
	assert_output -- "--field=context.traits.email"
	run fish_complete "phi-decrypt -K team.key export.ndjson -f traits.ss"
	assert_output traits.ssn
	# option values are not inputs; nothing readable: common Segment
	# paths, or those of the --fields-from files on the line
	run fish_complete "phi-encrypt -o export.ndjson --rules local.rules nosuch.ndjson -f "
	assert_success
	assert_line traits.email
	assert_line context.ip
	refute_line traits.address.city
	printf '%s\n' '# PHI' traits.ssn >fields.txt
	run fish_complete "phi-encrypt --fields-from fields.txt -f "
	assert_output traits.ssn
	phi-classify --report export.ndjson >report.ndjson
	run fish_complete "phi-encrypt --fields-from=report.ndjson -f traits.s"
	assert_output traits.ssn
	# after --, a name that looks like an option is a FILE
	cp odd.ndjson ./-odd.ndjson
	run fish_complete "phi-encrypt -- -odd.ndjson -f "
	refute_output ""
}

@test "fish: the field paths offered are in path syntax that phi-encrypt accepts" {
	need_fish
	command -v jq >/dev/null || skip "jq is not installed"
	make_workdir
	fish_complete "phi-encrypt odd.ndjson -f " >paths.txt
	for p in '["a.b"].c' '["sp ace"]' '[""]' '["0"]' '["q\"t"]' 'x.*.y'; do
		grep -qxF "$p" paths.txt || { echo "no $p"; return 1; }
	done
	mapfile -t paths <paths.txt
	paths_select "${paths[@]}"
}

@test "fish: colours for --class, --fail-on; phi-audit --map the fields, then paths" {
	need_fish
	make_workdir
	run fish_complete "phi-encrypt --class "
	assert_output "$(printf '%s\n' red yellow)"
	run fish_complete "phi-classify --fail-on="
	assert_output "$(printf '%s\n' --fail-on=green --fail-on=red --fail-on=yellow)"
	run fish_complete "phi-audit ingest --map "
	assert_output "$(printf '%s=\n' actor end_user event_type timestamp workspace)"
	command -v jq >/dev/null || skip "jq is not installed"
	run fish_complete "phi-audit ingest export.ndjson --map end_user=traits.s"
	assert_output "end_user=traits.ssn"
	run fish_complete "phi-audit ingest export.ndjson --map=end_user=traits.s"
	assert_output -- "--map=end_user=traits.ssn"
	run fish_complete "phi-audit ingest --map=ev"
	assert_output -- "--map=event_type="
}

# --- zsh --------------------------------------------------------------

@test "zsh: each program offers exactly the long options of its --help" {
	need_zsh
	zsh_batch "${PROGS[@]/%/ --}"
	i=0
	for p in "${PROGS[@]}"; do
		help_longopts "$p" >want.txt
		[ "$(wc -l <want.txt)" -ge 2 ]
		if [ "$p" = phi-audit ]; then
			printf '%s\n' --help --version >want.txt
		fi
		same_lines want.txt "$Z/$((++i))" "zsh $p --"
	done
}

@test "zsh: each program offers the short options of its --help" {
	need_zsh
	progs=(phi-keygen phi-encrypt phi-decrypt phi-classify)
	zsh_batch "${progs[@]/%/ -}"
	i=0
	for p in "${progs[@]}"; do
		help_shortopts "$p" >want.txt
		[ "$(wc -l <want.txt)" -ge 3 ]
		grep -E -- '^-[a-zA-Z]$' "$Z/$((++i))" >got.txt
		same_lines want.txt got.txt "zsh $p -"
	done
}

@test "zsh: phi-audit offers its commands, then exactly the options each accepts" {
	need_zsh
	lines=("phi-audit ")
	for c in "${AUDIT_CMDS[@]}"; do lines+=("phi-audit $c -"); done
	zsh_batch "${lines[@]}"
	printf '%s\n' "${AUDIT_CMDS[@]}" | sort >want.txt
	same_lines want.txt "$Z/1" "zsh phi-audit <TAB>"
	i=1
	for c in "${AUDIT_CMDS[@]}"; do
		audit_accepts "$c" >want.txt
		[ "$(wc -l <want.txt)" -ge 2 ]
		grep -vxE -- '--?(help|version|h|V)' "$Z/$((++i))" >got.txt
		same_lines want.txt got.txt "zsh phi-audit $c -"
	done
}

@test "zsh: -k offers *.pub files and directories, -K *.key, in every form" {
	need_zsh
	make_workdir
	zsh_batch "phi-encrypt -k " "phi-encrypt --public-key=te" \
	    "phi-encrypt -kte" "phi-decrypt -K " "phi-keygen --id te" \
	    "phi-audit seal -k te" "phi-audit verify --key te" \
	    "phi-classify -r " "phi-encrypt -r lo"
	run cat "$Z/1"
	assert_output "$(printf '%s\n' keys team.pub)"
	run cat "$Z/2"
	assert_output -- "--public-key=team.pub"
	run cat "$Z/3"
	assert_output -- "-kteam.pub"
	run cat "$Z/4"
	assert_output "$(printf '%s\n' keys team.key)"
	run cat "$Z/5"
	assert_output "$(printf '%s\n' team.key team.pub)"
	run cat "$Z/6"
	assert_output team.key
	run cat "$Z/7"
	assert_output team.pub
	run cat "$Z/8"
	assert_output "$(printf '%s\n' keys local.rules)"
	run cat "$Z/9"
	assert_output local.rules
}

@test "zsh: -f offers the field paths of a FILE anywhere on the line" {
	need_zsh
	command -v jq >/dev/null || skip "jq is not installed"
	make_workdir
	# the FILE after the cursor
	run zsh_complete "phi-encrypt -k team.pub -f " " export.ndjson"
	assert_success
	assert_line traits.email
	assert_line traits.address.city
	assert_line properties.diagnosis.code
	run zsh_complete "phi-decrypt -K team.key -f traits.ss" " export.ndjson"
	assert_output traits.ssn
	run zsh_complete "phi-encrypt export.ndjson.gz --scope=context.traits.e"
	assert_output -- "--scope=context.traits.email"
	# option values are not inputs; nothing readable: common Segment
	# paths, or those of the --fields-from files on the line
	run zsh_complete "phi-encrypt -o export.ndjson -f " " nosuch.ndjson"
	assert_success
	assert_line traits.email
	assert_line context.ip
	refute_line traits.address.city
	printf '%s\n' '# PHI' traits.ssn >fields.txt
	run zsh_complete "phi-encrypt --fields-from fields.txt -f "
	assert_output traits.ssn
	phi-classify --report export.ndjson >report.ndjson
	run zsh_complete "phi-encrypt --fields-from=report.ndjson -f traits.s"
	assert_output traits.ssn
}

@test "zsh: the field paths offered, unquoted, are paths phi-encrypt accepts" {
	need_zsh
	command -v jq >/dev/null || skip "jq is not installed"
	make_workdir
	zsh_complete "phi-encrypt odd.ndjson -f " >quoted.txt
	# as zsh puts them on the line: quoted for the shell
	for p in '\[\"a.b\"\].c' '\[\"sp\ ace\"\]' '\[\"\"\]' '\[\"0\"\]' \
	    '\[\"q\\\"t\"\]' 'x.\*.y'; do
		grep -qxF -- "$p" quoted.txt || { echo "no $p"; return 1; }
	done
	mapfile -t quoted <quoted.txt
	paths=()
	for q in "${quoted[@]}"; do
		eval "paths+=($q)"
	done
	paths_select "${paths[@]}"
}

@test "zsh: colours for --class, --fail-on; phi-audit --map the fields, then paths" {
	need_zsh
	make_workdir
	run zsh_complete "phi-encrypt --class "
	assert_output "$(printf '%s\n' red yellow)"
	run zsh_complete "phi-classify --fail-on="
	assert_output "$(printf '%s\n' --fail-on=green --fail-on=red --fail-on=yellow)"
	run zsh_complete "phi-audit ingest --map "
	assert_output "$(printf '%s=\n' actor end_user event_type timestamp workspace)"
	command -v jq >/dev/null || skip "jq is not installed"
	run zsh_complete "phi-audit ingest --map end_user=traits.s" " export.ndjson"
	assert_output "end_user=traits.ssn"
	run zsh_complete "phi-audit ingest export.ndjson --map=end_user=traits.s"
	assert_output -- "--map=end_user=traits.ssn"
}

# --- bash: readline, short options (the other tests are in docs.bats) --

@test "bash: typed into an interactive bash, a line completes as the functions promise" {
	make_workdir
	bash_batch "phi-encrypt --pub" "phi-encrypt --public-key=te" \
	    "phi-encrypt -k " "phi-encrypt -r lo" "phi-decrypt -K " \
	    "phi-audit seal -k te" "phi-classify --fail-on=" \
	    "phi-audit ingest --map=ev"
	run cat "$B/1"
	assert_output -- "--public-key"
	# readline makes '=' a word of its own; the value replaces what
	# follows it
	run cat "$B/2"
	assert_output team.pub
	run cat "$B/3"
	assert_output "$(printf '%s\n' keys team.pub)"
	run cat "$B/4"
	assert_output local.rules
	run cat "$B/5"
	assert_output "$(printf '%s\n' keys team.key)"
	run cat "$B/6"
	assert_output team.key
	run cat "$B/7"
	assert_output "$(printf '%s\n' green red yellow)"
	run cat "$B/8"
	assert_output event_type=
}

@test "bash: typed into an interactive bash, -f and --map FIELD= offer field paths" {
	command -v jq >/dev/null || skip "jq is not installed"
	make_workdir
	bash_batch "phi-encrypt export.ndjson -f traits.e" \
	    "phi-encrypt export.ndjson.gz --scope=context.traits.e" \
	    "phi-audit ingest export.ndjson --map end_user=traits.s" \
	    "phi-audit ingest export.ndjson --map=end_user=traits.s" \
	    "phi-audit ingest export.ndjson --map=end_user=" \
	    "phi-audit ingest --map=end_user=traits.s"
	run cat "$B/1"
	assert_output traits.email
	run cat "$B/2"
	assert_output context.traits.email
	run cat "$B/3"
	assert_output traits.ssn
	run cat "$B/4"
	assert_output traits.ssn
	run cat "$B/5"
	assert_line traits.ssn
	assert_line properties.diagnosis.code
	# no FILE on the line, no paths
	run cat "$B/6"
	assert_output ""
}

@test "bash: each program offers the short options of its --help" {
	for p in phi-keygen phi-encrypt phi-decrypt phi-classify; do
		help_shortopts "$p" >want.txt
		[ "$(wc -l <want.txt)" -ge 3 ]
		bash_complete "_${p//-/_}" 1 "$p" - |
		    grep -E -- '^-[a-zA-Z]$' | sort -u >got.txt
		same_lines want.txt got.txt "bash $p -"
	done
	for c in "${AUDIT_CMDS[@]}"; do
		audit_accepts "$c" >want.txt
		bash_complete _phi_audit 2 phi-audit "$c" - |
		    grep -vxE -- '--?(help|version|h|V)' | sort -u >got.txt
		same_lines want.txt got.txt "bash phi-audit $c -"
	done
}

@test "bash: the short options take the same arguments as the long ones" {
	make_workdir
	for p in phi-keygen phi-encrypt phi-decrypt phi-classify phi-audit; do
		while read -r s l; do
			pre=()
			if [ "$p" = phi-audit ]; then pre=(seal); fi
			n=$((${#pre[@]} + 2))
			a=$(bash_complete "_${p//-/_}" "$n" "$p" "${pre[@]}" "$s" '')
			b=$(bash_complete "_${p//-/_}" "$n" "$p" "${pre[@]}" "$l" '')
			[ "$a" = "$b" ] ||
			    { echo "$p $s: [$a] but $l: [$b]"; return 1; }
		done < <(help_pairs "$p")
	done
}

# --- installed ----------------------------------------------------------

@test "after make install, fish and zsh find the completions where they look" {
	command -v fish >/dev/null 2>&1 || command -v zsh >/dev/null 2>&1 ||
	    skip "neither fish nor zsh is installed"
	# outside $T, whose files are completed
	X=$(mktemp -d "$BATS_FILE_TMPDIR/inst.XXXXXX")
	# CFLAGS_FILE: this PREFIX's flags in $PHI_BUILD/cflags would make
	# the next make rebuild everything
	make -s -C "$REPO" -o all BUILD="$PHI_BUILD" CFLAGS_FILE="$X.cflags" \
	    PREFIX="$X" install >make.out 2>&1 || { cat make.out; return 1; }
	make_workdir
	if command -v fish >/dev/null 2>&1; then
		# fish's own config adds $XDG_DATA_DIRS/fish/vendor_*.d
		run env PATH="$X/bin:$PATH" XDG_DATA_DIRS="$X/share" \
		    XDG_CONFIG_HOME="$X/c" XDG_DATA_HOME="$X/d" \
		    timeout 10 fish -c 'complete -C "phi-encrypt -k "
			complete -C "phi-encrypt export.ndjson -f traits.e"'
		assert_success
		assert_line --regexp '^team\.pub	'
		refute_line --regexp '^team\.key	'
		if command -v jq >/dev/null; then
			assert_line --regexp '^traits\.email	'
		fi
		# (fish 3.6 looks under /usr/local/share only when
		# XDG_DATA_DIRS names it)
	fi
	if command -v zsh >/dev/null 2>&1; then
		run env ZSH_COMPLETE_DUMP= timeout 20 zsh -f "$ZSHC" \
		    "$X/share/zsh/site-functions" "phi-decrypt -K "
		assert_success
		assert_output "$(printf '%s\n' keys team.key)"
		# the default PREFIX's is in zsh's default $fpath
		run zsh -fc 'print -l $fpath'
		assert_line /usr/local/share/zsh/site-functions
	fi
}

@test "key shares: -K and --combine offer share files, --armor its forms (bash, fish, zsh)" {
	make_workdir
	phi-keygen --split 2/2 -o vault >/dev/null
	run bash_complete _phi_decrypt 2 phi-decrypt -K vault.s
	assert_output "$(printf '%s\n' vault.share-1 vault.share-2)"
	run bash_complete _phi_keygen 4 phi-keygen --combine -o v vault.share-
	assert_output "$(printf '%s\n' vault.share-1 vault.share-2)"
	run bash_complete _phi_keygen 2 phi-keygen --armor ""
	assert_output "$(printf '%s\n' pem words)"
	if command -v fish >/dev/null 2>&1; then
		run fish_complete "phi-decrypt -K vault.s"
		assert_output "$(printf '%s\n' vault.share-1 vault.share-2)"
		run fish_complete "phi-keygen --armor "
		assert_output "$(printf '%s\n' pem words)"
	fi
	if command -v zsh >/dev/null 2>&1; then
		zsh_batch "phi-decrypt -K vault.s" "phi-keygen --armor "
		run cat "$Z/1"
		assert_output "$(printf '%s\n' vault.share-1 vault.share-2)"
		run cat "$Z/2"
		assert_output "$(printf '%s\n' pem words)"
	fi
}

# --- the checks catch a broken completion -----------------------------

@test "a completion that lost an option or its key-file filter fails the checks" {
	mkdir broken
	cp -R "$COMP/." broken/
	sed -i '/-l public-key/d' broken/phi-encrypt.fish
	sed -i "s/_files -g \"((^\\*.log).key|\\*.share-<->)(-.)\"/_files/" \
	    broken/_phi-decrypt
	! cmp -s "$COMP/phi-encrypt.fish" broken/phi-encrypt.fish || false
	! cmp -s "$COMP/_phi-decrypt" broken/_phi-decrypt || false
	make_workdir
	if command -v fish >/dev/null 2>&1; then
		help_longopts phi-encrypt >want.txt
		COMP=$T/broken fish_complete "phi-encrypt --" >got.txt
		run same_lines want.txt got.txt "fish"
		assert_failure
		assert_output --partial -- "---public-key"
	fi
	if command -v zsh >/dev/null 2>&1; then
		COMP=$T/broken ZSH_COMPLETE_DUMP= run zsh -f "$ZSHC" \
		    "$T/broken" "phi-decrypt -K "
		assert_success
		assert_line team.pub
	fi
	command -v fish >/dev/null 2>&1 || command -v zsh >/dev/null 2>&1 ||
	    skip "neither fish nor zsh is installed"
}
