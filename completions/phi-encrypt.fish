# fish completion for phi-encrypt (phi-tools).  Installed as
# phi-encrypt.fish in share/fish/vendor_completions.d.

# __phi_tools_paths and __phi_tools_files come from fish-functions/
# (vendor_functions.d); asking for the first loads both.
functions -q __phi_tools_paths

# -f with no FILE before it: the paths of the --fields-from files on
# the line (a path a line, # comments, or a phi-classify report), else
# common Segment paths (the same list as in phi-tools.bash and
# _phi-encrypt).
function __phi_encrypt_listed
    set -l toks (commandline -opc)
    set -l paths
    for i in (seq 2 (count $toks))
        set -l f
        if test "x$toks[$i]" = x--fields-from -a $i -lt (count $toks)
            set f $toks[(math $i + 1)]
        else if string match -q -- '--fields-from=*' $toks[$i]
            set f (string replace -- --fields-from= '' $toks[$i])
        else
            continue
        end
        set f (string replace -r -- '^~/' "$HOME/" $f)
        test -f "$f" -a -r "$f"; or continue
        set paths $paths (sed -n -e '/^[[:space:]]*{/{
            s/.*"path":"\([^"\\]*\)".*/\1/p
            d
            }' -e '/^[[:space:]]*#/d' \
            -e 's/^[[:space:]]*//; s/[[:space:]]*$//; /./p' $f)
    end
    test (count $paths) -gt 0; or set paths anonymousId context.ip \
        context.traits.email context.traits.name context.traits.phone \
        context.userAgent previousId properties.email properties.name \
        properties.phone traits.address traits.birthday traits.email \
        traits.firstName traits.lastName traits.name traits.phone userId
    printf '%s\n' $paths
end

function __phi_encrypt_paths
    set -l p (__phi_tools_paths -k --public-key -f --field --fields-from \
        --min-class --class --scope --keys -r --rules -o --output --reject \
        --reject-append --max-line --suffix --audit-log --keep-kid --in-text \
        --join --join-key --sender --bind-record)
    if test (count $p) -gt 0
        printf '%s\n' $p
    else
        __phi_encrypt_listed
    end
end

set -l c phi-encrypt
complete -c $c -s k -l public-key -r -f -a '(__phi_tools_files .pub)' -d 'Recipient public key (default $PHI_PUBLIC_KEY)'
complete -c $c -s f -l field -x -a '(__phi_encrypt_paths)' -d 'Encrypt the value at PATH'
complete -c $c -l fields-from -r -F -d 'Paths from FILE, or a phi-classify report'
complete -c $c -l min-class -x -a 'yellow red' -d 'Report lines taken from COLOUR up'
complete -c $c -l class -x -a 'yellow red' -d 'Encrypt every field classified COLOUR or worse'
complete -c $c -l scope -x -a '(__phi_encrypt_paths)' -d 'Where --class looks'
complete -c $c -l keys -x -a '(__phi_encrypt_paths)' -d 'Encrypt the keys of the objects at PATH'
complete -c $c -s r -l rules -r -f -a '(__phi_tools_files .rules)' -d 'Extra classification rules'
complete -c $c -l keep-kid -x -d 'Leave tokens of key id KID as they are'
complete -c $c -l no-pad -d 'Do not pad values to hide their length'
complete -c $c -l join -x -a '(__phi_encrypt_paths)' -d 'Seal the value at PATH as a join token'
complete -c $c -l join-key -r -f -a '(__phi_tools_files .join)' -d 'Join key from phi-keygen --join (default $PHI_JOIN_KEY)'
complete -c $c -l sender -r -f -a '(__phi_tools_files .key | string match -v -- "*.log.key")' -d 'Vouch for the tokens with this sender private key'
complete -c $c -l bind-path -d 'Bind each token to its field path'
complete -c $c -l bind-record -x -a 'messageId userId anonymousId' -d 'Bind each token to the value of the field at PATH'
complete -c $c -l in-text -x -a '(__phi_encrypt_paths)' -d 'Encrypt the identifiers inside the strings at PATH'
complete -c $c -l in-text-class -d 'With --class, free text gets span tokens'
complete -c $c -l explain -d 'Dry run: print which paths would be encrypted and why'
complete -c $c -s o -l output -r -F -d 'Write to FILE atomically'
complete -c $c -l suffix -x -d 'Write each FILE to FILE+SUFFIX'
complete -c $c -l in-place -d 'Replace each FILE atomically'
complete -c $c -l reject -r -F -d 'Write bad lines to FILE and go on'
complete -c $c -l reject-append -r -F -d 'Add bad lines to FILE and go on'
complete -c $c -l max-line -x -d 'Longest line accepted (default 64M)'
complete -c $c -l stats -d 'Print a summary line on standard error'
complete -c $c -l strict -d 'Exit 65 if a -f path selected nothing'
complete -c $c -l progress -d 'Show progress on standard error'
complete -c $c -l no-progress -d 'Never show progress'
complete -c $c -l line-buffered -d 'Write each line out at once'
complete -c $c -s j -l jobs -x -d 'Worker threads (0: one per CPU)'
complete -c $c -l audit-log -r -F -d 'Append an audit record (default $PHI_AUDIT_LOG)'
complete -c $c -s h -l help -d 'Show the help'
complete -c $c -s V -l version -d 'Show the version'
