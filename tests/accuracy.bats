# accuracy.bats - the labelled multi-locale corpus of issue 18
# (tests/fixtures/pii-corpus.ndjson, made by make-pii-corpus.mjs): its
# size, and floors under phi-classify's precision and recall on it per
# setting, measured by `classify-eval corpus` (tests/accuracy.sh prints
# the same figures, the README's tables come from them).
load test_helper

# setting, floor of precision, floor of recall: the figures after issue
# 18's second round (README: natural 0.980/0.986, neutral 0.979/0.870,
# text 0.966/0.860; after the first round 0.982/0.981, 0.978/0.692,
# 0.959/0.648; before issue 18 0.976/0.750, 0.946/0.459, 0.861/0.292)
# less a little; raise them as it improves.
FLOORS="natural 0.97 0.97
neutral 0.96 0.85
text 0.95 0.84"

corpus() {
	classify-eval "$@" corpus "$FIXTURES/pii-corpus.ndjson"
}

@test "corpus: at least 10,000 rows, 10 locales, three settings, red, yellow and green rows" {
	f=$FIXTURES/pii-corpus.ndjson
	[ "$(wc -l <"$f")" -ge 10000 ]
	[ "$(jq -r .locale "$f" | sort -u | wc -l)" -ge 10 ]
	[ "$(jq -r .setting "$f" | sort -u | tr '\n' ' ')" = "natural neutral text " ]
	[ "$(jq -r .label "$f" | sort -u | tr '\n' ' ')" = "green red yellow " ]
	# every text row says where its value is, no other row does
	[ "$(jq -c 'select((.setting == "text") != (.span != null))' "$f" | wc -l)" -eq 0 ]
	run corpus
	assert_success
	[[ "${lines[0]}" =~ ^corpus:\ ([0-9]+)\ rows,\ [0-9]+\ kinds,\ ([0-9]+)\ locales$ ]]
	[ "${BASH_REMATCH[1]}" -eq "$(wc -l <"$f")" ]
	[ "${BASH_REMATCH[2]}" -ge 10 ]
}

@test "corpus: precision and recall per setting hold their floors" {
	run corpus
	assert_success
	echo "$output" | sed 's/^/# /' >&3
	while read -r set minp minr; do
		pr=$(echo "$output" | awk -v s="$set" '$1 == s && NF == 4 { print $2 }')
		[ -n "$pr" ] || { echo "no line for $set"; return 1; }
		awk -v pr="$pr" -v p="$minp" -v r="$minr" 'BEGIN {
		    split(pr, a, "/"); exit !(a[1] + 0 >= p && a[2] + 0 >= r) }' ||
		    { echo "$set: $pr under $minp/$minr"; return 1; }
	done <<<"$FLOORS"
}

@test "corpus: a row whose path holds no value, or whose span is outside it, is an error" {
	echo '{"locale":"de","kind":"email","setting":"natural","label":"yellow","path":"email","event":{"mail":"a@b.de"}}' >bad.ndjson
	run classify-eval corpus bad.ndjson
	[ "$status" -eq 2 ]
	assert_output --partial "line 1: no value at its path"
	echo '{"locale":"de","kind":"email","setting":"text","label":"yellow","path":"m","event":{"m":"an a@b.de"},"span":[3,11]}' >bad.ndjson
	run classify-eval corpus bad.ndjson
	[ "$status" -eq 2 ]
	echo '{"locale":"de","kind":"email","setting":"text","label":"yellow","path":"m","event":{"m":"an a@b.de"},"span":[3,9]}' >good.ndjson
	run classify-eval corpus good.ndjson
	assert_success
	assert_line "text     1.000/1.000  (1/1, 0/0)"
}

@test "corpus: the value is judged by its path, as phi-classify judges it" {
	# under an array, by the array's key; below a container that fires
	# by its own key (a clinical note), at least that container's colour
	cat >rows.ndjson <<-'EOF'
	{"locale":"en_US","kind":"email","setting":"neutral","label":"yellow","path":"answers[1]","event":{"answers":["no","ann@example.org"]}}
	{"locale":"en_US","kind":"word","setting":"neutral","label":"green","path":"answers[0]","event":{"answers":["no","ann@example.org"]}}
	{"locale":"en_US","kind":"word","setting":"natural","label":"green","path":"notes.text","event":{"notes":{"text":"fine"}}}
	EOF
	run classify-eval -v corpus rows.ndjson
	assert_success
	assert_line "neutral  1.000/1.000  (1/1, 0/1)"
	assert_line "natural  0.000/1.000  (0/0, 1/1)"
	assert_line --partial "# miss line 3 en_US word natural notes.text: expected green, got yellow clinical"
	# the rules that fired on the false alarms, per setting
	assert_line "natural  clinical 1"
	assert_line "neutral  none"
	# the misses name paths and rules, never values
	refute_output --partial "fine"
	# and phi-classify blanks what was found, and only that
	jq -c .event rows.ndjson | phi-classify --redact yellow >out.ndjson
	[ "$(jq -c . out.ndjson | tr '\n' ' ')" = \
	    '{"answers":["no",null]} {"answers":["no",null]} {"notes":null} ' ]
}
