# fish completion for phi-decrypt (phi-tools).  Installed as
# phi-decrypt.fish in share/fish/vendor_completions.d.

# __phi_tools_paths and __phi_tools_files come from fish-functions/
# (vendor_functions.d); asking for the first loads both.
functions -q __phi_tools_paths

function __phi_decrypt_paths
    __phi_tools_paths -K --private-key --passphrase-file -f --field --token \
        -o --output --reject --reject-append --max-line --suffix --audit-log \
        --sender --bind-record --path --record-value
end

set -l c phi-decrypt
complete -c $c -s K -l private-key -r -f -a '(__phi_tools_files .key ".share-*" | string match -v -- "*.log.key")' -d 'Private key file, or a directory of *.key files, or key shares'
complete -c $c -l passphrase-file -r -F -d 'Passphrase of encrypted keys (first line)'
complete -c $c -s f -l field -x -a '(__phi_decrypt_paths)' -d 'Decrypt only tokens at or below PATH'
complete -c $c -l skip-unknown-keys -d 'Leave tokens of other keys as they are'
complete -c $c -l token -x -d 'Decrypt one token and print its JSON value'
complete -c $c -l sender -r -f -a '(__phi_tools_files .pub)' -d 'Accept tokens of this sender public key (or directory)'
complete -c $c -l require-sender -d 'Refuse tokens no sender vouched for'
complete -c $c -l bind-record -x -a 'messageId userId anonymousId' -d 'The record field the tokens are bound to'
complete -c $c -l path -x -d 'With --token: the path the token stood at'
complete -c $c -l record-value -x -d 'With --token: the record field value (JSON)'
complete -c $c -s o -l output -r -F -d 'Write to FILE atomically'
complete -c $c -l suffix -x -d 'Write each FILE to FILE+SUFFIX'
complete -c $c -l in-place -d 'Replace each FILE atomically'
complete -c $c -l reject -r -F -d 'Write bad lines to FILE and go on'
complete -c $c -l mode -r -d 'Mode of output files (octal)'
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
