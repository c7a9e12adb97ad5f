# bash completion for the phi-tools programs            -*- shell-script -*-
#
# One file for all five: installed as bash-completion/completions/<prog>
# for each of phi-keygen, phi-encrypt, phi-decrypt, phi-classify and
# phi-audit (bash-completion loads it by the command's name); it can also
# be sourced by itself (`. phi-tools.bash`): it needs no bash-completion
# package.  Key files: -k offers *.pub files and directories, -K *.key
# and *.share-N files (not an audit log's *.log.key) and directories;
# phi-keygen --combine's operands are *.share-* files.  Field paths: -f
# and --scope offer the paths found in the first 64 KiB of the first
# readable FILE operand already on the command line (with jq, if it is
# installed), array elements as `*`; with no such FILE, phi-encrypt's
# offer the paths of the --fields-from files on the line, else common
# Segment paths.  phi-audit completes
# its command first, then that command's options.

# Sets cur and prev, undoing the split of --opt=value at '='.
_phi_tools_words()
{
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
}

# Adds the files matching the globs $@ and directories; with no glob,
# every file.
_phi_tools_files()
{
	local g IFS=$'\n'

	compopt -o filenames 2>/dev/null
	if (($# == 0)); then
		COMPREPLY+=($(compgen -f -- "$cur"))
		return
	fi
	for g; do
		COMPREPLY+=($(compgen -f -X "!$g" -- "$cur"))
	done
	COMPREPLY+=($(compgen -d -- "$cur"))
}

# Removes the words matching the glob $1 from COMPREPLY.
_phi_tools_drop()
{
	local w keep=()

	for w in "${COMPREPLY[@]}"; do
		[[ $w == $1 ]] || keep+=("$w")
	done
	COMPREPLY=("${keep[@]}")
}

# Adds the words of $1 that start with $cur.
_phi_tools_words_of()
{
	local IFS=$' \t\n'

	COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

# The first readable regular FILE operand on the line; $1 is a regular
# expression of the options that take a value.
_phi_tools_operand()
{
	local i w n=${#COMP_WORDS[@]} opts=1

	for ((i = 1; i < n; i++)); do
		((i == COMP_CWORD)) && continue
		w=${COMP_WORDS[i]}
		if ((opts)) && [[ $w == -- ]]; then
			opts=0
		elif ((opts)) && [[ $w =~ ^($1)$ ]]; then
			[[ ${COMP_WORDS[i + 1]-} == = ]] && ((i++))
			((i++))
		elif ((opts)) && [[ $w == -?* ]]; then
			[[ ${COMP_WORDS[i + 1]-} == = ]] && ((i += 2))
		elif [[ $w != = ]]; then
			w=${w/#\~/$HOME}
			if [[ -f $w && -r $w ]]; then
				printf '%s\n' "$w"
				return 0
			fi
		fi
	done
	return 1
}

# Adds the field paths of the events at the start of file $1 (plain or
# gzip'd), in phi-tools path syntax, that start with $cur.
_phi_tools_paths()
{
	local p out IFS=$'\n'
	local prog='paths | reduce .[] as $s (""; . +
	    (if ($s | type) == "number" then
		(if . == "" then "" else "." end) + "*"
	    elif ($s | test("^$|^[0-9]+$|[.*\\[\\]\"\\\\\\s]")) then
		"[" + ($s | tojson) + "]"
	    else (if . == "" then "" else "." end) + $s end))'

	command -v jq >/dev/null 2>&1 || return 0
	case $1 in
	*.gz) out=$(gzip -dc <"$1" 2>/dev/null | head -c 65536 |
	    jq -r "$prog" 2>/dev/null | sort -u) ;;
	*) out=$(head -c 65536 <"$1" | jq -r "$prog" 2>/dev/null |
	    sort -u) ;;
	esac
	_phi_tools_add_paths "$out"
}

# Adds the paths of $1 (one a line) that start with $cur, quoted for
# the shell where they need it.
_phi_tools_add_paths()
{
	local p IFS=$'\n'

	for p in $1; do
		[[ $p == "$cur"* ]] || continue
		if [[ $p == *[!A-Za-z0-9_.@$-]* ]]; then
			COMPREPLY+=("$(printf '%q' "$p")")
		else
			COMPREPLY+=("$p")
		fi
	done
}

# Common Segment paths that hold PHI, for -f with no FILE on the line
# (the same list is in _phi-encrypt and phi-encrypt.fish).
_phi_tools_segment_paths='anonymousId context.ip context.traits.email
context.traits.name context.traits.phone context.userAgent previousId
properties.email properties.name properties.phone traits.address
traits.birthday traits.email traits.firstName traits.lastName traits.name
traits.phone userId'

# Adds the paths of the --fields-from files on the line (a path a line,
# # comments, or the lines of a phi-classify report); 1 if none is.
_phi_tools_fields_from()
{
	local i f n=${#COMP_WORDS[@]} found=1

	for ((i = 1; i < n - 1; i++)); do
		[[ ${COMP_WORDS[i]} == --fields-from ]] || continue
		f=${COMP_WORDS[i + 1]}
		[[ $f == = ]] && f=${COMP_WORDS[i + 2]-}
		f=${f/#\~/$HOME}
		[[ -f $f && -r $f ]] || continue
		found=0
		_phi_tools_add_paths "$(sed -n -e '/^[[:space:]]*{/{
		    s/.*"path":"\([^"\\]*\)".*/\1/p
		    d
		    }' -e '/^[[:space:]]*#/d' \
		    -e 's/^[[:space:]]*//; s/[[:space:]]*$//; /./p' "$f")"
	done
	return $found
}

_phi_keygen()
{
	local cur prev

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	-i | --id)
		_phi_tools_files '*.pub' '*.key' '*.join'
		return
		;;
	-y | --public | --from)
		_phi_tools_files '*.key'
		return
		;;
	-o | --output | --passphrase-file | --audit-log | \
	    --share-passphrase-file)
		_phi_tools_files
		return
		;;
	--armor)
		_phi_tools_words_of 'pem words'
		return
		;;
	--split)
		_phi_tools_words_of '2/3 3/5'
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '-o --output -s --sign -p --passphrase
		    --passphrase-file -i --id -y --public --join --split --from --armor
		    --combine --share-passphrase-file --share-passphrase
		    --audit-log -h --help -V --version'
	elif [[ " ${COMP_WORDS[*]} " == *" --combine "* ]]; then
		_phi_tools_files '*.share-*'
	fi
}

complete -F _phi_keygen phi-keygen

_phi_encrypt()
{
	local cur prev file
	local argopts='-k|--public-key|-f|--field|--fields-from|--min-class'
	argopts+='|--class|--scope|--keys|-r|--rules|-o|--output|--reject|--reject-append|--max-line|-j|--jobs'
	argopts+='|--suffix|--audit-log|--keep-kid|--in-text|--join|--join-key|--sender|--bind-record'

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	-k | --public-key)
		_phi_tools_files '*.pub'
		return
		;;
	--join-key)
		_phi_tools_files '*.join'
		return
		;;
	--sender)
		_phi_tools_files '*.key'
		_phi_tools_drop '*.log.key'
		return
		;;
	--bind-record)
		_phi_tools_words_of 'messageId userId anonymousId'
		return
		;;
	--keep-kid)
		return
		;;
	-f | --field | --scope | --keys | --in-text | --join)
		# no FILE on the line: the --fields-from files, else Segment's
		if file=$(_phi_tools_operand "$argopts"); then
			_phi_tools_paths "$file"
		elif ! _phi_tools_fields_from; then
			_phi_tools_add_paths "${_phi_tools_segment_paths//$' '/$'\n'}"
		fi
		return
		;;
	--class | --min-class)
		_phi_tools_words_of 'yellow red'
		return
		;;
	-r | --rules)
		_phi_tools_files '*.rules'
		return
		;;
	--fields-from | -o | --output | --reject | --reject-append | --audit-log)
		_phi_tools_files
		return
		;;
	--max-line | --suffix | -j | --jobs)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '-k --public-key -f --field --fields-from -j --jobs
		    --min-class --class --scope --keys -r --rules -o --output --reject
		    --reject-append --max-line --suffix --in-place --stats --strict
		    --progress
		    --no-progress --line-buffered --audit-log --keep-kid --no-pad --in-text
		    --in-text-class --explain --join --join-key --sender --bind-path
		    --bind-record -h --help -V --version'
		return
	fi
	_phi_tools_files
}

complete -F _phi_encrypt phi-encrypt

_phi_decrypt()
{
	local cur prev file
	local argopts='-K|--private-key|--passphrase-file|-f|--field|--token'
	argopts+='|-o|--output|--reject|--reject-append|--mode|--max-line|-j|--jobs|--suffix|--audit-log'
	argopts+='|--sender|--bind-record|--path|--record-value'

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	-K | --private-key)
		# an audit log's pseudonym key (*.log.key) is not a private key
		_phi_tools_files '*.key' '*.share-*'
		_phi_tools_drop '*.log.key'
		return
		;;
	-f | --field)
		file=$(_phi_tools_operand "$argopts") && _phi_tools_paths "$file"
		return
		;;
	--sender)
		_phi_tools_files '*.pub'
		return
		;;
	--bind-record)
		_phi_tools_words_of 'messageId userId anonymousId'
		return
		;;
	--path | --record-value)
		return
		;;
	--passphrase-file | -o | --output | --reject | --reject-append | --audit-log)
		_phi_tools_files
		return
		;;
	--token | --max-line | --suffix | -j | --jobs)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '-K --private-key --passphrase-file -f --field
		    --skip-unknown-keys --token --sender --require-sender
		    --bind-record --path --record-value --mode -o --output --reject
		    --reject-append --max-line --suffix --in-place --stats --strict
		    --progress --no-progress --line-buffered -j --jobs
		    --audit-log -h --help -V --version'
		return
	fi
	_phi_tools_files
}

complete -F _phi_decrypt phi-decrypt

_phi_classify()
{
	local cur prev

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	--min-class | --drop | --redact | --mask | --fail-on)
		_phi_tools_words_of 'red yellow green'
		return
		;;
	-r | --rules)
		_phi_tools_files '*.rules'
		return
		;;
	-k | --public-key)
		_phi_tools_files '*.pub'
		return
		;;
	-o | --output | --reject | --reject-append | --audit-log)
		_phi_tools_files
		return
		;;
	--max-line | --max-paths | --suffix | --scope | -j | --jobs)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '--report --min-class --count-in-text --drop --redact --mask --fail-on
		    --fail-fast --line-buffered --max-paths --scope -r --rules --list-rules -k --public-key -o
		    --output --reject --reject-append
		    --max-line --suffix --in-place --stats --progress --no-progress
		    -j --jobs --audit-log -h --help -V --version'
		return
	fi
	_phi_tools_files
}

complete -F _phi_classify phi-classify

# The options of each phi-audit command (cmd/phi-audit.c, opt_cmds).
_phi_audit_opts()
{
	local all='-h --help -V --version -l --log'
	local writer='-w --workspace -a --actor'

	case $1 in
	record) echo "$all $writer --audit-key -e --event-type -u --end-user
	    -d --details --allow-details --timestamp" ;;
	ingest) echo "$all $writer --audit-key -e --event-type --map
	    --max-line" ;;
	seal) echo "$all $writer -k --key --passphrase-file" ;;
	verify) echo "$all -k --key --checkpoint --from --chain-only
	    --max-unsealed --max-line" ;;
	review) echo "$all --max-line --failed-logins --window --failed-event --absence
	    --hours --utc-offset --tz --decrypt-limit --decrypt-window --summary
	    --rules --no-phi-check" ;;
	rotate) echo "$all $writer" ;;
	esac
}

_phi_audit()
{
	local cur prev cmd file i e
	local argopts='-l|--log|--audit-key|-w|--workspace|-a|--actor'
	argopts+='|-e|--event-type|-u|--end-user|-d|--details|--timestamp'
	argopts+='|--map|--max-line|-k|--key|--passphrase-file|--checkpoint'
	argopts+='|--from|--failed-logins|--window|--failed-event|--absence'
	argopts+='|--hours|--utc-offset|--tz|--decrypt-limit|--decrypt-window'
	argopts+='|--rules|--max-unsealed'

	COMPREPLY=()
	_phi_tools_words
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			_phi_tools_words_of '-h --help -V --version'
		else
			_phi_tools_words_of 'record ingest seal verify review
			    rotate'
		fi
		return
	fi
	cmd=${COMP_WORDS[1]}
	# --map FIELD=<TAB> or --map=FIELD=<TAB>: the paths of the events
	# being ingested.  Readline makes each '=' a word, and the current
	# one when nothing follows it: e is the '=' after FIELD, i --map.
	e=$COMP_CWORD
	[[ ${COMP_WORDS[e]} == = ]] || ((e--))
	i=$((e - 2))
	((i > 2)) && [[ ${COMP_WORDS[i]} == = ]] && ((i--))
	if ((i > 1)) && [[ ${COMP_WORDS[e]} == = &&
	    ${COMP_WORDS[i]} == --map ]]; then
		file=$(_phi_tools_operand "$argopts") && _phi_tools_paths "$file"
		return
	fi
	case $prev in
	-k | --key)
		if [[ $cmd == seal ]]; then
			_phi_tools_files '*.key'
		else
			_phi_tools_files '*.pub'
		fi
		return
		;;
	--map)
		compopt -o nospace 2>/dev/null
		_phi_tools_words_of 'event_type= actor= end_user= workspace=
		    timestamp='
		return
		;;
	--rules)
		_phi_tools_files '*.rules'
		return
		;;
	-l | --log | --audit-key | --passphrase-file | --checkpoint)
		_phi_tools_files
		return
		;;
	--hours)
		_phi_tools_words_of '07-19 00-24'
		return
		;;
	--tz)
		# the zone names of the tz database (America/Chicago)
		[[ -d ${TZDIR:-/usr/share/zoneinfo} ]] &&
		    mapfile -t COMPREPLY < <(cd "${TZDIR:-/usr/share/zoneinfo}" &&
			compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return
		;;
	-w | --workspace | -a | --actor | -e | --event-type | -u | \
	--end-user | -d | --details | --timestamp | --max-line | --from | \
	--failed-logins | --window | --failed-event | --absence | \
	--utc-offset | --decrypt-limit | --decrypt-window | --max-unsealed)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of "$(_phi_audit_opts "$cmd")"
		return
	fi
	case $cmd in
	ingest | verify | review | rotate) _phi_tools_files ;;
	esac
}

complete -F _phi_audit phi-audit
