#!/bin/sh
# SPDX-License-Identifier: MIT
# A long run, seen while it runs. In a real terminal (tmux): schemad
# migrate on a 2,000,000-row backfill shows one live line -- the
# migration i of N, the statement j of M and its line, how long, what
# SQLite wrote -- updated in place, and takes it away before the result;
# schemactl wait shows what the daemon is doing until READY. Not on a
# terminal: no escape code and no progress line. The daemon's STATUS=
# and socket carry how long it has been migrating, and a statement that
# runs longer than 10 s is logged.
. "$(dirname "$0")/lib.sh"

if ! command -v tmux >/dev/null; then
	skip "no tmux here" "a long run, seen in a terminal"
	done_testing
fi
TMUX_TMPDIR=$T
export TMUX_TMPDIR
tmux_stop() { tmux kill-server 2>/dev/null; }
cleanup_hooks="$cleanup_hooks tmux_stop"

M=$T/m
long_backfill "$M" "$T/base.db" 2000000

# term SESSION COMMAND [COLUMNS]: COMMAND in a terminal of COLUMNS (150),
# tmux's session SESSION; when it ends, "exit N" in $T/SESSION.done, and
# tmux's channel SESSION is signalled (tmux wait-for SESSION returns).
term()
{
	tmux new-session -d -s "$1" -x "${3:-150}" -y 30 "$2; echo \"exit \$?\" \
	    >'$T/$1.done'; tmux wait-for -S $1; sleep 600"
}

# term_end SESSION WHAT: wait for SESSION's command to end; exit 0, and
# its last screen in $screen.
term_end()
{
	tmux wait-for "$1"
	screen=$(tmux capture-pane -p -t "$1")
	is "$(cat "$T/$1.done")" "exit 0" "$2: exit 0"
}

# screen_until SESSION PATTERN: capture the pane until a line matches
# (grep -E) or the session's command has said it ended (the file
# $T/SESSION.done); the screen is in $screen. True if it matched first.
screen_until()
{
	while :; do
		screen=$(tmux capture-pane -p -t "$1")
		printf '%s\n' "$screen" | grep -Eq -- "$2" && return 0
		[ -e "$T/$1.done" ] && return 1
		sleep 0.05
	done
}

# In a terminal: the live line, during the run.
cp "$T/base.db" "$T/app.db"
term m "'$SCHEMAD' --database '$T/app.db' --migrations '$M' migrate"
screen_until m 'schemad: 1/1 0002_backfill\.sql: statement [2-4] of 4 \(line [2-4]\), [0-9]+\.[0-9] s, [0-9.]+ MB written; [0-9]+\.[0-9] s in all'
ok $? "a terminal shows, during the run: the migration, the statement and its line, its time, what SQLite wrote, the time in all"
printf '%s\n' "$screen" | grep -q 'applied   0002'
ok $((! $?)) "while the result is not there yet"
# Until the end: how many such lines at once, and which times they said.
most=0 times=
while [ ! -e "$T/m.done" ]; do
	screen=$(tmux capture-pane -p -t m)
	n=$(printf '%s\n' "$screen" | grep -c ' s in all')
	[ "$n" -gt "$most" ] && most=$n
	t=$(printf '%s\n' "$screen" | grep -Eo '[0-9]+\.[0-9] s in all' | sed 's/ .*//')
	case "|$times|" in *"|$t|"*) ;; *) times="$times|$t" ;; esac
	sleep 0.05
done
is "$most" 1 "one line at a time, never a second below it"
seen=$(printf '%s\n' "$times" | tr '|' '\n' | grep -c .)
[ "$seen" -ge 2 ]
ok $? "updated in place as the run goes on ($seen times seen)"
term_end m migrate
like "$screen" "^  applied   0002_backfill\.sql \([0-9.]+ ms\)$" "then the result"
is "$(printf '%s\n' "$screen" | grep -c 'statement\|in all')" 0 \
    "and the live line is gone from the screen"

# A narrow terminal: the line is cut to its width, never wrapped.
cp "$T/base.db" "$T/app.db"
term n "'$SCHEMAD' --database '$T/app.db' --migrations '$M' migrate" 50
screen_until n '^schemad: 1/1 0002_backfill\.sql: statement [2-4]'
ok $? "a terminal of 50 columns: the line is there"
n=$(printf '%s\n' "$screen" | grep '^schemad: 1/1' | awk '{ print length($0) }')
[ "$n" -le 49 ] && [ "$n" -ge 45 ]
ok $? "cut to 49 columns, the last left free ($n, trailing blanks aside)"
is "$(printf '%s\n' "$screen" | grep -c 'in all')" 0 \
    "and nothing of it wraps onto the next line"
term_end n "migrate at 50 columns"

# Not a terminal: nothing of it.
cp "$T/base.db" "$T/app.db"
"$SCHEMAD" --database "$T/app.db" --migrations "$M" migrate \
    >"$T/out" 2>"$T/err" </dev/null
is "$?" 0 "stderr a file: exit 0"
is "$(cat "$T/out" "$T/err" | grep -c "$(printf '\033')")" 0 "no escape code"
is "$(grep -c 'statement\|in all' "$T/err")" 0 "no progress line"

# schemactl wait in a terminal, the daemon migrating.
cp "$T/base.db" "$T/app.db"
SOCK=$T/s.sock
term w "'$top_builddir/src/ctl/schemactl' -s '$SOCK' wait --timeout 120"
screen_until w "schemactl: waiting for schemad at $SOCK"
ok $? "schemactl wait, before the daemon: says what it waits for"
start_daemon --database "$T/app.db" --migrations "$M" --socket "$SOCK"
screen_until w 'schemactl: migrating 1/1 0002_backfill\.sql, [0-9]+ s so far'
ok $? "then, during the run: what the daemon is migrating, and for how long"
sc -s "$SOCK" status
like "$out" "^MIGRATING .*migration=0002_backfill\.sql elapsed_ms=[0-9]+ " \
    "the socket's MIGRATING line carries elapsed_ms"
term_end w "schemactl wait"
like "$screen" "^READY version=2 target=2 since=" "then the READY reply"
is "$(printf '%s\n' "$screen" | grep -c 'schemactl:')" 0 \
    "and the live line is gone"
stop_daemon

# The daemon: STATUS= says for how long; a long statement is logged.
L=$T/long
mkdir "$L"
echo 'CREATE TABLE t (x);' >"$L/0001_t.sql"
cat >"$L/0002_count.sql" <<'SQL'
CREATE TABLE n AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL
    SELECT x + 1 FROM c WHERE x < 100000000) SELECT count(*) AS n FROM c;
SQL
spawn_notify "$T/notify.sock" "$T/long.db"
: >"$T/daemon.log"
"$SCHEMACTL" -s "$T/long.sock" wait --timeout 120 >"$T/lw.out" 2>"$T/lw.err" &
lw=$!
NOTIFY_SOCKET=$T/notify.sock start_daemon --database "$T/long.db" \
    --migrations "$L" --socket "$T/long.sock"
seen=
while read -r line <&6; do
	case $line in
	*"STATUS=Migrating 2/2: 0002_count.sql, 2 s so far"*) seen=1 ;;
	*READY=1*) break ;;
	esac
done
is "$seen" 1 "STATUS= says how long it has been migrating, each second"
wait "$lw"
is "$?:$(cat "$T/lw.err")" "0:" \
    "schemactl wait, not on a terminal: nothing on stderr meanwhile"
like "$(cat "$T/lw.out")" "^READY version=2 " "only the reply on stdout"
like "$(cat "$T/daemon.log")" "0002_count\.sql: statement 1 of 1 \(line 1\) has run 10 s, [0-9.]+ MB written" \
    "a statement that runs 10 s is logged, with where it is"
is "$(grep -c 'has run' "$T/daemon.log")" 1 "once (the next at 40 s)"
stop_daemon

done_testing
