#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The overhead of `schemad migrate` over the sqlite3 shell executing the
# same SQL in one transaction, on this machine, in one invocation:
#
#   W1  200 small migrations (CREATE TABLE, CREATE INDEX, ADD COLUMN)
#       on a fresh database
#   W2  a 1,000,000-row table, then ADD COLUMN and a backfill UPDATE
#   W3  a database that is already current: `schemad migrate` against
#       `sqlite3 DB 'PRAGMA user_version'`
#
# Each case runs RUNS times (default 7) from an identical starting file;
# the table shows medians, min-max, and the ratio of the medians.
# Usage: bench/overhead.sh [path/to/schemad]   (not part of make check)
set -eu

SCHEMAD=${1:-$(dirname "$0")/../src/schemad}
RUNS=${RUNS:-7}
T=$(mktemp -d "${TMPDIR:-/tmp}/schemad-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT

now() { date +%s%N; }

# median and range of the numbers (nanoseconds) in file $1, as ms
stats()
{
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f\n", m / 1e6, v[1] / 1e6, v[NR] / 1e6 }'
}

# time_case NAME SETUP-COMMAND RUN-COMMAND: RUNS timings into $T/NAME.
time_case()
{
	: >"$T/$1"
	i=0
	while [ $i -lt "$RUNS" ]; do
		sh -c "$2"
		t0=$(now)
		sh -c "$3" >/dev/null
		t1=$(now)
		echo $((t1 - t0)) >>"$T/$1"
		i=$((i + 1))
	done
}

row()
{
	set -- "$1" "$2" "$3" $(stats "$T/$2") $(stats "$T/$3")
	awk -v w="$1" -v a="$4" -v amin="$5" -v amax="$6" -v b="$7" \
	    -v bmin="$8" -v bmax="$9" 'BEGIN {
		printf "| %s | %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) | %.2fx |\n",
		    w, a, amin, amax, b, bmin, bmax, a / b }'
}

# W1: 200 small migrations.
mkdir "$T/w1"
i=1
while [ $i -le 200 ]; do
	f=$(printf '%s/w1/%04d_step.sql' "$T" $i)
	printf 'CREATE TABLE t%d (id INTEGER PRIMARY KEY, a TEXT);\n' $i >"$f"
	printf 'CREATE INDEX t%d_a ON t%d(a);\n' $i $i >>"$f"
	printf 'ALTER TABLE t%d ADD COLUMN b INTEGER;\n' $i >>"$f"
	i=$((i + 1))
done
{ echo 'BEGIN;'; cat "$T"/w1/*.sql; echo 'COMMIT;'; } >"$T/w1.sql"
time_case w1-sqlite3 "rm -f '$T/a.db'" "sqlite3 '$T/a.db' <'$T/w1.sql'"
time_case w1-schemad "rm -f '$T/a.db'" \
    "'$SCHEMAD' -q --migrations '$T/w1' --database '$T/a.db' migrate"

# W2: a million rows, then a new column and its backfill.
mkdir "$T/w2"
sqlite3 "$T/w2.db" "CREATE TABLE big (id INTEGER PRIMARY KEY, v INTEGER);
INSERT INTO big (v) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL
    SELECT x + 1 FROM n WHERE x < 1000000) SELECT x FROM n;"
cat >"$T/w2/0001_backfill.sql" <<'SQL'
ALTER TABLE big ADD COLUMN w TEXT;
UPDATE big SET w = printf('%08d', v * 7);
SQL
{ echo 'BEGIN;'; cat "$T/w2/0001_backfill.sql"; echo 'COMMIT;'; } >"$T/w2.sql"
time_case w2-sqlite3 "cp '$T/w2.db' '$T/b.db'" "sqlite3 '$T/b.db' <'$T/w2.sql'"
time_case w2-schemad "cp '$T/w2.db' '$T/b.db'" \
    "'$SCHEMAD' -q --migrations '$T/w2' --database '$T/b.db' migrate"

# W3: the common boot, a database already current (the W1 one).
time_case w3-sqlite3 true "sqlite3 '$T/a.db' 'PRAGMA user_version'"
time_case w3-schemad true \
    "'$SCHEMAD' -q --migrations '$T/w1' --database '$T/a.db' migrate"

echo "schemad overhead on $(uname -m), $(nproc) cores, $RUNS runs each," \
    "sqlite $(sqlite3 --version | cut -d' ' -f1); times in ms"
echo
echo "| workload | schemad median (min-max) | sqlite3 shell median (min-max) | ratio |"
echo "|---|---|---|---|"
row "W1: 200 migrations, fresh database" w1-schemad w1-sqlite3
row "W2: ADD COLUMN + backfill of 1M rows" w2-schemad w2-sqlite3
row "W3: already current" w3-schemad w3-sqlite3
