#!/bin/sh
# SPDX-License-Identifier: MIT
# The container images, for real: contrib/docker/build builds schemad's
# image and the example application's with podman (--format docker, from a
# Debian 12 base imported from a debootstrap tarball: no registry is
# needed), under the names the compose file and the Kubernetes manifests
# use; then the runtime image runs as the image says -- its USER, ENV,
# ENTRYPOINT, CMD and HEALTHCHECK -- on the example's migrations: migrate,
# run with schemactl wait, exec -- CMD; then podman-compose takes the
# compose file as shipped, and the two containers run together.
#
# podman run cannot set rlimits in some sandboxes (crun: setrlimit: EPERM).
# There, the compose file is taken as far as podman-compose can go without
# starting a container (both containers created, from those images, with
# their volumes), and the containers' file systems are mounted and entered
# with chroot as the image's user, the volumes bound where compose mounts
# them; the test says so.
#
# The base is cached outside the clone: $SCHEMAD_TEST_CACHE, by default
# /var/cache/schemad-tests.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}
version=$(make_var PACKAGE_VERSION)
IMAGE=localhost/schemad:$version
APP=localhost/schemad-example-app:$version

why=
if ! command -v podman >/dev/null; then
	why="podman is not installed (Debian: podman)"
elif [ "$(id -u)" != 0 ]; then
	why="podman's storage and chroot need root"
elif [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	why="a sanitizer build; the image builds its own schemad"
elif ! git_checkout; then
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

# Dangling images are the build stages this test leaves: those not there
# before it are removed after it.
podman images -q -f dangling=true | sort >"$T/dangling"
cleanup_container()
{
	{
		[ -n "${ctr:-}" ] && { podman umount "$ctr"; podman rm -f -v "$ctr"; }
		[ -n "${project:-}" ] && (cd "$top_srcdir/contrib/docker" &&
		    podman-compose -p "$project" down -v)
		podman images -q -f dangling=true | sort |
		    comm -13 "$T/dangling" - | xargs -r podman rmi -f
	} >/dev/null 2>&1
}
cleanup_hooks="cleanup_container $cleanup_hooks"

"$top_srcdir/contrib/docker/build" --isolation chroot --pull=never \
    >"$T/build.log" 2>&1
built=$?
is "$built" 0 "contrib/docker/build: the images build"
[ "$built" = 0 ] || diag "$(tail -n 20 "$T/build.log")"
grep -q 'HEALTHCHECK is not supported' "$T/build.log"
is "$?" 1 "and keep their HEALTHCHECK (no format warning)"
podman image exists "$IMAGE" && podman image exists "$APP"
ok $? "named by schemad's version: $IMAGE, $APP"

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

# The compose file as shipped, by podman-compose, as a project of its own.
if ! command -v podman-compose >/dev/null; then
	skip "no podman-compose (Debian: podman-compose)" "the compose file"
	done_testing
fi
project=schemadtest$$
compose()
{
	(cd "$top_srcdir/contrib/docker" && podman-compose -p "$project" "$@")
}
# wait_app LOG: until the application has read the schema (at most 60 s).
wait_app()
{
	tries=0
	until grep -q '^app: tables:' "$1" 2>/dev/null || [ $tries -gt 600 ]; do
		sleep 0.1
		tries=$((tries + 1))
	done
}
podman run --rm --pull=never "$IMAGE" --version >/dev/null 2>"$T/run.err"
if [ $? = 0 ]; then
	capture compose up -d
	is "$rc" 0 "podman-compose up -d"
	podman logs -f "${project}_app_1" >"$T/app.log" 2>&1 &
	wait_app "$T/app.log"
else
	# podman itself gets as far as a container's start: it creates
	# both, and gives the volumes the image's owner (podman init).
	capture compose up --no-start
	is "$rc" 0 "podman-compose up --no-start: the containers are made"
	is "$(podman container inspect --format '{{.ImageName}}' \
	    "${project}_schemad_1" "${project}_app_1" | tr '\n' ' ')" \
	    "$IMAGE $APP " "from the images the build named"
	podman init "${project}_schemad_1" "${project}_app_1" >/dev/null 2>&1
	why=$(grep -v syslog "$T/run.err" | tail -n 1)
	skip "podman cannot start a container here ($why)" \
	    "podman-compose up: the containers run as compose runs them"
	# Then by hand: each container's own file system, the volumes
	# bound where compose mounts them, as the image's user.
	vol() { podman volume inspect --format '{{.Mountpoint}}' "${project}_$1"; }
	data=$(vol data)
	run=$(vol run)
	is "$(stat -c %u:%g "$data" "$run" | tr '\n' ' ')" "999:999 999:999 " \
	    "podman gave the volumes to the images' user (999)"
	# service NAME CMD...: run CMD in the service's container.
	service()
	{
		root=$(podman mount "${project}_$1_1")
		envs=$(podman container inspect --format \
		    '{{range .Config.Env}}{{.}} {{end}}' "${project}_$1_1")
		shift
		# shellcheck disable=SC2086 # the environment: one a word
		exec unshare -m sh -c 'mount --bind "$1" "$3/var/lib/schemad" &&
		    mount --bind "$2" "$3/run/schemad" &&
		    { [ ! -d "$3/etc/schemad/migrations" ] ||
		    mount --bind "$4" "$3/etc/schemad/migrations"; } &&
		    shift 4 && exec chroot --userspec=schemad:schemad "$@"' \
		    sh "$data" "$run" "$root" "$top_srcdir/contrib/example/migrations" \
		    "$root" /usr/bin/env -i $envs "$@"
	}
	service app /usr/local/bin/app >"$T/app.log" 2>&1 &
	app_pid=$!
	service schemad /usr/sbin/schemad run >"$T/schemad.log" 2>&1 &
	sd_pid=$!
	wait_app "$T/app.log"
	kill "$app_pid" "$sd_pid" 2>/dev/null
fi
like "$(cat "$T/app.log")" "app: the schema is at version 5${nl}app: tables: " \
    "the application waited for schemad, then read the schema at version 5"
like "$(cat "$T/app.log")" 'tables: .*notes' "and its tables"

done_testing
