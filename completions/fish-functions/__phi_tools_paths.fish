# __phi_tools_paths - shared by the fish completions of phi-tools.
# Installed in share/fish/vendor_functions.d, where fish autoloads it by
# this name; it also defines __phi_tools_files, which the completions
# load by asking for __phi_tools_paths first (`functions -q`).

# Field paths of the events at the start of the first readable FILE
# operand before the cursor (plain or gzip'd), in phi-tools path syntax,
# with jq if it is installed.  Arguments: the options that take a value.
# Fish hands a completion only the line up to the current token, so a
# FILE after the cursor is not seen.
function __phi_tools_paths
    type -q jq; or return
    set -l prog 'paths | reduce .[] as $s (""; . +
      (if ($s | type) == "number" then
        (if . == "" then "" else "." end) + "*"
      elif ($s | test("^$|^[0-9]+$|[.*\\\\[\\\\]\\"\\\\\\\\\\\\s]")) then
        "[" + ($s | tojson) + "]"
      else (if . == "" then "" else "." end) + $s end))'
    set -l skip 0
    set -l opts 1
    set -l file
    set -l toks (commandline -opc)
    set -e toks[1]
    for t in $toks
        if test $skip -eq 1
            set skip 0
            continue
        else if test $opts -eq 1 -a "x$t" = x--
            set opts 0
            continue
        else if test $opts -eq 1; and contains -- $t $argv
            set skip 1
            continue
        else if test $opts -eq 1; and string match -q -- '-?*' $t
            continue
        end
        set t (string replace -r -- '^~/' "$HOME/" $t)
        if test -f "$t" -a -r "$t"
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

# The files ending in one of the suffixes $argv (.pub, .key, .rules) and
# the directories that match the value being typed, for an option's
# argument (-k FILE, -kFILE or --key=FILE: fish matches what this prints
# against the part after the option itself).
function __phi_tools_files
    set -l tok (commandline -ct)
    if string match -q -- '--*=*' $tok
        set tok (string replace -r -- '^[^=]*=' '' $tok)
    else if string match -qr -- '^-[^-]' $tok
        set tok (string sub -s 3 -- $tok)
    end
    for f in (complete -C "__fish_command_without_completions $tok")
        set f (string replace -r -- '\t.*' '' $f)
        if string match -q -- '*/' $f
            echo $f
            continue
        end
        for s in $argv
            if string match -q -- "*$s" $f
                echo $f
                break
            end
        end
    end
end
