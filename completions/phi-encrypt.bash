# bash completion for phi-encrypt (phi-tools)                -*- shell-script -*-
#
# Installed as bash-completion/completions/phi-encrypt; it can also be
# sourced by itself (`. phi-encrypt.bash`): it needs no bash-completion
# package.  Key files: -k offers *.pub files and directories.  Field
# paths: -f and --scope offer the paths found in the first 64 KiB of the
# first readable FILE operand already on the command line (with jq, if
# it is installed).

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
		(if . == "" then "" else "." end) + ($s | tostring)
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
	for p in $out; do
		[[ $p == "$cur"* ]] || continue
		if [[ $p == *[!A-Za-z0-9_.@$-]* ]]; then
			COMPREPLY+=("$(printf '%q' "$p")")
		else
			COMPREPLY+=("$p")
		fi
	done
}

_phi_encrypt()
{
	local cur prev file
	local argopts='-k|--public-key|-f|--field|--fields-from|--min-class'
	argopts+='|--class|--scope|--rules|-o|--output|--reject|--max-line'
	argopts+='|--suffix|--audit-log'

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	-k | --public-key)
		_phi_tools_files '*.pub'
		return
		;;
	-f | --field | --scope)
		file=$(_phi_tools_operand "$argopts") && _phi_tools_paths "$file"
		return
		;;
	--class | --min-class)
		_phi_tools_words_of 'yellow red'
		return
		;;
	--rules)
		_phi_tools_files '*.rules'
		return
		;;
	--fields-from | -o | --output | --reject | --audit-log)
		_phi_tools_files
		return
		;;
	--max-line | --suffix)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '-k --public-key -f --field --fields-from
		    --min-class --class --scope --rules -o --output --reject
		    --max-line --suffix --in-place --stats --progress
		    --no-progress --audit-log -h --help -V --version'
		return
	fi
	_phi_tools_files
}

complete -F _phi_encrypt phi-encrypt
