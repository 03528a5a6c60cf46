#!/bin/sh
# Install what schemad needs to build and test (Debian 12, as root), build
# it with the strict warning set, and run the whole test suite.
set -eu
cd "$(dirname "$0")/.."
apt-get update -qq
apt-get install -y -qq build-essential autoconf automake pkgconf \
    libsqlite3-dev libevent-dev libinih-dev libssl-dev libsystemd-dev \
    sqlite3 jq valgrind socat systemd >/dev/null
autoreconf -fi
./configure --enable-debug
make -j"$(nproc)"
make -j"$(nproc)" check
