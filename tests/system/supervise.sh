#!/bin/sh
# SPDX-License-Identifier: MIT
# Other supervisors: --ready-fd (s6's notification-fd, dinit's pipefd,
# OpenRC's notify=fd:N), the state file, and schemad run as a container's
# PID 1 reaping orphans.
. "$(dirname "$0")/lib.sh"

copy_example "$T/m"
SOCK=$T/s.sock
D="--database $T/app.db --migrations $T/m --socket $SOCK"

# --ready-fd: one newline when ready, then the descriptor is closed.
mkfifo "$T/ready"
"$SCHEMAD" $D --ready-fd 5 --state-file "$T/state" run 5>"$T/ready" \
    2>>"$T/daemon.log" &
daemon_pid=$!
exec 6<"$T/ready"
read -r line <&6
is "$?:$line" "0:" "--ready-fd: a newline arrives"
sc -s "$SOCK" status
like "$out" '^READY version=5' "--ready-fd: when it arrives, the socket says READY"
read -r line <&6
is "$?" 1 "--ready-fd: then the descriptor is closed (EOF)"
exec 6<&-

# The state file.
is "$(sed -n 1,3p "$T/state" | tr '\n' ' ')" "state=READY version=5 target=5 " \
    "state file: state, version, target"
is "$(grep '^pid=' "$T/state")" "pid=$daemon_pid" "state file: the daemon's pid"
like "$(grep '^since=' "$T/state")" '^since=[0-9]{4}-[0-9]{2}-[0-9]{2}T' "state file: since"
stop_daemon TERM
test ! -e "$T/state"
ok $? "state file: removed when the daemon stops"

sd $D --ready-fd 99 run
is "$rc" 2 "--ready-fd of a closed descriptor: exit 2"
like "$err" "--ready-fd 99: Bad file descriptor" "and says why"

# As PID 1 of a PID namespace, orphans are reaped.
if unshare --fork --pid --mount-proc true 2>/dev/null; then
	unshare --fork --pid --mount-proc "$SCHEMAD" $D run 2>>"$T/daemon.log" &
	ns=$!
	sc -s "$SOCK" wait --timeout 30
	is "$rc" 0 "PID 1 in a namespace: ready"
	pid1=$(pgrep -P "$ns" -x schemad)
	nsenter -t "$pid1" -p -m sh -c 'sleep 0.2 & exit 0'
	tries=0
	while [ -n "$(pgrep -P "$pid1")" ] && [ $tries -lt 500 ]; do
		sleep 0.01
		tries=$((tries + 1))
	done
	is "$(pgrep -P "$pid1" | wc -l)" 0 "PID 1: the orphan was reaped, no zombie left"
	kill -TERM "$pid1"
	wait "$ns"
	is "$?" 0 "PID 1: SIGTERM stops it, exit 0"
else
	skip "no PID namespaces here" "schemad as PID 1 reaps orphans"
fi

done_testing
