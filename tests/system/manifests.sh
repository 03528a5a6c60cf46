#!/bin/sh
# SPDX-License-Identifier: MIT
# The Kubernetes manifests and the compose file, checked against their
# schemas (kubernetes-models' Pod, the compose specification; from npm,
# installed once into $SCHEMAD_TEST_CACHE, by default
# /var/cache/schemad-tests), and for what a schema cannot see: probes that
# can work (none from the node to the pod's loopback), a compose
# healthcheck that lets the app start soon after the commit, volumes that
# exist.
. "$(dirname "$0")/lib.sh"

CACHE=${SCHEMAD_TEST_CACHE:-/var/cache/schemad-tests}/manifests
C=$top_srcdir/contrib
V=$top_srcdir/tests/helpers/manifests

why=
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	why="no node and npm (Debian: nodejs, npm)"
elif [ -n "${SCHEMAD_SANITIZED:-}" ]; then
	why="a sanitizer build (the files do not depend on the build)"
fi
if [ -n "$why" ]; then
	skip "$why" "the manifests' schemas"
	done_testing
fi

# The validators, installed again only when package.json changes.
mkdir -p "$CACHE"
if ! cmp -s "$V/package.json" "$CACHE/package.json" ||
    [ ! -d "$CACHE/node_modules" ]; then
	rm -rf "$CACHE/node_modules"
	cp "$V/package.json" "$CACHE/"
	(cd "$CACHE" && npm install --no-audit --no-fund --loglevel=error) \
	    >"$T/npm.log" 2>&1
fi
cp "$V/validate.mjs" "$CACHE/"
if [ ! -d "$CACHE/node_modules" ]; then
	skip "npm install failed: $(npm_why "$T/npm.log")" "the manifests' schemas"
	done_testing
fi

capture node "$CACHE/validate.mjs" pod "$C"/kubernetes/*.yaml
is "$rc" 0 "the Kubernetes manifests are valid Pods"
[ "$rc" = 0 ] || diag "$out"
capture node "$CACHE/validate.mjs" compose "$C/docker/docker-compose.yml"
is "$rc" 0 "the compose file is valid"
[ "$rc" = 0 ] || diag "$out"
# The validators can fail.
sed 's/periodSeconds: 10/periodSeconds: ten/' "$C/kubernetes/native-sidecar.yaml" \
    >"$T/bad.yaml"
sed 's/interval: 2s/interval: 2 seconds/' "$C/docker/docker-compose.yml" \
    >"$T/bad.yml"
capture node "$CACHE/validate.mjs" pod "$T/bad.yaml"
is "$rc" 1 "a Pod with a bad probe is not"
capture node "$CACHE/validate.mjs" compose "$T/bad.yml"
is "$rc" 1 "a compose file with a bad duration is not"

# Probes: the kubelet makes httpGet probes from the node, which cannot
# reach the pod's loopback; exec probes run schemactl in the image.
grep -v '^ *#' "$C/kubernetes/native-sidecar.yaml" | grep -q 'httpGet:'
is "$?" 1 "the sidecar's probes are not httpGet from the node"
is "$(grep -c 'command: \["schemactl", ' "$C/kubernetes/native-sidecar.yaml")" 2 \
    "its startup and readiness probes run schemactl"
grep -q 'COPY --from=build /out/usr/bin/schemactl /usr/bin/schemactl' \
    "$C/docker/Dockerfile"
ok $? "which the image has, on its PATH"
grep -q 'args: \["migrate"\]' "$C/kubernetes/init-container.yaml"
ok $? "the init container migrates"

# Compose: the app waits for the sidecar's healthcheck, whose first run
# comes one interval after the start and answers at the commit.
grep -q 'condition: service_healthy' "$C/docker/docker-compose.yml"
ok $? "compose: the app waits for schemad to be healthy"
interval=$(sed -n 's/^ *interval: \([0-9]*\)s$/\1/p' "$C/docker/docker-compose.yml")
test -n "$interval" && test "$interval" -le 5
ok $? "compose: the first check comes within 5 s of the start (${interval}s)"
for src in $(sed -n 's/^ *- \(\.[^:]*\):.*/\1/p' "$C/docker/docker-compose.yml"); do
	test -d "$C/docker/$src"
	ok $? "compose: the volume $src is there beside the file"
done

# The images named are the two that contrib/docker/build makes, at this
# version; the application's Dockerfile builds on this version's schemad.
version=$(make_var PACKAGE_VERSION)
for f in "$C/docker/docker-compose.yml" "$C"/kubernetes/*.yaml; do
	images=$(sed -n 's/^ *image: *//p' "$f" | sort -u | tr '\n' ' ')
	is "$images" "schemad-example-app:$version schemad:$version " \
	    "$(basename "$f"): the images contrib/docker/build makes"
done
grep -q "^ARG SCHEMAD_IMAGE=schemad:$version\$" "$C/docker/app/Dockerfile"
ok $? "the application's image builds on schemad:$version"
grep -q 'schemad-example-app:$version' "$C/docker/build" &&
    grep -q 'schemad:$version' "$C/docker/build"
ok $? "the build script makes those names"

done_testing
