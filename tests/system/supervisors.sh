#!/bin/sh
# SPDX-License-Identifier: MIT
# The shipped s6 and runit service directories, run by the real
# s6-supervise and runsv (only their paths adapted to this build, and
# runit's user to the one running the test): readiness only after the
# commit (s6-svwait -U, sv check), SIGHUP through the supervisor applies a
# new migration, and a permanent failure is not started again and again.
. "$(dirname "$0")/lib.sh"

# s6-supervise and runsv stop a service with SIGTERM, then SIGCONT. In a
# sanitizer build, LeakSanitizer's check at exit stops the process with
# ptrace, and a SIGCONT that lands after it attached discards that stop:
# the check then waits for good (seen here under load, and reproduced by
# sending SIGCONT during the check). So the daemons these supervisors run
# skip that check; the other tests look for leaks.
if [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	export ASAN_OPTIONS
fi

copy_example "$T/m"
SOCK=$T/s.sock
cat >"$T/schemad.conf" <<EOF
[database]
path = $T/app.db
[migrations]
directory = $T/m
[socket]
path = $SOCK
EOF

# adapt DIR: the service directory's paths, for this build.
adapt()
{
	for f in "$1"/run "$1"/check; do
		[ -f "$f" ] || continue
		sed -i -e "s|schemad -c /etc/schemad.conf|$SCHEMAD -c $T/schemad.conf|" \
		    -e "s|schemactl status|$SCHEMACTL -s $SOCK status|" \
		    -e "s|chpst -u schemad |chpst -u $(id -un) |" "$f"
	done
}

# starts LOG: how many times schemad started, by its log.
starts()
{
	grep -c 'starting: database' "$1"
}

# broken: a migration that fails the same way on every start.
broken()
{
	printf 'INSERT INTO nosuch VALUES (1);\n' >"$T/m/0007_broken.sql"
}

if ! command -v s6-supervise >/dev/null; then
	skip "s6 is not installed (Debian: s6)" "s6"
else
	svc=$T/s6/schemad
	mkdir -p "$T/s6"
	cp -R "$top_srcdir/contrib/s6/schemad" "$svc"
	adapt "$svc"
	s6-supervise "$svc" >"$T/s6.log" 2>&1 &
	sup=$!
	# s6-svwait needs the status file, which s6-supervise makes as it
	# starts.
	tries=0
	until [ -f "$svc/supervise/status" ] || [ $tries -gt 1000 ]; do
		sleep 0.01
		tries=$((tries + 1))
	done
	s6-svwait -U -t 30000 "$svc"
	is "$?" 0 "s6: up and ready (s6-svwait -U)"
	is "$(q 'PRAGMA user_version')" 5 "s6: ready means the migrations committed"
	echo 'CREATE TABLE t6(x);' >"$T/m/0006_t6.sql"
	s6-svc -h "$svc"
	sc -s "$SOCK" wait --timeout 30 --version 6
	is "$rc" 0 "s6: s6-svc -h (SIGHUP) applies a new migration"

	s6-svc -d "$svc"
	s6-svwait -D -t 30000 "$svc"
	is "$?" 0 "s6: down"
	broken
	before=$(starts "$T/s6.log")
	s6-svc -u "$svc"
	wait_log "$T/s6.log" 'migration failed'
	s6-svwait -D -t 30000 "$svc"
	# finish's exit 125 tells s6-supervise not to want it up: what
	# decides a restart.
	is "$(s6-svstat -o wantedup "$svc")" false \
	    "s6: a permanent failure (exit 1) is not wanted up again"
	is "$(($(starts "$T/s6.log") - before))" 1 \
	    "s6: a permanent failure (exit 1) is not started again"
	like "$(s6-svstat "$svc")" '^down \(exitcode 1\)' "s6: it stays down, exit code 1"
	rm "$T/m/0007_broken.sql"
	s6-svc -u "$svc"
	s6-svwait -U -t 30000 "$svc"
	is "$?" 0 "s6: mended, s6-svc -u starts it again"
	s6-svc -xd "$svc"
	wait "$sup"
	is "$?" 0 "s6: s6-supervise exits"
fi

rm -f "$T/app.db"* "$T/m/0006_t6.sql"
if ! command -v runsv >/dev/null; then
	skip "runit is not installed (Debian: runit)" "runit"
else
	svc=$T/runit/schemad
	mkdir -p "$T/runit"
	cp -R "$top_srcdir/contrib/runit/schemad" "$svc"
	adapt "$svc"
	runsv "$svc" >"$T/runit.log" 2>&1 &
	sup=$!
	# sv needs runsv's control FIFO, which runsv makes as it starts; and
	# sv check, asked before runsv has written that the service runs,
	# finds it in the state it wants (down) and says so at once.
	tries=0
	until [ "$(cat "$svc/supervise/stat" 2>/dev/null)" = run ] ||
	    [ $tries -gt 1000 ]; do
		sleep 0.01
		tries=$((tries + 1))
	done
	sv -w 30 check "$svc" >/dev/null
	is "$?" 0 "runit: sv check says ready (its check script)"
	is "$(q 'PRAGMA user_version')" 5 "runit: ready means the migrations committed"
	echo 'CREATE TABLE t6(x);' >"$T/m/0006_t6.sql"
	sv hup "$svc" >/dev/null
	sc -s "$SOCK" wait --timeout 30 --version 6
	is "$rc" 0 "runit: sv hup applies a new migration"

	sv -w 30 down "$svc" >/dev/null
	broken
	before=$(starts "$T/runit.log")
	sv up "$svc" >/dev/null
	wait_log "$T/runit.log" 'migration failed'
	# finish's sv down tells runsv not to want it up: what decides a
	# restart. sv status says "want up" while one is coming (and until
	# finish has run); wait for it to go, at most 10 s.
	tries=0
	until sv status "$svc" | grep '^down: ' | grep -vq 'want up' ||
	    [ $tries -gt 1000 ]; do
		sleep 0.01
		tries=$((tries + 1))
	done
	like "$(sv status "$svc")" '^down: .*normally up$' \
	    "runit: a permanent failure (exit 1) is not wanted up again"
	is "$(($(starts "$T/runit.log") - before))" 1 \
	    "runit: a permanent failure (exit 1) is not started again"
	like "$(sv status "$svc")" '^down: ' "runit: it stays down"
	rm "$T/m/0007_broken.sql"
	sv -w 30 up "$svc" >/dev/null
	sv -w 30 check "$svc" >/dev/null
	is "$?" 0 "runit: mended, sv up starts it again"
	sv exit "$svc" >/dev/null
	wait "$sup"
	is "$?" 0 "runit: runsv exits"
fi

done_testing
