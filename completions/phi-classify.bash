# bash completion for phi-classify (phi-tools)               -*- shell-script -*-
#
# Installed as bash-completion/completions/phi-classify; it can also be
# sourced by itself (`. phi-classify.bash`): it needs no bash-completion
# package.  Colours for --min-class, --drop, --redact and --fail-on; *.rules
# files and directories for -r.

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

_phi_classify()
{
	local cur prev

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	--min-class | --drop | --redact | --fail-on)
		_phi_tools_words_of 'red yellow green'
		return
		;;
	-r | --rules)
		_phi_tools_files '*.rules'
		return
		;;
	-o | --output | --reject | --audit-log)
		_phi_tools_files
		return
		;;
	--max-line | --suffix)
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '--report --min-class --drop --redact --fail-on
		    -r --rules --list-rules -o --output --reject --max-line
		    --suffix --in-place --stats --progress --no-progress
		    --audit-log -h --help -V --version'
		return
	fi
	_phi_tools_files
}

complete -F _phi_classify phi-classify
