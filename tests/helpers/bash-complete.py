"""bash-complete.py FILE OUTDIR LINE...

What bash's own completion (readline: its word splitting, COMP_WORDS,
COMP_CWORD, the function that `complete -p` registers) puts in COMPREPLY
for each command line LINE with the cursor at its end.  An interactive
`bash --norc` runs on a new pseudo-terminal (no terminal is needed),
sources FILE, and wraps the function registered for every command so
that, after it ran, COMPREPLY goes to a file; each LINE is typed with a
TAB, and its COMPREPLY (one word a line, in order) ends up in OUTDIR/N
for the Nth LINE.  Whatever the completion functions write on standard
error is copied to ours and makes the exit status 1; 2 if bash does not
get there within 10 s.  Used by tests/completions.bats.
"""
import os
import pty
import select
import shutil
import signal
import sys
import tempfile
import time

PROMPT = b'@@READY@@ '


def main():
    if len(sys.argv) < 4:
        sys.stderr.write('usage: bash-complete.py FILE OUTDIR LINE...\n')
        return 64
    comp, outdir, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
    work = tempfile.mkdtemp(prefix='bashcomp.')
    try:
        return drive(comp, outdir, lines, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def init_script(comp, work):
    """The commands the interactive bash runs before the lines."""
    q = "'" + work.replace("'", "'\\''") + "'"
    c = "'" + comp.replace("'", "'\\''") + "'"
    return f"""
. {c}
declare -A _tc_fn
_tc_wrap() {{
	"${{_tc_fn[$1]}}" "$@" 2>>{q}/err
	local s=$?
	printf '%s\\n' "${{COMPREPLY[@]}}" >{q}/hits
	: >{q}/done
	return $s
}}
while read -r _tc_line; do
	[[ $_tc_line =~ -F\\ ([^ ]+)\\ (.+)$ ]] || continue
	_tc_fn[${{BASH_REMATCH[2]}}]=${{BASH_REMATCH[1]}}
	eval "${{_tc_line/-F ${{BASH_REMATCH[1]}} /-F _tc_wrap }}"
done < <(complete -p)
bind 'set bell-style none'
unset HISTFILE
PS1='{PROMPT.decode()}'
""".encode()


def reap(pid):
    """Waits a second for bash to go, then kills it."""
    for _ in range(100):
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def drive(comp, outdir, lines, work):
    env = dict(os.environ, TERM='dumb', PS1='$ ')
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe('bash', ['bash', '--norc', '--noprofile', '-i'], env)
    deadline = time.monotonic() + 10
    seen = b''

    def pump(until):
        """Reads the terminal until until(seen) holds; False on timeout."""
        nonlocal seen
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([fd], [], [], min(left, 0.01))
            if r:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    return False
        return True

    with open(os.path.join(work, 'init.sh'), 'wb') as f:
        f.write(init_script(comp, work))
    os.write(fd, b'. ' + os.path.join(work, 'init.sh').encode() + b'\n')
    ok = pump(lambda: PROMPT in seen)
    done = os.path.join(work, 'done')
    hits = os.path.join(work, 'hits')
    for i, line in enumerate(lines, 1):
        if not ok:
            break
        for f in (done, hits):
            if os.path.exists(f):
                os.unlink(f)
        os.write(fd, line.encode() + b'\t')
        ok = pump(lambda: os.path.exists(done))
        if ok:
            shutil.copyfile(hits, os.path.join(outdir, str(i)))
        # ^E^U: to the end of the line, then erase it
        os.write(fd, b'\x05\x15')
    os.write(fd, b'exit\n')
    os.close(fd)
    reap(pid)
    err = os.path.join(work, 'err')
    if not ok:
        sys.stderr.write('bash-complete.py: no answer from bash within'
                         ' 10 s\n')
    if os.path.exists(err) and os.path.getsize(err):
        with open(err, 'rb') as f:
            sys.stderr.buffer.write(f.read())
        return 1 if ok else 2
    return 0 if ok else 2


sys.exit(main())
