# classify.bats - phi-classify and the classification engine: accuracy
# on the labelled fixture and on the Presidio yardstick (figures printed),
# --report, pass-through, --drop, --redact, --fail-on, rules files,
# --list-rules, errors, and that no report or message holds a value.
#
# tests/helpers/classify-eval measures the engine without the program.
load test_helper
bats_require_minimum_version 1.5.0

setup_file() {
	export D="$BATS_FILE_TMPDIR"
	gen-events 3000 --seed 7 >"$D/gen.ndjson"
	# the PHI values of those events, one a line (for "never a value")
	"$PY" - "$D/gen.ndjson" >"$D/values" <<-'EOF'
	import json, sys
	for line in open(sys.argv[1], encoding="utf-8"):
	    ev = json.loads(line)
	    t = ev.get("traits", {})
	    ct = ev.get("context", {}).get("traits", {})
	    for v in (t.get("email"), t.get("ssn"), t.get("phone"),
	              t.get("birthday"), t.get("name"), ct.get("email"),
	              ct.get("phone"), ev["context"]["ip"],
	              ev.get("properties", {}).get("provider_npi")):
	        if v:
	            print(v)
	EOF
}

# Fails if any line of file $1 (values) occurs in file $2.
no_values_in() {
	if grep -qF -f "$1" "$2"; then
		echo "$2 holds a value:"
		grep -F -o -f "$1" "$2" | head -3
		return 1
	fi
}

@test "accuracy: labelled fixture, precision and recall >= 0.95 per colour" {
	run classify-eval -v labelled "$FIXTURES/classify-labelled.ndjson"
	echo "$output" | sed 's/^/# /' >&3
	assert_success
	[ "$(wc -l <"$FIXTURES/classify-labelled.ndjson")" -ge 500 ]
	assert_line --regexp '^red +precision 0\.9[5-9][0-9]|^red +precision 1\.000'
	assert_line --regexp '^yellow +precision (0\.9[5-9][0-9]|1\.000) .* recall (0\.9[5-9][0-9]|1\.000)'
	assert_line --regexp '^green +precision (0\.9[5-9][0-9]|1\.000) .* recall (0\.9[5-9][0-9]|1\.000)'
}

@test "accuracy: the evaluation fails when the rules are wrong" {
	# with e-mail addresses called red the yellow and red figures drop
	echo 'rule email colour=red' >wrong.rules
	run classify-eval -r wrong.rules labelled "$FIXTURES/classify-labelled.ndjson"
	assert_failure
}

@test "accuracy: Presidio yardstick (natural key >= 0.98, key value >= 0.9, phones >= 0.6)" {
	run classify-eval presidio "$FIXTURES/presidio-entity-values.ndjson"
	echo "$output" | sed 's/^/# /' >&3
	assert_success
	for t in CREDIT_CARD EMAIL_ADDRESS US_SSN IP_ADDRESS IBAN_CODE PHONE_NUMBER; do
		assert_line --regexp "^$t "
	done
}

@test "free text: identifiers in groups, named by the words before them, vetoed by version words" {
	cat >in.ndjson <<-'EOF'
	{"a":"Card 3528 1313 2918 7462 was declined"}
	{"b":"NPI: 1234567893 on file"}
	{"c":"version 5.11.149.225 released"}
	{"d":"Her SSN is 123 45 6789, thanks"}
	{"e":"Uno Card Game is great fun"}
	{"f":"his NHS number is 943 476 5919 ok"}
	{"g":"NINO AB 12 34 56 C on the form"}
	EOF
	run phi-classify --report in.ndjson
	assert_success
	assert_line '{"path":"a","class":"red","matchers":["creditcard"],"events":1}'
	assert_line '{"path":"b","class":"yellow","matchers":["npi"],"events":1}'
	assert_line '{"path":"c","class":"green","matchers":[],"events":1}'
	assert_line '{"path":"d","class":"red","matchers":["ssn"],"events":1}'
	assert_line '{"path":"e","class":"green","matchers":[],"events":1}'
	assert_line --regexp '^\{"path":"f","class":"red","matchers":\[[^]]*"nhsnumber"'
	assert_line '{"path":"g","class":"red","matchers":["nino"],"events":1}'
}

@test "national formats under a neutral key: phones, postal codes, streets, dates of birth; and what is no phone" {
	# y: caught (yellow) under the key "value"; g: stays green
	"$PY" - >in <<-'EOF'
	import json
	y = ["0569767045", "05 69 76 70 45", "033-780 7595", "030 1234567",
	     "+49 (0)30 1234567", "020 7946 0958", "07700 900123",
	     "912 345 678", "(11) 91234-5678", "03-1234-5678",
	     "090-1234-5678", "13680797271", "+86 136 8079 7271",
	     "+91 98765 43210", "098765 43210", "+33 275687843",
	     "SW1A 1AA", "K1A 0B1", "1012 LG", "01310-100", "\u3012100-0001",
	     "16, rue de la Paix", "Calle de Alcal\u00e1, 45", "Via Roma 10",
	     "Hauptstra\u00dfe 5", "221 Gandhi Nagar",
	     "Damrak 1\n1012 LG Amsterdam", "\u4e2d\u4e09\u4f9d5\u4e01\u76ee27\u756a18\u53f7",
	     "December 7, 1954", "7 d\u00e9cembre 1954", "7. Dezember 1954",
	     "7 de diciembre de 1954", "2003\u5e749\u670825\u65e5"]
	g = ["256.256.256.256", "192.168.1", "123 456 789", "046 454 287",
	     "4006381333931", "1700000000", "19.99", "1234 5678",
	     "2024-05-01T12:00:00Z", "Route 66", "iPhone 12 Pro Max",
	     "75008", "31 febrero 2001"]
	for v in y:
	    print(json.dumps({"value": v, "want": "y"}))
	for v in g:
	    print(json.dumps({"value": v, "want": "g"}))
	EOF
	run phi-classify --scope value --redact yellow in
	assert_success
	echo "$output" >out
	run "$PY" -c '
import json, sys
bad = []
for a, b in zip(open("in"), open("out")):
    want, got = json.loads(a), json.loads(b)
    if (got["value"] is None) != (want["want"] == "y"):
        bad.append(want["value"])
print(len(bad), bad)'
	assert_output '0 []'
}

@test "dates of birth, postal codes and phones under their keys in several languages; event timestamps stay green" {
	printf '%s\n' '{"geburtsdatum":"7. Dezember 1954","fecha_de_nacimiento":"7 de diciembre de 1954","生年月日":"2003年9月25日","plz":"10115","code_postal":"75008","郵便番号":"100-0001","cp":"28013","born":"7 dicembre 1954","timestamp":"2024-05-01T12:00:00Z","sentAt":"2024-05-01T12:00:00.000Z","cap":"blue","telefon":"030 1234567","handy":"0171 1234567","mobil":"blue"}' >in
	run phi-classify --report in
	assert_success
	assert_line '{"path":"telefon","class":"yellow","matchers":["phone"],"events":1}'
	assert_line '{"path":"handy","class":"yellow","matchers":["phone"],"events":1}'
	assert_line '{"path":"mobil","class":"green","matchers":[],"events":1}'
	assert_line '{"path":"geburtsdatum","class":"yellow","matchers":["birthdate","date"],"events":1}'
	assert_line '{"path":"fecha_de_nacimiento","class":"yellow","matchers":["birthdate","date"],"events":1}'
	assert_line '{"path":"生年月日","class":"yellow","matchers":["birthdate","date"],"events":1}'
	assert_line '{"path":"born","class":"yellow","matchers":["birthdate","date"],"events":1}'
	assert_line '{"path":"plz","class":"yellow","matchers":["zipcode"],"events":1}'
	assert_line '{"path":"code_postal","class":"yellow","matchers":["zipcode"],"events":1}'
	assert_line '{"path":"郵便番号","class":"yellow","matchers":["zipcode"],"events":1}'
	assert_line '{"path":"cp","class":"yellow","matchers":["zipcode"],"events":1}'
	assert_line '{"path":"cap","class":"green","matchers":[],"events":1}'
	assert_line '{"path":"timestamp","class":"green","matchers":["technical"],"events":1}'
	assert_line '{"path":"sentAt","class":"green","matchers":["technical"],"events":1}'
}

@test "report: one line per distinct path, sorted, arrays as *, events counted" {
	cat >in.ndjson <<-'EOF'
	{"traits":{"email":"a@example.com","age":30},"items":[{"ssn":"123-45-6789"},{"ssn":"234-56-7890"}],"note":"x"}
	{"traits":{"email":null},"properties":{"weird.key":"jane@example.com"}}

	{"password":{"hash":"x","salt":"y"},"traits":{"email":"phi:1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}
	EOF
	run phi-classify --report in.ndjson
	assert_success
	cat >want <<-'EOF'
	{"path":"items.*.ssn","class":"red","matchers":["ssn"],"events":1}
	{"path":"note","class":"yellow","matchers":["clinical"],"events":1}
	{"path":"password","class":"red","matchers":["password"],"events":1}
	{"path":"password.hash","class":"green","matchers":["technical"],"events":1}
	{"path":"password.salt","class":"green","matchers":[],"events":1}
	{"path":"properties[\"weird.key\"]","class":"yellow","matchers":["email"],"events":1}
	{"path":"traits.age","class":"green","matchers":[],"events":1}
	{"path":"traits.email","class":"yellow","matchers":["email","token-unverified"],"events":3}
	EOF
	diff -u want <(echo "$output")
}

@test "report: gen-events, sorted and unique, classes and counts checked with Python" {
	phi-classify --report "$D/gen.ndjson" >rep
	cut -d'"' -f4 rep >paths
	sort -c paths
	[ "$(sort -u paths | wc -l)" -eq "$(wc -l <rep)" ]
	grep -qx '{"path":"traits.ssn","class":"red","matchers":\["ssn"\],"events":[0-9]*}' rep
	grep -qx '{"path":"context.ip","class":"yellow","matchers":\["ip"\],"events":3000}' rep
	grep -q '{"path":"properties.medications.\*","class":"yellow"' rep
	grep -q '{"path":"messageId","class":"green"' rep
	# events = the number of events holding the path (Python's count)
	n=$("$PY" -c 'import json,sys; print(sum("ssn" in json.loads(l).get("traits",{}) for l in open(sys.argv[1])))' "$D/gen.ndjson")
	grep -qx "{\"path\":\"traits.ssn\",\"class\":\"red\",\"matchers\":\[\"ssn\"\],\"events\":$n}" rep
	[ "$(grep -c '"class":"red"' rep)" -eq 1 ]
}

@test "report: --min-class yellow keeps yellow and red paths only; -o writes the file" {
	phi-classify --report --min-class yellow -o rep "$D/gen.ndjson"
	[ -s rep ]
	! grep -q '"class":"green"' rep || false
	grep -q '"class":"red"' rep
	phi-classify --report "$D/gen.ndjson" | grep -v '"class":"green"' >want
	cmp want rep
}

@test "report and messages never hold a value" {
	phi-classify --report "$D/gen.ndjson" >rep 2>err
	no_values_in "$D/values" rep
	no_values_in "$D/values" err
	run phi-classify --fail-on yellow "$D/gen.ndjson"
	assert_failure 1
	phi-classify --fail-on yellow "$D/gen.ndjson" >/dev/null 2>err2 || true
	[ -s err2 ]
	no_values_in "$D/values" err2
	phi-classify --drop yellow "$D/gen.ndjson" >dropped
	no_values_in "$D/values" dropped
	phi-classify --redact yellow "$D/gen.ndjson" >redacted
	no_values_in "$D/values" redacted
}

@test "filter: events pass through byte for byte (gen-events, Segment spec, stdin)" {
	phi-classify "$D/gen.ndjson" >out
	cmp out "$D/gen.ndjson"
	phi-classify <"$FIXTURES/segment-spec-examples.ndjson" >out2
	cmp out2 "$FIXTURES/segment-spec-examples.ndjson"
	phi-classify - "$D/gen.ndjson" <"$D/gen.ndjson" >out3
	cat "$D/gen.ndjson" "$D/gen.ndjson" | cmp - out3
}

@test "--drop red removes red fields: members, array elements, whole objects" {
	printf '%s\n' '{"x": 1, "ssn": "123-45-6789", "y": 2}' \
	    '{"a":["123-45-6789","ok"],"password":{"hash":"x","salt":"y"},"k":1}' \
	    '{"card":"4111 1111 1111 1111"}' '{"email":"a@example.com"}' >in
	run phi-classify --drop red in
	assert_success
	assert_equal "$output" '{"x": 1, "y": 2}
{"a":["ok"],"k":1}
{}
{"email":"a@example.com"}'
}

@test "--drop red on gen-events equals Python deleting traits.ssn" {
	phi-classify --drop red "$D/gen.ndjson" >out
	"$PY" -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(l)
    e.get("traits", {}).pop("ssn", None)
    print(json.dumps(e, ensure_ascii=False, separators=(",", ":")))
' "$D/gen.ndjson" >want
	cmp want out
}

@test "--redact red writes null in place; --redact yellow takes yellow too" {
	printf '%s\n' '{"ssn":"123-45-6789","password":{"h":1},"l":["123-45-6789"],"e":"a@example.com"}' >in
	run phi-classify --redact red in
	assert_success
	assert_output '{"ssn":null,"password":null,"l":[null],"e":"a@example.com"}'
	run phi-classify --redact yellow in
	assert_success
	assert_output '{"ssn":null,"password":null,"l":[null],"e":null}'
}

@test "--fail-on: exit 1 with the paths on stderr, events still written" {
	printf '%s\n' '{"ok":1}' '{"traits":{"ssn":"123-45-6789"}}' >in
	run --separate-stderr phi-classify --fail-on red in
	assert_failure 1
	assert_output "$(cat in)"
	[[ "$stderr" == *"phi-classify: traits.ssn: red (ssn), in 1 event"* ]]
	[[ "$stderr" == *"1 field of class red or worse"* ]]
	[[ "$stderr" != *"123-45-6789"* ]]
	run phi-classify --fail-on red "$FIXTURES/segment-spec-examples.ndjson"
	assert_failure 1 # the device push token is red
	echo '{"a":"b"}' | phi-classify --fail-on yellow >/dev/null
	echo '{"email":"a@example.com"}' | phi-classify --fail-on red >/dev/null
}

@test "--fail-on with --report: the report is written and the exit is 1" {
	run --separate-stderr phi-classify --report --fail-on yellow "$D/gen.ndjson"
	assert_failure 1
	[ "$(echo "$output" | wc -l)" -gt 20 ]
	[[ "$stderr" == *"traits.email: yellow (email)"* ]]
}

@test "-r: override a colour, add a key name, add a rule" {
	cat >my.rules <<-'EOF'
	# mine
	rule email colour=red
	rule healthplan keys+=member_no
	rule badge colour=yellow keys=*badge_id
	EOF
	echo '{"email":"a@example.com","member_no":"X1","staffBadgeId":"7","x":"y"}' >in
	run phi-classify -r my.rules --report in
	assert_success
	assert_line '{"path":"email","class":"red","matchers":["email"],"events":1}'
	assert_line '{"path":"member_no","class":"yellow","matchers":["healthplan"],"events":1}'
	assert_line '{"path":"staffBadgeId","class":"yellow","matchers":["badge"],"events":1}'
	assert_line '{"path":"x","class":"green","matchers":[],"events":1}'
	run phi-classify --rules my.rules --rules /dev/null --list-rules
	assert_success
	assert_line 'rule email colour=red value=email'
	assert_line 'rule badge colour=yellow'
}

@test "--list-rules prints the rules in force, and its output loads again" {
	run phi-classify --list-rules
	assert_success
	assert_line --regexp '^# [0-9]+ rules, from .*default.rules$'
	assert_line 'rule ssn colour=red value=ssn'
	assert_line --partial 'rule technical colour=green similar=no scan=no'
	echo "$output" >all.rules
	phi-classify --report "$D/gen.ndjson" >want
	phi-classify -r all.rules --report "$D/gen.ndjson" >got
	cmp want got
}

@test "bad rules files: exit 64 with file and line; missing file: exit 66" {
	printf 'rule a colour=red keys=x\n\n\tcolur=red\n' >bad.rules
	run phi-classify -r bad.rules --report /dev/null
	assert_failure 64
	assert_output --partial "phi-classify: bad.rules:3: unknown attribute 'colur'"
	printf 'rule a colour=purple keys=x\n' >bad2.rules
	run phi-classify -r bad2.rules --list-rules
	assert_failure 64
	assert_output --partial "bad2.rules:1: unknown colour 'purple' (red, yellow, green)"
	run phi-classify -r nonexistent.rules --list-rules
	assert_failure 66
	assert_output --partial 'nonexistent.rules: No such file or directory'
	PHI_DATADIR=/nonexistent run phi-classify --list-rules
	assert_failure 66
	assert_output --partial '/nonexistent/rules/default.rules'
}

@test "usage errors exit 64" {
	run phi-classify --drop purple
	assert_failure 64
	assert_output --partial 'expected red, yellow or green'
	run phi-classify --report --drop red /dev/null
	assert_failure 64
	run phi-classify --drop red --redact red /dev/null
	assert_failure 64
	run phi-classify --min-class red /dev/null
	assert_failure 64
	run phi-classify --list-rules some.ndjson
	assert_failure 64
	run phi-classify --no-such-option
	assert_failure 64
}

@test "bad lines: exit 65 naming the line, nothing of it written; --reject keeps the report" {
	printf '%s\n' '{"email":"a@example.com"}' '{"ssn":"123-45-6789"' '{"b":1}' >in
	run --separate-stderr phi-classify in
	assert_failure 65
	assert_output '{"email":"a@example.com"}'
	[[ "$stderr" == *"in:2:"* ]]
	[[ "$stderr" != *"123-45-6789"* ]]
	run --separate-stderr phi-classify --report --reject rej in
	assert_failure 65
	assert_line '{"path":"b","class":"green","matchers":[],"events":1}'
	assert_line '{"path":"email","class":"yellow","matchers":["email"],"events":1}'
	grep -qx '{"ssn":"123-45-6789"' rej
}

@test "--help and --version" {
	run phi-classify --help
	assert_success
	assert_output --partial 'usage: phi-classify'
	assert_output --partial '--fail-on COLOUR'
	run phi-classify --version
	assert_success
	assert_line --regexp '^phi-classify \(phi-tools\) '
}

# Writes one event a line {"fNN": VALUE} from the first tab-separated
# column of file $1 (keys f01, f02, ...: no rule knows them), runs
# phi-classify --report on them and prints "path class matchers VALUE".
neutral_report() {
	"$PY" - "$1" >in.ndjson <<-'PYEOF'
	import json, sys
	for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
	    print(json.dumps({"f%02d" % (i + 1): line.rstrip("\n").split("\t")[0]}))
	PYEOF
	phi-classify --report in.ndjson >report || return 1
	jq -r '[.path, .class, (.matchers | join(","))] | @tsv' report |
	    paste - "$1"
}

@test "national identifiers under a neutral key: red, in their written forms (issue 18)" {
	# value, then the rule expected among the matchers
	cat >ids <<-'EOF'
	943 476 5919	nhsnumber
	AB 12 34 56 C	nino
	AB123456C	nino
	130 692 544	sin
	2341 2341 2346	aadhaar
	1234 5678 9018	mynumber
	12345678Z	dni
	X1234567L	dni
	RSSMRA85T10A562S	codicefiscale
	86095742719	steuerid
	811218-9876	personnummer
	19811218-9876	personnummer
	123 456 782	taxfilenumber
	2123 45670 1	aumedicare
	2 55 08 14 168 025 38	nir
	255081416802538	nir
	1112.22.333	bsn
	111.444.777-35	cpf
	11010519491231002X	cnid
	131052-308T	hetu
	S1234567D	nric
	850101-1234566	rrn
	912-70-1234	itin
	123.45.6789	ssn
	123 45 6789	ssn
	GB82-WEST-1234-5698-7654-32	bankaccount
	EOF
	neutral_report ids >got
	cat got
	# every line red, with the expected rule among its matchers
	run awk -F'\t' '$2 != "red" || index("," $3 ",", "," $5 ",") == 0' got
	assert_output ''
	[ "$(wc -l <got)" -eq "$(wc -l <ids)" ]
}

@test "IP forms: brackets, ports, CIDR ranges are IPs; impossible ones are not (issue 18)" {
	# a v4 address in brackets as mail headers write it: the text scan
	# trims the brackets
	printf '%s\n' '[2001:db8::1]:8080' '[2001:db8::1]' '192.168.1.0/24' \
	    '10.0.0.1:443' '2001:db8::/32' '[192.168.1.1]' >ips
	neutral_report ips >got
	cat got
	run awk -F'\t' '$2 != "yellow" || index("," $3 ",", ",ip,") == 0' got
	assert_output ''
	printf '%s\n' '256.256.256.256' '192.168.1' '192.168.1.0/33' \
	    '10.0.0.1:99999' '300.1.1.1' >bad
	neutral_report bad >got
	cat got
	run awk -F'\t' 'index("," $3 ",", ",ip,") != 0' got
	assert_output ''
}

@test "one digit changed, a bad check or a weak bare form: no identifier (issue 18)" {
	cat >neg <<-'EOF'
	943 476 5918
	9434765919
	AB 12 34 56 E
	GB123456A
	130 692 545
	130692544
	2341 2341 2345
	234123412346
	12345678A
	RSSMRA85T10A562T
	86095742718
	811218-9877
	8112189876
	44051401359
	123 456 783
	2 55 08 14 168 025 39
	111222333
	111.444.777-36
	11144477735
	11010519491231002Y
	131052-308U
	S1234567E
	850101-1234567
	912-93-1234
	912701234
	123456789018
	EOF
	neutral_report neg >got
	cat got
	# (digit groups may still be taken for phone numbers: yellow)
	run awk -F'\t' '$2 == "red"' got
	assert_output ''
}

@test "barcodes, versions, UUIDs, hashes, semvers and order numbers stay green (issue 18)" {
	cat >in.ndjson <<-'EOF'
	{"gtin":"4046869589696","ean":"4111111111111111","barcode":"4006381333931","upc":"036000291452","sku":"4111111111111111","products":[{"ean13":"4054749952522"}]}
	{"value":"4046869589696","code":"4067869819842"}
	{"version":"5.11.149.225","appVersion":"5.11.149.225","os_version":"10.0.19041.1","build":"5.11.149.225","firmware":"5.11.149.225","firmwareVersion":"1.2.3.4"}
	{"id":"550e8400-e29b-41d4-a716-446655440000","digest":"d41d8cd98f00b204e9800998ecf8427e","release":"2.14.3","order_id":"ORD-2024-000123","orderNumber":"100045678"}
	EOF
	run phi-classify --report in.ndjson
	assert_success
	echo "$output"
	run jq -r 'select(.class != "green") | .path' <<<"$output"
	assert_output ''
	# an EAN-13 written in card groups is still a card
	echo '{"value":"4046 8695 8969 6"}' | phi-classify --report >r
	jq -e '.class == "red" and (.matchers | index("creditcard") != null)' r
}

@test "user names, geocodes and bare-hex MACs under their keys (issue 18)" {
	cat >in.ndjson <<-'EOF'
	{"username":"pgibbons","userName":"jdoe","login":"jdoe","screenName":"jdoe","handle":"@jdoe"}
	{"latitude":37.7749,"longitude":-122.4194,"lat":"37.7749","lng":"-122.4194","geo":"37.7749,-122.4194","location":{"latitude":37.7749}}
	{"bssid":"001A2B3C4D5E","hwaddr":"001a2b3c4d5e","macAddress":"001A2B3C4D5E"}
	EOF
	run phi-classify --report in.ndjson
	assert_success
	echo "$output"
	run jq -r 'select(.class != "yellow") | .path' <<<"$output"
	assert_output ''
	# a bare-hex MAC needs a MAC-like key; logins (a count) and a file
	# handle are no user names
	echo '{"value":"001A2B3C4D5E","bssid":"0000000000ZZ","logins":5,"fileHandle":"3"}' |
	    phi-classify --report >r
	run jq -r 'select(.class != "green") | .path' r
	assert_output ''
}

@test "names, handles and geocodes under a neutral key and in text (issue 18)" {
	cat >in.ndjson <<-'EOF'
	{"value":"46.5052","v2":"-77.8758","v3":-104.32242,"v4":"Windler","v5":"Jody4","v6":"Reid.Zemlak97","v7":"mabel_cummings78"}
	{"message":"Customer called, latitude -57.16005, wants a callback","m2":"Re: 58.920344","m3":"please update the surname to Batz asap","m4":"Username: Teagan59","m5":"Bitte Vorname auf Johannes ändern","m6":"Spoke with them, Leila, all good."}
	EOF
	run phi-classify --report in.ndjson
	assert_success
	echo "$output"
	[ "$(jq -r 'select(.class == "yellow") | .path' <<<"$output" | wc -l)" -eq 13 ]
	run jq -r 'select(.class != "yellow") | .path' <<<"$output"
	assert_output ''
	# a ratio, a price, a version, a common word that is a surname, a
	# file name: green; two decimals are a place only after its word
	echo '{"value":"0.8734","v2":"12.99","v3":"4.9.21","v4":"High","v5":"analytics.js","v6":"181.52341","m":"the total is 46.50 today"}' |
	    phi-classify --report >r
	[ "$(wc -l <r)" -eq 7 ]
	run jq -r 'select(.class != "green") | .path' r
	assert_output ''
	echo '{"message":"lat 46.50, ok"}' | phi-classify --report >r
	run jq -r '.class' r
	assert_output 'yellow'
}

@test "context keys: weak checks and context-only shapes (issue 18)" {
	cat >in.ndjson <<-'EOF'
	{"sin":"130692544","nhs":"9434765919","tax_id":"912701234","pesel":"44051401359","bsn":"111222333","cpf":"11144477735","aadhaar":"234123412346","nationalId":"8112189876"}
	{"mrn":"MRN-004512","passportNumber":"X12345678","memberId":"XYZ123456789","npi":"1234567893"}
	EOF
	phi-classify --report in.ndjson >report
	output=$(cat report)
	echo "$output"
	for p in aadhaar bsn cpf nationalId nhs pesel sin tax_id; do
		jq -se --arg p "$p" 'any(.[]; .path == $p and .class == "red")' \
		    <<<"$output" >/dev/null
	done
	jq -se 'any(.[]; .path == "tax_id" and (.matchers | index("itin")))' \
	    <<<"$output" >/dev/null
	jq -se 'any(.[]; .path == "nationalId" and
	    (.matchers | index("personnummer")))' <<<"$output" >/dev/null
	for p in mrn passportNumber memberId npi; do
		jq -se --arg p "$p" 'any(.[]; .path == $p and .class != "green")' \
		    <<<"$output" >/dev/null
	done
}
