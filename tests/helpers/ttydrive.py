"""ttydrive.py ANSWER... -- CMD [ARG...]

Runs CMD on a new pseudo-terminal (so it has a /dev/tty), answers each
prompt (output ending in ":") with the next ANSWER, copies everything the
terminal shows to stdout, and exits with CMD's exit status.  Used by the
bats suites to test passphrase prompts (and that they do not echo).
"""
import os
import pty
import sys

i = sys.argv.index('--')
answers, cmd = sys.argv[1:i], sys.argv[i + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
seen = b''
while True:
    try:
        b = os.read(fd, 1024)
    except OSError:
        break
    if not b:
        break
    sys.stdout.buffer.write(b)
    seen += b
    if seen.rstrip(b' ').endswith(b':') and answers:
        os.write(fd, answers.pop(0).encode() + b'\n')
        seen = b''
sys.stdout.flush()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
