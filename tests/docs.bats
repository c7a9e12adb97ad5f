#!/usr/bin/env bats
# The user-facing documentation kept honest: man pages (mandoc lint, every
# option of --help documented and nothing invented, the sections, the
# environment, the EXAMPLES actually run), shell completions (bash loads
# and proposes the right things; zsh and fish parse when those shells are
# installed; every option offered), and make install / make uninstall.

load test_helper

PROGS=(phi-keygen phi-encrypt phi-decrypt phi-classify phi-audit)
MAN1="$REPO/share/man/man1"
MAN7="$REPO/share/man/man7"
COMP="$REPO/completions"

# --- helpers ----------------------------------------------------------

# The long options a program's --help lists (at the start of an option
# line, or after "-X, "; not those named in descriptions), sorted.
help_longopts() {
	"$1" --help | grep -oE -- '(^ +|-[a-zA-Z], )--[a-z][a-z-]*' |
	    grep -oE -- '--[a-z][a-z-]*$' | sort -u
}

# The long options a man page documents as items of its OPTIONS section
# (".It Fl x , Fl -long Ar ARG"), one a line, sorted.
man_longopts() {
	sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$1" | grep '^\.It ' |
	    grep -oE 'Fl -[a-z][a-z-]*' | sed 's/^Fl /-/' | sort -u
}

# The source lines of section $2 of page $1 (without the .Sh line).
man_section() {
	sed -n "/^\\.Sh $2\$/,/^\\.Sh /p" "$1" | sed '1d;$d'
}

# The commands of the EXAMPLES section: the text of its literal blocks
# and .Dl lines, with the mdoc escapes used there undone.
man_examples() {
	man_section "$1" EXAMPLES | awk '
		/^\.Bd -literal/ { lit = 1; next }
		/^\.Ed/ { lit = 0; print ""; next }
		lit { print; next }
		/^\.Dl / { sub(/^\.Dl /, ""); print; print "" }' |
	    sed -e 's/\\e/\\/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' \
		-e 's/\\-/-/g' -e 's/\\&//g'
}

# Runs the completion function $2 of file $1 in a fresh bash for the
# words $4... with the cursor on word $3; prints COMPREPLY, one a line.
# Whatever the function writes to standard error makes it fail.
complete_words() {
	local file=$1 fn=$2 cword=$3
	shift 3
	bash -c '
		set -u
		. "$1" || exit 90
		fn=$2 COMP_CWORD=$3
		shift 3
		COMP_WORDS=("$@")
		COMP_LINE="$*"
		COMPREPLY=()
		"$fn"
		for w in "${COMPREPLY[@]}"; do printf "%s\n" "$w"; done
	' _ "$file" "$fn" "$cword" "$@" 2>"$T/complete.err"
	[ ! -s "$T/complete.err" ] || {
		cat "$T/complete.err" >&2
		return 1
	}
}

# A file of events with nested fields, and key files of both kinds.
make_workdir() {
	cp "$REPO/share/examples/export.ndjson" export.ndjson
	gzip -c export.ndjson >export.ndjson.gz
	phi-keygen -o team >/dev/null
	mkdir -p keys
}

lint_clean() {
	run mandoc -T lint -W warning "$1"
	assert_success
	assert_output ""
}

# --- man pages: lint --------------------------------------------------

@test "mandoc -T lint -W warning: phi-keygen.1 is clean" {
	lint_clean "$MAN1/phi-keygen.1"
}

@test "mandoc -T lint -W warning: phi-encrypt.1 is clean" {
	lint_clean "$MAN1/phi-encrypt.1"
}

@test "mandoc -T lint -W warning: phi-decrypt.1 is clean" {
	lint_clean "$MAN1/phi-decrypt.1"
}

@test "mandoc -T lint -W warning: phi-classify.1 is clean" {
	lint_clean "$MAN1/phi-classify.1"
}

@test "mandoc -T lint -W warning: phi-audit.1 is clean" {
	lint_clean "$MAN1/phi-audit.1"
}

@test "mandoc -T lint -W warning: phi-tools.7 is clean" {
	lint_clean "$MAN7/phi-tools.7"
}

@test "the lint check itself catches a broken page" {
	sed 's/^\.Sh EXIT STATUS$/.Sh/' "$MAN1/phi-keygen.1" >broken.1
	run mandoc -T lint -W warning broken.1
	assert_failure
}

# --- man pages: options, sections, environment ------------------------

@test "every long option of --help is an item of the man page's OPTIONS, and no other" {
	for p in "${PROGS[@]}"; do
		help_longopts "$p" >help.txt
		man_longopts "$MAN1/$p.1" >man.txt
		[ "$(wc -l <help.txt)" -ge 3 ]
		if ! diff -u help.txt man.txt >diff.txt; then
			echo "$p: --help (-) and $p.1 OPTIONS (+) differ:"
			cat diff.txt
			return 1
		fi
	done
}

@test "every long option of --help appears in the rendered man page" {
	for p in "${PROGS[@]}"; do
		mandoc -T ascii "$MAN1/$p.1" | sed 's/.\x08//g' >page.txt
		for o in $(help_longopts "$p"); do
			grep -qE -- "$o([^a-z-]|\$)" page.txt ||
			    { echo "$p.1 does not show $o"; return 1; }
		done
	done
}

@test "short and long forms are paired as in --help" {
	for p in "${PROGS[@]}"; do
		"$p" --help | grep -oE -- '-[a-zA-Z], --[a-z][a-z-]*' |
		    sed -E 's/^-(.), --(.*)$/\1 \2/' | sort -u >pairs.txt
		[ -s pairs.txt ]
		while read -r s l; do
			grep -qE "^\\.It Fl $s , Fl -$l( |\$)" "$MAN1/$p.1" ||
			    { echo "$p.1: no '.It Fl $s , Fl -$l'"; return 1; }
		done <pairs.txt
	done
}

@test "every program's page has the sections a user looks for" {
	for p in "${PROGS[@]}"; do
		for s in NAME SYNOPSIS DESCRIPTION OPTIONS ENVIRONMENT FILES \
		    "EXIT STATUS" EXAMPLES "SEE ALSO"; do
			grep -qx "\\.Sh $s" "$MAN1/$p.1" ||
			    { echo "$p.1 has no $s"; return 1; }
		done
		# and its NAME is the program
		man_section "$MAN1/$p.1" NAME | grep -qx "\\.Nm $p"
	done
}

@test "phi-tools.7 covers tokens, keys, paths, streaming, rules, audit record, HIPAA and Segment" {
	for s in NAME DESCRIPTION STREAMING "FIELD PATHS" TOKENS "KEY FILES" \
	    "CLASSIFICATION RULES" "AUDIT LOG" HIPAA SEGMENT ENVIRONMENT \
	    FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
		grep -qx "\\.Sh $s" "$MAN7/phi-tools.7" ||
		    { echo "phi-tools.7 has no $s"; return 1; }
	done
	man_section "$MAN7/phi-tools.7" HIPAA >hipaa.txt
	for c in '164.312(a)(2)(iv)' '164.312(b)' '164.312(c)(1)' \
	    '164.514(b)(2)' '164.308(a)(1)(ii)(D)' '164.316'; do
		grep -qF "$c" hipaa.txt || { echo "no $c"; return 1; }
	done
	# the token layout and the canonical audit bytes are spelled out
	grep -qF 'base64url_nopad( kid || enc || seq || ct )' "$MAN7/phi-tools.7"
	grep -qF 'phi-tools/1' "$MAN7/phi-tools.7"
	man_section "$MAN7/phi-tools.7" "AUDIT LOG" | grep -q 'canonical bytes'
	man_section "$MAN7/phi-tools.7" SEGMENT | grep -q 'RSAES-OAEP'
}

@test "every variable of --help is in the page's ENVIRONMENT, and every PHI_ variable in phi-tools.7" {
	for p in "${PROGS[@]}"; do
		man_section "$MAN1/$p.1" ENVIRONMENT >env.txt
		for v in $("$p" --help | grep -oE 'PHI_[A-Z_]+' | sort -u); do
			grep -qx "\\.It Ev $v" env.txt ||
			    { echo "$p.1 ENVIRONMENT lacks $v"; return 1; }
		done
	done
	man_section "$MAN7/phi-tools.7" ENVIRONMENT >env7.txt
	for v in PHI_PUBLIC_KEY PHI_PRIVATE_KEY PHI_PASSPHRASE PHI_AUDIT_LOG \
	    PHI_AUDIT_KEY PHI_AUDIT_WORKSPACE PHI_DATADIR; do
		grep -qx "\\.It Ev $v" env7.txt || { echo "no $v"; return 1; }
	done
}

@test "every page's EXIT STATUS has the codes its --help names; phi-classify has 1" {
	for p in "${PROGS[@]}"; do
		man_section "$MAN1/$p.1" "EXIT STATUS" |
		    sed -n 's/^\.It \([0-9][0-9]*\)$/\1/p' | sort -n >codes.txt
		grep -qx 0 codes.txt && grep -qx 64 codes.txt &&
		    grep -qx 70 codes.txt && grep -qx 74 codes.txt ||
		    { echo "$p.1: $(tr '\n' ' ' <codes.txt)"; return 1; }
		"$p" --help | sed -n '/^Exit status/,/^$/p' |
		    grep -oE '\b(0|1|6[4-9]|7[0-9])\b' | sort -nu >help.txt
		[ -s help.txt ] || { echo "$p --help: no exit status"; return 1; }
		diff -u help.txt codes.txt
	done
	man_section "$MAN1/phi-classify.1" "EXIT STATUS" | grep -qx '\.It 1'
}

@test "the SEE ALSO sections point at each other" {
	for p in "${PROGS[@]}"; do
		man_section "$MAN1/$p.1" "SEE ALSO" | grep -qx '\.Xr phi-tools 7'
		for q in "${PROGS[@]}"; do
			[ "$p" = "$q" ] && continue
			man_section "$MAN1/$p.1" "SEE ALSO" |
			    grep -qE "^\\.Xr $q 1( ,)?\$" ||
			    { echo "$p.1 does not refer to $q"; return 1; }
		done
	done
}

# --- man pages: the EXAMPLES run --------------------------------------

# Runs the EXAMPLES of page $1 in order, in the scratch directory, as one
# script with -e and pipefail.  The work directory holds export.ndjson
# (and .gz) from share/examples, and the files named in $2...:
# team (a key pair), safe (safe.ndjson.gz encrypted for it).
run_examples() {
	local page=$1
	shift
	cp "$REPO/share/examples/export.ndjson" export.ndjson
	gzip -c export.ndjson >export.ndjson.gz
	for f; do
		case $f in
		team) phi-keygen -o team >/dev/null ;;
		safe) phi-encrypt -k team.pub -f context.ip -f 'traits.*' \
		    export.ndjson | gzip >safe.ndjson.gz ;;
		esac
	done
	man_examples "$page" >examples.sh
	[ "$(grep -c '[a-z]' examples.sh)" -ge 3 ]
	run bash -e -o pipefail examples.sh
	if [ "$status" -ne 0 ]; then
		echo "EXAMPLES of $page failed ($status):"
		cat -n examples.sh
		echo "--- output"
		echo "$output"
		return 1
	fi
}

@test "the EXAMPLES of phi-keygen.1 run" {
	run_examples "$MAN1/phi-keygen.1"
	[ -f team.key ]
	[ -f audit.pub ]
	head -1 laptop.key | grep -q 'ENCRYPTED PRIVATE KEY'
}

@test "the EXAMPLES of phi-encrypt.1 run" {
	run_examples "$MAN1/phi-encrypt.1" team
	[ -f exports/day1.ndjson.enc ]
	[ -f exports/day2.ndjson.enc.gz ]
	grep -q '"phi:1:' safe.ndjson
	phi-audit verify audit.log
}

@test "the EXAMPLES of phi-decrypt.1 run" {
	run_examples "$MAN1/phi-decrypt.1" team safe
	cmp export.ndjson a.ndjson
	run grep -c 'phi:1:' both.ndjson
	assert_output 0
}

@test "the EXAMPLES of phi-classify.1 run" {
	run_examples "$MAN1/phi-classify.1" team
	[ -s fields.ndjson ] && [ -s clean.ndjson ]
}

@test "the EXAMPLES of phi-audit.1 run" {
	run_examples "$MAN1/phi-audit.1" team
	phi-audit verify -k audit.pub audit-2026-11.log audit.log
}

@test "the EXAMPLES of phi-tools.7 run" {
	run_examples "$MAN7/phi-tools.7"
	phi-audit verify audit.log
}

@test "the example extraction sees what it should (a broken example fails)" {
	sed 's/^phi-keygen --id team.pub$/phi-keygen --id nosuch.pub/' \
	    "$MAN1/phi-keygen.1" >broken.1
	! cmp -s "$MAN1/phi-keygen.1" broken.1 || false
	run run_examples broken.1
	assert_failure
	assert_output --partial 'nosuch.pub'
}

# --- bash completion --------------------------------------------------

@test "bash completions load without bash-completion and register their programs" {
	for p in "${PROGS[@]}"; do
		run bash -c '. "$1" && complete -p "$2"' _ "$COMP/phi-tools.bash" "$p"
		assert_success
		assert_output --partial "complete -F _${p//-/_} $p"
	done
}

@test "phi-encrypt --pub<TAB> gives --public-key" {
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 1 \
	    phi-encrypt --pub
	assert_success
	assert_output -- "--public-key"
}

@test "phi-encrypt -k <TAB> offers the *.pub files and directories, not other files" {
	make_workdir
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 2 \
	    phi-encrypt -k ''
	assert_success
	assert_line team.pub
	assert_line keys
	refute_line team.key
	refute_line export.ndjson
	# the --public-key=FILE form too
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 3 \
	    phi-encrypt --public-key = te
	assert_output team.pub
}

@test "phi-encrypt -f <TAB> offers the field paths of an NDJSON file on the line" {
	command -v jq >/dev/null || skip "jq is not installed"
	make_workdir
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 4 \
	    phi-encrypt -k team.pub -f '' export.ndjson
	assert_success
	assert_line traits.email
	assert_line traits.address.city
	assert_line properties.diagnosis.code
	# only those starting with what is typed
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 2 \
	    phi-encrypt -f traits.e export.ndjson
	assert_output traits.email
	# a gzip'd export works too
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 2 \
	    phi-encrypt -f context.traits. export.ndjson.gz
	assert_line context.traits.email
}

@test "field paths come out in path syntax that phi-encrypt accepts" {
	command -v jq >/dev/null || skip "jq is not installed"
	phi-keygen -o team >/dev/null
	printf '%s\n' '{"a.b":{"c":1},"0":2,"x":[{"y":3}]}' >odd.ndjson
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 2 \
	    phi-encrypt -f '' odd.ndjson
	assert_success
	# array elements as `*`, as phi-classify reports them
	assert_line 'x.\*.y'
	refute_line 'x.0.y'
	assert_line '\[\"a.b\"\].c'
	assert_line '\[\"0\"\]'
	# each offered path, unquoted as the shell would, selects its value
	for p in 'x.*.y' '["a.b"].c' '["0"]'; do
		phi-encrypt -k team.pub -f "$p" odd.ndjson >enc.ndjson
		! cmp -s odd.ndjson enc.ndjson || false
	done
}

@test "-f with no readable FILE offers common Segment paths, not an option value's" {
	make_workdir
	# export.ndjson is the value of -o here, not an input
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 4 \
	    phi-encrypt -o export.ndjson -f '' nosuch.ndjson
	assert_success
	assert_line traits.email
	assert_line context.ip
	assert_line previousId
	refute_line traits.address.city
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 2 \
	    phi-encrypt -f context.traits.p
	assert_output context.traits.phone
}

@test "-f with no FILE offers the paths of the --fields-from files on the line" {
	make_workdir
	printf '%s\n' '# PHI' ' traits.ssn ' '' 'properties["a.b"]' >fields.txt
	phi-classify --report export.ndjson >report.ndjson
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 4 \
	    phi-encrypt --fields-from fields.txt -f ''
	assert_success
	assert_output "$(printf '%s\n' traits.ssn 'properties\[\"a.b\"\]')"
	# a phi-classify report, as --fields-from=FILE
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 5 \
	    phi-encrypt --fields-from = report.ndjson -f traits.s
	assert_output traits.ssn
	# a FILE on the line comes first
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 4 \
	    phi-encrypt --fields-from fields.txt -f traits.address.ci export.ndjson
	assert_output traits.address.city
}

@test "phi-decrypt -K does not offer an audit log's pseudonym key (*.log.key)" {
	make_workdir
	touch audit.log.key
	run complete_words "$COMP/phi-tools.bash" _phi_decrypt 2 \
	    phi-decrypt -K ''
	assert_success
	assert_line team.key
	refute_line audit.log.key
}

@test "phi-encrypt --class <TAB> gives yellow and red" {
	run complete_words "$COMP/phi-tools.bash" _phi_encrypt 2 \
	    phi-encrypt --class ''
	assert_success
	assert_line yellow
	assert_line red
	[ "${#lines[@]}" -eq 2 ]
}

@test "phi-decrypt -K <TAB> offers *.key files and directories; -f offers paths" {
	make_workdir
	run complete_words "$COMP/phi-tools.bash" _phi_decrypt 2 \
	    phi-decrypt -K ''
	assert_success
	assert_line team.key
	assert_line keys
	refute_line team.pub
	command -v jq >/dev/null || skip "jq is not installed"
	run complete_words "$COMP/phi-tools.bash" _phi_decrypt 4 \
	    phi-decrypt -K team.key -f traits.ss export.ndjson
	assert_output traits.ssn
}

@test "phi-keygen --id <TAB> offers key files; phi-classify colours and rules files" {
	make_workdir
	touch local.rules
	run complete_words "$COMP/phi-tools.bash" _phi_keygen 2 \
	    phi-keygen --id te
	assert_line team.pub
	assert_line team.key
	run complete_words "$COMP/phi-tools.bash" _phi_classify 2 \
	    phi-classify --fail-on ''
	assert_equal "$(echo "$output" | sort | tr '\n' ' ')" "green red yellow "
	run complete_words "$COMP/phi-tools.bash" _phi_classify 2 \
	    phi-classify -r ''
	assert_line local.rules
	refute_line export.ndjson
}

@test "phi-audit <TAB> lists its commands, then each command's own options" {
	run complete_words "$COMP/phi-tools.bash" _phi_audit 1 phi-audit ''
	assert_success
	assert_equal "$(echo "$output" | sort | tr '\n' ' ')" \
	    "ingest record review rotate seal verify "
	run complete_words "$COMP/phi-tools.bash" _phi_audit 2 \
	    phi-audit review --s
	assert_output -- "--summary"
	run complete_words "$COMP/phi-tools.bash" _phi_audit 2 \
	    phi-audit record --
	refute_line -- "--summary"
	assert_line -- "--event-type"
}

@test "phi-audit -k offers *.key for seal and *.pub for verify; --map the audit fields" {
	phi-keygen --sign -o audit >/dev/null
	run complete_words "$COMP/phi-tools.bash" _phi_audit 3 \
	    phi-audit seal -k au
	assert_output audit.key
	run complete_words "$COMP/phi-tools.bash" _phi_audit 3 \
	    phi-audit verify -k au
	assert_output audit.pub
	run complete_words "$COMP/phi-tools.bash" _phi_audit 3 \
	    phi-audit ingest --map end
	assert_output end_user=
}

@test "every long option of --help is offered by the bash completion" {
	for p in phi-keygen phi-encrypt phi-decrypt phi-classify; do
		complete_words "$COMP/phi-tools.bash" "_${p//-/_}" 1 "$p" -- |
		    sort -u >offered.txt
		help_longopts "$p" >help.txt
		comm -23 help.txt offered.txt >missing.txt
		[ ! -s missing.txt ] ||
		    { echo "$p misses: $(cat missing.txt)"; return 1; }
		# and nothing that is not an option
		comm -13 help.txt offered.txt >extra.txt
		[ ! -s extra.txt ] ||
		    { echo "$p offers: $(cat extra.txt)"; return 1; }
	done
}

@test "phi-audit completion offers exactly the options each command accepts" {
	local -A offered
	help_longopts phi-audit >all.txt
	for c in record ingest seal verify review rotate; do
		complete_words "$COMP/phi-tools.bash" _phi_audit 2 \
		    phi-audit "$c" -- | sort -u >offered.txt
		# a set, not a grep per option (a process each)
		offered=()
		while IFS= read -r o; do offered[x$o]=1; done <offered.txt
		[ "${#offered[@]}" -ge 2 ]
		while read -r o; do
			# the program names an option another command's
			run phi-audit "$c" "$o" 1 </dev/null
			if [ -n "${offered[x$o]-}" ]; then
				refute_output --partial "not an option of"
			else
				assert_output --partial "not an option of '$c'"
			fi
		done < <(grep -vxE -- '--(help|version)' all.txt)
	done
}

# --- zsh and fish completions -----------------------------------------

@test "zsh completions parse (zsh -n) and name every long option" {
	for p in "${PROGS[@]}"; do
		head -1 "$COMP/_$p" | grep -qx "#compdef $p"
		for o in $(help_longopts "$p"); do
			grep -qE -- "$o[]=[+}]" "$COMP/_$p" ||
			    { echo "_$p lacks $o"; return 1; }
		done
	done
	command -v zsh >/dev/null || skip "zsh is not installed"
	for p in "${PROGS[@]}"; do
		zsh -n "$COMP/_$p"
	done
}

@test "fish completions parse (fish -n) and name every long option" {
	for p in "${PROGS[@]}"; do
		for o in $(help_longopts "$p"); do
			grep -qE -- "-l ${o#--}( |\$)" "$COMP/$p.fish" ||
			    { echo "$p.fish lacks $o"; return 1; }
		done
	done
	command -v fish >/dev/null || skip "fish is not installed"
	for p in "${PROGS[@]}"; do
		fish -n "$COMP/$p.fish"
	done
}

# --- make install / make uninstall ------------------------------------

# make install or uninstall of the programs under test ($PHI_BUILD)
# without building them again.  The flags of this PREFIX go to a
# CFLAGS_FILE of the test's own: in $PHI_BUILD/cflags they would make the
# next make rebuild everything.
make_tree() {
	make -s -C "$REPO" -o all BUILD="$PHI_BUILD" CFLAGS_FILE="$T/cflags" \
	    "$@" >make.out 2>&1 ||
	    { cat make.out; return 1; }
}

@test "make install PREFIX installs programs, man pages, completions, rules and examples" {
	cp "$PHI_BUILD/cflags" cflags.before
	make_tree PREFIX="$T/x" install
	# the build under test keeps its flags: the next make rebuilds nothing
	cmp cflags.before "$PHI_BUILD/cflags"
	x=$T/x
	for p in "${PROGS[@]}"; do
		[ -x "$x/bin/$p" ]
		cmp "$MAN1/$p.1" "$x/share/man/man1/$p.1"
		cmp "$COMP/phi-tools.bash" "$x/share/bash-completion/completions/$p"
		cmp "$COMP/_$p" "$x/share/zsh/site-functions/_$p"
		cmp "$COMP/$p.fish" "$x/share/fish/vendor_completions.d/$p.fish"
		run "$x/bin/$p" --help
		assert_success
		assert_output --partial "usage: $p"
	done
	cmp "$MAN7/phi-tools.7" "$x/share/man/man7/phi-tools.7"
	cmp "$REPO/share/rules/default.rules" \
	    "$x/share/phi-tools/rules/default.rules"
	cmp "$REPO/share/examples/export.ndjson" \
	    "$x/share/phi-tools/examples/export.ndjson"
	# the installed pages render, the installed completion works
	mandoc -T lint -W warning "$x"/share/man/man1/*.1 "$x"/share/man/man7/*.7
	run complete_words "$x/share/bash-completion/completions/phi-encrypt" \
	    _phi_encrypt 1 phi-encrypt --pub
	assert_output -- "--public-key"
	# the installed rules are found through PHI_DATADIR
	PHI_DATADIR="$x/share/phi-tools" run "$x/bin/phi-classify" --list-rules
	assert_success
	assert_line --index 0 --partial "$x/share/phi-tools/rules/default.rules"
}

@test "make uninstall with the same PREFIX removes every installed file" {
	make_tree PREFIX="$T/x" install
	[ "$(find "$T/x" -type f | wc -l)" -ge 29 ]
	make_tree PREFIX="$T/x" uninstall
	run find "$T/x" -type f
	assert_output ""
}

@test "make install and uninstall honour DESTDIR" {
	make_tree DESTDIR="$T/d" PREFIX=/opt/phi install
	[ -x "$T/d/opt/phi/bin/phi-encrypt" ]
	[ -f "$T/d/opt/phi/share/man/man7/phi-tools.7" ]
	[ -f "$T/d/opt/phi/share/bash-completion/completions/phi-audit" ]
	make_tree DESTDIR="$T/d" PREFIX=/opt/phi uninstall
	run find "$T/d" -type f
	assert_output ""
}

@test "built and installed with one PREFIX, the programs find their rules without PHI_DATADIR" {
	# unoptimised and without LTO: the build is about PREFIX, not
	# speed (-O2 -flto took 49 s of docs.bats, -O0 takes 10 to 16 s)
	run make -s -C "$REPO" -j2 BUILD="$T/b" PREFIX="$T/y" OPT=-O0 LTO= \
	    install
	assert_success
	unset PHI_DATADIR
	run "$T/y/bin/phi-classify" --list-rules
	assert_success
	assert_line --index 0 --partial "$T/y/share/phi-tools/rules/default.rules"
	echo '{"traits":{"email":"dana@example.com"}}' >in.ndjson
	run "$T/y/bin/phi-classify" --report in.ndjson
	assert_success
	assert_output --partial '"class":"yellow"'
}
