# fish completion for phi-classify (phi-tools).  Installed as
# phi-classify.fish in share/fish/vendor_completions.d.

# __phi_tools_paths and __phi_tools_files come from fish-functions/
# (vendor_functions.d); asking for the first loads both.
functions -q __phi_tools_paths

set -l c phi-classify
set -l colours 'red yellow green'
complete -c $c -l report -d 'One line per distinct path instead of the events'
complete -c $c -l min-class -x -a $colours -d 'Report only paths of COLOUR or worse'
complete -c $c -l count-in-text -d 'With --report: count identifiers inside free text by kind'
complete -c $c -l audit-log -r -F -d 'Append an audit record'
complete -c $c -l drop -x -a $colours -d 'Remove fields of COLOUR or worse'
complete -c $c -l redact -x -a $colours -d 'Replace values of COLOUR or worse with null'
complete -c $c -l mask -x -a $colours -d 'Replace identifiers of COLOUR or worse by [KIND]'
complete -c $c -l fail-on -x -a $colours -d 'Exit 1 if a field of COLOUR or worse is seen'
complete -c $c -l fail-fast -d 'With --fail-on: stop at the first such line'
complete -c $c -l scope -x -d 'Classify only at or below PATH'
complete -c $c -l max-paths -x -d 'Keep at most N distinct paths (default 20000, 0: no limit)'
complete -c $c -s r -l rules -r -f -a '(__phi_tools_files .rules)' -d 'Add or override rules'
complete -c $c -l list-rules -d 'Print the rules in force and exit'
complete -c $c -s k -l public-key -r -f -a '(__phi_tools_files .pub)' -d 'Tokens of this key are green (default $PHI_PUBLIC_KEY)'
complete -c $c -s o -l output -r -F -d 'Write to FILE atomically'
complete -c $c -l suffix -x -d 'Write each FILE to FILE+SUFFIX'
complete -c $c -l in-place -d 'Replace each FILE atomically'
complete -c $c -l reject -r -F -d 'Write bad lines to FILE and go on'
complete -c $c -l reject-append -r -F -d 'Add bad lines to FILE and go on'
complete -c $c -l max-line -x -d 'Longest line accepted (default 64M)'
complete -c $c -l stats -d 'Print a summary line on standard error'
complete -c $c -l progress -d 'Show progress on standard error'
complete -c $c -l no-progress -d 'Never show progress'
complete -c $c -l line-buffered -d 'Write each line out at once'
complete -c $c -s j -l jobs -x -d 'Worker threads (0: one per CPU)'
complete -c $c -s h -l help -d 'Show the help'
complete -c $c -s V -l version -d 'Show the version'
