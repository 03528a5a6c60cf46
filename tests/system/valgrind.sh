#!/bin/sh
# SPDX-License-Identifier: MIT
# The migrate path under valgrind: no invalid access, no leak; on a fresh
# database, a current one, a failing run, a drifted one, and plan.
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null; then
	skip "valgrind is not installed" "schemad under valgrind"
	done_testing
fi
if [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	skip "a sanitizer build (ASan and valgrind do not mix)" "schemad under valgrind"
	done_testing
fi

# vg NAME EXPECTED-EXIT ARGS...: schemad under valgrind.
vg()
{
	name=$1 want=$2
	shift 2
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect,possible \
	    --show-leak-kinds=definite,indirect,possible \
	    "$SCHEMAD" "$@" >/dev/null 2>"$T/vg.err"
	got=$?
	is "$got" "$want" "$name: exit $want and valgrind clean"
	[ "$got" = "$want" ] || diag "$(cat "$T/vg.err")"
}

copy_example "$T/m"
cp "$top_srcdir/tests/data/config/good.conf" "$T/good.conf"
M="--migrations $T/m --database $T/app.db"
vg "plan, no database" 3 $M plan --json
vg "migrate, fresh database" 0 $M -v migrate
vg "migrate, current database" 0 $M migrate --json
printf 'CREATE TABLE x(y);\nINSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_bad.sql"
vg "migrate, failing migration" 1 $M migrate --json
rm "$T/m/0006_bad.sql"
echo '-- edit' >>"$T/m/0001_create_users.sql"
vg "plan, drift" 4 $M plan
vg "migrate, drift" 4 $M migrate --json
echo 'SELECT 1;' >"$T/m/07_bad name.sql"
vg "migrate, invalid directory" 5 $M migrate --json
vg "bad configuration file" 2 -c "$top_srcdir/tests/data/config/bad-keys.conf" plan

# The daemon: migrate, answer clients, SIGHUP with a new file, SIGTERM.
rm -rf "$T/m" "$T/app.db"
copy_example "$T/m"
valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect,possible \
    "$SCHEMAD" --migrations "$T/m" --database "$T/app.db" \
    --socket "$T/s.sock" run 2>"$T/vgd.err" &
vgd=$!
sc -s "$T/s.sock" wait --timeout 60
is "$rc" 0 "daemon under valgrind: ready"
echo 'CREATE TABLE t6(x);' >"$T/m/0006_t6.sql"
kill -HUP "$vgd"
sc -s "$T/s.sock" wait --timeout 60 --version 6
is "$rc" 0 "daemon under valgrind: SIGHUP applies the new file"
printf 'nonsense\nPING\n' | socat -t 2 - "UNIX-CONNECT:$T/s.sock" >/dev/null 2>&1
kill -TERM "$vgd"
wait "$vgd"
got=$?
is "$got" 0 "daemon under valgrind: SIGTERM, exit 0 and valgrind clean"
[ "$got" = 0 ] || diag "$(cat "$T/vgd.err")"

done_testing
