#!/bin/sh
# SPDX-License-Identifier: MIT
# Inputs that must neither hang a run nor lose statements silently: a FIFO
# (or a symlink to one) named like a migration, NUL bytes in a migration
# or the configuration, a migration too large to read, a database path
# that is a directory or a device, a symlink loop. Each is refused at once,
# with the file (and line) at fault, as permanent.
. "$(dirname "$0")/lib.sh"

# quick SECONDS CMD...: run CMD (as capture does), but fail it if it takes
# more than SECONDS.
quick()
{
	limit=$1
	shift
	timeout "$limit" "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

mkdir "$T/m"
echo 'CREATE TABLE a(x);' >"$T/m/0001_a.sql"
M="--database $T/app.db --migrations $T/m"

mkfifo "$T/m/0002_fifo.sql"
for cmd in plan migrate; do
	quick 10 "$SCHEMAD" $M $cmd
	is "$rc" 5 "$cmd: a FIFO named like a migration: exit 5, at once"
	like "$err" "0002_fifo.sql: a FIFO, not a migration file" "$cmd: says what it is"
done
rm "$T/m/0002_fifo.sql"
mkfifo "$T/fifo"
ln -s ../fifo "$T/m/0002_link.sql"
quick 10 "$SCHEMAD" $M --strict-modes no plan
is "$rc" 5 "a symlink to a FIFO: exit 5, at once"
rm "$T/m/0002_link.sql"

# A NUL byte ends the text for SQLite: refused, not half applied.
printf 'CREATE TABLE b(x); INSERT INTO b VALUES(1);\n\000INSERT INTO b VALUES(2); CREATE TABLE c(x);\n' \
    >"$T/m/0002_nul.sql"
sd $M migrate
is "$rc" 5 "a NUL byte in a migration: exit 5"
like "$err" '0002_nul.sql:2: a NUL byte' "naming file and line"
test ! -e "$T/app.db"
ok $? "and nothing was applied"
head -c 100 /dev/zero >"$T/m/0002_nul.sql"
sd $M plan
is "$rc" 5 "a migration of NUL bytes only: exit 5"
rm "$T/m/0002_nul.sql"

# Too large: refused without being read.
truncate -s 2G "$T/m/0002_big.sql"
quick 10 "$SCHEMAD" $M plan
is "$rc" 5 "a 2 GB migration: exit 5, without reading it"
like "$err" '0002_big.sql: 2147483648 bytes; a migration may be at most 64 MiB' \
    "names the file and the limit"
rm "$T/m/0002_big.sql"

# A NUL byte in the configuration does not cut a value short.
printf '[database]\nbusy_timeout = 5\000 00000\n' >"$T/nul.conf"
sd -c "$T/nul.conf" $M plan
is "$rc" 2 "a NUL byte in the configuration: exit 2"
like "$err" 'nul.conf:2: a NUL byte' "naming file and line"

# The database must be a file.
mkdir "$T/dir.db"
sd --database "$T/dir.db" --migrations "$T/m" migrate
is "$rc" 2 "a database path that is a directory: exit 2 (configuration)"
like "$err" 'dir.db: not a regular file \(a directory\)' "says so"
if mknod "$T/null.db" c 1 3 2>/dev/null; then
	sd --database "$T/null.db" --migrations "$T/m" migrate
	is "$rc" 2 "a database path that is a device: exit 2"
	test ! -e "$T/null.db-journal"
	ok $? "and no journal beside the device"
else
	skip "mknod is not permitted here" "a database path that is a device"
	skip "mknod is not permitted here" "and no journal beside the device"
fi

# A symlink loop says what it is.
ln -s loop2 "$T/m/loop1"
ln -s loop1 "$T/m/loop2"
ln -s loop1 "$T/m/0002_loop.sql"
sd $M plan
is "$rc" 5 "a symlink loop: exit 5"
like "$err" '0002_loop.sql: Too many levels of symbolic links' "says so"

done_testing
