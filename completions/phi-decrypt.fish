# fish completion for phi-decrypt (phi-tools).  Installed as
# phi-decrypt.fish in share/fish/vendor_completions.d.

# Field paths of the events at the start of the first readable FILE
# operand before the cursor (plain or gzip'd), in phi-tools path syntax,
# with jq if it is installed.  Arguments: the options that take a value.
function __phi_tools_paths
    type -q jq; or return
    set -l prog 'paths | reduce .[] as $s (""; . +
      (if ($s | type) == "number" then
        (if . == "" then "" else "." end) + ($s | tostring)
      elif ($s | test("^$|^[0-9]+$|[.*\\\\[\\\\]\\"\\\\\\\\\\\\s]")) then
        "[" + ($s | tojson) + "]"
      else (if . == "" then "" else "." end) + $s end))'
    set -l skip 0
    set -l file
    set -l toks (commandline -opc)
    set -e toks[1]
    for t in $toks
        if test $skip -eq 1
            set skip 0
        else if contains -- $t $argv
            set skip 1
        else if string match -q -- '-?*' $t
            continue
        else if test -f $t -a -r $t
            set file $t
            break
        end
    end
    test -n "$file"; or return
    if string match -q -- '*.gz' $file
        gzip -dc <$file 2>/dev/null | head -c 65536 | jq -r $prog 2>/dev/null | sort -u
    else
        head -c 65536 <$file | jq -r $prog 2>/dev/null | sort -u
    end
end

function __phi_decrypt_paths
    __phi_tools_paths -K --private-key --passphrase-file -f --field --token \
        -o --output --reject --max-line --suffix --audit-log
end

set -l c phi-decrypt
complete -c $c -s K -l private-key -r -f -a '(__fish_complete_suffix .key)' -d 'Private key file, or a directory of *.key files'
complete -c $c -l passphrase-file -r -F -d 'Passphrase of encrypted keys (first line)'
complete -c $c -s f -l field -x -a '(__phi_decrypt_paths)' -d 'Decrypt only tokens at or below PATH'
complete -c $c -l skip-unknown-keys -d 'Leave tokens of other keys as they are'
complete -c $c -l token -x -d 'Decrypt one token and print its JSON value'
complete -c $c -s o -l output -r -F -d 'Write to FILE atomically'
complete -c $c -l suffix -x -d 'Write each FILE to FILE+SUFFIX'
complete -c $c -l in-place -d 'Replace each FILE atomically'
complete -c $c -l reject -r -F -d 'Write bad lines to FILE and go on'
complete -c $c -l max-line -x -d 'Longest line accepted (default 64M)'
complete -c $c -l stats -d 'Print a summary line on standard error'
complete -c $c -l progress -d 'Show progress on standard error'
complete -c $c -l no-progress -d 'Never show progress'
complete -c $c -l audit-log -r -F -d 'Append an audit record (default $PHI_AUDIT_LOG)'
complete -c $c -s h -l help -d 'Show the help'
complete -c $c -s V -l version -d 'Show the version'
