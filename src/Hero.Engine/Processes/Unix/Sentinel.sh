# Hero's host-death sentinel: at most one per process that runs Hero tasks, started with the first.
# Its stdin is a pipe whose write end only the host holds, and nothing is ever written to it: the read
# below returns when the host is gone, however it died (SIGKILL, a crash, the OOM killer). Meanwhile
# the host notes each kill group as it starts and as it retires (before its leader is reaped) in an
# unlinked file the sentinel holds as fd 3, one line each, "+<pgid> <grace in tenths of a second>
# <marker> ." and "-<pgid> .", and empties it whenever no group is live. Nothing wakes the sentinel
# while the host lives. At the end, every group still live gets the stop sequence (TERM and CONT, the
# grace, KILL), together with the processes that carry one of its markers and their descendants.
# Nothing else is ever signalled. Signals aimed at the host's terminal or process group do not stop it.
trap '' HUP INT QUIT TERM
PATH=/usr/bin:/bin:/usr/sbin:/sbin
export PATH

read -r _
# A line cut short by the host's death lacks its closing dot and is ignored.
groups=$(awk '
    $NF != "." { next }
    /^\+/ && NF == 4 { live[substr($1, 2)] = $2 ":" $3; next }
    /^-/ && NF == 2 { delete live[substr($1, 2)] }
    END { for (g in live) printf " %s:%s", g, live[g] }' <&3)
[ -n "$groups" ] || exit 0

# The pid counter when the host died. A group number it has come round to since may be someone
# else's now, so such a group is left alone.
last=
[ -r /proc/sys/kernel/ns_last_pid ] && read -r last < /proc/sys/kernel/ns_last_pid
procfs=
[ -r /proc/self/stat ] && procfs=1

ticks=0
patterns=
for g in $groups; do
    t=${g#*:}
    t=${t%%:*}
    [ "$t" -gt "$ticks" ] && ticks=$t
    patterns="$patterns -e HERO_KILL_GROUP=${g##*:}"
done

unchanged() {
    [ -n "$last" ] || return 0
    read -r now < /proc/sys/kernel/ns_last_pid || return 0
    if [ "$now" -ge "$last" ]; then
        [ "$1" -le "$last" ] || [ "$1" -gt "$now" ]
    else
        [ "$1" -gt "$now" ] && [ "$1" -le "$last" ]
    fi
}

# Sets $live (the groups still safe to signal) and $members (the live, non-zombie processes of the
# trees: in a live group, carrying a marker, or descended from either).
scan() {
    live=
    for g in $groups; do
        g=${g%%:*}
        unchanged "$g" && live="$live $g"
    done
    members=
    [ -n "$procfs" ] || return 0
    marked=$(grep -lzxF $patterns /proc/[0-9]*/environ 2>/dev/null)
    members=$(cat /proc/[0-9]*/stat 2>/dev/null | awk -v self="$$" -v live="$live" -v marked="$marked" '
        BEGIN {
            n = split(live, a, " "); for (i = 1; i <= n; i++) group[a[i]] = 1
            n = split(marked, a, /[^0-9]+/); for (i = 1; i <= n; i++) if (a[i] != "") member[a[i]] = 1
        }
        {
            pid = $1; rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
            if (f[1] == "Z" || f[1] == "X" || pid == self) next
            alive[pid] = 1; parent[pid] = f[2]
            if (f[3] in group) member[pid] = 1
        }
        END {
            do { grew = 0; for (p in parent) if (!(p in member) && (parent[p] in member)) { member[p] = 1; grew = 1 } } while (grew)
            for (p in member) if (p in alive) printf "%s ", p
        }')
}

left() {
    [ -n "$members" ] && return 0
    [ -n "$procfs" ] && return 1
    for g in $live; do kill -0 -- "-$g" 2>/dev/null && return 0; done
    return 1
}

# Cheaper than a scan, for the grace period: is a process of the last scan still running? (A
# number reused meanwhile only makes it wait longer; nothing is signalled on its word.)
still() {
    [ -n "$procfs" ] || { left; return; }
    for p in $members; do
        read -r s < "/proc/$p/stat" || continue
        set -- ${s##*") "}
        [ "$1" = Z ] || [ "$1" = X ] || return 0
    done
    return 1
} 2>/dev/null

# The groups first: no process to start, so they hear it at once even on a machine too busy to
# run the scan quickly.
signal_groups() {
    live=
    for g in $groups; do
        g=${g%%:*}
        unchanged "$g" && live="$live $g" && kill -s "$1" -- "-$g"
    done
} 2>/dev/null

signal() {
    for p in $members; do kill -s "$1" "$p"; done
    for g in $live; do kill -s "$1" -- "-$g"; done
} 2>/dev/null

signal_groups TERM
signal_groups CONT
scan
signal TERM
signal CONT
if [ "$ticks" -gt 0 ]; then
    # The grace in real time, however slowly the checks run.
    sleep "$((ticks / 10)).$((ticks % 10))" &
    timer=$!
    i=0
    while kill -0 "$timer" 2>/dev/null && [ "$i" -le "$((ticks * 3))" ]; do
        sleep 0.1
        i=$((i + 1))
        still && continue
        scan
        left && continue
        kill "$timer" 2>/dev/null
        exit 0
    done
fi
signal_groups KILL
for round in 1 2 3 4 5; do
    scan
    left || exit 0
    signal KILL
    sleep 0.1
done
