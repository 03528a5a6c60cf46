#!/bin/sh
# SPDX-License-Identifier: MIT
# The container image, for real: contrib/docker/Dockerfile built by podman
# (--format docker, from a Debian 12 base imported from a debootstrap
# tarball: no registry is needed), then the runtime image run as the image
# says -- its USER, ENV, ENTRYPOINT, CMD and HEALTHCHECK -- on the
# example's migrations: migrate, run with schemactl wait, exec -- CMD.
# (podman run cannot set rlimits in some sandboxes, so the container's
# file system is mounted and entered with chroot as the image's user.)
#
# The base is cached outside the clone: $SCHEMAD_TEST_CACHE, by default
# /var/cache/schemad-tests.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}
IMAGE=localhost/schemad-test:$$

why=
if ! command -v podman >/dev/null; then
	why="podman is not installed (Debian: podman)"
elif [ "$(id -u)" != 0 ]; then
	why="podman's storage and chroot need root"
elif [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	why="a sanitizer build; the image builds its own schemad"
elif ! git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	why="not a git checkout: the build context is the tracked files"
else
	why=$(no_mount_ns)
fi
if [ -n "$why" ]; then
	skip "$why" "the container image"
	done_testing
fi

# The base image, debian:12 and debian:12-slim, from a debootstrap root.
base=$CACHE/bookworm-minbase.tar
if [ ! -s "$base" ] && command -v debootstrap >/dev/null; then
	mkdir -p "$CACHE" "$T/root"
	if debootstrap --variant=minbase bookworm "$T/root" \
	    >"$T/debootstrap.log" 2>&1; then
		tar -C "$T/root" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	fi
	rm -rf "$T/root"
fi
if [ ! -s "$base" ]; then
	skip "no Debian 12 root for the base image (debootstrap: $(tail -n 1 "$T/debootstrap.log" 2>/dev/null))" \
	    "the container image"
	done_testing
fi
for tag in 12 12-slim; do
	podman image exists "localhost/debian:$tag" ||
	    podman import "$base" "localhost/debian:$tag" >/dev/null 2>&1
done

cleanup_container()
{
	[ -n "${ctr:-}" ] && { podman umount "$ctr"; podman rm -f "$ctr"; } >/dev/null 2>&1
	podman rmi -f "$IMAGE" >/dev/null 2>&1
}
cleanup_hooks="cleanup_container $cleanup_hooks"

mkdir "$T/ctx"
git -C "$top_srcdir" ls-files -z | (cd "$top_srcdir" && xargs -0 tar -cf -) |
    tar -xf - -C "$T/ctx"
podman build --format docker --isolation chroot --pull=never \
    -f contrib/docker/Dockerfile -t "$IMAGE" "$T/ctx" >"$T/build.log" 2>&1
built=$?
is "$built" 0 "podman build --format docker: the image builds"
[ "$built" = 0 ] || diag "$(tail -n 20 "$T/build.log")"
grep -q 'HEALTHCHECK is not supported' "$T/build.log"
is "$?" 1 "and keeps its HEALTHCHECK (no format warning)"

conf() { podman image inspect --format "$1" "$IMAGE"; }
user=$(conf '{{.Config.User}}')
entry=$(conf '{{range .Config.Entrypoint}}{{.}} {{end}}')
cmd=$(conf '{{range .Config.Cmd}}{{.}} {{end}}')
health=$(conf '{{range .Config.Healthcheck.Test}}{{.}} {{end}}' | sed 's/^CMD //')
conf '{{range .Config.Env}}{{.}}{{"\n"}}{{end}}' >"$T/env"
is "$user" schemad "the image runs as schemad"
is "$cmd" "run " "its command is run (a sidecar)"

ctr=$(podman create "$IMAGE")
mnt=$(podman mount "$ctr")
cp "$EXAMPLE"/migrations/*.sql "$mnt/etc/schemad/migrations/"

# in_image CMD...: run CMD in the container's file system, as the image's
# user, with the image's environment and nothing else.
in_image()
{
	# shellcheck disable=SC2046 # the image's variables: one a word
	chroot --userspec="$user:$user" "$mnt" /usr/bin/env -i \
	    $(cat "$T/env") "$@"
}

# The runtime stage loads what schemad needs (its libraries are there).
capture in_image /usr/sbin/schemad --version
is "$rc" 0 "schemad runs in the image"
[ "$rc" = 0 ] || diag "$err"

capture in_image $entry migrate
is "$rc" 0 "migrate (an init container)"
like "$out" 'version 0 -> 5, 5 migrations' "applies the example's migrations"

rm -f "$mnt"/var/lib/schemad/app.db*
# (Not through in_image: in the background, a function is a shell of its
# own, and $! would be its pid, not schemad's.)
# shellcheck disable=SC2046
chroot --userspec="$user:$user" "$mnt" /usr/bin/env -i $(cat "$T/env") \
    $entry $cmd 2>"$T/run.log" &
pid=$!
capture in_image /usr/bin/schemactl wait --timeout 30
is "$rc" 0 "run (the default command): schemactl wait returns READY"
like "$out" '^READY version=5 ' "at version 5"
capture in_image $health
is "$rc" 0 "the image's HEALTHCHECK passes"
kill -TERM "$pid"
wait "$pid"
is "$?" 0 "SIGTERM: exit 0"

capture in_image $entry exec -- /bin/sh -c 'echo app started, version 5 ready'
is "$rc" 0 "exec -- CMD (the application's entry point)"
is "$out" "app started, version 5 ready" "the command runs after the migration"

done_testing
