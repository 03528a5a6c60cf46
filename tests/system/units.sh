#!/bin/sh
# SPDX-License-Identifier: MIT
# The systemd units as `make install` installs them: absolute paths that
# configure chose, nothing left to fill in, no command a minimal system
# lacks. Then their syntax and sandbox pass systemd-analyze verify (with
# ExecStart= pointing at this build, as nothing is installed on this
# machine), and the service is Type=notify, as systemd 252 requires.
. "$(dirname "$0")/lib.sh"

make -C "$top_builddir" install DESTDIR="$T/root" >"$T/install.log" 2>&1
is "$?" 0 "make install DESTDIR=..."

# Bash completion, by the names bash-completion loads it by, where its
# pkg-config file says when there is one; and, loaded from there by a
# real bash, it completes.
dir=$(find "$T/root" -path '*/bash-completion/completions/schemad' \
    -printf '%h\n' | sed "s|^$T/root||")
want=$(make_var bashcompletiondir)
is "$dir" "$want" "bash completion where configure chose (bash-completion's completionsdir, unless told)"
test -f "$T/root$dir/schemad" && [ "$(readlink "$T/root$dir/schemactl")" = schemad ]
ok $? "bash completion in $dir: schemad, and schemactl a link to it"
got=$(bash -c '. "$1"; COMP_WORDS=(schemactl st); COMP_CWORD=1
    complete -p schemactl >/dev/null && _schemactl; echo "${COMPREPLY[*]}"' \
    sh "$T/root$dir/schemactl")
is "$got" status "and the installed file completes"

# fish's and zsh's, where make install put them; each loaded from there
# by the real shell completes (zsh at a terminal: tmux).
bin=$top_builddir/src:$top_builddir/src/ctl
fdir=$(find "$T/root" -name schemad.fish -printf '%h\n')
test -f "$fdir/schemad.fish" && [ "$(readlink "$fdir/schemactl.fish")" = schemad.fish ]
ok $? "fish completion in ${fdir#"$T/root"}: schemad.fish, and schemactl.fish a link to it"
if command -v fish >/dev/null; then
	got=$(PATH=$bin:$PATH fish --no-config -c "set -p fish_complete_path '$fdir'
	    complete -C 'schemad --format sq'; complete -C 'schemactl w'
	    complete -C 'schemad exec -- sqlit'" | cut -f1 | tr '\n' ' ')
	is "$got" "sqlx sql-migrate wait sqlite3 " \
	    "fish completes from it: formats, schemactl's commands, exec's command"
else
	skip "no fish here" "fish completes from it"
fi
zdir=$(find "$T/root" -name _schemad -printf '%h\n')
# (Debian's zsh looks in both: vendor-completions is the one for packages.)
case ${zdir#"$T/root"} in
*/zsh/site-functions | /usr/share/zsh/vendor-completions)
	ok 0 "zsh completion in ${zdir#"$T/root"}: _schemad" ;;
*) ok 1 "zsh completion in zsh's site-functions (found: $zdir)" ;;
esac
if command -v zsh >/dev/null && command -v tmux >/dev/null; then
	TMUX_TMPDIR=$T
	export TMUX_TMPDIR
	tmux_stop() { tmux kill-server 2>/dev/null; }
	cleanup_hooks="$cleanup_hooks tmux_stop"
	tmux new-session -d -s z -x 120 -y 10 "env PATH='$bin:$PATH' zsh -f"
	tmux send-keys -t z "fpath=('$zdir' \$fpath); autoload -U compinit; compinit -u -D; PS1='%% '; clear" Enter
	# zsh_tab LINE WANT: LINE and a tab; true once the line reads WANT.
	zsh_tab()
	{
		tmux send-keys -t z C-u "$1" Tab
		tries=0
		while [ "$(tmux capture-pane -p -t z | grep -v '^$' | tail -n 1)" != "% $2" ]; do
			tries=$((tries + 1))
			[ $tries -lt 100 ] || return 1
			sleep 0.05
		done
	}
	zsh_tab 'schemad --format drizz' 'schemad --format drizzle'
	ok $? "zsh completes from it: a format"
	zsh_tab 'schemad --role f' 'schemad --role follower'
	ok $? "zsh: a role"
	zsh_tab 'schemad hist' 'schemad history'
	ok $? "zsh: schemad's commands"
	zsh_tab 'schemactl w' 'schemactl wait'
	ok $? "zsh: schemactl's"
	zsh_tab 'schemad --database x.db exec -- sqlit' 'schemad --database x.db exec -- sqlite3'
	ok $? "zsh: after exec --, a command"
else
	skip "no zsh or tmux here" "zsh completes from it"
fi
for u in schemad.service schemad@.service schemad.socket; do
	f=$(find "$T/root" -name "$u")
	test -n "$f"
	ok $? "$u is installed"
	is "$(grep -v '^#' "$f" | grep -c '@[A-Za-z_]*@')" 0 \
	    "$u: no placeholder is left"
	case $u in *.service)
		exe=$(sed -n 's/^ExecStart=\([^ ]*\) .*/\1/p' "$f")
		like "$exe" '^/.*/schemad$' "$u: ExecStart= is an absolute path"
		test -x "$T/root$exe"
		ok $? "$u: where make install put schemad ($exe)"
		like "$(grep '^ExecReload=' "$f")" '^ExecReload=/bin/sh -c ' \
		    "$u: ExecReload= needs no /bin/kill (procps)"
	esac
done

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
