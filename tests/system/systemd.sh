#!/bin/sh
# SPDX-License-Identifier: MIT
# systemd, for real: a minimal Debian 12 root boots systemd as PID 1 in
# systemd-nspawn; schemad goes in with `make install`, as a package would
# put it (nothing rewritten), its user from its sysusers.d file; then,
# through systemctl and the journal:
#
#	- the start job ends only after the commit (Type=notify), and an
#	  application unit with Requires=/After= starts after it and sees
#	  the new version; systemctl status shows STATUS=;
#	- systemctl reload applies a new migration;
#	- a failing migration leaves schemad failed, the application not
#	  started, and no restart loop;
#	- a migration longer than TimeoutStartSec= lives on EXTEND_TIMEOUT_USEC;
#	- a lock held past TimeoutStartSec= shows why in STATUS=, and does not
#	  end the start job;
#	- schemad.socket: a client that connects before the migration ends
#	  gets READY;
#	- schemad@NAME.
#
# The root is lib.sh's nspawn_root.
. "$(dirname "$0")/lib.sh"

nspawn_root
unitdir=$(make_var systemdsystemunitdir)
if [ -n "$why" ]; then
	:
elif [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	why="a sanitizer build: its schemad needs the sanitizers' libraries"
else
	case $unitdir in
	/etc/systemd/system | /usr/local/lib/systemd/system | \
	/usr/lib/systemd/system | /lib/systemd/system) ;;
	*) why="the units install in $unitdir, where systemd does not look (make distcheck's prefix)" ;;
	esac
fi
if [ -n "$why" ]; then
	skip "$why" "schemad under systemd as PID 1"
	done_testing
fi

R=$T/root
mkdir "$R"
tar -C "$R" -xf "$root_tar"
make -C "$top_builddir" install DESTDIR="$R" >"$T/install.log" 2>&1
is "$?" 0 "make install into the root"

# The migrations, and the application.
nspawn_app "$R"

nspawn_boot "$R"
like "$booted" '^(running|degraded)$' "systemd boots as PID 1 in the container ($booted)"

# migration FILE SQL: a new migration in the installed directory.
migration()
{
	printf '%s\n' "$2" >"$R/etc/schemad/migrations/$1"
}

# The units as installed, where they are used: no rewriting.
capture inside systemd-analyze verify --man=no schemad.service \
    schemad.socket schemad@db1.service myapp.service
is "$rc:$out:$err" "0::" "systemd-analyze verify, in the root, on the units as installed"

inside systemd-sysusers
capture inside id schemad
is "$rc" 0 "systemd-sysusers makes the user from schemad's sysusers.d file"
capture inside systemd-tmpfiles --create schemad.conf
is "$rc:$(inside stat -c %U:%G:%a /var/lib/schemad /run/schemad | tr '\n' ' ')" \
    "0:schemad:schemad:750 schemad:schemad:750 " \
    "systemd-tmpfiles makes its directories from its tmpfiles.d file"
inside systemctl daemon-reload

# The application pulls schemad in, and starts after the commit.
capture inside systemctl start myapp.service
is "$rc" 0 "systemctl start myapp: it starts, and schemad with it"
# (Its /run is the container's own; the file comes as its shell runs.)
tries=0
until inside test -s /run/myapp.version || [ $tries -gt 1000 ]; do
	sleep 0.01
	tries=$((tries + 1))
done
is "$(inside cat /run/myapp.version)" 5 "the application found version 5 when it started"
is "$(show schemad.service ActiveState)" active "schemad is active"
is "$(show schemad.service StatusText)" "Ready at version 5" \
    "systemctl status shows STATUS="
capture inside journalctl -u schemad --no-pager
like "$out" 'migrating 5/5: 0005_notes_search.sql' "the journal has its log"

# systemctl reload.
migration 0006_tags.sql 'CREATE TABLE tags(t);'
capture inside systemctl reload schemad.service
is "$rc" 0 "systemctl reload"
capture inside schemactl wait --version 6 --timeout 60
is "$rc" 0 "applies a new migration (version 6)"

# A failing migration: schemad failed, the application not started, no
# restart loop.
inside systemctl stop myapp.service schemad.service
migration 0007_broken.sql 'INSERT INTO nosuch VALUES (1);'
inside systemctl reset-failed
capture inside systemctl start myapp.service
test "$rc" != 0
ok $? "with a failing migration, systemctl start myapp fails"
is "$(show schemad.service ActiveState)" failed "schemad is failed"
is "$(show myapp.service ActiveState)" inactive "the application did not start"
# A restart to come shows as activating/auto-restart; failed is final.
is "$(show schemad.service SubState)" failed \
    "and schemad is not to be restarted (exit 1: RestartPreventExitStatus=)"
is "$(show schemad.service NRestarts)" 0 "and was not restarted"
rm "$R/etc/schemad/migrations/0007_broken.sql"
inside systemctl reset-failed

# Longer than TimeoutStartSec=: it makes progress, so it lives.
mkdir -p "$R/etc/systemd/system/schemad.service.d"
printf '[Service]\nTimeoutStartSec=3\n' \
    >"$R/etc/systemd/system/schemad.service.d/short.conf"
inside systemctl daemon-reload
migration 0007_long.sql 'SELECT count(*) FROM (WITH RECURSIVE c(x) AS
    (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT x FROM c);'
t0=$(ms)
inside systemctl start --no-block schemad.service
until_shown schemad.service StatusText '^Migrating 1/1: 0007_long.sql'
ok $? "systemctl status shows the migration in progress"
until_shown schemad.service ActiveState '^(active|failed)$'
elapsed=$(($(ms) - t0))
is "$(show schemad.service ActiveState)" active \
    "a migration of $elapsed ms outlives TimeoutStartSec=3 (EXTEND_TIMEOUT_USEC)"
test "$elapsed" -gt 3000
ok $? "it did take longer than the timeout"

# A lock held past TimeoutStartSec=: STATUS= says why, the job goes on.
inside systemctl stop schemad.service
migration 0008_more.sql 'CREATE TABLE more(m);'
mkfifo "$T/lockin"
exec 7<>"$T/lockin"
nsenter -t "$leader" -a sqlite3 /var/lib/schemad/schemad.db <"$T/lockin" \
    >/dev/null 2>&1 7>&- &
holder=$!
echo 'BEGIN EXCLUSIVE; CREATE TABLE holding(x);' >&7
inside systemctl start --no-block schemad.service
until_shown schemad.service StatusText "waiting for another process's lock"
ok $? "STATUS= says the run waits for another process's lock"
sleep 4		# past TimeoutStartSec=3
is "$(show schemad.service ActiveState)" activating \
    "and the start job is still on after TimeoutStartSec="
printf 'ROLLBACK;\n.quit\n' >&7
exec 7>&-
wait "$holder"
until_shown schemad.service ActiveState '^(active|failed)$'
is "$(show schemad.service ActiveState)" active "once the lock is free: active"
rm "$R/etc/systemd/system/schemad.service.d/short.conf"
inside systemctl daemon-reload

# Socket activation: a client that connects before the daemon runs, and
# before the migration ends, gets READY.
inside systemctl stop schemad.service
migration 0009_long.sql 'SELECT count(*) FROM (WITH RECURSIVE c(x) AS
    (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000) SELECT x FROM c);'
capture inside systemctl start schemad.socket
is "$rc" 0 "schemad.socket listens"
capture inside schemactl -s /run/schemad.sock wait --timeout 120
is "$rc" 0 "a client on the socket starts schemad and waits: READY"
like "$out" '^READY version=9 ' "at the new version"

# One daemon a database.
# Its configuration is where the installed template reads it, under the
# SYSCONFDIR that configure chose.
confdir=$(make_var sysconfdir)/schemad
mkdir -p "$R$confdir" "$R/etc/schemad/db1"
cp "$EXAMPLE"/migrations/*.sql "$R/etc/schemad/db1/"
printf '[database]\npath = /var/lib/schemad/db1/app.db\n[migrations]\ndirectory = /etc/schemad/db1\n' \
    >"$R$confdir/db1.conf"
capture inside systemctl start schemad@db1.service
is "$rc" 0 "schemad@db1 starts"
is "$(show schemad@db1.service StatusText)" "Ready at version 5" "and is ready"
capture inside schemactl -s /run/schemad-db1/schemad.sock status
is "$rc" 0 "on its own socket"

done_testing
