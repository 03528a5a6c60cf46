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
unset JOURNAL_STREAM NOTIFY_SOCKET

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

# like TEXT PATTERN DESCRIPTION (grep -E pattern)
like()
{
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
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

# sd ARGS...: run schemad; sets $rc, $out (stdout) and $err (stderr).
sd()
{
	"$SCHEMAD" "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
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
