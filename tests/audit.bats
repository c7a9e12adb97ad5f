#!/usr/bin/env bats
# phi-audit: the record and its canonical hash, pseudonyms, locked appends
# from many processes, every tamper case of issue 5 (changed, deleted,
# inserted, swapped, tail cut below a kept checkpoint, rewritten history,
# torn line, bad signature), rotation, ingest and review.

load test_helper

TAMPER="$REPO/tests/helpers/audit_tamper.py"

suite_setup() {
	openssl genpkey -algorithm ed25519 -out s.key 2>/dev/null
	chmod 600 s.key
	openssl pkey -in s.key -pubout -out s.pub
	openssl genpkey -algorithm ed25519 -out other.key 2>/dev/null
	chmod 600 other.key
	openssl pkey -in other.key -pubout -out other.pub
}

# mklog FILE N: N records (plus the "Audit Log Created" one) by ingest.
mklog() {
	seq "$2" | awk '{ printf "{\"event\":\"PHI Viewed\",\"userId\":\"user-%d\"}\n", $1 }' |
	    phi-audit ingest -l "$1" --map event_type=event --map end_user=userId
}

tamper() { "$PY" "$TAMPER" "$@"; }

# finding KIND LINE: the findings on stdout ($output) include one of that
# kind at that line.
has_finding() {
	echo "$output" | grep '^{' | jq -se --arg k "$1" --argjson l "$2" \
	    'any(.[]; .kind == $k and .line == $l)' >/dev/null
}

kinds() {
	echo "$output" | grep '^{' | jq -r .kind | sort -u | tr '\n' ' '
}

@test "record writes the five HIPAA fields, seq, prev and hash, in order" {
	phi-audit record -l a.log -e "PHI Exported" -u user-42 -w ws1 \
	    -d '{"rows": 10, "file": "x.ndjson"}'
	run jq -c 'keys_unsorted' a.log
	assert_line --index 1 '["seq","timestamp","workspace_id","actor_user_id","event_type","end_user_id","details","prev","hash"]'
	run jq -r 'select(.seq == 1) | [.workspace_id, .event_type, .actor_user_id, (.details|tojson)] | join("|")' a.log
	assert_output "ws1|PHI Exported|$(id -un)|{\"rows\":10,\"file\":\"x.ndjson\"}"
	run jq -r .timestamp a.log
	assert_line --index 1 --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'
	# the first record is the log's own, with a random 128-bit log id
	run jq -r 'select(.seq == 0) | [.event_type, .prev, (.details.log_id | length)] | join(" ")' a.log
	assert_output "Audit Log Created $(printf '0%.0s' $(seq 64)) 32"
}

@test "each hash is SHA-256 of the line without its hash member, and prev links" {
	mklog a.log 5
	for i in 1 2 3 4 5 6; do
		[ "$(tamper hash a.log $i)" = "$(sed -n ${i}p a.log | jq -r .hash)" ]
	done
	run jq -r '"\(.seq) \(.prev) \(.hash)"' a.log
	prev=$(printf '0%.0s' $(seq 64))
	for i in 0 1 2 3 4 5; do
		set -- ${lines[$i]}
		[ "$1" = "$i" ]
		[ "$2" = "$prev" ]
		prev=$3
	done
}

@test "end_user_id is HMAC-SHA256 under LOG.key (0600, 32 bytes), never the raw id" {
	phi-audit record -l a.log -e "PHI Viewed" -u "patient-7781"
	[ "$(stat -c %a a.log.key)" = 600 ]
	[ "$(stat -c %s a.log.key)" = 32 ]
	want=$("$PY" -c 'import hmac,hashlib,sys; print(hmac.new(open(sys.argv[1],"rb").read(), b"patient-7781", hashlib.sha256).hexdigest())' a.log.key)
	[ "$(jq -r 'select(.seq==1).end_user_id' a.log)" = "$want" ]
	run grep -c patient-7781 a.log
	assert_output 0
}

@test "pseudonyms are stable under one key and differ under another" {
	phi-audit record -l a.log -e E -u alice
	phi-audit record -l a.log -e E -u alice
	phi-audit record -l a.log -e E -u bob
	head -c 32 /dev/urandom >k2
	chmod 600 k2
	phi-audit record -l b.log --audit-key k2 -e E -u alice
	PHI_AUDIT_KEY=k2 phi-audit record -l b.log -e E -u alice
	run jq -r 'select(.seq > 0).end_user_id' a.log
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[0]}" != "${lines[2]}" ]
	a=${lines[0]}
	run jq -r 'select(.seq > 0).end_user_id' b.log
	[ "${lines[0]}" = "${lines[1]}" ]
	[ "${lines[0]}" != "$a" ]
	[ ! -e b.log.key ]
}

@test "a pseudonym key others can read is refused (77)" {
	head -c 32 /dev/urandom >k
	chmod 644 k
	run phi-audit record -l a.log --audit-key k -e E -u alice
	assert_failure 77
	assert_output --partial "k: group or others can read"
	head -c 8 /dev/urandom >short
	chmod 600 short
	run phi-audit record -l a.log --audit-key short -e E -u alice
	assert_failure 77
}

@test "record: bad details, reserved event types and missing options" {
	run phi-audit record -l a.log -e E -d '[1,2]'
	assert_failure 65
	run phi-audit record -l a.log -e E -d '{"a":'
	assert_failure 65
	run phi-audit record -l a.log -e "Audit Log Sealed"
	assert_failure 65
	run phi-audit record -l a.log
	assert_failure 64
	run phi-audit record -e E
	assert_failure 64
	run phi-audit record -l a.log -e E --checkpoint x
	assert_failure 64
	run phi-audit record -l a.log -e E --timestamp yesterday
	assert_failure 64
	[ ! -s a.log ]
}

@test "record --timestamp is normalised to UTC with milliseconds" {
	phi-audit record -l a.log -e E --timestamp 2026-01-31T09:30:00.5+02:00
	[ "$(jq -r 'select(.seq==1).timestamp' a.log)" = 2026-01-31T07:30:00.500Z ]
}

@test "verify: an intact log, summary and exit 0" {
	mklog a.log 20
	run phi-audit verify a.log
	assert_success
	assert_output "phi-audit: 21/21 records valid, 0/0 seals valid, 0/0 checkpoints valid, 21 records after the last seal, 0 findings"
	PHI_AUDIT_LOG=a.log run phi-audit verify
	assert_success
}

@test "tamper: a changed record is found at its line" {
	mklog a.log 10
	tamper edit a.log 5 actor_user_id '"mallory"'
	run phi-audit verify a.log
	assert_failure 65
	has_finding changed 5
	[ "$(kinds)" = "changed " ]
	assert_output --partial "10/11 records valid"
}

@test "tamper: a changed record with its own hash recomputed breaks the chain" {
	mklog a.log 10
	tamper edit-rehash a.log 5 event_type '"Login"'
	run phi-audit verify a.log
	assert_failure 65
	has_finding broken 6
	assert_output --partial "does not chain to line 5"
}

@test "tamper: a deleted record is found" {
	mklog a.log 10
	sed -i 5d a.log
	run phi-audit verify a.log
	assert_failure 65
	has_finding deleted 5
	assert_output --partial "seq 4 to 4"
	[ "$(kinds)" = "deleted " ]
}

@test "tamper: deleting the first records is a finding" {
	mklog a.log 10
	sed -i 1,3d a.log
	run phi-audit verify a.log
	assert_failure 65
	has_finding deleted 1
}

@test "tamper: an inserted record with a forged, consistent hash is found" {
	mklog a.log 10
	tamper forge a.log 4
	run phi-audit verify a.log
	assert_failure 65
	has_finding inserted 5
	[ "$(kinds)" = "inserted " ]
	# a record copied from elsewhere (its seq repeats)
	mklog b.log 10
	sed -n 3p b.log >line
	sed -i '7r line' b.log
	run phi-audit verify b.log
	assert_failure 65
	has_finding reordered 8
}

@test "tamper: two swapped records are found" {
	mklog a.log 10
	sed -i '4{h;d};5{G}' a.log
	run phi-audit verify a.log
	assert_failure 65
	has_finding swapped 4
	[ "$(kinds)" = "swapped " ]
	assert_output --partial "this record (seq 4) and line 5 (seq 3) are in the wrong order"
}

@test "tamper: a torn last line (crash mid-append) is found; appends go on" {
	mklog a.log 5
	printf '{"seq":6,"timestamp":"2026-' >>a.log
	run phi-audit verify a.log
	assert_failure 65
	has_finding torn 7
	# the next writer ends the torn line and chains to the last good record
	phi-audit record -l a.log -e E
	run phi-audit verify a.log
	assert_failure 65
	has_finding torn 7
	[ "$(kinds)" = "torn " ]
	assert_output --partial "7/8 records valid"
	[ "$(sed -n 8p a.log | jq -r .seq)" = 6 ]
}

@test "seal: prints the checkpoint it appends; verify checks it" {
	mklog a.log 5
	phi-audit seal -l a.log -k s.key >cp
	[ "$(cat cp)" = "$(tail -n 1 a.log)" ]
	run jq -r '"\(.seq) \(.event_type) \(.details.count) \(.details.last_hash == .prev)"' cp
	assert_output "6 Audit Log Sealed 6 true"
	mklog a.log 2
	run phi-audit verify -k s.pub --checkpoint cp a.log
	assert_success
	assert_output --partial "9/9 records valid, 1/1 seals valid, 1/1 checkpoints valid, 2 records after the last seal, 0 findings"
	run phi-audit verify --chain-only a.log
	assert_success
	assert_output --partial "1 seals not checked (no --key)"
}

@test "seal: refuses an exposed key, an empty log, and wants one --key" {
	cp s.key loose.key
	chmod 644 loose.key
	mklog a.log 1
	run phi-audit seal -l a.log -k loose.key
	assert_failure 77
	run phi-audit seal -l empty.log -k s.key
	assert_failure 65
	run phi-audit seal -l a.log
	assert_failure 64
}

@test "tamper: a bad signature, and a seal by an unknown key" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	run phi-audit verify -k other.pub a.log
	assert_failure 65
	has_finding unknown_key 5
	sig=$(jq -r 'select(.seq==4).details.sig' a.log)
	bad="f${sig:1}"
	[ "${sig:0:1}" != f ] || bad="e${sig:1}"
	tamper edit-rehash a.log 5 details "$(sed -n 5p a.log | jq -c --arg s "$bad" '.details.sig = $s | .details')"
	run phi-audit verify -k s.pub a.log
	assert_failure 65
	has_finding bad_signature 5
}

@test "tamper: a rewritten history with a recomputed chain is caught by the seal" {
	mklog a.log 6
	phi-audit seal -l a.log -k s.key >cp
	mklog a.log 2
	tamper rewrite a.log 3 actor_user_id '"mallory"'
	run phi-audit verify -k s.pub a.log
	assert_failure 65
	has_finding seal_mismatch 8
	[ "$(kinds)" = "seal_mismatch " ]
	# ... and the kept checkpoint no longer matches the log
	run phi-audit verify -k s.pub --checkpoint cp a.log
	assert_failure 65
	has_finding rewritten 8
	# forging the seal's last hash too breaks its signature
	new=$(sed -n 8p a.log | jq -c '.details.last_hash = .prev | .details')
	tamper rewrite a.log 8 details "$new"
	run phi-audit verify --chain-only a.log
	assert_success # without the public key only the chain is checked
	assert_output --partial "1 seals not checked"
	run phi-audit verify -k s.pub a.log
	assert_failure 65
	has_finding bad_signature 8
}

@test "tamper: a tail cut off below a kept checkpoint" {
	mklog a.log 5
	phi-audit seal -l a.log -k s.key >cp
	mklog a.log 3
	head -n 4 a.log >cut.log
	run phi-audit verify -k s.pub cut.log
	assert_failure 65 # no seal left at all
	assert_output --partial '"kind":"unsealed","file":"cut.log","line":null'
	run phi-audit verify cut.log
	assert_success # without the kept checkpoint a cut tail is invisible
	run phi-audit verify -k s.pub --checkpoint cp cut.log
	assert_failure 65
	echo "$output" | grep '^{' | jq -se 'any(.[]; .kind == "truncated" and .seq == 6 and .line == 4)'
}

@test "checkpoints: a forged or foreign checkpoint is refused" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >cp
	run phi-audit verify -k other.pub --checkpoint cp a.log
	assert_failure 65
	assert_output --partial '"kind":"bad_checkpoint"'
	mklog b.log 3
	run phi-audit verify -k s.pub --checkpoint cp b.log
	assert_failure 65
	assert_output --partial '"kind":"log_id"'
	run phi-audit verify --checkpoint cp a.log
	assert_failure 64
}

@test "seals are part of the chain and must be continuous" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >/dev/null
	run phi-audit verify -k s.pub a.log
	assert_success
	assert_output --partial "2/2 seals valid"
	# dropping the records between two seals (and re-chaining) is found
	sed -i 6,7d a.log
	run phi-audit verify -k s.pub a.log
	assert_failure 65
	has_finding deleted 6
}

@test "concurrent writers: 8 processes x 500 records, chain valid, none lost" {
	for p in 1 2 3 4 5 6 7 8; do
		seq 500 | awk -v p=$p '{ printf "{\"event\":\"W%d\",\"userId\":\"u%d\"}\n", p, $1 }' |
		    phi-audit ingest -l a.log --map event_type=event --map end_user=userId &
	done
	wait
	run phi-audit verify a.log
	assert_success
	assert_output --partial "4001/4001 records valid"
	[ "$(jq -r .event_type a.log | grep -c '^W')" = 4000 ]
	for p in 1 2 3 4 5 6 7 8; do
		[ "$(grep -c "\"W$p\"" a.log)" = 500 ]
	done
	[ "$(jq .seq a.log | sort -n | uniq | wc -l)" = 4001 ]
	[ "$(ls a.log.key* | wc -l)" = 1 ] # racing first users made one key
}

@test "concurrent record processes keep the chain (16 x 20)" {
	for p in $(seq 16); do
		(for i in $(seq 20); do phi-audit record -l a.log -e "P$p" -u "u$i" || exit 1; done) &
	done
	wait
	run phi-audit verify a.log
	assert_success
	assert_output --partial "321/321 records valid"
}

@test "rotation: files verify as one; a rotated file alone needs --from" {
	mklog a.log 5
	phi-audit rotate -l a.log a.log.1
	mklog a.log 3
	run phi-audit rotate -l a.log a.log.1
	assert_failure 73
	run phi-audit verify a.log.1 a.log
	assert_success
	assert_output --partial "10/10 records valid"
	run jq -r 'select(.seq == 6) | "\(.event_type) \(.details.file)"' a.log
	assert_output "Audit Log Rotated a.log.1"
	run phi-audit verify a.log
	assert_failure 65
	has_finding deleted 1
	last=$(tail -n 1 a.log.1 | jq -r .hash)
	run phi-audit verify --from "$last" a.log
	assert_success
	run phi-audit verify --from "$(printf 'a%.0s' $(seq 64))" a.log
	assert_failure 65
	has_finding broken 1
	run phi-audit verify --from nothex a.log
	assert_failure 64
	# files in the wrong order
	run phi-audit verify a.log a.log.1
	assert_failure 65
}

@test "rotation: seals before and after, and a checkpoint, across files" {
	mklog a.log 3
	phi-audit seal -l a.log -k s.key >cp
	phi-audit rotate -l a.log a.log.1
	mklog a.log 2
	phi-audit seal -l a.log -k s.key >>cp
	run phi-audit verify -k s.pub --checkpoint cp a.log.1 a.log
	assert_success
	assert_output --partial "2/2 seals valid, 2/2 checkpoints valid"
}

@test "a log moved away by hand is reopened by running writers" {
	mklog a.log 2
	mv a.log old.log
	phi-audit record -l a.log -e E
	[ "$(wc -l <old.log)" = 3 ] && [ "$(wc -l <a.log)" = 2 ]
}

@test "ingest: maps fields, pseudonymises, never copies other values" {
	cat >ev.ndjson <<'JSON'
{"type":"track","event":"Login Failed","userId":"u-1","context":{"actor":"svc"},"traits":{"email":"jane@example.com","ssn":"123-45-6789"},"timestamp":"2026-03-01T10:00:00+01:00"}

{"type":"track","event":"Export","userId":1234,"traits":{"phone":"+1 555 0100"},"timestamp":"2026-03-01T10:05:00.250Z"}
JSON
	phi-audit ingest -l a.log -w ws --map event_type=event --map end_user=userId \
	    --map actor=context.actor --map timestamp=timestamp -a batch ev.ndjson
	run jq -c 'select(.seq > 0) | [.event_type, .actor_user_id, .timestamp, .details]' a.log
	assert_line --index 0 '["Login Failed","svc","2026-03-01T09:00:00.000Z",{"source":"ev.ndjson","line":1}]'
	assert_line --index 1 '["Export","batch","2026-03-01T10:05:00.250Z",{"source":"ev.ndjson","line":3}]'
	# hashes, pseudonyms and the random log_id are long hex runs, where
	# "1234" turns up by chance (CI saw it): look outside them
	sed -E 's/[0-9a-f]{16,}//g' a.log >plain.log
	[ "$(grep -c '"seq"' plain.log)" -eq 3 ]
	for v in jane@example.com 123-45-6789 "555 0100" u-1 1234 track; do
		run grep -c -- "$v" plain.log
		assert_output 0
	done
	run phi-audit verify a.log
	assert_success
}

@test "ingest: a line that is not a JSON object stops with its line number (65)" {
	printf '{"event":"A"}\n{"event":"B"}\nnot json\n{"event":"C"}\n' >ev
	run phi-audit ingest -l a.log --map event_type=event ev
	assert_failure 65
	assert_output --partial "ev:3:"
	refute_output --partial "not json"
	[ "$(jq -r .event_type a.log | tr '\n' ' ')" = "Audit Log Created A B " ]
	printf '{"event":"A"}\n{"x":1}\n' | {
		run phi-audit ingest -l b.log --map event_type=event
		assert_failure 65
		assert_output --partial "(stdin):2: no event type"
	}
	printf '{"event":{"a":1}}\n' >obj
	run phi-audit ingest -l c.log --map event_type=event obj
	assert_failure 65
	printf '{"event":"Audit Log Sealed"}\n' >res
	run phi-audit ingest -l c.log --map event_type=event res
	assert_failure 65
	run phi-audit ingest -l c.log --map nosuch=x
	assert_failure 64
	run phi-audit ingest -l c.log --map event_type='a[' 
	assert_failure 64
}

@test "ingest: --event-type gives the type when the event has none" {
	printf '{"userId":"x"}\n{"userId":"y","event":"Own"}\n' |
	    phi-audit ingest -l a.log -e "App Event" --map event_type=event --map end_user=userId
	run jq -r 'select(.seq > 0).event_type' a.log
	assert_output "App Event
Own"
}

review_log() {
	cat >ev.ndjson <<'JSON'
{"e":"Login","a":"ann","t":"2026-03-02T09:00:00Z"}
{"e":"Login Failed","a":"bob","t":"2026-03-02T09:01:00Z"}
{"e":"Login Failed","a":"bob","t":"2026-03-02T09:01:30Z"}
{"e":"Login Failed","a":"bob","t":"2026-03-02T09:02:00Z"}
{"e":"Login Failed","a":"ann","t":"2026-03-02T09:02:10Z"}
{"e":"PHI Decrypted","a":"ann","t":"2026-03-02T10:00:00Z","n":600}
{"e":"PHI Decrypted","a":"ann","t":"2026-03-02T11:00:00Z","n":600}
{"e":"Login","a":"eve","t":"2026-03-02T23:30:00Z"}
{"e":"Login","a":"ann","t":"2026-03-05T09:00:00Z"}
JSON
	phi-audit ingest -l a.log --map event_type=e --map actor=a --map timestamp=t ev.ndjson
	# the volume of a decryption is its details.values (as the hooks write)
	phi-audit record -l a.log -a ann -e "PHI Decrypted" -d '{"values":600}' --timestamp 2026-03-05T10:00:00Z
	phi-audit record -l a.log -a ann -e "PHI Decrypted" -d '{"values":600}' --timestamp 2026-03-05T10:30:00Z
}

@test "review: failed-login bursts, absence, off hours, decryption volume" {
	review_log
	run phi-audit review --failed-logins 3 --window 120 --absence 86400 \
	    --hours 08-18 --decrypt-limit 1000 a.log
	assert_success
	run jq -c 'select(.alert == "failed_logins") | [.actor_user_id, .count, .from, .to, .line]' <<<"$output"
	assert_output '["bob",3,"2026-03-02T09:01:00.000Z","2026-03-02T09:02:00.000Z",5]'
	out=$(phi-audit review --failed-logins 3 --window 120 --hours 08-18 --decrypt-limit 1000 a.log)
	run jq -c 'select(.alert == "absence") | [.from, .to, .seconds]' <<<"$out"
	assert_output '["2026-03-02T23:30:00.000Z","2026-03-05T09:00:00.000Z",207000]'
	run jq -c 'select(.alert == "off_hours") | [.actor_user_id, .timestamp]' <<<"$out"
	assert_output '["eve","2026-03-02T23:30:00.000Z"]'
	run jq -c 'select(.alert == "decrypt_volume") | [.actor_user_id, .count, .line]' <<<"$out"
	assert_output '["ann",1200,12]'
	# the ingested decryptions had no details.values: they count 1 each
	run phi-audit review --hours 00-24 --absence 0 --failed-logins 0 --decrypt-limit 1 a.log
	assert_success
	run jq -c 'select(.alert == "decrypt_volume") | .line' <<<"$output"
	assert_output "8
11"
}

@test "review: thresholds move the alerts; the offset moves working hours" {
	review_log
	run phi-audit review --failed-logins 4 --window 120 a.log
	assert_success
	refute_output --partial failed_logins
	run phi-audit review --hours 08-18 --utc-offset +02:00 --absence 0 a.log
	assert_success
	# 09:00Z is 11:00 at +02:00; 23:30Z is 01:30; 10:00Z/11:00Z inside
	run jq -r 'select(.alert == "off_hours") | .timestamp' <<<"$output"
	assert_output "2026-03-02T23:30:00.000Z"
	run phi-audit review --hours 25-26 a.log
	assert_failure 64
	run phi-audit review --utc-offset 2 a.log
	assert_failure 64
}

@test "review --tz: a named zone, with its daylight saving time" {
	# America/Chicago is UTC-6 in winter, UTC-5 from 2026-03-08 02:00
	# local (08:00Z), when 02:00 becomes 03:00
	[ -f /usr/share/zoneinfo/America/Chicago ] ||
	    fail "no tz database: make deps installs tzdata"
	for t in 2026-01-15T12:30:00Z 2026-07-01T12:30:00Z \
	    2026-03-08T07:30:00Z 2026-03-08T08:30:00Z; do
		phi-audit record -l a.log -a ann -e Login --timestamp "$t"
	done
	# 06:30 CST is off, 07:30 CDT in
	run phi-audit review --hours 07-19 --absence 0 --tz America/Chicago a.log
	assert_success
	run jq -r 'select(.alert == "off_hours") | .timestamp' <<<"$output"
	assert_output "2026-01-15T12:30:00.000Z
2026-03-08T07:30:00.000Z
2026-03-08T08:30:00.000Z"
	# on the day: 01:30 CST is off, 08:30Z is 03:30 CDT (02:30 at a
	# fixed -06:00), in; the TZ of the environment does not matter
	TZ=Asia/Tokyo run phi-audit review --hours 03-19 --absence 0 \
	    --tz America/Chicago a.log
	assert_success
	run jq -r 'select(.alert == "off_hours") | .timestamp' <<<"$output"
	assert_output "2026-03-08T07:30:00.000Z"
	run phi-audit review --hours 03-19 --absence 0 --utc-offset -06:00 a.log
	run jq -r 'select(.alert == "off_hours") | .timestamp' <<<"$output"
	assert_output "2026-03-08T07:30:00.000Z
2026-03-08T08:30:00.000Z"
}

@test "review --tz: an unknown zone or two zones is a usage error" {
	phi-audit record -l a.log -a ann -e Login
	# the C library would take an unknown name for UTC: refused
	run phi-audit review --tz Mars/Olympus_Mons a.log
	assert_failure 64
	assert_output --partial "--tz Mars/Olympus_Mons: unknown time zone"
	run phi-audit review --tz ../../etc/passwd a.log
	assert_failure 64
	assert_output --partial "--tz: expected a time zone name"
	run phi-audit review --tz UTC --utc-offset +01:00 a.log
	assert_failure 64
	assert_output --partial "give one time zone"
	run phi-audit review --tz America/Chicago a.log
	assert_success
	run phi-audit verify --tz UTC a.log
	assert_failure 64
	assert_output --partial "not an option of 'verify'"
}

@test "review --summary counts by event type and actor" {
	review_log
	run phi-audit review --summary a.log
	assert_success
	assert_line '{"event_type":"Login Failed","actor_user_id":"bob","count":3}'
	assert_line '{"event_type":"Login Failed","actor_user_id":"ann","count":1}'
	assert_line '{"event_type":"PHI Decrypted","actor_user_id":"ann","count":4}'
	assert_line '{"total":12,"first":"2026-03-02T09:00:00.000Z","last":"2026-03-05T10:30:00.000Z"}'
}

@test "review: a line that is not a record is an alert and exit 65" {
	mklog a.log 2
	echo garbage >>a.log
	run phi-audit review a.log
	assert_failure 65
	assert_output --partial '{"alert":"unreadable","file":"a.log","line":4}'
}

@test "--help, --version, usage errors" {
	run phi-audit --help
	assert_success
	assert_output --partial "usage: phi-audit COMMAND"
	assert_output --partial "Example:"
	run phi-audit verify --help
	assert_success
	run phi-audit --version
	assert_success
	assert_output --partial "phi-audit (phi-tools)"
	run phi-audit
	assert_failure 64
	run phi-audit frobnicate
	assert_failure 64
	run phi-audit verify --bogus a
	assert_failure 64
	run phi-audit verify nosuch.log
	assert_failure 66
}

@test "a log that cannot be written fails with 74" {
	mkdir dir.log
	run phi-audit record -l dir.log -e E
	assert_failure 74
	assert_output --partial "dir.log: Is a directory"
	run phi-audit ingest -l dir.log --map event_type=e </dev/null
	assert_failure 74
}

@test "seal with phi-keygen --sign keys: key_id is the key's id; passphrases" {
	kid=$(phi-keygen --sign -o sg)
	mklog a.log 2
	phi-audit seal -l a.log -k sg.key >cp
	[ "$(jq -r .details.key_id cp)" = "$kid" ]
	run phi-audit verify -k sg.pub --checkpoint cp a.log
	assert_success
	echo 'correct horse' >pass
	phi-keygen --sign --passphrase-file pass -o enc >/dev/null
	phi-audit seal -l a.log -k enc.key --passphrase-file pass >/dev/null
	echo 'wrong' >bad
	run phi-audit seal -l a.log -k enc.key --passphrase-file bad
	assert_failure 77
	run phi-audit verify -k sg.pub -k enc.pub a.log
	assert_success
	assert_output --partial "2/2 seals valid"
	# a seal's key_id names the key: with only one of them, the other is unknown
	run phi-audit verify -k enc.pub a.log
	assert_failure 65
	has_finding unknown_key 4
}

@test "review: a record holding a value that looks like PHI, named by path only" {
	phi-audit record -l a.log -e "PHI Decrypted" \
	    -d '{"values":12,"file":"in.ndjson","key_id":"e92d8a77dd71dd67"}'
	phi-audit record -l a.log -e Export -a jane.doe@example.com \
	    -d '{"rows":3,"ssn":"123-45-6789"}' --allow-details
	run phi-audit review --hours 00-24 a.log
	assert_success
	refute_output --partial 123-45-6789
	run jq -c 'select(.alert == "phi") | [.seq, [.fields[] | .path, .colour]]' <<<"$output"
	assert_output '[2,["actor_user_id","yellow","details.ssn","red"]]'
	run phi-audit review --hours 00-24 --no-phi-check a.log
	assert_success
	refute_output --partial '"phi"'
	# the user's rules are added to the defaults
	printf 'rule project_code colour=red keys=ticket\n' >my.rules
	phi-audit record -l a.log -e Export -d '{"ticket":"T-1"}'
	run phi-audit review --hours 00-24 --rules my.rules a.log
	assert_success
	run jq -c 'select(.alert == "phi" and .seq == 3) | .fields' <<<"$output"
	assert_output '[{"path":"details.ticket","colour":"red","matchers":["project_code"]}]'
}

@test "records longer than the first tail read chain correctly; details are capped" {
	big=$(head -c 12000 /dev/zero | tr '\0' 'x')
	phi-audit record -l a.log -e E -d "{\"pad\":\"$big\"}"
	phi-audit record -l a.log -e E -d "{\"pad\":\"$big\"}"
	phi-audit record -l a.log -e F
	run phi-audit verify a.log
	assert_success
	assert_output --partial "4/4 records valid"
	huge=$(head -c 17000 /dev/zero | tr '\0' 'x')
	run phi-audit record -l a.log -e E -d "{\"pad\":\"$huge\"}"
	assert_failure 65
	assert_output --partial "longer than"
}

@test "verify and review read standard input as -" {
	mklog a.log 3
	run phi-audit verify - <a.log
	assert_success
	assert_output --partial "4/4 records valid"
	sed -i 3d a.log
	run phi-audit verify - <a.log
	assert_failure 65
	assert_output --partial '"kind":"deleted","file":"-","line":3'
	run phi-audit review --summary - <a.log
	assert_success
	assert_line '{"event_type":"PHI Viewed","actor_user_id":"'"$(id -un)"'","count":2}'
}

@test "rotation among concurrent appends: 4 writers x 50 records, 3 rotations, none lost" {
	local p r pids=()
	mklog a.log 2
	# two writers hold the log open across the rotations (ingest from a
	# slow pipe), two run a process per record
	for p in 1 2; do
		for i in $(seq 50); do
			printf '{"event":"W%d","userId":"u%d"}\n' "$p" "$i"
			sleep 0.02
		done | phi-audit ingest -l a.log --map event_type=event \
		    --map end_user=userId &
		pids+=($!)
	done
	for p in 3 4; do
		(for i in $(seq 50); do
			phi-audit record -l a.log -e "W$p" -u "u$i" || exit 1
		done) &
		pids+=($!)
	done
	for r in 1 2 3; do
		sleep 0.25
		phi-audit rotate -l a.log "a.log.$r"
	done
	for p in "${pids[@]}"; do wait "$p"; done
	# 3 + 200 + 3 Rotated records, one chain across the four files
	run phi-audit verify a.log.1 a.log.2 a.log.3 a.log
	assert_success
	assert_output --partial "206/206 records valid"
	for p in 1 2 3 4; do
		[ "$(cat a.log.[123] a.log | grep -c "\"W$p\"")" = 50 ]
	done
	[ "$(cat a.log.[123] a.log | jq .seq | sort -n | uniq | wc -l)" = 206 ]
	# the rotations fell among the appends: the slow writers' records
	# are in more than one file
	[ "$(grep -l '"W1"' a.log.[123] a.log | wc -l)" -ge 2 ]
	[ "$(grep -l '"W2"' a.log.[123] a.log | wc -l)" -ge 2 ]
}

@test "rotation: the new log replaces the old by rename, keeps its mode, leaves no temporary file" {
	mklog a.log 3
	chmod 640 a.log
	cp a.log before.log
	ino=$(stat -c %i a.log)
	phi-audit rotate -l a.log a.log.1
	cmp a.log.1 before.log
	[ "$(stat -c %i a.log)" != "$ino" ]
	[ "$(stat -c %a a.log)" = 640 ]
	[ "$(stat -c %a a.log.1)" = 640 ]
	[ "$(ls -A | grep -v '^s\.\|^other\.' | tr '\n' ' ')" = "a.log a.log.1 a.log.key before.log " ]
	# into another directory
	mkdir old
	phi-audit record -l a.log -e E
	phi-audit rotate -l a.log old/a.log.2
	run phi-audit verify a.log.1 old/a.log.2 a.log
	assert_success
	assert_output --partial "7/7 records valid"
	[ "$(ls -A old)" = a.log.2 ]
	# a directory that does not exist: 74 naming the file, nothing done
	cp a.log before.log
	run phi-audit rotate -l a.log nodir/a.log.3
	assert_failure 74
	assert_output --regexp '^phi-audit: nodir/a\.log\.3: .*No such file or directory'
	cmp a.log before.log
	# a file that exists is never replaced
	run phi-audit rotate -l a.log a.log.1
	assert_failure 73
	assert_output "phi-audit: a.log.1: File exists (a file is never replaced: give a new name)"
	cmp a.log before.log
	run cmp -s a.log.1 before.log
	assert_failure
	[ "$(ls -A | grep -v '^s\.\|^other\.' | tr '\n' ' ')" = "a.log a.log.1 a.log.key before.log old " ]
}

@test "rotation of a log with a torn last line: the copy keeps it, the new log chains past it" {
	mklog a.log 3
	printf '{"seq":4,"timest' >>a.log
	cp a.log before.log
	phi-audit rotate -l a.log a.log.1
	cmp a.log.1 before.log
	[ "$(jq -r .prev a.log)" = "$(sed -n 4p a.log.1 | jq -r .hash)" ]
	[ "$(jq .seq a.log)" = 4 ]
	run phi-audit verify a.log.1 a.log
	assert_failure 65
	[ "$(echo "$output" | grep '^{' | jq -r '"\(.kind) \(.file) \(.line)"')" = "torn a.log.1 5" ]
}

@test "an option of another command is named, not its value" {
	run phi-audit record -k 1 -l a.log -e Test
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "phi-audit: --key: not an option of 'record'" ]
	run phi-audit verify --event-type=Secret a.log
	[ "$status" -eq 64 ]
	[ "${lines[0]}" = "phi-audit: --event-type: not an option of 'verify'" ]
}
