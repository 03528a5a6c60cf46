#!/bin/sh
# SPDX-License-Identifier: MIT
# Switching from another tool: a database that tool migrated halfway, its
# history table as the tool's documentation and source define it. plan
# names the tool and wants --adopt; migrate --adopt yes records what the
# tool applied (as adopted, in the same transaction) and applies exactly
# the rest; the tool's table is left as it was. A last run the tool marked
# failed, a checksum it kept that no longer matches, and a version it
# applied that has no file are refused before anything is written.
. "$(dirname "$0")/lib.sh"

# The schema, but for schemad's history and the tool's (table $1).
schema()
{
	q "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE
	    'schemad%' AND tbl_name NOT IN ('$1', 'sqlite_sequence')
	    ORDER BY name" "$2"
}

# adopt TOOL TABLE DIR UPSQL1 UPSQL2 UPSQL3 SQL: the database that TOOL left
# after the first two migrations (their SQL, then SQL, which makes its
# history table), adopted.
adopt()
{
	tool=$1 table=$2 dir=$3
	rm -f "$T/app.db"* "$T/shell.db"
	cat "$4" "$5" | sqlite3 "$T/app.db"
	sqlite3 "$T/app.db" "$7"
	before=$(sqlite3 "$T/app.db" "SELECT * FROM $table" | sha256sum)
	cat "$4" "$5" "$6" | sqlite3 "$T/shell.db"
	sd --database "$T/app.db" --migrations "$dir" plan
	is "$rc" 4 "$tool: plan without --adopt: exit 4"
	like "$out" "the database has $tool's history \\($table: 2 applied\\) and none of schemad's; adopt it with --adopt yes" \
	    "$tool: plan names the tool, its table and what to do"
	sd --database "$T/app.db" --migrations "$dir" migrate
	is "$rc" 4 "$tool: migrate without --adopt refuses (exit 4)"
	sd --database "$T/app.db" --migrations "$dir" --adopt yes plan
	is "$rc" 3 "$tool: plan --adopt yes: one pending"
	is "$(printf '%s\n' "$out" | grep -c '^  adopt ')" 2 "$tool: two to adopt"
	sd --database "$T/app.db" --migrations "$dir" --adopt yes migrate
	is "$rc" 0 "$tool: migrate --adopt yes: exit 0"
	[ "$rc" = 0 ] || diag "$err"
	is "$(q "SELECT group_concat(status || ':' || coalesce(detail, ''), ',') FROM schemad_history")" \
	    "baseline:adopted from $tool ($table),baseline:adopted from $tool ($table),applied:" \
	    "$tool: two adopted, the third applied"
	is "$(schema "$table" "$T/app.db")" "$(schema "$table" "$T/shell.db")" \
	    "$tool: the schema is the shell's, nothing applied twice"
	is "$(sqlite3 "$T/app.db" "SELECT * FROM $table" | sha256sum)" "$before" \
	    "$tool: its table is left as it was"
	sd --database "$T/app.db" --migrations "$dir" plan
	is "$rc" 0 "$tool: then up to date"
}

# The tool's table, with SQL that makes it, then rows.
up() { printf 'CREATE TABLE t%s (x);\n' "$1"; }

# golang-migrate: one row, the version reached, and dirty.
G=$T/golang-migrate
mkdir "$G"
for i in 1 2 3; do up "$i" >"$G/${i}_t$i.up.sql"; echo "DROP TABLE t$i;" >"$G/${i}_t$i.down.sql"; done
GT='CREATE TABLE schema_migrations (version uint64, dirty bool); CREATE UNIQUE INDEX version_unique ON schema_migrations (version)'
adopt golang-migrate schema_migrations "$G" "$G/1_t1.up.sql" "$G/2_t2.up.sql" \
    "$G/3_t3.up.sql" "$GT; INSERT INTO schema_migrations VALUES (2, 0)"

# dbmate: a row a migration.
D=$T/dbmate
mkdir "$D"
for i in 1 2 3; do
	up "$i" >"$T/d$i.sql"
	printf -- '-- migrate:up\n%s\n-- migrate:down\nDROP TABLE t%s;\n' "$(cat "$T/d$i.sql")" "$i" \
	    >"$D/2024010${i}000000_t$i.sql"
done
DT='CREATE TABLE schema_migrations (version varchar(128) primary key)'
adopt dbmate schema_migrations "$D" "$T/d1.sql" "$T/d2.sql" "$T/d3.sql" \
    "$DT; INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240102000000')"

# goose: the last row of a version says; version 0 is goose's own.
O=$T/goose
mkdir "$O"
for i in 1 2 3; do
	printf -- '-- +goose Up\n%s\n-- +goose Down\nDROP TABLE t%s;\n' "$(up "$i")" "$i" \
	    >"$O/0000${i}_t$i.sql"
done
OT='CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('"'now'"')))'
adopt goose goose_db_version "$O" "$T/d1.sql" "$T/d2.sql" "$T/d3.sql" \
    "$OT; INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1), (2, 1), (3, 1), (3, 0)"

# sql-migrate: the file's name.
S=$T/sql-migrate
mkdir "$S"
for i in 1 2 3; do
	printf -- '-- +migrate Up\n%s\n-- +migrate Down\nDROP TABLE t%s;\n' "$(up "$i")" "$i" \
	    >"$S/${i}_t$i.sql"
done
ST='CREATE TABLE gorp_migrations (id text not null primary key, applied_at datetime)'
adopt sql-migrate gorp_migrations "$S" "$T/d1.sql" "$T/d2.sql" "$T/d3.sql" \
    "$ST; INSERT INTO gorp_migrations (id) VALUES ('1_t1.sql'), ('2_t2.sql')"

# sqlx: success, and the file's SHA-384 -- of the file as it is, with the
# PRAGMA pair that schemad leaves out of what runs.
X=$T/sqlx
mkdir "$X"
for i in 1 2 3; do up "$i" >"$X/2024010${i}000000_t$i.sql"; done
{ echo 'PRAGMA foreign_keys=OFF;'; up 2; echo 'PRAGMA foreign_keys=ON;'; } \
    >"$X/20240102000000_t2.sql"
sum() { sha384sum "$1" | cut -d' ' -f1; }
XT='CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)'
xrows()
{
	echo "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES
	    (20240101000000, 't1', 1, X'$(sum "$X/20240101000000_t1.sql")', 1),
	    (20240102000000, 't2', $1, X'$2', 1)"
}
adopt sqlx _sqlx_migrations "$X" "$X/20240101000000_t1.sql" \
    "$X/20240102000000_t2.sql" "$X/20240103000000_t3.sql" \
    "$XT; $(xrows 1 "$(sum "$X/20240102000000_t2.sql")")"

# diesel: the version without its dashes.
L=$T/diesel
for i in 1 2 3; do
	mkdir -p "$L/2024-01-0$i-000000_t$i"
	up "$i" >"$L/2024-01-0$i-000000_t$i/up.sql"
	echo "DROP TABLE t$i;" >"$L/2024-01-0$i-000000_t$i/down.sql"
done
LT='CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)'
adopt diesel __diesel_schema_migrations "$L" "$T/d1.sql" "$T/d2.sql" "$T/d3.sql" \
    "$LT; INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000'), ('20240102000000')"

# Prisma: finished_at, rolled_back_at, and the file's SHA-256.
P=$T/prisma
for i in 1 2 3; do
	mkdir -p "$P/2024010${i}000000_t$i"
	up "$i" >"$P/2024010${i}000000_t$i/migration.sql"
done
psum() { sha256sum "$P/$1/migration.sql" | cut -d' ' -f1; }
PT='CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)'
prows()
{
	echo "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at) VALUES
	    ('a', '$(psum 20240101000000_t1)', '2024-01-01', '20240101000000_t1', NULL),
	    ('b', '$2', $1, '20240102000000_t2', NULL),
	    ('c', 'x', NULL, '20240103000000_t3', '2024-01-03')"
}
adopt Prisma _prisma_migrations "$P" "$T/d1.sql" "$T/d2.sql" "$T/d3.sql" \
    "$PT; $(prows "'2024-01-02'" "$(psum 20240102000000_t2)")"

# drizzle: the file's SHA-256, not its version.
Z=$T/drizzle
mkdir -p "$Z/meta"
echo '{"version":"7","dialect":"sqlite","entries":[{"idx":0,"version":"6","when":1704067200000,"tag":"0001_t1","breakpoints":true},{"idx":1,"version":"6","when":1704153600000,"tag":"0002_t2","breakpoints":true},{"idx":2,"version":"6","when":1704240000000,"tag":"0003_t3","breakpoints":true}]}' \
    >"$Z/meta/_journal.json"
for i in 1 2 3; do up "$i" >"$Z/000${i}_t$i.sql"; done
zsum() { sha256sum "$Z/$1" | cut -d' ' -f1; }
ZT='CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)'
adopt drizzle __drizzle_migrations "$Z" "$Z/0001_t1.sql" "$Z/0002_t2.sql" \
    "$Z/0003_t3.sql" "$ZT; INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('$(zsum 0001_t1.sql)', 1704067200000), ('$(zsum 0002_t2.sql)', 1704153600000)"

# Flyway: a row a migration, its version as Flyway writes it (1.10 after
# 1.9), and its CRC-32 of the file's lines, computed here apart from
# schemad (perl's zlib over the lines joined without their ends).
W=$T/flyway
mkdir "$W"
up 1 >"$W/V1__t1.sql"
up 2 >"$W/V1.9__t2.sql"
up 3 >"$W/V1.10__t3.sql"
fcrc()
{
	perl -MCompress::Zlib -e 'local $/; my $t = <STDIN>;
	    $t =~ s/^\xef\xbb\xbf//; $t =~ s/\r\n|\r|\n//g; my $c = crc32($t);
	    print $c >= 2**31 ? $c - 2**32 : $c' <"$W/$1"
}
WT="CREATE TABLE \"flyway_schema_history\" (\"installed_rank\" INT NOT NULL PRIMARY KEY, \"version\" VARCHAR(50), \"description\" VARCHAR(200) NOT NULL, \"type\" VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL, \"checksum\" INT, \"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now')), \"execution_time\" INT NOT NULL, \"success\" BOOLEAN NOT NULL); CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" (\"success\")"
# wrows SUCCESS CHECKSUM: the rows Flyway wrote for V1 and V1.9.
wrows()
{
	echo "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES
	    (1, '1', 't1', 'SQL', 'V1__t1.sql', $(fcrc V1__t1.sql), 'app', 3, 1),
	    (2, '1.9', 't2', 'SQL', 'V1.9__t2.sql', $2, 'app', 3, $1)"
}
adopt Flyway flyway_schema_history "$W" "$W/V1__t1.sql" "$W/V1.9__t2.sql" \
    "$W/V1.10__t3.sql" "$WT; $(wrows 1 "$(fcrc V1.9__t2.sql)")"
is "$(q "SELECT group_concat(label) FROM schemad_history")" "1,1.9,1.10" \
    "Flyway: the labels are Flyway's versions"

# Flyway's BASELINE row stands for every version up to its own; a
# repeatable migration it ran as the file is now is adopted, one changed
# since runs again.
printf 'DROP VIEW IF EXISTS v1;\r\nCREATE VIEW v1 AS SELECT 1;\r\n' >"$W/R__v1.sql"
printf 'DROP VIEW IF EXISTS v2;\nCREATE VIEW v2 AS SELECT 2;\n' >"$W/R__v2.sql"
rm -f "$T/app.db"*
cat "$W/V1__t1.sql" "$W/V1.9__t2.sql" | sqlite3 "$T/app.db"
q "$WT; INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES
    (1, '1.9', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'app', 0, 1),
    (2, NULL, 'v1', 'SQL', 'R__v1.sql', $(fcrc R__v1.sql), 'app', 1, 1),
    (3, NULL, 'v2', 'SQL', 'R__v2.sql', 12345, 'app', 1, 1)"
sd --database "$T/app.db" --migrations "$W" --adopt yes migrate
is "$rc" 0 "Flyway baseline and repeatables: exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$(printf '%s\n' "$out" | awk '{print $1 ":" $2}' | head -5 | tr '\n' ' ')" \
    "adopted:V1__t1.sql adopted:V1.9__t2.sql applied:V1.10__t3.sql adopted:R__v1.sql applied:R__v2.sql " \
    "Flyway: the baseline adopts up to 1.9; R__v1 (CRLF, same checksum) adopted, R__v2 (changed) applied"
is "$(q "SELECT group_concat(name || ':' || status, ' ') FROM schemad_repeatable")" \
    "v1:baseline v2:applied" "Flyway: both repeatables are recorded"
is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'v2'")" 1 "Flyway: v2 exists"
rm "$W/R__v1.sql" "$W/R__v2.sql"

# Flyway's checksum is of the file as it is, for a versioned migration
# (ChecksumCalculator on the resource), PRAGMAs schemad leaves out and
# placeholders included; of a repeatable one, of its text after its
# placeholders (SqlMigrationResolver.getChecksumForLoadableResource).
FP=$T/flyway-placeholders
mkdir "$FP"
printf 'PRAGMA foreign_keys=OFF;\nCREATE TABLE ${prefix}t (x);\nPRAGMA foreign_keys=ON;\n' \
    >"$FP/V1__t.sql"
printf 'DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT * FROM ${Prefix}t;\n' >"$FP/R__v.sql"
sed 's/${Prefix}/app_/' "$FP/R__v.sql" >"$T/R__v.replaced"
rm -f "$T/app.db"*
printf 'CREATE TABLE app_t (x);\nCREATE VIEW v AS SELECT * FROM app_t;\n' | sqlite3 "$T/app.db"
q "$WT; INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES
    (1, '1', 't', 'SQL', 'V1__t.sql', $(fcrc ../flyway-placeholders/V1__t.sql), 'app', 1, 1),
    (2, NULL, 'v', 'SQL', 'R__v.sql', $(fcrc ../R__v.replaced), 'app', 1, 1)"
sd --database "$T/app.db" --migrations "$FP" --adopt yes --placeholder prefix=app_ migrate
is "$rc" 0 "Flyway, placeholders and a PRAGMA pair: exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$(q "SELECT status FROM schemad_history UNION ALL SELECT status FROM schemad_repeatable")" \
    "baseline
baseline" "Flyway: both adopted, their checksums as Flyway took them"

# Atlas: a row a revision; a baseline revision (type 1) stands for every
# version up to its own.
A=$T/atlas
mkdir "$A"
for i in 1 2 3; do up "$i" >"$A/2024010${i}000000_t$i.sql"; done
AT='CREATE TABLE `atlas_schema_revisions` (`version` text NOT NULL, `description` text NOT NULL, `type` integer NOT NULL DEFAULT 2, `applied` integer NOT NULL DEFAULT 0, `total` integer NOT NULL DEFAULT 0, `executed_at` datetime NOT NULL, `execution_time` integer NOT NULL, `error` text NULL, `error_stmt` text NULL, `hash` text NOT NULL, `partial_hashes` json NULL, `operator_version` text NOT NULL, PRIMARY KEY (`version`))'
# arows ERROR APPLIED: the rows Atlas wrote for the first two files.
arows()
{
	echo "INSERT INTO atlas_schema_revisions VALUES
	    ('.atlas_cloud_identifiers', '', 0, 0, 0, '2024-01-01', 0, NULL, NULL, '', NULL, 'Atlas CLI v0.14.0'),
	    ('20240101000000', 't1', 2, 1, 1, '2024-01-01', 1000, NULL, NULL, 'h1', NULL, 'Atlas CLI v0.14.0'),
	    ('20240102000000', 't2', 2, $2, 1, '2024-01-02', 1000, $1, NULL, 'h2', NULL, 'Atlas CLI v0.14.0')"
}
adopt Atlas atlas_schema_revisions "$A" "$A/20240101000000_t1.sql" \
    "$A/20240102000000_t2.sql" "$A/20240103000000_t3.sql" "$AT; $(arows NULL 1)"
rm -f "$T/app.db"*
cat "$A/20240101000000_t1.sql" "$A/20240102000000_t2.sql" | sqlite3 "$T/app.db"
q "$AT; INSERT INTO atlas_schema_revisions VALUES ('20240102000000', '', 1, 0, 0, '2024-01-02', 0, NULL, NULL, '', NULL, 'Atlas CLI v0.14.0')"
sd --database "$T/app.db" --migrations "$A" --adopt yes migrate
is "$rc" 0 "Atlas baseline: exit 0"
is "$(q "SELECT group_concat(status, ',') FROM schemad_history")" \
    "baseline,baseline,applied" "Atlas: its baseline adopts every version up to it"

# What cannot be adopted, refused before anything is written.
refused()
{
	what=$1 dir=$2 sql=$3 pattern=$4
	rm -f "$T/app.db"*
	sqlite3 "$T/app.db" "$sql"
	before=$(dump "$T/app.db")
	sd --database "$T/app.db" --migrations "$dir" --adopt yes migrate
	is "$rc" 4 "$what: exit 4"
	like "$out$err" "$pattern" "$what: says why"
	is "$(dump "$T/app.db")" "$before" "$what: nothing written"
}
refused "golang-migrate left dirty" "$G" \
    "$GT; INSERT INTO schema_migrations VALUES (2, 1)" \
    "golang-migrate's schema_migrations says its run of 2 failed or did not finish"
refused "sqlx marked a run failed" "$X" "$XT; $(xrows 0 "$(sum "$X/20240102000000_t2.sql")")" \
    "sqlx's _sqlx_migrations says its run of 20240102000000 failed"
refused "sqlx's checksum differs" "$X" "$XT; $(xrows 1 00)" \
    "20240102000000_t2.sql changed after sqlx applied it \\(its SHA384 checksum differs\\)"
refused "Prisma did not finish" "$P" "$PT; $(prows NULL "$(psum 20240102000000_t2)")" \
    "Prisma's _prisma_migrations says its run of 20240102000000_t2 failed or did not finish"
refused "Prisma's checksum differs" "$P" "$PT; $(prows "'2024-01-02'" 00)" \
    "20240102000000_t2/migration.sql changed after Prisma applied it"
refused "drizzle applied a file that is not there now" "$Z" \
    "$ZT; INSERT INTO __drizzle_migrations (hash) VALUES ('0123456789abcdef')" \
    "drizzle applied a migration that no file is now \\(SHA-256 0123456789ab...\\): changed, or gone"
refused "dbmate applied a version with no file" "$D" \
    "$DT; INSERT INTO schema_migrations VALUES ('20231231000000')" \
    "version 20231231000000 was applied by dbmate \\(schema_migrations\\) but has no file"

refused "Flyway marked a run failed" "$W" "$WT; $(wrows 0 "$(fcrc V1.9__t2.sql)")" \
    "Flyway's flyway_schema_history says its run of 1.9 failed or did not finish"
refused "Flyway's checksum differs" "$W" "$WT; $(wrows 1 7)" \
    "V1.9__t2.sql changed after Flyway applied it \\(its CRC-32 checksum differs\\)"
refused "Flyway applied a version with no file" "$W" \
    "$WT; INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES (1, '0.5', 'x', 'SQL', 'V0.5__x.sql', 1, 'app', 1, 1)" \
    "Flyway applied version 0.5, which no file has now"
refused "Atlas left an error" "$A" "$AT; $(arows "'near x: syntax error'" 0)" \
    "Atlas's atlas_schema_revisions says its run of 20240102000000 failed or did not finish"
refused "Atlas applied part of a file" "$A" "$AT; $(arows NULL 0)" \
    "Atlas's atlas_schema_revisions says its run of 20240102000000 failed"

# Tables and no history at all: plan and a failed migrate name --baseline.
rm -f "$T/app.db"*
q 'CREATE TABLE t1 (x)' >/dev/null
sd --database "$T/app.db" --migrations "$D" plan
like "$out" "hint +the database has 1 table but no history: if these migrations made them, adopt it with --baseline N" \
    "tables, no history: plan's hint names --baseline"
sd --database "$T/app.db" --migrations "$D" migrate
is "$rc" 1 "migrate fails (table t1 already exists)"
like "$err" "hint: the database has 1 table but no history" "and gives the hint"
sd --database "$T/app.db" --migrations "$D" --baseline 20240101000000 migrate
is "$rc" 0 "--baseline as the hint says: exit 0"

done_testing
