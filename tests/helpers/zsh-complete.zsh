#!/usr/bin/env zsh
# zsh-complete.zsh DIR LINE [AFTER]
# zsh-complete.zsh -o OUTDIR DIR LINE...
# Prints what zsh's completion system (compinit, with DIR first in
# $fpath) proposes for the command line LINE with the cursor at its end
# (or LINE AFTER with the cursor between the two), one match a line as
# it would stand on the line, sorted.  With -o, one shell answers each
# LINE in turn, the matches of the Nth going to the file OUTDIR/N.
# No terminal is needed: an interactive `zsh -f` runs on a
# pseudo-terminal of the zsh/zpty module, LINE and a TAB are typed into
# it, and a compadd wrapper also writes every match that survives zsh's
# own matching against what is typed to a file.  Exits 2 if zsh does not
# get there within 10 s, 3 if zsh/zpty is missing, 1 if the completion
# functions wrote anything on standard error (copied to ours).
# With ZSH_COMPLETE_DUMP naming a file that `compinit -d` wrote for the
# same $fpath, compinit reads it instead of scanning $fpath (0.2 s less).
# Used by tests/completions.bats.
emulate -R zsh
setopt no_unset pipe_fail

usage() {
	print -u2 'usage: zsh-complete.zsh DIR LINE [AFTER]'
	print -u2 '       zsh-complete.zsh -o OUTDIR DIR LINE...'
	exit 64
}
outdir=
if [[ ${1-} == -o ]]; then
	(( $# >= 4 )) || usage
	outdir=$2
	shift 2
else
	(( $# == 2 || $# == 3 )) || usage
fi
zmodload zsh/zpty 2>/dev/null || { print -u2 'zsh/zpty is missing'; exit 3; }
zmodload zsh/zselect 2>/dev/null || { print -u2 'zsh/zselect is missing'; exit 3; }

dir=${1:A}
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/zshcomp.XXXXXX") || exit 70
trap 'zpty -d comp 2>/dev/null; rm -rf -- $work' EXIT

# What the interactive shell runs first: the completion system with our
# functions, the compadd wrapper, and two markers as files (ready: ZLE
# is reading the line; done: the completion widget has finished).
cat >$work/init.zsh <<EOF
PS1= PS2= RPS1=
# no listing (and no "do you wish to see all" question), no menu
unsetopt beep list_beep auto_list auto_menu
LISTMAX=100000
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit
if [[ -n \${ZSH_COMPLETE_DUMP-} && -f \$ZSH_COMPLETE_DUMP ]]; then
	compinit -C -d \$ZSH_COMPLETE_DUMP
else
	compinit -u -D
fi
exec 2>>${(q)work}/err
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
compadd() {
	# -O, -A and -D only gather matches for the completion function
	# itself; leave those alone
	if [[ \${(j: :)@[1,(i)(-|--)]} == *-[OAD]* ]]; then
		builtin compadd "\$@"
		return
	fi
	local -a __hits
	local -A __o
	local __h
	builtin compadd -A __hits "\$@"
	zparseopts -E -A __o P: p: S: s:
	for __h in \$__hits; do
		print -r -- "\$IPREFIX\${__o[-P]-}\${__o[-p]-}\$__h\${__o[-s]-}\${__o[-S]-}\$ISUFFIX" >>${(q)work}/hits
	done
	# and add them, so that the completion functions see what they
	# would see in a terminal (_files falls back to all files when the
	# globbed ones add nothing)
	builtin compadd "\$@"
}
# _main_complete empties comppostfuncs before it calls them: again
comppostfuncs=(_zc_done)
_zc_done() { : >${(q)work}/done; comppostfuncs=(_zc_done) }
_zc_ready() { : >${(q)work}/ready }
zle -N zle-line-init _zc_ready
bindkey -e
bindkey '^I' complete-word
EOF

# Waits for the file $1 (10 s in all for the run), reading what the
# terminal shows meanwhile so that zsh never blocks on a full
# pseudo-terminal.
await() {
	local junk
	for (( ; waited < 1000; waited++ )); do
		[[ -e $work/$1 ]] && return 0
		while zpty -r -t comp junk 2>/dev/null; do :; done
		zselect -t 1 2>/dev/null
	done
	print -u2 "zsh-complete.zsh: no '$1' from zsh within 10 s"
	[[ -s $work/err ]] && cat $work/err >&2
	exit 2
}

# Types LINE AFTER, then the cursor back over AFTER (^B, backward-char),
# then TAB; prints the matches once the completion is over and leaves
# an empty line (^U, kill-whole-line) for the next.
complete_line() {
	local back=
	repeat $#2 back+=$'\C-B'
	rm -f $work/hits $work/done
	zpty -w -n comp "$1$2$back"$'\t'
	await done
	[[ -e $work/hits ]] && sort -u $work/hits
	zpty -w -n comp $'\C-U'
}

# emacs would turn ZLE off; dumb keeps escape sequences out
export TERM=dumb
integer waited=0 i
zpty comp zsh -f -i || exit 70
zpty -w comp "source ${(q)work}/init.zsh"
await ready
if [[ -n $outdir ]]; then
	for (( i = 1; i <= $#; i++ )); do
		complete_line "${@[i]}" '' >$outdir/$i || exit 70
	done
else
	complete_line "$1" "${2-}"
fi
if [[ -s $work/err ]]; then
	cat $work/err >&2
	exit 1
fi
exit 0
