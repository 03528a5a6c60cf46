# SPDX-License-Identifier: MIT
#
# Shared by the system tests: TAP output, a private temporary directory
# removed on exit, and helpers that run the real schemad binary.
#
# Each test sources this file, calls ok/is/... and ends with done_testing.

set -u

top_builddir=${top_builddir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_srcdir=${top_srcdir:-$top_builddir}
SCHEMAD=${SCHEMAD:-$top_builddir/src/schemad}
EXAMPLE=$top_srcdir/contrib/example
LC_ALL=C
export LC_ALL
umask 022		# migrations that others could change are refused
unset JOURNAL_STREAM NOTIFY_SOCKET

nl='
'
T=$(mktemp -d "${TMPDIR:-/tmp}/schemad-test.XXXXXX")
tap_n=0
tap_failed=0
cleanup_hooks=""

cleanup()
{
	for h in $cleanup_hooks; do "$h"; done
	rm -rf "$T"
}
trap cleanup EXIT

ok()
{
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $2"
	fi
}

diag()
{
	printf '%s\n' "$@" | sed 's/^/# /'
}

# is GOT WANT DESCRIPTION
is()
{
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "got '$1', expected '$2'"
	fi
}

# like TEXT PATTERN DESCRIPTION: a line of TEXT matches PATTERN (grep -E);
# a PATTERN of several lines matches as many lines of TEXT in a row (perl,
# Debian's essential, against the text whole: ^ and $ at each line).
like()
{
	case $2 in
	*"$nl"*)
		printf '%s\n' "$1" | PATTERN=$2 perl -0777 -ne \
		    'exit(/$ENV{PATTERN}/m ? 0 : 1)' ;;
	*)
		printf '%s\n' "$1" | grep -Eq -- "$2" ;;
	esac
	if [ $? -eq 0 ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "'$1'" "does not match /$2/"
	fi
}

skip()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $2 # SKIP $1"
}

done_testing()
{
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
	exit
}

# capture CMD ARGS...: run it; sets $rc, $out (stdout) and $err (stderr).
capture()
{
	"$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

# sd ARGS...: run schemad, as capture does.
sd()
{
	capture "$SCHEMAD" "$@"
}

# q SQL [DB]: one answer from the sqlite3 shell.
q()
{
	sqlite3 -cmd ".timeout 30000" "${2:-$T/app.db}" "$1"
}

# dump DB: everything that must survive a failed run unchanged.
dump()
{
	sqlite3 "$1" .dump
	echo "user_version=$(sqlite3 "$1" 'PRAGMA user_version')"
}

# copy_example DIR: the shipped example migrations, to change freely.
copy_example()
{
	mkdir -p "$1"
	cp "$EXAMPLE"/migrations/*.sql "$1"/
}

SCHEMACTL=${SCHEMACTL:-$top_builddir/src/ctl/schemactl}
HELPERS=$top_builddir/tests/helpers
daemon_pid=

# start_daemon ARGS...: schemad ARGS... run in the background, logging to
# $T/daemon.log; $daemon_pid is its pid. It is killed on exit.
start_daemon()
{
	"$SCHEMAD" "$@" run 2>>"$T/daemon.log" &
	daemon_pid=$!
}

# stop_daemon [SIGNAL]: signal it (TERM) and wait; $rc is its exit code.
stop_daemon()
{
	kill -"${1:-TERM}" "$daemon_pid" 2>/dev/null
	wait "$daemon_pid"
	rc=$?
	daemon_pid=
}

kill_daemon()
{
	[ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null
	daemon_pid=
}
cleanup_hooks="$cleanup_hooks kill_daemon"

# sc ARGS...: run schemactl, as capture does.
sc()
{
	capture "$SCHEMACTL" "$@"
}

# ask SOCKET: send standard input to the socket, print what comes back.
ask()
{
	socat -t 2 - "UNIX-CONNECT:$1"
}

# spawn_notify ARGS...: the notification listener (tests/helpers/
# notify-recv ARGS) in the background, its lines on fd 6 through a FIFO;
# returns once it listens, its first line in $line.
spawn_notify()
{
	rm -f "$T/nfifo"
	mkfifo "$T/nfifo"
	"$HELPERS/notify-recv" "$@" >"$T/nfifo" &
	exec 6<"$T/nfifo"
	read -r line <&6
}

# spawn_waiters SOCKET N HANGUP TIMEOUT: the waiters helper in the
# background (its pid in $waiters), reading its output through a FIFO on
# fd 5; returns once it said how many connected and sent WAIT, in $line.
spawn_waiters()
{
	rm -f "$T/wfifo"
	mkfifo "$T/wfifo"
	"$HELPERS/waiters" "$@" >"$T/wfifo" &
	waiters=$!
	exec 5<"$T/wfifo"
	read -r line <&5
}

# reap_waiters: the rest of what the waiters say, into $T/waiters.out,
# once they all have their answer; their exit status.
reap_waiters()
{
	cat <&5 >"$T/waiters.out"
	exec 5<&-
	wait "$waiters"
}

# hold_lock DB [SQL]: a sqlite3 shell takes the database's exclusive lock
# (or runs SQL, which takes a lock) and keeps it until release_lock, so that
# a daemon waits in STARTING.
hold_lock()
{
	mkfifo "$T/lockin" "$T/lockout"
	sqlite3 "$1" <"$T/lockin" >"$T/lockout" 2>>"$T/lock.err" &
	lock_pid=$!
	exec 7>"$T/lockin" 8<"$T/lockout"
	lock_sql "${2:-BEGIN EXCLUSIVE; CREATE TABLE schemad_test_lock(x)}"
}

# lock_sql SQL: the shell of hold_lock runs SQL; returns when it has. The
# 'done' is a line of its own: the shell skips the rest of a line whose
# statement fails, and a missing 'done' would wait for good.
lock_sql()
{
	printf "%s;\nSELECT 'done';\n" "$1" >&7
	read -r _ <&8
}

release_lock()
{
	printf 'ROLLBACK;\n.exit\n' >&7
	exec 7>&-
	wait "$lock_pid"
	exec 8<&-
	rm -f "$T/lockin" "$T/lockout"
}

# wait_log FILE PATTERN: wait until a line of FILE matches (at most 30 s).
wait_log()
{
	tries=0
	until grep -Eq -- "$2" "$1" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 3000 ] || return 1
		sleep 0.01
	done
}

# start_cluster SCRIPT DIR PORT WHAT: start a cluster of one of the
# engines (../shared/engines: litefs-cluster, rqlite-cluster) under DIR,
# stopped when the test ends; if it does not start, skip WHAT, saying why.
start_cluster()
{
	cluster=$1 cluster_dir=$2
	cleanup_hooks="$cleanup_hooks stop_cluster"
	if ! "$1" start "$2" "$3" >"$T/cluster.log" 2>&1; then
		skip "the cluster did not start: $(tail -n 1 "$T/cluster.log")" \
		    "$4"
		done_testing
	fi
}

stop_cluster()
{
	"$cluster" stop "$cluster_dir" >/dev/null 2>&1
}

# npm_tool DIR BIN PACKAGE...: a tool from npm, in DIR (a cache outside
# the clone): the packages installed there unless DIR/node_modules/BIN is;
# true when it is. npm's log is $T/npm.log, for npm_why.
npm_tool()
{
	npm_dir=$1 npm_bin=$2
	shift 2
	if [ ! -x "$npm_dir/node_modules/$npm_bin" ] && command -v npm >/dev/null; then
		mkdir -p "$npm_dir"
		npm install --prefix "$npm_dir" --no-save --no-audit --no-fund \
		    --loglevel=error "$@" >"$T/npm.log" 2>&1
	fi
	[ -x "$npm_dir/node_modules/$npm_bin" ]
}

# npm_why LOG: why an npm install failed, from its log: npm's error code
# and message (such as SELF_SIGNED_CERT_IN_CHAIN), not the path of its
# debug log that npm prints last.
npm_why()
{
	if [ ! -s "$1" ]; then
		echo "no npm"
	elif grep -q '^npm ERR! code' "$1"; then
		printf '%s: %s\n' \
		    "$(grep -m 1 '^npm ERR! code' "$1" | sed 's/^npm ERR! code //')" \
		    "$(grep '^npm ERR! ' "$1" | grep -Ev '! (code|errno) |A complete log|/_logs/' |
		    head -n 1 | sed 's/^npm ERR! //')"
	else
		tail -n 1 "$1"
	fi
}

# cputicks PID: the CPU time a process has used, in clock ticks.
cputicks()
{
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# idle_ticks PID: the CPU ticks PID uses in the next second, for one that
# should be idle (the second is the window measured over, not a wait).
idle_ticks()
{
	t0=$(cputicks "$1")
	sleep 1
	echo $(($(cputicks "$1") - t0))
}

# no_mount_ns: why no new mount namespace can be made here (systemd-nspawn
# and podman need one), or nothing. In a plain chroot, whose / is not a
# mount point, unshare cannot make / private.
no_mount_ns()
{
	unshare --mount true 2>"$T/.unshare" && return
	echo "no mount namespace here (unshare --mount: $(sed -n '1s/^unshare: //p' "$T/.unshare"))"
}

# make_var NAME: the value of the build's make variable NAME, expanded
# (what configure chose: sysconfdir, systemdsystemunitdir...).
make_var()
{
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
	    MAKEFLAGS= make -s --no-print-directory -C "$top_builddir" \
	    -f Makefile -f - print-var
}

# git_checkout: true when the source tree is the top of a git checkout (a
# tarball unpacked inside another checkout is not).
git_checkout()
{
	command -v git >/dev/null &&
	    [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = \
	    "$(cd "$top_srcdir" && pwd -P)" ]
}

# ms: milliseconds since the epoch.
ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# until_status SOCKET PATTERN: ask for the status until the reply matches
# (at most 10 s); $out holds the last reply.
until_status()
{
	tries=0
	until sc -s "$1" status; printf '%s' "$out" | grep -Eq -- "$2"; do
		tries=$((tries + 1))
		[ $tries -lt 1000 ] || return 1
		sleep 0.01
	done
}

# big_table ROWS: a migration that creates the table big with ROWS rows.
big_table()
{
	cat <<SQL
CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
INSERT INTO big (v)
	WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < $1)
	SELECT x FROM n;
SQL
}

# reshape: a migration of big (big_table) that adds the table tags, and a
# column to big that it fills: a few megabytes for 100,000 rows, enough for
# SQLite's page cache to spill.
reshape()
{
	cat <<'SQL'
CREATE TABLE tags (id INTEGER PRIMARY KEY, big_id INTEGER REFERENCES big(id), t TEXT);
ALTER TABLE big ADD COLUMN w TEXT;
UPDATE big SET w = printf('%08d-%s', v, hex(randomblob(16)));
INSERT INTO tags (big_id, t) SELECT id, substr(w, 1, 4) FROM big WHERE id % 3 = 0;
CREATE INDEX big_w ON big(w);
SQL
}

# long_backfill DIR DB [ROWS]: DIR holds a table of ROWS rows (1,000,000),
# already applied to DB, and a pending backfill of it that takes a while.
long_backfill()
{
	rm -rf "$1" "$2"* && mkdir "$1"
	big_table "${3:-1000000}" >"$1/0001_big.sql"
	"$SCHEMAD" --database "$2" --migrations "$1" -q migrate >/dev/null
	cat >"$1/0002_backfill.sql" <<'SQL'
ALTER TABLE big ADD COLUMN w TEXT;
UPDATE big SET w = printf('%08d-%s', v, hex(randomblob(16)));
UPDATE big SET w = upper(w);
UPDATE big SET w = lower(w);
SQL
}

# A Debian 12 root that boots systemd as PID 1 in systemd-nspawn, for
# systemd.sh and debian.sh. The pristine root is cached outside the clone,
# as a tar: $SCHEMAD_TEST_CACHE, by default /var/cache/schemad-tests.
NSPAWN_PACKAGES=systemd,systemd-sysv,dbus,libsqlite3-0,libevent-core-2.1-7,libevent-extra-2.1-7,libinih1,libjansson4,sqlite3

# nspawn_root: set root_tar to the cached root (debootstrap makes it the
# first time), or why to the reason there can be none here.
nspawn_root()
{
	cache=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}
	why=
	if ! command -v systemd-nspawn >/dev/null; then
		why="no systemd-nspawn (Debian: systemd-container)"
	elif ! command -v nsenter >/dev/null; then
		why="no nsenter (util-linux)"
	elif [ "$(id -u)" != 0 ]; then
		why="systemd-nspawn needs root"
	else
		why=$(no_mount_ns)
	fi
	[ -z "$why" ] || return 0
	# A root for this list of packages: another list makes another root.
	root_tar=$cache/bookworm-systemd-$(echo "$NSPAWN_PACKAGES" | cksum | cut -d' ' -f1).tar
	[ ! -s "$root_tar" ] || return 0
	if command -v debootstrap >/dev/null; then
		mkdir -p "$cache" "$T/build"
		# (Two tests may make it at once: each its own temporary.)
		debootstrap --variant=minbase --include="$NSPAWN_PACKAGES" \
		    bookworm "$T/build" >"$T/debootstrap.log" 2>&1 &&
		    tar -C "$T/build" -cf "$root_tar.$$" . &&
		    mv "$root_tar.$$" "$root_tar"
		rm -rf "$T/build" "$root_tar.$$"
	fi
	[ -s "$root_tar" ] || why="no Debian 12 root (debootstrap: $(tail -n 1 "$T/debootstrap.log" 2>/dev/null))"
}

# nspawn_app DIR: the example's migrations in DIR's /etc/schemad/migrations,
# where the installed configuration reads them, and the application: contrib's
# unit, its command one that notes the version it finds when it starts.
nspawn_app()
{
	mkdir -p "$1/etc/schemad/migrations"
	cp "$EXAMPLE"/migrations/*.sql "$1/etc/schemad/migrations/"
	sed -e 's|^ExecStart=.*|ExecStart=/bin/sh -c "sqlite3 /var/lib/schemad/schemad.db \\"PRAGMA user_version\\" >/run/myapp.version; exec sleep infinity"|' \
	    -e 's|^User=.*|User=root|' "$top_srcdir/contrib/systemd/myapp.service" \
	    >"$1/etc/systemd/system/myapp.service"
}

# nspawn_boot DIR: boot DIR with systemd as PID 1 (stopped on exit); set
# leader to its PID 1, and booted to what systemd says of the boot.
nspawn_boot()
{
	systemd-nspawn -D "$1" -b --register=no --keep-unit --console=passive \
	    >"$T/nspawn.log" 2>&1 &
	nspawn=$!
	cleanup_hooks="nspawn_stop $cleanup_hooks"
	tries=0
	until leader=$(pgrep -P "$nspawn" -x systemd) || [ $tries -gt 3000 ]; do
		sleep 0.01
		tries=$((tries + 1))
	done
	# Until systemd listens, systemctl cannot connect; then it waits
	# for the boot to end.
	tries=0
	until booted=$(inside systemctl is-system-running --wait 2>/dev/null) ||
	    [ "$booted" = degraded ] || [ $tries -gt 600 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
}

nspawn_stop()
{
	kill -TERM "$nspawn" 2>/dev/null && wait "$nspawn" 2>/dev/null
}

# inside CMD...: run CMD inside the booted container.
inside()
{
	nsenter -t "$leader" -a "$@"
}

# show UNIT PROPERTY: a property of a unit in the container.
show()
{
	inside systemctl show -P "$2" "$1"
}

# until_shown UNIT PROPERTY PATTERN: wait (at most 60 s) until it matches.
until_shown()
{
	tries=0
	until show "$1" "$2" | grep -Eq -- "$3"; do
		tries=$((tries + 1))
		[ $tries -lt 6000 ] || return 1
		sleep 0.01
	done
}
