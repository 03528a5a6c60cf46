#!/bin/sh
# SPDX-License-Identifier: MIT
# contrib/prometheus/alerts.yml and contrib/grafana/schemad.json against
# reality. promtool checks the rules and runs their unit tests
# (alerts.test.yml). Then Debian's prometheus scrapes real daemons, each in
# a condition an alert watches -- READY, FAILED by a broken migration,
# refusing for drift, waiting on a lock another process holds, a follower
# below its target, and one that exited -- with the shipped rules loaded;
# and every alert's and every panel's expression, read out of the shipped
# files, returns series through Prometheus's HTTP API: each alert's for
# the daemons in its condition and no other, each panel's at least one.
. "$(dirname "$0")/lib.sh"

RULES=$top_srcdir/contrib/prometheus/alerts.yml
TESTS=$top_srcdir/contrib/prometheus/alerts.test.yml
DASH=$top_srcdir/contrib/grafana/schemad.json

if command -v promtool >/dev/null; then
	capture promtool check rules "$RULES"
	is "$rc" 0 "promtool check rules: alerts.yml"
	like "$out$nl$err" '^  SUCCESS: 6 rules found$' "which has six rules"
	capture promtool test rules "$TESTS"
	is "$rc" 0 "promtool test rules: alerts.test.yml"
	like "$out$nl$err" '^  SUCCESS$' "all its tests pass"
	[ "$rc" -eq 0 ] || diag "$out" "$err"
else
	skip "no promtool (Debian's prometheus)" "promtool check rules, test rules"
fi
for tool in prometheus curl jq yq; do
	if ! command -v $tool >/dev/null; then
		skip "no $tool (Debian's $tool)" "the rules and the dashboard against a real Prometheus"
		done_testing
	fi
done
yq . "$RULES" >"$T/alerts.json"
ok $? "alerts.yml reads as YAML (yq)"
jq -e '.templating.list[] | select(.type == "datasource" and .query == "prometheus")' \
    "$DASH" >/dev/null
ok $? "schemad.json is JSON, with a Prometheus data source variable"

# Six ports from a base of this test's own, outside the range of http.sh
# and of the ephemeral ports: five daemons' and Prometheus's.
BASE=$((61000 + $$ % 560 * 8))
P_READY=$BASE P_BROKEN=$((BASE + 1)) P_DRIFT=$((BASE + 2))
P_LOCKED=$((BASE + 3)) P_FOLLOWER=$((BASE + 4)) P_DOWN=$((BASE + 5))
P_PROM=$((BASE + 6))
PROM=http://127.0.0.1:$P_PROM
pids=
kill_all()
{
	for p in $pids; do kill "$p" 2>/dev/null; done
	for p in $pids; do wait "$p" 2>/dev/null; done
	pids=
}
cleanup_hooks="$cleanup_hooks kill_all"

# daemon NAME PORT ARGS...: schemad run on $T/NAME.db, its socket
# $T/NAME.sock, HTTP on PORT, in the background.
daemon()
{
	n=$1 p=$2
	shift 2
	"$SCHEMAD" --database "$T/$n.db" --socket "$T/$n.sock" \
	    --http "127.0.0.1:$p" "$@" run 2>>"$T/$n.log" &
	pids="$pids $!"
}

copy_example "$T/m"
M=$T/m
daemon ready "$P_READY" --migrations "$M"
until_status "$T/ready.sock" '^READY version=5 '
ok $? "a daemon READY after migrating"

copy_example "$T/broken"
printf 'INSERT INTO nosuch VALUES (1);\n' >"$T/broken/0006_broken.sql"
daemon broken "$P_BROKEN" --migrations "$T/broken" --on-failure stay
until_status "$T/broken.sock" '^FAILED .*exit=1 '
ok $? "one FAILED by a broken migration (on_failure = stay)"

copy_example "$T/drift"
"$SCHEMAD" --database "$T/drift.db" --migrations "$T/drift" -q migrate >/dev/null
printf -- '-- edited after it was applied\n' >>"$T/drift/0002_create_notes.sql"
daemon drift "$P_DRIFT" --migrations "$T/drift" --on-failure stay
until_status "$T/drift.sock" '^FAILED .*exit=4 '
ok $? "one refusing for drift: an applied file edited (exit 4)"

hold_lock "$T/locked.db"
daemon locked "$P_LOCKED" --migrations "$M"
until_status "$T/locked.sock" '^STARTING .*waiting_for=lock waited_ms=[1-9][0-9]{3,} '
ok $? "one waiting a second and more on the lock another process holds"

mkdir "$T/m1"
cp "$M/0001_create_users.sql" "$T/m1/"
"$SCHEMAD" --database "$T/follower.db" --migrations "$T/m1" -q migrate >/dev/null
daemon follower "$P_FOLLOWER" --migrations "$M" --role follower
until_status "$T/follower.sock" '^STARTING role=follower version=1 target=5 waiting_for=primary '
ok $? "a follower at version 1 of 5, waiting for its primary (a plain file: no LiteFS needed)"

# on_failure = exit: the daemon is gone, and its target down.
"$SCHEMAD" --database "$T/down.db" --migrations "$T/broken" \
    --socket "$T/down.sock" --http "127.0.0.1:$P_DOWN" run 2>>"$T/down.log"
is "$?" 1 "one that failed and exited (on_failure = exit)"

cat >"$T/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $RULES
scrape_configs:
  - job_name: schemad
    static_configs:
      - targets:
$(for p in $P_READY $P_BROKEN $P_DRIFT $P_LOCKED $P_FOLLOWER $P_DOWN; do
	echo "          - 127.0.0.1:$p"
done)
EOF
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/tsdb" \
    --web.listen-address="127.0.0.1:$P_PROM" >"$T/prometheus.log" 2>&1 &
pids="$pids $!"

# query EXPR: an instant query; the answer in $T/q.json, and the
# instances of its series, sorted, on standard output ('-' for a series
# without one).
query()
{
	curl -s -o "$T/q.json" --data-urlencode "query=$1" "$PROM/api/v1/query"
	jq -r 'select(.status == "success") | [.data.result[] |
	    .metric.instance // "-"] | sort | join(" ")' "$T/q.json" 2>/dev/null
}

# until_query EXPR WANT: query until the answer's instances are WANT (at
# most 20 s).
until_query()
{
	tries=0
	until [ "$(query "$1")" = "$2" ]; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || return 1
		sleep 0.1
	done
}

# Every target scraped twice, so that increase() over a minute has what
# it needs; the rules evaluated since.
until_query 'count_over_time(up{job="schemad"}[1m]) >= 2' \
    "$(for p in $P_READY $P_BROKEN $P_DRIFT $P_LOCKED $P_FOLLOWER $P_DOWN; do
	echo "127.0.0.1:$p"; done | sort | tr '\n' ' ' | sed 's/ $//')"
rc=$?
ok $rc "Prometheus scraped all six targets twice"
[ $rc -eq 0 ] || diag "$(tail -n 5 "$T/prometheus.log")" "$(cat "$T/q.json")"
is "$(query 'up{job="schemad"} == 0')" "127.0.0.1:$P_DOWN" \
    "only the daemon that exited is down"

# Each alert's expression, as alerts.yml has it: the daemons it is about.
lo=127.0.0.1
want()
{
	case $1 in
	SchemadMigrationFailed)	echo "$lo:$P_BROKEN" ;;
	SchemadDrift)		echo "$lo:$P_DRIFT" ;;
	SchemadNotReady)	echo "$lo:$P_BROKEN $lo:$P_DRIFT $lo:$P_LOCKED $lo:$P_FOLLOWER" ;;
	SchemadFollowerBehind)	echo "$lo:$P_FOLLOWER" ;;
	SchemadLockWait)	echo "$lo:$P_LOCKED" ;;
	SchemadDown)		echo "$lo:$P_DOWN" ;;
	*)			echo "an alert this test does not know" ;;
	esac
}
alerts=$(jq -r '.groups[].rules[] | select(.alert) | .alert' "$T/alerts.json")
is "$(printf '%s' "$alerts" | tr '\n' ' ')" \
    "SchemadMigrationFailed SchemadDrift SchemadNotReady SchemadFollowerBehind SchemadLockWait SchemadDown" \
    "alerts.yml has the six alerts"
for a in $alerts; do
	expr=$(jq -r --arg a "$a" '.groups[].rules[] | select(.alert == $a) | .expr' \
	    "$T/alerts.json")
	is "$(query "$expr")" "$(want "$a")" "$a: its expression is true for $(want "$a")"
done

# Prometheus's own evaluation: every rule healthy, the alerts without a
# for: firing, the others pending, on the same daemons, their summaries
# rendered.
tries=0
until curl -s -o "$T/alerts.out" "$PROM/api/v1/alerts" &&
    [ "$(jq '[.data.alerts[] | select(.state == "firing")] | length' "$T/alerts.out")" -ge 2 ]; do
	tries=$((tries + 1))
	[ $tries -lt 200 ] || break
	sleep 0.1
done
curl -s "$PROM/api/v1/rules" >"$T/rules.out"
is "$(jq -r '[.data.groups[].rules[] | select(.health != "ok") | .name] | join(" ")' "$T/rules.out")" \
    "" "Prometheus evaluates every rule without an error"
for a in $alerts; do
	case $a in
	SchemadMigrationFailed|SchemadDrift)	state=firing ;;
	*)					state=pending ;;
	esac
	is "$(jq -r --arg a "$a" '[.data.alerts[] | select(.labels.alertname == $a) |
	    "\(.labels.instance)=\(.state)"] | sort | join(" ")' "$T/alerts.out")" \
	    "$(for w in $(want "$a"); do printf '%s ' "$w=$state"; done | sed 's/ $//')" \
	    "Prometheus: $a $state for $(want "$a")"
done
jq -r '.data.alerts[] | "\(.labels.alertname) \(.labels.instance): \(.annotations.summary)"' \
    "$T/alerts.out" >"$T/summaries"
is "$(grep -Evc ': schemad (on|follower) 127\.0\.0\.1:[0-9]+[ :]' "$T/summaries")" 0 \
    "each summary names its instance, rendered without error"
like "$(cat "$T/summaries")" \
    "^SchemadMigrationFailed $lo:$P_BROKEN: .*failed \\(exit 1\\)\$" "the failed run's summary says exit 1"
diag "$(cat "$T/summaries")"

# Each panel's expressions, as the dashboard has them, with Grafana's
# variables given values: each has at least one series.
# Panels in a row are panels too.
jq -c '.. | objects | select(has("targets")) | .title as $t | .targets[] |
    [$t, .refId, .expr]' "$DASH" >"$T/targets"
is "$(jq -r '[.. | objects | select(has("gridPos") and .type != "row" and
    ((.targets // []) | length) == 0) | .title] | join(", ")' "$DASH")" "" \
    "every panel of the dashboard has a query"
n=0
while [ $n -lt "$(wc -l <"$T/targets")" ]; do
	n=$((n + 1))
	t=$(sed -n "${n}p" "$T/targets")
	name=$(printf '%s' "$t" | jq -r '"\(.[0]) (\(.[1]))"')
	expr=$(printf '%s' "$t" | jq -r '.[2]' | sed -e 's/\$instance/.*/g' \
	    -e 's/\$__rate_interval/1m/g' -e 's/\$__interval/1s/g' \
	    -e 's/\$__range/1m/g')
	case $expr in
	*'$'*)	ok 1 "$name: a variable the test gives no value: $expr"
		continue ;;
	esac
	got=$(query "$expr")
	[ -n "$got" ]
	ok $? "panel $name returns series: ${got:-none}"
	[ -n "$got" ] || diag "$expr" "$(cat "$T/q.json")"
done
# The instance variable: label_values(METRIC, LABEL), through the API
# Grafana uses for it.
def=$(jq -r '.templating.list[] | select(.name == "instance") | .definition' "$DASH")
metric=$(printf '%s' "$def" | sed -n 's/^label_values(\([a-z_]*\), *\([a-z_]*\))$/\1/p')
label=$(printf '%s' "$def" | sed -n 's/^label_values(\([a-z_]*\), *\([a-z_]*\))$/\2/p')
curl -s -o "$T/q.json" -G --data-urlencode "match[]=$metric" "$PROM/api/v1/label/$label/values"
is "$(jq -r '.data | join(" ")' "$T/q.json")" \
    "$lo:$P_READY $lo:$P_BROKEN $lo:$P_DRIFT $lo:$P_LOCKED $lo:$P_FOLLOWER" \
    "the instance variable ($def) lists the five daemons"

release_lock
until_status "$T/locked.sock" '^READY '
ok $? "the lock released, the waiting daemon migrates"
kill_all

done_testing
