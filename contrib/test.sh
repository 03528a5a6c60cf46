#!/bin/sh
# Install what schemad needs to build and test (Debian 12, as root), then
# build and test it three times: --without-systemd (the built-in sd_notify
# sender; the daemon's tests) in build-nosd/; with AddressSanitizer and
# UndefinedBehaviorSanitizer (every test) in build-asan/; and with
# libsystemd and the strict warning set here (every test); then the
# tarball, by make distcheck. Then the fuzzers run for a minute each.
set -eu
cd "$(dirname "$0")/.."
# Node.js and npm check the manifests; a machine that already has them
# (NodeSource's nodejs bundles npm and conflicts with Debian's) keeps its own.
node=
command -v npm >/dev/null 2>&1 || node="nodejs npm"
apt-get update -qq
# shellcheck disable=SC2086 # $node is a list of words or none
apt-get install -y -qq build-essential autoconf automake pkgconf \
    libsqlite3-dev libevent-dev libinih-dev libssl-dev zlib1g-dev \
    libjansson-dev libsystemd-dev fuse3 \
    sqlite3 jq yq valgrind socat systemd curl yamllint s6 runit shellcheck \
    podman debootstrap systemd-container sql-migrate tmux zsh fish $node \
    debhelper lintian podman-compose \
    clang libclang-rt-14-dev >/dev/null
# Prometheus and promtool check contrib/prometheus and contrib/grafana
# (tests/system/prometheus.sh); not its node exporter, which it recommends.
# With no systemd as PID 1 and no runlevel (a container, a chroot) its
# postinst starts no service: invoke-rc.d declines, and exits 0.
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
[ ! -f Makefile ] || make distclean >/dev/null
autoreconf -fi
rm -rf build-nosd
mkdir build-nosd
(cd build-nosd && ../configure --enable-debug --without-systemd &&
    make -j"$(nproc)" &&
    make -j"$(nproc)" check TESTS="tests/unit/test-sdnotify \
	tests/system/daemon.sh tests/system/daemon-socket.sh")
rm -rf build-asan
mkdir build-asan
(cd build-asan && ../configure --enable-debug --enable-sanitizers &&
    make -j"$(nproc)" && make -j"$(nproc)" check)
./configure --enable-debug
make -j"$(nproc)"
make -j"$(nproc)" check
# The distribution tarball: it builds out of its tree and passes the tests.
make -j"$(nproc)" distcheck
# The libFuzzer targets, a minute each (not counted as tests).
make fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
