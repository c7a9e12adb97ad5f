# fish completion for phi-keygen (phi-tools).  Installed as
# phi-keygen.fish in share/fish/vendor_completions.d.

# __phi_tools_paths and __phi_tools_files come from fish-functions/
# (vendor_functions.d); asking for the first loads both.
functions -q __phi_tools_paths

set -l c phi-keygen
complete -c $c -f
complete -c $c -s o -l output -r -F -d 'Write BASE.key and BASE.pub'
complete -c $c -s s -l sign -d 'An Ed25519 signing pair instead of X25519'
complete -c $c -s p -l passphrase -d 'Ask for a passphrase on the terminal'
complete -c $c -l passphrase-file -r -F -d 'Passphrase from the first line of FILE'
complete -c $c -l join -d 'Write BASE.join, a join key (phi-encrypt --join-key)'
complete -c $c -s i -l id -r -f -a '(__phi_tools_files .pub .key .join)' -d 'Print the key id of a key file'
complete -c $c -s y -l public -r -f -a '(__phi_tools_files .key)' -d 'Print the public key of a private key file'
complete -c $c -l split -r -f -a '2/3 3/5' -d 'Write the private key only as N shares, any K restoring it'
complete -c $c -l from -r -f -a '(__phi_tools_files .key)' -d 'With --split: split this private key file'
complete -c $c -l armor -r -f -a 'pem words' -d 'With --split: the form of the shares'
complete -c $c -l combine -d 'Write BASE.key from share files'
complete -c $c -l share-passphrase-file -r -F -d 'Seal shares (--split) or open them (--combine) with the passphrase of FILE'
complete -c $c -l share-passphrase -d "With --split: ask for each share's passphrase on the terminal"
complete -c $c -n '__fish_seen_argument -l combine' -a '(__phi_tools_files ".share-*")'
complete -c $c -l audit-log -r -F -d 'Append a "Key Pair Generated" record (default $PHI_AUDIT_LOG)'
complete -c $c -s h -l help -d 'Show the help'
complete -c $c -s V -l version -d 'Show the version and library versions'
