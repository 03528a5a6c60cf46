#!/bin/sh
# SPDX-License-Identifier: MIT
# schemad exec -- CMD: migrate, then become CMD (same pid, its arguments,
# its exit code, none of schemad's descriptors); never CMD after a failed
# migration. Configuration from the environment, and its precedence.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
D="--database $T/app.db --migrations $T/m"

"$SCHEMAD" $D exec -- sh -c 'echo $$ >"$1"; echo "out:$2"; exit 42' sh \
    "$T/pid" "an argument" >"$T/out" 2>"$T/err" &
pid=$!
wait "$pid"
is "$?" 42 "exec passes the command's exit code through"
is "$(cat "$T/pid")" "$pid" "the command has schemad's pid (it replaced it)"
is "$(cat "$T/out")" "out:an argument" "arguments arrive as given; stdout is the command's"
like "$(cat "$T/err")" "version 0 -> 5" "the migration report went to stderr"
is "$(q 'PRAGMA user_version')" 5 "the database was migrated first"

# Descriptors: the command gets what schemad got, nothing of its own.
want=$(sh -c 'ls /proc/$$/fd' | sort | tr '\n' ' ')
got=$("$SCHEMAD" $D exec -- sh -c 'ls /proc/$$/fd' | sort | tr '\n' ' ')
is "$got" "$want" "the command inherits no descriptor of schemad's"

NOTIFY_SOCKET=/run/some.sock "$SCHEMAD" $D exec -- sh -c 'echo "$NOTIFY_SOCKET"' >"$T/out"
is "$(cat "$T/out")" /run/some.sock "NOTIFY_SOCKET is left to the command"

printf 'INSERT INTO nosuch VALUES (1);\n' >"$T/m/0006_broken.sql"
sd $D exec -- touch "$T/started"
is "$rc" 1 "a failed migration: exit 1"
test ! -e "$T/started"
ok $? "and the command never ran"
like "$err" "exec: not starting touch: the migration failed" "and says so"
rm "$T/m/0006_broken.sql"

sd $D exec -- "$T/no-such-command"
is "$rc" 127 "a command that does not exist: exit 127"
like "$err" "exec: $T/no-such-command: No such file or directory" "and says so"
sd $D exec
is "$rc" 2 "exec without a command: exit 2"

# The environment: SCHEMAD_<OPTION>; the command line wins over it, and it
# over the file.
printf '[database]\npath = %s/file.db\n[migrations]\ndirectory = %s/m\n' "$T" "$T" \
    >"$T/s.conf"
SCHEMAD_DATABASE=$T/env.db sd -c "$T/s.conf" migrate
is "$rc" 0 "SCHEMAD_DATABASE with a configuration file"
test -f "$T/env.db" && test ! -e "$T/file.db"
ok $? "the environment wins over the file"
SCHEMAD_DATABASE=$T/env.db sd -c "$T/s.conf" --database "$T/cli.db" migrate
test -f "$T/cli.db"
ok $? "the command line wins over the environment"
SCHEMAD_CONFIG=$T/s.conf sd migrate
is "$rc" 0 "SCHEMAD_CONFIG names the configuration file"
test -f "$T/file.db"
ok $? "and it is read"
SCHEMAD_BUSY_TIMEOUT=soon sd -c "$T/s.conf" plan
is "$rc" 2 "a bad value in the environment: exit 2"
like "$err" "SCHEMAD_BUSY_TIMEOUT: busy_timeout: 'soon' is not a whole number" \
    "and the error names the variable"

done_testing
