# splitcheck.awk - finds string literals split mid-line in C files (used
# by tests/lint.sh; awk -f tests/splitcheck.awk FILE...).
#
# A message or a help line reads in the code as it prints: two adjacent
# string literals ("abc " "def", on one line or two) are a split unless
# the first ends in \n (a help text of one whole line per literal is
# fine).  Prints FILE:LINE: WHY for each split, LINE the second literal's.
# (A split that only ends a \x escape, "stra\xc3\x9f" "e", is written
# with the character itself instead: "straße".)
#
# The scan follows /* */ and // comments, character constants and
# escapes, across lines; comments and white space between two literals
# keep them adjacent, any other token (a macro such as PRIu64, a comma)
# does not.  #include lines are skipped.

FNR == 1 { incomment = 0; prev = "" }

# Scans one physical line; prev is the last literal's text while nothing
# but comments and white space followed it ("" otherwise).
{
	s = $0
	n = length(s)
	i = 1
	if (!incomment && s ~ /^[ \t]*#[ \t]*include/) {
		prev = ""
		next
	}
	while (i <= n) {
		c = substr(s, i, 1)
		if (incomment) {
			if (substr(s, i, 2) == "*/") {
				incomment = 0
				i += 2
			} else
				i++
			continue
		}
		if (substr(s, i, 2) == "/*") {
			incomment = 1
			i += 2
			continue
		}
		if (substr(s, i, 2) == "//")
			break
		if (c == " " || c == "\t" || (c == "\\" && i == n)) {
			i++
			continue
		}
		if (c == "'") {
			for (i++; i <= n && substr(s, i, 1) != "'"; i++)
				if (substr(s, i, 1) == "\\")
					i++
			i++
			prev = ""
			continue
		}
		if (c == "\"") {
			start = i
			for (i++; i <= n && substr(s, i, 1) != "\""; i++)
				if (substr(s, i, 1) == "\\")
					i++
			lit = substr(s, start + 1, i - start - 1)
			if (prev != "" && prev !~ /\\n$/)
				printf "%s:%d: a string literal split after \"%s\": join them (a message reads as it prints)\n",
				    FILENAME, FNR, prev
			prev = lit == "" ? "\"\"" : lit
			i++
			continue
		}
		prev = ""
		i++
	}
}
