# bench/middle.sh - sourced by bench/run.sh and bench/ab.sh.
# middle: the median of the numbers on standard input (0 for none)
middle() {
	sort -g | awk '{ a[NR] = $1 } END { print NR ? a[int((NR + 1) / 2)] : 0 }'
}
