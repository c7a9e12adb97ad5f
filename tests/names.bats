# names.bats - personal names under any key and in free text (issue 18):
# phi-classify --report on names under a neutral key and in a message,
# product and page names left green, the dictionaries listed by
# --list-rules, a user's dictionary, and load failures named by file and
# line without the value.
load test_helper
bats_require_minimum_version 1.5.0

@test "names: a name under a neutral key and in a message is yellow, product and page names green" {
	cat >in.ndjson <<-'EOF'
	{"value":"Maria Garcia","name":"Checkout Page","event":"Signed Up"}
	{"answers":["佐藤 太郎"],"comment":"Great product, would buy again"}
	{"message":"Please call Dr. Okonkwo about the refill","title":"Monopoly 3rd Edition"}
	EOF
	phi-classify --report in.ndjson >rep
	grep -Fx '{"path":"value","class":"yellow","matchers":["name"],"events":1}' rep
	grep -Fx '{"path":"answers.*","class":"yellow","matchers":["name"],"events":1}' rep
	grep -Fx '{"path":"message","class":"yellow","matchers":["name"],"events":1}' rep
	grep -Fx '{"path":"name","class":"green","matchers":[],"events":1}' rep
	grep -Fx '{"path":"event","class":"green","matchers":[],"events":1}' rep
	grep -Fx '{"path":"comment","class":"green","matchers":[],"events":1}' rep
	grep -Fx '{"path":"title","class":"green","matchers":[],"events":1}' rep
	run ! grep -F -e Garcia -e Okonkwo -e 佐藤 rep
}

@test "names: --list-rules shows the dictionaries in force with counts and sources" {
	phi-classify --list-rules >rules
	grep -E '^names first .*/us-ssa-first.names  # 10000 names: names first: US given names' rules
	grep -E '^names last .*/us-census-last.names  # [0-9]+ names: ' rules
	grep -E '^names last .*/cjk-last.names  # [0-9]+ names: ' rules
	grep -E '^names common .*/common.names  # [0-9]+ names: ' rules
}

@test "names: a user's rules file adds a dictionary (relative to the rules file)" {
	mkdir d
	printf '# names first: our staff\nZorbuline\n' >d/staff.names
	printf 'names first staff.names\n' >d/our.rules
	echo '{"value":"Zorbuline Qwertz"}' >in.ndjson
	phi-classify --report in.ndjson >before
	grep -F '"class":"green"' before
	phi-classify -r d/our.rules --report in.ndjson >after
	grep -F '"class":"yellow","matchers":["name"]' after
	phi-classify -r d/our.rules --list-rules | grep -F 'staff.names  # 1 names: names first: our staff'
}

@test "names: a bad dictionary line is an error naming file and line, not the value" {
	printf '# x\nAnna\nJean Secretvalue\n' >bad.names
	printf 'names last bad.names\n' >bad.rules
	echo '{"value":"x"}' >in.ndjson
	run -64 phi-classify -r bad.rules --report in.ndjson
	assert_output --partial 'bad.names:3: not a name'
	refute_output --partial Secretvalue
	printf 'names last missing.names\n' >miss.rules
	run -66 phi-classify -r miss.rules --report in.ndjson
	assert_output --partial 'missing.names'
	printf 'names middle x.names\n' >list.rules
	run -64 phi-classify -r list.rules --report in.ndjson
	assert_output --partial "list.rules:1: expected 'names first|last|common FILE'"
}
