#!/bin/sh
# SPDX-License-Identifier: MIT
# The command line: help, version, bad options and commands, exit codes.
. "$(dirname "$0")/lib.sh"

sd --help
is "$rc" 0 "--help exits 0"
like "$out" '^usage: schemad ' "--help prints the usage on stdout"
for opt in --database --busy-timeout --journal-mode --create --migrations \
    --backup-dir --backup-keep --baseline --json --config; do
	like "$out" -- "$opt" "--help lists $opt"
done
like "$out" 'exit codes: 0 done' "--help lists the exit codes"
# (The configuration's path is configure's: measured as the default
# prefix's, not as make distcheck's long temporary one.)
is "$(printf '%s\n' "$out" | sed "s|$(make_var sysconfdir)/|/usr/local/etc/|" |
    awk 'length > 79' | wc -l)" 0 "--help fits 80 columns"

sd --version
is "$rc" 0 "--version exits 0"
like "$out" '^schemad [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"

capture "$SCHEMACTL" --version
is "$rc:$out" "0:schemactl $(echo "$out" | cut -d' ' -f2)" "schemactl --version prints its version"
like "$out" '^schemactl [0-9]+\.[0-9]+\.[0-9]+$' "as schemad's"
capture "$SCHEMACTL" -V
is "$rc" 0 "schemactl -V too"
capture "$SCHEMACTL" --help
like "$out" 'schemactl -V \| --version' "schemactl --help says so"
is "$(printf '%s\n' "$out" | awk 'length > 79' | wc -l)" 0 \
    "schemactl --help fits 80 columns"
capture "$SCHEMACTL" --nosuch status
is "$rc:$err" "2:schemactl: unknown option --nosuch (see schemactl --help)" \
    "schemactl: an unknown option in one line, with a pointer to --help"
capture "$SCHEMACTL" status --json=1
is "$rc:$err" "2:schemactl: --json takes no value (see schemactl --help)" \
    "schemactl: a value where none is taken"
capture "$SCHEMACTL" frobnicate
is "$rc:$err" "2:schemactl: unknown command 'frobnicate' (see schemactl --help)" \
    "schemactl: an unknown command in one line"
capture "$SCHEMACTL" status wait
is "$rc:$err" "2:schemactl: one command, status or wait (see schemactl --help)" \
    "schemactl: two commands in one line"

sd --nosuch migrate
is "$rc" 2 "an unknown option exits 2"
is "$err" "schemad: error: unknown option --nosuch (see schemad --help)" \
    "and says so in one line, with a pointer to --help"
sd -x migrate
is "$rc:$err" "2:schemad: error: unknown option -x (see schemad --help)" \
    "a short one too"
sd --json=yes plan
is "$rc:$err" "2:schemad: error: --json takes no value (see schemad --help)" \
    "a value where none is taken"
sd plan --database
is "$rc:$err" "2:schemad: error: no value for --database (see schemad --help)" \
    "no value where one is needed"

sd --migrations "$EXAMPLE/migrations" --database "$T/a.db" frobnicate
is "$rc" 2 "an unknown command exits 2"
is "$err" "schemad: error: unknown command 'frobnicate' (see schemad --help)" \
    "and names the command, in one line"

sd --migrations "$EXAMPLE/migrations" --database "$T/a.db" --baseline x plan
is "$rc" 2 "a bad --baseline exits 2"
like "$err" "--baseline: 'x' is not a positive whole number" "and says why"

sd --migrations "$EXAMPLE/migrations" --busy-timeout 1s plan
is "$rc" 2 "a bad option value exits 2"
like "$err" "^schemad: error: --busy-timeout: busy_timeout: '1s' is not a whole number" \
    "and names the option"

sd --migrations "$EXAMPLE/migrations" --database "$T/a.db" exec
is "$rc" 2 "exec without a command: exit 2"
like "$err" "exec: no command" "and says so"

sd -c "$T/missing.conf" plan
is "$rc" 2 "a missing -c file exits 2"
like "$err" "$T/missing.conf: No such file or directory" "and names the file"

sd --migrations "$EXAMPLE/migrations" --database "$T/a.db" migrate --json -q
is "$rc" 0 "options after the command are options"
like "$out" '^\{"command":"migrate","status":"ok"' "--json after the command"
is "$err" "" "-q: nothing on stderr"

# Every long option in --help is in the man page; every key in schemad.conf(5)
# and in the example configuration.
sd --help
man8=$top_builddir/man/schemad.8
man5=$top_builddir/man/schemad.conf.5
for opt in $(printf '%s\n' "$out" | grep -Eo -- '--[a-z-]+' | sort -u); do
	pat=$(printf 'Fl \\-%s' "$(printf '%s' "${opt#--}" | sed 's/-/\\-/g')")
	grep -qF -- "$pat" "$man8"
	ok $? "schemad(8) documents $opt"
done
for opt in $(printf '%s\n' "$out" | grep -Eo -- '--[a-z-]+ [A-Z]' | cut -d' ' -f1 | sort -u); do
	[ "$opt" = --config ] && continue
	[ "$opt" = --baseline ] && continue
	var=SCHEMAD_$(printf '%s' "${opt#--}" | tr a-z- A-Z_)
	grep -q "^\.Ev $var" "$man8"
	ok $? "schemad(8) documents $var"
done
for key in $(printf '%s\n' "$out" | grep -Eo '\[[a-z]+\] [a-z_]+' | grep -v '^\[options\]' |
    sed 's/ /:/'); do
	name=${key#*:}
	grep -q "^\.It Cm $name No" "$man5"
	ok $? "schemad.conf(5) documents $name"
	grep -q "^;*$name = " "$top_srcdir/etc/schemad.conf"
	ok $? "etc/schemad.conf shows $name"
done

# What schemad migrate loads at every boot: not libsystemd (run opens it
# under a service manager) and, unless configured so, not libcrypto.
needed=$(LC_ALL=C readelf -d "$SCHEMAD" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
diag "NEEDED: $(echo $needed)"
printf '%s\n' "$needed" | grep -q '^libsystemd'
is $? 1 "schemad is not linked with libsystemd"
if [ -n "${SCHEMAD_STATIC_LIBCRYPTO:-}" ]; then
	printf '%s\n' "$needed" | grep -q '^libcrypto'
	is $? 1 "schemad takes SHA-256 from libcrypto.a, not libcrypto.so"
else
	skip "configured --disable-static-libcrypto" "SHA-256 from libcrypto.a"
fi

done_testing
