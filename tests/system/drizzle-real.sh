#!/bin/sh
# SPDX-License-Identifier: MIT
# drizzle, for real: drizzle-kit (from npm, cached outside the clone)
# generates the migrations from a schema, then a table rebuild, as its
# users get them; drizzle's own migrator (through the libsql client)
# applies them to one database and schemad to another. The same schema;
# the PRAGMA foreign_keys pair drizzle-kit writes around the rebuild left
# out, and plan saying so; a .sql file the journal does not list left out,
# as drizzle leaves it, with a warning; and on the database drizzle
# migrated, schemad --adopt yes applies nothing twice.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}/drizzle
SCHEMA="SELECT type, name, sql FROM sqlite_master WHERE tbl_name NOT IN ('__drizzle_migrations', 'schemad_history', 'sqlite_sequence') ORDER BY name"

if ! npm_tool "$CACHE" .bin/drizzle-kit drizzle-kit@0.31.11 drizzle-orm@0.45.4 \
    @libsql/client@0.18.0; then
	skip "drizzle-kit could not be installed from npm: $(npm_why "$T/npm.log")" \
	    "drizzle, for real"
	done_testing
	exit 0
fi

# A project as drizzle's documentation sets one up.
P=$T/project
mkdir -p "$P/src"
ln -s "$CACHE/node_modules" "$P/node_modules"
cat >"$P/drizzle.config.ts" <<'TS'
import { defineConfig } from "drizzle-kit";
export default defineConfig({ dialect: "sqlite", schema: "./src/schema.ts", out: "./drizzle" });
TS
cat >"$P/src/schema.ts" <<'TS'
import { sqliteTable, integer, text } from "drizzle-orm/sqlite-core";
export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  name: text("name").notNull(),
});
export const posts = sqliteTable("posts", {
  id: integer("id").primaryKey(),
  userId: integer("user_id").references(() => users.id),
  title: text("title"),
});
TS
cat >"$P/migrate.mjs" <<'JS'
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
const client = createClient({ url: "file:" + process.argv[2] });
await migrate(drizzle(client), { migrationsFolder: process.argv[3] });
client.close();
JS
generate()
{
	(cd "$P" && ./node_modules/.bin/drizzle-kit generate) >>"$T/kit.log" 2>&1
}
generate
is "$?" 0 "drizzle-kit generate: the first migration"
sed -i 's/title: text("title"),/title: text("title").notNull().default(""),/' \
    "$P/src/schema.ts"
generate
is "$?" 0 "drizzle-kit generate: a NOT NULL column, a table rebuild"
M=$P/drizzle
rebuild=$(ls "$M"/0001_*.sql)
like "$(cat "$rebuild")" "^PRAGMA foreign_keys=OFF;" \
    "drizzle-kit wrote the rebuild between PRAGMA foreign_keys=OFF and =ON"

node "$P/migrate.mjs" "$T/drizzle.db" "$M" >"$T/node.log" 2>&1
is "$?" 0 "drizzle's migrator applies them"

sd --database "$T/app.db" --migrations "$M" plan
is "$rc" 3 "schemad plan: two pending"
like "$out" "layout    drizzle: 2 statements that only turn foreign keys off and on left out" \
    "and the pair left out, said"
sd --database "$T/app.db" --migrations "$M" migrate
is "$rc" 0 "schemad migrate: exit 0"
is "$(q "$SCHEMA")" "$(q "$SCHEMA" "$T/drizzle.db")" \
    "the schema is the one drizzle's migrator made"

# A file left behind that the journal does not list: drizzle never runs it.
printf 'CREATE TABLE leftover (x);\n' >"$M/0002_leftover.sql"
node "$P/migrate.mjs" "$T/drizzle.db" "$M" >"$T/node.log" 2>&1
is "$(q "SELECT count(*) FROM sqlite_master WHERE name = 'leftover'" "$T/drizzle.db")" 0 \
    "drizzle's migrator does not run a file its journal does not list"
sd --database "$T/app.db" --migrations "$M" plan
is "$rc" 0 "schemad plan: nothing pending; the file is left out"
like "$err" "0002_leftover.sql: not in meta/_journal.json, so drizzle never runs it: left out" \
    "with a warning naming it"

# The database drizzle migrated: adopted, nothing applied twice.
cp "$T/drizzle.db" "$T/adopt.db"
before=$(q "SELECT * FROM __drizzle_migrations" "$T/adopt.db")
sd --database "$T/adopt.db" --migrations "$M" --adopt yes migrate
is "$rc" 0 "schemad --adopt yes on drizzle's database: exit 0"
is "$(q "SELECT group_concat(status, ',') FROM schemad_history" "$T/adopt.db")" \
    "baseline,baseline" "both adopted, none applied again"
is "$(q "SELECT * FROM __drizzle_migrations" "$T/adopt.db")" "$before" \
    "drizzle's table is left as it was"

done_testing
