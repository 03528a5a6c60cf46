#!/bin/sh
# SPDX-License-Identifier: MIT
# Strict modes: a migrations directory or file that others could change,
# or one owned by another user, and a symlink that leads out of the
# directory, are refused -- unless strict_modes = no.
. "$(dirname "$0")/lib.sh"

D="--database $T/app.db --migrations $T/m"
fresh()
{
	rm -rf "$T/m" "$T/app.db"
	copy_example "$T/m"
	chmod 755 "$T/m"
	chmod 644 "$T"/m/*.sql
}

fresh
chmod 777 "$T/m"
sd $D migrate
is "$rc" 5 "a world-writable migrations directory: exit 5"
like "$err" "$T/m: writable by everyone; refusing it" "and says why"
test ! -e "$T/app.db"
ok $? "nothing was touched"

fresh
chmod 664 "$T/m/0002_create_notes.sql"
sd $D migrate
is "$rc" 5 "a group-writable migration: exit 5"
like "$err" "0002_create_notes.sql: writable by its group; refusing it" "and says why"

fresh
chown 65534 "$T/m/0003_add_user_email.sql"
sd $D migrate
is "$rc" 5 "a migration owned by another user: exit 5"
like "$err" "0003_add_user_email.sql: owned by uid 65534" "and says why"

fresh
mv "$T/m/0005_notes_search.sql" "$T/outside.sql"
ln -s "$T/outside.sql" "$T/m/0005_notes_search.sql"
sd $D migrate
is "$rc" 5 "a symlink out of the directory: exit 5"
like "$err" "0005_notes_search.sql: a symlink to $T/outside.sql, outside" "and says why"

fresh
mv "$T/m/0005_notes_search.sql" "$T/m/search.txt"
ln -s search.txt "$T/m/0005_notes_search.sql"
sd $D migrate
is "$rc" 0 "a symlink inside the directory is followed"

fresh
mkdir "$T/m/..data"
mv "$T/m/0004_notes_body_not_null.sql" "$T/m/..data/"
ln -s ..data/0004_notes_body_not_null.sql "$T/m/0004_notes_body_not_null.sql"
sd $D migrate
is "$rc" 0 "a symlink into a subdirectory (a Kubernetes ConfigMap) is followed"

# As a ConfigMap is laid out: the file a link to ..data/, ..data a link
# to a directory of the day. That directory must be trusted too.
fresh
mkdir "$T/m/..2026_11_29"
mv "$T/m/0004_notes_body_not_null.sql" "$T/m/..2026_11_29/"
ln -s ..2026_11_29 "$T/m/..data"
ln -s ..data/0004_notes_body_not_null.sql "$T/m/0004_notes_body_not_null.sql"
chmod 777 "$T/m/..2026_11_29"
sd $D plan
is "$rc" 5 "a world-writable directory behind ..data is refused"
like "$err" "\.\.2026_11_29: writable by everyone" "and named"
chmod 755 "$T/m/..2026_11_29"
sd $D migrate
is "$rc" 0 "once it is not, the migrations run"

# A read-only mount: nobody can change the files, whoever owns them.
unmount_ro() { umount "$T/ro" 2>/dev/null; }
cleanup_hooks="unmount_ro $cleanup_hooks"
fresh
chown -R 65534 "$T/m"
mkdir "$T/ro"
if mount --bind "$T/m" "$T/ro" 2>/dev/null &&
    mount -o remount,ro,bind "$T/ro" 2>/dev/null; then
	sd --database "$T/app.db" --migrations "$T/ro" migrate
	is "$rc" 0 "files of another user on a read-only mount are trusted"
	umount "$T/ro"
else
	umount "$T/ro" 2>/dev/null
	skip "cannot mount here" "files on a read-only mount are trusted"
fi

fresh
chmod 777 "$T/m"
chmod 666 "$T"/m/*.sql
sd $D --strict-modes no migrate
is "$rc" 0 "strict_modes = no allows it all"

done_testing
