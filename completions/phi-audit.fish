# fish completion for phi-audit (phi-tools).  Installed as phi-audit.fish
# in share/fish/vendor_completions.d.  The command first, then the
# options of that command (cmd/phi-audit.c, opt_cmds).

# __phi_tools_paths and __phi_tools_files come from fish-functions/
# (vendor_functions.d); asking for the first loads both.
functions -q __phi_tools_paths

# --tz ZONE: the zone names of the tz database (America/Chicago).
function __phi_audit_tz
    set -l d /usr/share/zoneinfo
    set -q TZDIR; and set d $TZDIR
    for p in (__fish_complete_path $d/(commandline -ct))
        string replace -- $d/ '' $p
    end
end

# --map FIELD=PATH: the audit fields, then the paths of the events.
# Also for --map=FIELD=PATH, where fish matches what this prints against
# what follows --map=.
function __phi_audit_map
    set -l tok (string replace -r -- '^--map=' '' (commandline -ct))
    if string match -q -- '*=*' $tok
        set -l field (string replace -r -- '=.*' '' $tok)
        for p in (__phi_tools_paths -l --log --audit-key -w --workspace \
                -a --actor -e --event-type --map --max-line)
            echo $field=$p
        end
    else
        printf '%s=\n' event_type actor end_user workspace timestamp
    end
end

set -l c phi-audit
set -l cmds record ingest seal verify review rotate
set -l writers record ingest seal rotate
complete -c $c -f
complete -c $c -n "not __fish_seen_subcommand_from $cmds" -a record -d 'Append one record'
complete -c $c -n "not __fish_seen_subcommand_from $cmds" -a ingest -d 'Append one record per NDJSON event'
complete -c $c -n "not __fish_seen_subcommand_from $cmds" -a seal -d 'Append a signed checkpoint and print it'
complete -c $c -n "not __fish_seen_subcommand_from $cmds" -a verify -d 'Check the chain, seals and checkpoints'
complete -c $c -n "not __fish_seen_subcommand_from $cmds" -a review -d 'Alerts or a summary for the periodic review'
complete -c $c -n "not __fish_seen_subcommand_from $cmds" -a rotate -d 'Copy the log to FILE and start it again'
complete -c $c -s h -l help -d 'Show the help'
complete -c $c -s V -l version -d 'Show the version'

complete -c $c -n "__fish_seen_subcommand_from $cmds" -s l -l log -r -F -d 'The audit log (default $PHI_AUDIT_LOG)'
complete -c $c -n "__fish_seen_subcommand_from $writers" -s w -l workspace -x -d 'workspace_id'
complete -c $c -n "__fish_seen_subcommand_from $writers" -s a -l actor -x -a '(__fish_complete_users)' -d 'actor_user_id'
complete -c $c -n "__fish_seen_subcommand_from record ingest" -l audit-key -r -F -d 'Pseudonym key file'
complete -c $c -n "__fish_seen_subcommand_from record ingest" -s e -l event-type -x -d 'event_type'
complete -c $c -n "__fish_seen_subcommand_from record" -s u -l end-user -x -d 'The end user (written as a pseudonym)'
complete -c $c -n "__fish_seen_subcommand_from record" -s d -l details -x -d 'A JSON object: counts, key ids, file names'
complete -c $c -n "__fish_seen_subcommand_from record" -l allow-details -d 'Write -d even if it looks like PHI'
complete -c $c -n "__fish_seen_subcommand_from record" -l timestamp -x -d 'RFC 3339 time of the event'
complete -c $c -n "__fish_seen_subcommand_from ingest" -l map -x -a '(__phi_audit_map)' -d 'Take an audit field from an event path'
complete -c $c -n "__fish_seen_subcommand_from ingest verify review" -l max-line -x -d 'Longest line read (default 64M)'
complete -c $c -n "__fish_seen_subcommand_from seal" -s k -l key -r -f -a '(__phi_tools_files .key)' -d 'The Ed25519 signing key'
complete -c $c -n "__fish_seen_subcommand_from seal" -l passphrase-file -r -F -d 'The signing key passphrase (first line)'
complete -c $c -n "__fish_seen_subcommand_from verify" -s k -l key -r -f -a '(__phi_tools_files .pub)' -d 'An Ed25519 public key of the seals'
complete -c $c -n "__fish_seen_subcommand_from verify" -l checkpoint -r -F -d 'Seals kept apart'
complete -c $c -n "__fish_seen_subcommand_from verify" -l from -x -d 'The first FILE follows the record with this hash'
complete -c $c -n "__fish_seen_subcommand_from verify" -l chain-only -d 'Check the chain alone (detects accidents, not an attacker)'
complete -c $c -n "__fish_seen_subcommand_from verify" -l max-unsealed -x -d 'More than N records after the last seal is a finding'
complete -c $c -n "__fish_seen_subcommand_from review" -l failed-logins -x -d 'Alert at N failed logins of an actor'
complete -c $c -n "__fish_seen_subcommand_from review" -l window -x -d 'Failed-login window in seconds'
complete -c $c -n "__fish_seen_subcommand_from review" -l failed-event -x -d 'The failed-login event type'
complete -c $c -n "__fish_seen_subcommand_from review" -l absence -x -d 'Alert on a gap this long (seconds)'
complete -c $c -n "__fish_seen_subcommand_from review" -l hours -x -a '07-19 00-24' -d 'Working hours HH-HH'
complete -c $c -n "__fish_seen_subcommand_from review" -l utc-offset -x -d 'Time zone of the working hours (+HH:MM)'
complete -c $c -n "__fish_seen_subcommand_from review" -l tz -x -a '(__phi_audit_tz)' -d 'Named time zone of the working hours'
complete -c $c -n "__fish_seen_subcommand_from review" -l decrypt-limit -x -d 'Alert above N values decrypted by an actor'
complete -c $c -n "__fish_seen_subcommand_from review" -l decrypt-window -x -d 'Decrypt window in seconds'
complete -c $c -n "__fish_seen_subcommand_from review" -l summary -d 'Counts by event type and actor instead'
complete -c $c -n "__fish_seen_subcommand_from review" -l rules -r -f -a '(__phi_tools_files .rules)' -d 'phi-classify rules for the PHI check'
complete -c $c -n "__fish_seen_subcommand_from review" -l no-phi-check -d 'Do not look for values that look like PHI'
complete -c $c -n "__fish_seen_subcommand_from ingest verify review rotate" -F
