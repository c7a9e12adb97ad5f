# deadcheck.awk - finds checks that cannot fail in bats files (used by
# tests/lint.sh; awk -f tests/deadcheck.awk FILE...).
#
# Under errexit bash ignores the status of every command of an `A && B`
# list but the last, and of a `! cmd` command, so in a @test body (or a
# function of a .bats file) such a command checks nothing unless it is the
# body's last command, or it ends in `|| false` (or `|| return N`,
# `|| exit N`, `|| fail`).  Prints FILE:LINE: WHY for each one.
#
# The scan follows quotes, $( ) and ( ) (a subshell's status is its last
# command's: checked), here-documents and comments; what is left at the top
# level is cut into commands at `;` and newlines.  Conditions of if, elif,
# while and until, and [[ ]], are not commands here.

# The top-level text of one physical line; the context stack (ctx[1..sp]:
# T top, P paren, D double quote, S single quote) carries over lines.
function skeleton(s,    out, i, c, n, top, d, q) {
	out = ""
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		top = ctx[sp]
		if (top == "S") {
			if (c == "'")
				sp--
			continue
		}
		if (top == "D") {
			if (c == "\\")
				i++
			else if (c == "\"")
				sp--
			else if (c == "$" && substr(s, i + 1, 1) == "(") {
				ctx[++sp] = "P"
				i++
			}
			continue
		}
		if (c == "\\") {
			if (sp == 1)
				out = out substr(s, i, 2)
			i++
			continue
		}
		if (c == "#" && (i == 1 || substr(s, i - 1, 1) ~ /[ \t;(]/))
			break
		if (c == "'") {
			ctx[++sp] = "S"
			continue
		}
		if (c == "\"") {
			ctx[++sp] = "D"
			continue
		}
		if (c == "(") {
			ctx[++sp] = "P"
			continue
		}
		if (c == ")" && top == "P") {
			sp--
			continue
		}
		if (c == "<" && substr(s, i, 3) ~ /^<<[^<]/) {
			d = substr(s, i + 2)
			sub(/^-/, "", d)
			hdtabs = substr(s, i + 2, 1) == "-"
			sub(/^[ \t]*/, "", d)
			q = substr(d, 1, 1)
			if (q == "'" || q == "\"")
				d = substr(d, 2)
			match(d, /^[A-Za-z0-9_]+/)
			if (RLENGTH > 0)
				heredoc = substr(d, 1, RLENGTH)
		}
		if (sp == 1)
			out = out c
	}
	return out
}

# C without its [[ ]] tests.
function unbracket(c,    i, j) {
	while ((i = index(c, "[[")) > 0) {
		j = index(substr(c, i + 2), "]]")
		if (j == 0)
			break
		c = substr(c, 1, i - 1) "test" substr(c, i + j + 3)
	}
	return c
}

# Is command C (trimmed) a dead check?  Not when a || follows its last &&
# (or its !): the failure goes somewhere; not when the list ends in
# continue, break, return or skip: that is control flow, not a check.
function dead(c,    t) {
	while (c ~ /^(then|do|else|[{}]|time)([ \t]|$)/)
		sub(/^[^ \t]+[ \t]*/, "", c)
	if (c ~ /^(if|elif|while|until)[ \t]/)
		return ""
	c = unbracket(c)
	t = c
	sub(/.*&&/, "", t)
	if (t ~ /\|\|/)
		return ""
	if (c ~ /^![ \t]/)
		return "! command not last, without || false"
	if (c ~ /&&/ && t !~ /^[ \t]*(continue|break|return|skip)([ \t]|$)/)
		return "&& list not last, without || false"
	return ""
}

# Checks the commands of body lines 1..nl (text lt[], first line ln[]):
# every command but the last of the last line (and, when the body ends
# with a case, the last command of each arm).
function check_body(    i, k, m, m0, parts, why, arms) {
	arms = lt[nl] ~ /^[ \t]*esac([ \t;]|$)/
	for (i = 1; i <= nl; i++) {
		m = m0 = split(lt[i], parts, /;/)
		while (m > 0 && parts[m] ~ /^[ \t]*$/)
			m--
		for (k = 1; k <= m; k++) {
			if (i == nl && k == m)
				continue
			if (arms && k < m0 && parts[k + 1] == "")
				continue
			sub(/^[ \t]+/, "", parts[k])
			sub(/[ \t]+$/, "", parts[k])
			why = dead(parts[k])
			if (why != "")
				printf "%s:%d: %s: %s\n", FILENAME, ln[i], why,
				    parts[k]
		}
	}
}

FNR == 1 { inbody = 0; sp = 1; ctx[1] = "T"; heredoc = ""; inhd = "" }

inhd != "" {
	t = $0
	if (hdtabs)
		sub(/^\t+/, "", t)
	if (t == inhd)
		inhd = ""
	next
}

!inbody && (/^@test .*\{[ \t]*$/ || /^[A-Za-z_][A-Za-z0-9_]*\(\)[ \t]*\{[ \t]*$/) {
	inbody = 1
	nl = 0
	cont = 0
	next
}

!inbody { skeleton($0); if (heredoc != "") { inhd = heredoc; heredoc = "" } next }

sp == 1 && /^\}[ \t]*$/ && !cont {
	check_body()
	inbody = 0
	next
}

{
	s = skeleton($0)
	if (cont)
		lt[nl] = lt[nl] " " s
	else if (s !~ /^[ \t]*$/ || sp > 1) {
		lt[++nl] = s
		ln[nl] = FNR
	} else
		next
	cont = sp > 1 || s ~ /(\\|&&|\|\||\|)[ \t]*$/
	if (heredoc != "") {
		inhd = heredoc
		heredoc = ""
	}
}
