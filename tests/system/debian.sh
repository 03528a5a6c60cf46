#!/bin/sh
# SPDX-License-Identifier: MIT
# The Debian package, for real: dpkg-buildpackage builds it from the
# distribution's files, lintian has nothing to say of it, and in a
# Debian 12 root booted with systemd as PID 1 (lib.sh's nspawn_root):
#
#	- apt-get install makes the user and its directories, and starts
#	  schemad.service, which applies the migrations already in
#	  /etc/schemad/migrations;
#	- a newer build installed over it keeps the database and an edited
#	  conffile, and its restart applies the migrations added meanwhile;
#	- at the next boot an application with Requires=/After= starts after
#	  schemad has applied what was added before it;
#	- apt-get remove keeps the database and the configuration; purge
#	  removes the configuration and keeps the database, as README.Debian
#	  says;
#	- installed before any migration is there, the service fails and is
#	  not restarted, until the migrations come and it is restarted.
#
# The package is built with DEB_BUILD_OPTIONS=nocheck: the unit tests it
# would run are run by make check already.
. "$(dirname "$0")/lib.sh"

why=
if ! command -v dpkg-buildpackage >/dev/null || ! command -v dh >/dev/null
then
	why="no dpkg-buildpackage or dh (Debian: dpkg-dev, debhelper)"
elif [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	why="a sanitizer build: the package builds its own schemad"
fi
if [ -n "$why" ]; then
	skip "$why" "the Debian package"
	done_testing
fi

ver=$(dpkg-parsechangelog -l "$top_srcdir/debian/changelog" -S Version)
ver2=$ver+1
arch=$(dpkg --print-architecture)
S=$T/src/schemad-$ver
mkdir "$T/src"
make -C "$top_builddir" distdir distdir="$S" >"$T/distdir.log" 2>&1
is "$?" 0 "make distdir: the distribution's files"

# build: dpkg-buildpackage in $S, its output in $T/build.log.
build()
{
	(cd "$S" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" \
	    dpkg-buildpackage -us -uc -b "$@" >"$T/build.log" 2>&1)
}
build
rc=$?
is "$rc" 0 "dpkg-buildpackage -us -uc -b"
[ "$rc" = 0 ] || diag "$(tail -n 20 "$T/build.log")"
deb=schemad_${ver}_$arch.deb
like "$(dpkg-deb -f "$T/src/$deb" Depends)" '(^|, )libsystemd0(,|$)' \
    "it depends on libsystemd0, which schemad opens rather than links"
if command -v lintian >/dev/null; then
	capture lintian --fail-on error,warning "$T/src/schemad_${ver}_$arch.changes"
	is "$rc:$out" "0:" "lintian: no error, no warning"
else
	skip "no lintian" "lintian: no error, no warning"
fi
# What it installs, sorted.
is "$(dpkg-deb -c "$T/src/$deb" | awk '{ print $6 }' | grep -E \
    '^\./(usr/s?bin/schema|etc/schemad|lib/systemd/system/.|usr/lib/(sysusers|tmpfiles)\.d/.|usr/share/man/man./.|usr/share/(bash-completion/completions|zsh/vendor-completions|fish/vendor_completions.d)/.|usr/share/doc/schemad/README\.Debian)' |
    sort | tr '\n' ' ')" \
    "./etc/schemad.conf ./etc/schemad/ ./etc/schemad/migrations/ ./lib/systemd/system/schemad.service ./lib/systemd/system/schemad.socket ./lib/systemd/system/schemad@.service ./usr/bin/schemactl ./usr/lib/sysusers.d/schemad.conf ./usr/lib/tmpfiles.d/schemad.conf ./usr/sbin/schemad ./usr/share/bash-completion/completions/schemactl ./usr/share/bash-completion/completions/schemad ./usr/share/doc/schemad/README.Debian ./usr/share/fish/vendor_completions.d/schemactl.fish ./usr/share/fish/vendor_completions.d/schemad.fish ./usr/share/man/man1/schemactl.1.gz ./usr/share/man/man5/schemad.conf.5.gz ./usr/share/man/man8/schemad.8.gz ./usr/share/zsh/vendor-completions/_schemad " \
    "the package holds the programs, the configuration, the units, the sysusers.d and tmpfiles.d entries, the man pages and the completions"
is "$(dpkg-deb -I "$T/src/$deb" conffiles)" /etc/schemad.conf "/etc/schemad.conf is a conffile"

# The newer build: the same tree, one more changelog entry.
{
	printf 'schemad (%s) unstable; urgency=medium\n\n  * A newer build.\n\n -- %s  %s\n\n' \
	    "$ver2" "$(dpkg-parsechangelog -l "$S/debian/changelog" -S Maintainer)" \
	    "$(date -R)"
	cat "$S/debian/changelog"
} >"$T/changelog"
cp "$T/changelog" "$S/debian/changelog"
build -nc
is "$?" 0 "dpkg-buildpackage builds a newer version ($ver2)"

# The rest needs a root that boots systemd.
nspawn_root
if [ -n "$why" ]; then
	skip "$why" "the package installed, upgraded and removed under systemd"
	done_testing
fi
R=$T/root
mkdir "$R"
tar -C "$R" -xf "$root_tar"
cp "$T/src/$deb" "$T/src/schemad_${ver2}_$arch.deb" "$R/root/"
# The migrations are there before the package, as an application's own
# package or a configuration tool would put them; and the application.
nspawn_app "$R"
nspawn_boot "$R"
like "$booted" '^(running|degraded)$' "systemd boots as PID 1 in the container ($booted)"

# apt_get CMD...: apt-get, as an administrator runs it, in the container.
apt_get()
{
	capture inside env DEBIAN_FRONTEND=noninteractive apt-get -y "$@" \
	    </dev/null
}

apt_get install "/root/$deb"
is "$rc" 0 "apt-get install ./$deb"
[ "$rc" = 0 ] || diag "$out$err"
capture inside id -nG schemad
is "$rc:$out" "0:schemad" "it makes the user schemad (sysusers.d)"
is "$(inside stat -c %U:%G:%a /var/lib/schemad)" schemad:schemad:750 \
    "and /var/lib/schemad, the user's"
is "$(show schemad.service ActiveState):$(show schemad.service StatusText)" \
    "active:Ready at version 5" \
    "it starts schemad.service, which applies the migrations there"
is "$(inside systemctl is-enabled schemad.service schemad.socket | tr '\n' ' ')" \
    "enabled disabled " "schemad.service enabled; schemad.socket left to choose"
capture inside schemactl status
like "$out" '^READY version=5 ' "schemactl answers on the configured socket"
capture inside test -s /usr/share/doc/schemad/README.Debian
is "$rc" 0 "README.Debian is installed"
like "$(cat "$R/usr/share/doc/schemad/README.Debian")" 'keeps /var/lib/schemad' \
    "and says what purge does with the database"

# An upgrade: an edited conffile (backups on) and a new migration.
sed -i 's|^;directory = /var/lib/schemad/backup$|directory = /var/lib/schemad/backup|' \
    "$R/etc/schemad.conf"
grep -q '^directory = /var/lib/schemad/backup$' "$R/etc/schemad.conf"
ok $? "the administrator turns backups on in /etc/schemad.conf"
printf 'CREATE TABLE tags(t);\n' >"$R/etc/schemad/migrations/0006_tags.sql"
apt_get install "/root/schemad_${ver2}_$arch.deb"
is "$rc" 0 "apt-get install ./schemad_${ver2}_$arch.deb over $ver"
[ "$rc" = 0 ] || diag "$out$err"
is "$(inside dpkg-query -W -f '${Version}' schemad)" "$ver2" "$ver2 is installed"
grep -q '^directory = /var/lib/schemad/backup$' "$R/etc/schemad.conf" &&
    ! ls "$R"/etc/schemad.conf.dpkg-* 2>/dev/null
ok $? "the edited conffile is kept, with no .dpkg-dist beside it"
until_shown schemad.service StatusText '^(Ready|Failed)'
is "$(show schemad.service StatusText)" "Ready at version 6" \
    "the upgrade restarts schemad, which applies the new migration"
is "$(inside sqlite3 /var/lib/schemad/schemad.db 'SELECT count(*) FROM schemad_history' 2>&1)" 6 \
    "the database kept its history"
capture inside sh -c 'ls /var/lib/schemad/backup'
like "$out" . "the edited conffile is in force: a backup was made before 0006"

# The next boot: the application, enabled, starts after schemad has
# applied a migration added while the machine was down.
inside systemctl enable myapp.service >/dev/null 2>&1
nspawn_stop
printf 'CREATE TABLE more(m);\n' >"$R/etc/schemad/migrations/0007_more.sql"
nspawn_boot "$R"
like "$booted" '^(running|degraded)$' "the container boots again ($booted)"
is "$(show schemad.service StatusText)" "Ready at version 7" \
    "at boot, schemad applies 0007"
is "$(inside cat /run/myapp.version)" 7 \
    "and the application, started after it, found version 7"

# remove, then purge.
apt_get remove schemad
is "$rc" 0 "apt-get remove schemad"
is "$(show schemad.service LoadState)" not-found "the unit is gone"
test -f "$R/etc/schemad.conf" && test -f "$R/var/lib/schemad/schemad.db"
ok $? "the configuration and the database are kept"
apt_get purge schemad
is "$rc" 0 "apt-get purge schemad"
test ! -e "$R/etc/schemad.conf"
ok $? "purge removes /etc/schemad.conf"
is "$(inside sqlite3 /var/lib/schemad/schemad.db 'PRAGMA user_version')" 7 \
    "and keeps the database, at its version (README.Debian)"
capture inside dpkg-query -W schemad
is "$rc" 1 "dpkg knows schemad no more"

# Installed before any migration is there: the service fails, as
# README.Debian says, and is not restarted; with migrations, it starts.
rm -r "$R/etc/schemad/migrations" "$R/var/lib/schemad"
apt_get install "/root/schemad_${ver2}_$arch.deb"
is "$rc" 0 "apt-get install with no migrations yet"
is "$(show schemad.service Result):$(show schemad.service ExecMainStatus):$(show schemad.service NRestarts)" \
    exit-code:5:0 "schemad.service fails (exit 5) and is not restarted"
capture inside journalctl -u schemad --no-pager
like "$out" 'no migration files' "the journal says why"
cp "$EXAMPLE"/migrations/*.sql "$R/etc/schemad/migrations/"
capture inside systemctl restart schemad
is "$rc:$(show schemad.service StatusText)" "0:Ready at version 5" \
    "with migrations there, systemctl restart schemad migrates"

done_testing
