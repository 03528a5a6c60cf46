#!/bin/sh
# SPDX-License-Identifier: MIT
# Prisma, for real: Prisma's CLI (from npm, cached outside the clone) writes
# each migration.sql from a schema with `prisma migrate diff`, a table
# rebuild among them, and `prisma migrate deploy` applies them to one
# database, schemad to another. Prisma runs the directories in the order
# of their names as strings, and the second is named as a real project
# named one (20250221_x, eight digits beside fourteen): by number it would
# run first, before the table it rebuilds exists. The same schema, in
# Prisma's order; the PRAGMAs around the rebuild left out, and plan saying
# so; and on the database Prisma migrated, schemad --adopt yes applies
# nothing twice.
#
# Prisma's CLI fetches its native engines from binaries.prisma.sh when it
# starts, unless PRISMA_*_ENGINE_* name files. With engine "js" in
# prisma.config.ts it runs neither: its schema engine is the WebAssembly
# one in the npm package, reaching SQLite through the libsql adapter. So
# they name an empty file, and nothing is fetched.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}/prisma
SCHEMA="SELECT type, name, sql FROM sqlite_master WHERE tbl_name NOT IN ('_prisma_migrations', 'schemad_history', 'sqlite_sequence') ORDER BY name"

if ! npm_tool "$CACHE" .bin/prisma prisma@6.19.3 @prisma/adapter-libsql@6.19.3; then
	skip "Prisma's CLI could not be installed from npm: $(npm_why "$T/npm.log")" \
	    "Prisma, for real"
	done_testing
	exit 0
fi
: >"$T/no-engine"
PRISMA_QUERY_ENGINE_LIBRARY=$T/no-engine
PRISMA_SCHEMA_ENGINE_BINARY=$T/no-engine
CHECKPOINT_DISABLE=1
export PRISMA_QUERY_ENGINE_LIBRARY PRISMA_SCHEMA_ENGINE_BINARY CHECKPOINT_DISABLE

# A project as Prisma's documentation sets one up, with a driver adapter.
P=$T/project
M=$P/prisma/migrations
mkdir -p "$M"
ln -s "$CACHE/node_modules" "$P/node_modules"
cat >"$P/prisma.config.ts" <<'TS'
import { defineConfig } from "prisma/config";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaLibSQL({ url: "file:" + process.env.DB }),
});
TS
printf 'provider = "sqlite"\n' >"$M/migration_lock.toml"
prisma()
{
	(cd "$P" && ./node_modules/.bin/prisma "$@") 2>>"$T/prisma.log"
}
# schema N: the models of step N (1: users and posts; 2: a post's title
# required, which SQLite can only do by rebuilding the table; 3: tags).
schema()
{
	cat <<'PRISMA'
datasource db {
  provider = "sqlite"
  url      = "file:./unused.db"
}
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}
PRISMA
	if [ "$1" = 1 ]; then title='String?'; else title='String @default("")'; fi
	printf 'model Post {\n  id       Int    @id @default(autoincrement())\n'
	printf '  title    %s\n' "$title"
	printf '  author   User   @relation(fields: [authorId], references: [id])\n'
	printf '  authorId Int\n}\n'
	[ "$1" = 3 ] && printf 'model Tag {\n  id   Int    @id\n  name String @unique\n}\n'
	return 0
}
schema 1 >"$T/s1.prisma"
schema 2 >"$T/s2.prisma"
schema 3 >"$T/s3.prisma"
cp "$T/s3.prisma" "$P/prisma/schema.prisma"
# diff FROM TO DIR: Prisma's migration.sql from schema FROM to TO.
diff_to()
{
	mkdir -p "$M/$3"
	if [ "$1" = 0 ]; then from=--from-empty; else
		from="--from-schema-datamodel $T/s$1.prisma"; fi
	# shellcheck disable=SC2086 # $from is one option, or two words
	prisma migrate diff $from --to-schema-datamodel "$T/s$2.prisma" --script \
	    >"$M/$3/migration.sql"
}
diff_to 0 1 20250220120000_init
is "$?" 0 "prisma migrate diff: the first migration"
diff_to 1 2 20250221_require_title
is "$?" 0 "prisma migrate diff: a title required, a table rebuild"
like "$(cat "$M/20250221_require_title/migration.sql")" "PRAGMA foreign_keys=OFF" \
    "Prisma wrote the rebuild between PRAGMA foreign_keys=OFF and =ON"

DB=$T/prisma.db prisma migrate deploy >"$T/deploy.log"
is "$?" 0 "prisma migrate deploy applies them" || diag "$(tail -n 5 "$T/prisma.log")"
is "$(q "SELECT group_concat(migration_name, ' ') FROM (SELECT migration_name FROM _prisma_migrations ORDER BY started_at, rowid)" "$T/prisma.db")" \
    "20250220120000_init 20250221_require_title" "Prisma ran them in its order"

sd --database "$T/app.db" --migrations "$M" plan
is "$rc" 3 "schemad plan: two pending"
is "$(printf '%s\n' "$out" | grep -Eo '2025[0-9_]+[a-z_]+/' | tr '\n' ' ')" \
    "20250220120000_init/ 20250221_require_title/ " "in Prisma's order, not the numbers'"
like "$out" "foreign keys off and on left out" "and the PRAGMAs around the rebuild left out, said"
sd --database "$T/app.db" --migrations "$M" migrate
is "$rc" 0 "schemad migrate: exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$(q "$SCHEMA")" "$(q "$SCHEMA" "$T/prisma.db")" \
    "the schema is the one Prisma made"

# The database Prisma migrated: adopted; a third, new, applied once.
cp "$T/prisma.db" "$T/adopt.db"
diff_to 2 3 20250301000000_tags
DB=$T/prisma.db prisma migrate deploy >"$T/deploy.log"
is "$?" 0 "prisma migrate deploy applies the third"
before=$(q "SELECT * FROM _prisma_migrations" "$T/adopt.db")
sd --database "$T/adopt.db" --migrations "$M" --adopt yes migrate
is "$rc" 0 "schemad --adopt yes on Prisma's database: exit 0"
[ "$rc" = 0 ] || diag "$err"
is "$(q "SELECT group_concat(status, ',') FROM schemad_history" "$T/adopt.db")" \
    "baseline,baseline,applied" "two adopted, the third applied once"
is "$(q "SELECT * FROM _prisma_migrations" "$T/adopt.db")" "$before" \
    "Prisma's table is left as it was"
is "$(q "$SCHEMA" "$T/adopt.db")" "$(q "$SCHEMA" "$T/prisma.db")" \
    "the schema is the one Prisma made"
sd --database "$T/app.db" --migrations "$M" migrate
is "$(q "SELECT group_concat(version, ',') FROM (SELECT version FROM schemad_history ORDER BY version)")" \
    "20250221,20250220120000,20250301000000" \
    "the history keeps each number as its version"

done_testing
