#!/bin/sh
# SPDX-License-Identifier: MIT
# Configuration errors against golden files; the shipped examples load;
# the command line overrides the file.
. "$(dirname "$0")/lib.sh"

data=$top_srcdir/tests/data/config
for conf in "$data"/bad-*.conf; do
	name=$(basename "$conf" .conf)
	(cd "$data" && "$SCHEMAD" -c "$name.conf" plan) >"$T/out" 2>"$T/err"
	is "$?" 2 "$name.conf: exit 2"
	if diff -u "$data/$name.err" "$T/err" >"$T/diff"; then
		ok 0 "$name.conf: every error, with file and line"
	else
		ok 1 "$name.conf: every error, with file and line"
		diag "$(cat "$T/diff")"
	fi
	is "$(cat "$T/out")" "" "$name.conf: nothing on stdout"
done

# The example configuration ships with absolute paths; it must parse.
sd -c "$top_srcdir/etc/schemad.conf" --database "$T/etc.db" \
    --migrations "$EXAMPLE/migrations" plan
is "$rc" 3 "etc/schemad.conf loads (plan: pending)"
is "$err" "" "etc/schemad.conf: no complaint"

# Paths in a file are relative to the file; options override the file.
mkdir -p "$T/conf/m"
cp "$EXAMPLE"/migrations/0001_*.sql "$T/conf/m/"
printf '[database]\npath = rel.db\n[migrations]\ndirectory = m\n' \
    >"$T/conf/s.conf"
(cd / && "$SCHEMAD" -c "$T/conf/s.conf" migrate >/dev/null 2>&1)
is "$?" 0 "migrate with relative paths in the file, from another directory"
test -f "$T/conf/rel.db"
ok $? "the database was created beside the configuration file"
sd -c "$T/conf/s.conf" --database "$T/other.db" migrate
is "$rc" 0 "--database overrides the file"
test -f "$T/other.db"
ok $? "the database named on the command line was used"

# The example in contrib/ loads and plans (it is what the README runs).
sd -c "$EXAMPLE/schemad.conf" --database "$T/contrib.db" plan
is "$rc" 3 "contrib/example/schemad.conf loads"

done_testing
