# bash completion for phi-keygen (phi-tools)                 -*- shell-script -*-
#
# Installed as bash-completion/completions/phi-keygen; it can also be
# sourced by itself (`. phi-keygen.bash`): it needs no bash-completion
# package.  --id offers *.pub and *.key files and directories.

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

_phi_keygen()
{
	local cur prev

	COMPREPLY=()
	_phi_tools_words
	case $prev in
	-i | --id)
		_phi_tools_files '*.pub' '*.key'
		return
		;;
	-o | --output | --passphrase-file | --audit-log)
		_phi_tools_files
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		_phi_tools_words_of '-o --output -s --sign -p --passphrase
		    --passphrase-file -i --id --audit-log -h --help -V --version'
	fi
}

complete -F _phi_keygen phi-keygen
