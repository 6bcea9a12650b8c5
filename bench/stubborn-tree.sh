#!/bin/sh
# A three-level tree in which every process ignores SIGTERM, plus a grandchild that leaves the
# process group with setsid (what daemons do). Every pid is appended to the file named by $1.
pids="$1"
trap '' TERM
echo $$ >> "$pids"
sh -c 'echo $$ >> "$1"; sleep 60 & echo $! >> "$1"; wait' sh "$pids" &
echo $! >> "$pids"
if command -v setsid >/dev/null 2>&1; then
  setsid sh -c 'echo $$ >> "$1"; exec sleep 60' sh "$pids" &
fi
wait
