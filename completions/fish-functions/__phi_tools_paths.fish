# __phi_tools_paths - shared by the fish completions of phi-encrypt,
# phi-decrypt and phi-audit (phi-tools).  Installed in
# share/fish/vendor_functions.d, where fish autoloads it.

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
