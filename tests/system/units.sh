#!/bin/sh
# SPDX-License-Identifier: MIT
# The systemd units pass systemd-analyze verify (with ExecStart= pointing at
# this build), and the service is Type=notify, as systemd 252 requires.
. "$(dirname "$0")/lib.sh"

if ! command -v systemd-analyze >/dev/null; then
	skip "no systemd-analyze" "the systemd units verify"
	done_testing
fi
mkdir "$T/units"
for u in schemad.service schemad.socket schemad@.service; do
	sed "s|^ExecStart=[^ ]*/schemad |ExecStart=$SCHEMAD |" \
	    "$top_builddir/systemd/$u" >"$T/units/$u"
done
sed 's|^ExecStart=.*|ExecStart=/bin/true|' \
    "$top_srcdir/contrib/systemd/myapp.service" >"$T/units/myapp.service"
cd "$T/units"
for u in schemad.service schemad.socket schemad@db1.service myapp.service; do
	out=$(systemd-analyze verify --man=no "./$u" 2>&1)
	is "$?:$out" "0:" "$u passes systemd-analyze verify"
done
mkdir schemad.service.d
cp "$top_srcdir/systemd/http.conf" schemad.service.d/
out=$(systemd-analyze verify --man=no ./schemad.service 2>&1)
is "$?:$out" "0:" "schemad.service with the http.conf drop-in passes"
rm -r schemad.service.d
is "$(grep '^Type=' schemad.service)" "Type=notify" "schemad.service is Type=notify"
is "$(grep '^SocketMode=' schemad.socket)" "SocketMode=0660" "the socket is not 0666"
like "$(grep '^ListenStream=' schemad.socket)" '^ListenStream=/run/schemad\.sock$' \
    "the socket is outside the service's RuntimeDirectory"
like "$(grep '^RestartPreventExitStatus=' schemad.service)" '=1 2 4 5 6$' \
    "permanent failures are not restarted"
exposure=$(systemd-analyze security --offline=true ./schemad.service 2>/dev/null |
    sed -n 's/.*Overall exposure level for schemad.service: \([0-9.]*\).*/\1/p')
diag "systemd-analyze security: exposure $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e + 0 <= 1.0) }'
ok $? "the service runs sandboxed: exposure $exposure (at most 1.0, SAFE)"
grep -q '^User=schemad$' schemad.service
ok $? "and not as root"
grep -q "^ExecStart=$SCHEMAD -c .*/schemad.conf run$" schemad.service
ok $? "ExecStart runs schemad with the installed configuration"

done_testing
