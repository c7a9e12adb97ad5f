#!/usr/bin/env bats
# Join tokens (issue 21): phi-keygen --join, phi-encrypt --join-key and
# --join, determinism and separation, phi-decrypt opening them, and
# GROUP BY / JOIN in sqlite3 on the join-token column.
load test_helper
bats_require_minimum_version 1.5.0

mode_of() { stat -c %a "$1"; }

@test "keygen --join -o NAME writes NAME.join (0600, PHI JOIN KEY) and prints its id" {
	run phi-keygen --join -o team
	assert_success
	assert_output --regexp '^[0-9a-f]{16}$'
	[ "$(mode_of team.join)" = 600 ]
	head -1 team.join | grep -qx -- '-----BEGIN PHI JOIN KEY-----'
	[ "$(sed -n 2p team.join | base64 -d | wc -c)" -eq 32 ]
	[ "$(ls | wc -l)" -eq 1 ] # no temporary files left
}

@test "the join key id is SHA-256('phi-tools/1 join id' || secret), and --id agrees" {
	id=$(phi-keygen --join -o j)
	want=$( { printf 'phi-tools/1 join id'; sed -n 2p j.join | base64 -d; } |
	    sha256sum | cut -c1-16)
	[ "$id" = "$want" ]
	[ "$(phi-keygen --id j.join)" = "$id" ]
}

@test "keygen --join never writes over an existing file (77)" {
	echo keep >j.join
	run phi-keygen --join -o j
	[ "$status" -eq 77 ]
	assert_output --partial 'j.join: already exists'
	[ "$(cat j.join)" = keep ]
}

@test "a join key readable by others is refused (77), naming the file" {
	phi-keygen --join -o j >/dev/null
	chmod 644 j.join
	run phi-keygen --id j.join
	[ "$status" -eq 77 ]
	assert_output --partial 'j.join'
	refute_output --partial "$(sed -n 2p j.join)"
}

@test "keygen --join takes -o only: no -s, no passphrase, not alone (64)" {
	run phi-keygen --join
	[ "$status" -eq 64 ]
	run phi-keygen --join -s -o j
	[ "$status" -eq 64 ]
	assert_output --partial '--join goes with -o NAME only'
	run phi-keygen --join -p -o j
	[ "$status" -eq 64 ]
	[ ! -e j.join ]
}

# A recipient key pair, a join key and events whose identifiers repeat.
join_setup() {
	phi-keygen -o k >/dev/null
	phi-keygen --join -o j >/dev/null
	gen-events "${1:-400}" --seed 7 --users "${2:-40}" >plain.ndjson
}

J="--join userId --join traits.email --join context.traits.email"

@test "encrypt --join: equal values give equal tokens, within a run, across runs and processes" {
	join_setup
	phi-encrypt -k k.pub --join-key j.join $J plain.ndjson >a.ndjson
	PHI_JOIN_KEY=j.join phi-encrypt -k k.pub $J plain.ndjson >b.ndjson
	cmp a.ndjson b.ndjson
	# two shards in two processes give the lines of one run
	head -n 150 plain.ndjson | phi-encrypt -k k.pub --join-key j.join $J >c.ndjson
	tail -n +151 plain.ndjson | phi-encrypt -k k.pub --join-key j.join $J >>c.ndjson
	cmp a.ndjson c.ndjson
	# as many distinct tokens as distinct values, and no value in clear
	[ "$(jq -r .userId a.ndjson | sort -u | wc -l)" -eq \
	    "$(jq -r .userId plain.ndjson | sort -u | wc -l)" ]
	[ "$(jq -r .userId plain.ndjson | sort -u | wc -l)" -gt 10 ]
	! grep -q usr_ a.ndjson || false
	[ "$(jq -r '.userId | startswith("phi:1:")' a.ndjson | sort -u)" = true ]
	# the same email in traits and context.traits: one token
	[ "$(jq -r 'select(.type=="identify") | .traits.email' a.ndjson | sort -u |
	    comm -12 - <(jq -r '.context.traits.email // empty' a.ndjson | sort -u) |
	    wc -l)" -gt 0 ]
}

@test "join tokens differ between two join keys and between two recipients" {
	join_setup 50 5
	phi-keygen --join -o j2 >/dev/null
	phi-keygen -o k2 >/dev/null
	phi-encrypt -k k.pub --join-key j.join --join userId plain.ndjson |
	    jq -r .userId | sort -u >a
	phi-encrypt -k k.pub --join-key j2.join --join userId plain.ndjson |
	    jq -r .userId | sort -u >b
	phi-encrypt -k k2.pub --join-key j.join --join userId plain.ndjson |
	    jq -r .userId | sort -u >c
	[ "$(wc -l <a)" -eq 5 ]
	[ "$(sort -u a b c | wc -l)" -eq 15 ]
}

@test "phi-decrypt opens join tokens as it is (padded and --no-pad)" {
	join_setup
	phi-encrypt -k k.pub --join-key j.join $J -f traits.phone plain.ndjson >a.ndjson
	phi-decrypt -K k.key a.ndjson | cmp - plain.ndjson
	phi-encrypt --no-pad -k k.pub --join-key j.join $J plain.ndjson >n.ndjson
	phi-decrypt -K k.key n.ndjson | cmp - plain.ndjson
	PHI_JOIN_KEY=j.join phi-encrypt --no-pad -k k.pub $J plain.ndjson | cmp - n.ndjson
	# --no-pad: another plaintext, so other tokens, shorter ones
	[ "$(jq -r .userId a.ndjson | head -1 | wc -c)" -gt \
	    "$(jq -r .userId n.ndjson | head -1 | wc -c)" ]
	# non-join fields stay randomised
	[ "$(jq -r '.traits.phone // empty' a.ndjson | sort | uniq -d | wc -l)" -eq 0 ]
}

@test "10^5 distinct values give 10^5 distinct join tokens" {
	phi-keygen -o k >/dev/null
	phi-keygen --join -o j >/dev/null
	seq 1 100000 | awk '{ printf "{\"id\":\"patient-%06d\"}\n", $1 }' >p.ndjson
	phi-encrypt -k k.pub --join-key j.join --join id p.ndjson >e.ndjson
	[ "$(jq -r .id e.ndjson | sort -u | wc -l)" -eq 100000 ]
}

@test "encrypt --join needs a join key (64); --join-key needs --join (64)" {
	join_setup 5 2
	run phi-encrypt -k k.pub --join userId plain.ndjson
	[ "$status" -eq 64 ]
	assert_output --partial 'PHI_JOIN_KEY'
	run phi-encrypt -k k.pub --join-key j.join -f userId plain.ndjson
	[ "$status" -eq 64 ]
	run phi-encrypt -k k.pub --join-key k.key --join userId plain.ndjson
	[ "$status" -eq 77 ]
	assert_output --partial 'k.key: not a join key'
}

@test "a --join path that selects nothing: a warning naming --join, 65 with --strict" {
	join_setup 5 2
	run phi-encrypt -k k.pub --join-key j.join --join userid plain.ndjson
	assert_success
	assert_output --partial '--join userid selected nothing; did you mean userId?'
	run phi-encrypt --strict -k k.pub --join-key j.join --join userid \
	    -f userId plain.ndjson
	[ "$status" -eq 65 ]
	assert_output --partial '--join userid selected nothing'
	refute_output --partial '-f userid'
}

@test "encrypt --join warns of low-entropy kinds, once a path, never showing a value" {
	phi-keygen -o k >/dev/null
	phi-keygen --join -o j >/dev/null
	for i in 1 2 3; do
		echo '{"email":"dana'$i'@example.com","gender":"female","sex":"F","zip":"94110","smoker":true,"dob":"1990-04-0'$i'","mrn":"MRN-00'$i'4411"}'
	done >p.ndjson
	run phi-encrypt -k k.pub --join-key j.join --join email --join mrn \
	    --join gender --join sex --join zip --join smoker --join dob p.ndjson
	assert_success
	assert_output --partial '--join gender: a value of a low-entropy kind (gender)'
	assert_output --partial '--join zip: a value of a low-entropy kind (zipcode)'
	assert_output --partial '--join smoker: a value of a low-entropy kind (true, false or null)'
	assert_output --partial '--join sex: a value of a low-entropy kind (3 characters or fewer)'
	assert_output --partial '--join dob: a value of a low-entropy kind (birthdate)'
	refute_output --partial '--join email'
	refute_output --partial '--join mrn'
	refute_output --partial 'female'
	refute_output --partial '94110'
	[ "$(echo "$output" | grep -c 'low-entropy')" -eq 5 ]
}

# sqlite3 :memory: with the events of FILE.ndjson as table ev (column j),
# then SQL.
sql() {
	jq -s -c . "$1" >"$1.json"
	sqlite3 :memory: "CREATE TABLE ev AS SELECT value AS j FROM json_each(readfile('$1.json')); $2"
}

@test "sqlite3: GROUP BY and JOIN on join tokens give the counts of the plaintext" {
	join_setup 3000 150
	phi-encrypt -k k.pub --join-key j.join $J plain.ndjson >enc.ndjson
	# events per user
	q="SELECT count(*) AS n FROM ev GROUP BY json_extract(j, '$.userId') ORDER BY n;"
	sql plain.ndjson "$q" >p1
	sql enc.ndjson "$q" >e1
	[ "$(wc -l <p1)" -eq 150 ]
	cmp p1 e1
	# a users table from identify events, joined to the track events by
	# email: events per user, and the number of rows joined
	q="CREATE TABLE users AS SELECT DISTINCT json_extract(j, '$.userId') AS id,
	    json_extract(j, '$.traits.email') AS email FROM ev
	    WHERE json_extract(j, '$.type') = 'identify';
	  SELECT count(*) FROM ev JOIN users
	    ON json_extract(ev.j, '$.context.traits.email') = users.email;
	  SELECT count(*) AS n FROM ev JOIN users
	    ON json_extract(ev.j, '$.userId') = users.id
	    GROUP BY users.email ORDER BY n;"
	sql plain.ndjson "$q" >p2
	sql enc.ndjson "$q" >e2
	[ "$(head -1 p2)" -gt 100 ]
	cmp p2 e2
	# and the plaintext is not in the encrypted table
	q="SELECT count(*) FROM ev WHERE instr(j, 'usr_') OR instr(j, '@example.com');"
	run sql plain.ndjson "$q"
	[ "$output" -eq 3000 ] # the control
	run sql enc.ndjson "$q"
	assert_output 0
}

@test "phi-classify reports join tokens as it reports other tokens" {
	join_setup 200 20
	phi-encrypt -k k.pub --join-key j.join $J plain.ndjson >a.ndjson
	phi-encrypt -k k.pub -f userId -f traits.email -f context.traits.email \
	    plain.ndjson >b.ndjson
	phi-classify --report a.ndjson >ra
	phi-classify --report b.ndjson >rb
	grep -q '"path":"userId".*token-unverified' ra
	cmp ra rb
}

@test "encrypt --explain names --join paths as --join, and needs no join key" {
	gen-events 20 --seed 7 --users 4 >plain.ndjson
	run phi-encrypt --explain --join userId -f traits.email --join nope plain.ndjson
	assert_success
	assert_output --regexp 'userId +20 +20  --join userId'
	assert_output --regexp 'traits.email .* -f traits.email'
	assert_output --partial '--join nope: selected nothing'
	assert_output --partial 'phi-encrypt: --join nope selected nothing'
}

@test "--join makes suite-1 tokens: with --sender, PHI_SENDER_KEY, --bind-path or --bind-record it is a usage error" {
	phi-keygen -o k >/dev/null
	phi-keygen --join -o j >/dev/null
	printf '%s\n' '{"userId":"u-1","messageId":"m1"}' >in.ndjson
	for opt in "--sender k.key" "--bind-path" "--bind-record messageId"; do
		# shellcheck disable=SC2086
		run -64 phi-encrypt -k k.pub --join-key j.join --join userId $opt in.ndjson
		[[ "$output" == *"--join makes suite-1 tokens (phi:1): it cannot go with"* ]]
	done
	PHI_SENDER_KEY=k.key run -64 phi-encrypt -k k.pub --join-key j.join --join userId in.ndjson
	run -0 phi-encrypt -k k.pub --join-key j.join --join userId in.ndjson
}
