#!/bin/sh
# SPDX-License-Identifier: MIT
# The files to copy from contrib/: the YAML parses (yamllint), the service
# scripts are valid shell, the Dockerfile's configure flags exist, and the
# bash completion completes.
. "$(dirname "$0")/lib.sh"

C=$top_srcdir/contrib
if command -v yamllint >/dev/null; then
	for f in "$C"/docker/docker-compose.yml "$C"/kubernetes/*.yaml \
	    "$C"/litefs/litefs.yml "$C"/prometheus/*.yml; do
		out=$(yamllint -d '{extends: relaxed, rules: {line-length: disable}}' \
		    -f parsable "$f" 2>&1)
		is "$?:$out" "0:" "$(basename "$f") passes yamllint"
	done
else
	skip "no yamllint" "the YAML files parse"
fi
grep -q 'restartPolicy: Always' "$C/kubernetes/native-sidecar.yaml"
ok $? "kubernetes: the sidecar is a native sidecar"

for f in "$C"/s6/schemad/run "$C"/s6/schemad/finish "$C"/openrc/schemad \
    "$C"/runit/schemad/run "$C"/runit/schemad/check "$C"/runit/schemad/finish \
    "$C"/example.sh "$C"/test.sh; do
	sh -n "$f"
	ok $? "$(basename "$(dirname "$f")")/$(basename "$f") is valid shell"
done
if command -v shellcheck >/dev/null; then
	out=$(shellcheck "$C"/s6/schemad/run "$C"/s6/schemad/finish \
	    "$C"/runit/schemad/run "$C"/runit/schemad/check \
	    "$C"/runit/schemad/finish "$C"/example.sh "$C"/test.sh \
	    "$C"/litestream/entrypoint "$C"/docker/build "$C"/docker/app/app \
	    "$top_srcdir/.ci/run" 2>&1 &&
	    shellcheck -s bash "$C/completion/schemad.bash" 2>&1)
	is "$?:$out" "0:" "the shipped scripts pass shellcheck"
else
	skip "no shellcheck" "the shipped scripts pass shellcheck"
fi
# Every option of --help, in zsh's and fish's completion (bash's reads
# --help itself); then the files are valid in their shells.
missing=
for o in $(sd --help; printf '%s\n' "$out" | grep -Eo -- '--[a-z-]+' | sort -u); do
	grep -qF -e "$o=[" -e "$o[" -e "$o=}" -e "$o}" \
	    "$C/completion/_schemad" || missing="$missing zsh:$o"
	grep -q -- "-l ${o#--}\b" "$C/completion/schemad.fish" ||
	    missing="$missing fish:$o"
done
is "$missing" "" "zsh and fish complete every option --help lists"
if command -v zsh >/dev/null; then
	zsh -n "$C/completion/_schemad"
	ok $? "completion/_schemad is valid zsh"
fi
if command -v fish >/dev/null; then
	fish --no-execute "$C/completion/schemad.fish"
	ok $? "completion/schemad.fish is valid fish"
fi
is "$(cat "$C/s6/schemad/notification-fd")" 3 "s6: notification-fd 3"
grep -q -- '--ready-fd 3' "$C/s6/schemad/run"
ok $? "s6: schemad writes readiness to that descriptor"

help=$(cd "$top_srcdir" && ./configure --help)
for flag in $(grep -Eo -- '--(prefix|sysconfdir|localstatedir|runstatedir|without-systemd)' \
    "$C/docker/Dockerfile" | sort -u); do
	printf '%s\n' "$help" | grep -q -- "$flag"
	ok $? "Dockerfile: configure knows $flag"
done

# The Dockerfile's build stage, without Docker: the same configure flags
# and install, then every path its runtime stage copies must exist.
if git_checkout; then
	mkdir "$T/src" "$T/out"
	git -C "$top_srcdir" archive HEAD | tar -x -C "$T/src"
	flags=$(sed -n 's/.*\.\/configure \(.*\) \\$/\1/p' "$C/docker/Dockerfile")
	more=$(sed -n '/\.\/configure /{n;s/^[[:space:]]*\(--[a-z].*\) &&.*/\1/p;}' \
	    "$C/docker/Dockerfile")
	(cd "$T/src" && autoreconf -fi && ./configure $flags $more &&
	    make -j2 && make install DESTDIR="$T/out") >"$T/docker-build.log" 2>&1
	is "$?" 0 "Dockerfile: the build stage builds and installs ($flags $more)"
	for path in $(sed -n 's/^COPY --from=build \/out\([^ ]*\) .*/\1/p' "$C/docker/Dockerfile"); do
		test -x "$T/out$path"
		ok $? "Dockerfile: the runtime stage's $path is there"
	done
	ldd "$T/out/usr/sbin/schemad" | grep -q libsystemd
	is "$?" 1 "Dockerfile: built without libsystemd"
else
	skip "not a git checkout" "the Dockerfile's build stage"
fi

if command -v bash >/dev/null; then
	mkdir "$T/names"
	: >"$T/names/with space.db"
	got=$(PATH=$top_builddir/src:$PATH bash -c '
	    . "$1"
	    COMP_WORDS=(schemad --journal); COMP_CWORD=1; _schemad
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(schemad --journal-mode w); COMP_CWORD=2; _schemad
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(schemactl wa); COMP_CWORD=1; _schemactl
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(schemad --format sq); COMP_CWORD=2; _schemad
	    echo "${COMPREPLY[*]}"
	    COMP_WORDS=(schemad exec -- sqlite); COMP_CWORD=3; _schemad
	    echo "${COMPREPLY[*]}"
	    cd "$2" && COMP_WORDS=(schemad --database "with s"); COMP_CWORD=2
	    _schemad; echo "${#COMPREPLY[@]}:${COMPREPLY[0]}"
	    COMP_WORDS=(schemad exec -- cat "with s"); COMP_CWORD=4; _schemad
	    echo "${#COMPREPLY[@]}:${COMPREPLY[0]}"
	    COMP_WORDS=(schemad --database x.db accept "with s"); COMP_CWORD=4
	    _schemad; echo "${#COMPREPLY[@]}:${COMPREPLY[0]}"
	    COMP_WORDS=(schemad hi); COMP_CWORD=1; _schemad
	    echo "${COMPREPLY[*]}"' sh \
	    "$C/completion/schemad.bash" "$T/names")
	is "$(printf '%s\n' "$got" | sed -n 1p)" "--journal-mode" "completion: options"
	is "$(printf '%s\n' "$got" | sed -n 2p)" "wal" "completion: journal modes"
	is "$(printf '%s\n' "$got" | sed -n 3p)" "wait" "completion: schemactl commands"
	is "$(printf '%s\n' "$got" | sed -n 4p)" "sqlx sql-migrate" \
	    "completion: formats"
	formats=$(bash -c '. "$1"; COMP_WORDS=(schemad --format ""); COMP_CWORD=2
	    _schemad; echo "${COMPREPLY[*]}"' sh "$C/completion/schemad.bash")
	bad=
	for f in $formats; do
		sd --format "$f" --migrations "$EXAMPLE/migrations" \
		    --database "$T/formats.db" plan
		[ "$rc" = 2 ] && bad="$bad $f"
	done
	is "$(echo $formats | wc -w):$bad" "12:" \
		"completion: twelve formats, each one schemad takes"
	like "$(printf '%s\n' "$got" | sed -n 5p)" "(^| )sqlite3( |$)" \
	    "completion: after exec --, commands, not schemad's"
	is "$(printf '%s\n' "$got" | sed -n 6p)" "1:with space.db" \
	    "completion: a file name with a space stays whole"
	is "$(printf '%s\n' "$got" | sed -n 7p)" "1:with space.db" \
	    "completion: the command's arguments are files"
	is "$(printf '%s\n' "$got" | sed -n 8p)" "1:with space.db" \
	    "completion: accept's arguments are files"
	is "$(printf '%s\n' "$got" | sed -n 9p)" "history" \
	    "completion: schemad's commands, history among them"
fi

done_testing
