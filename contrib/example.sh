#!/bin/sh
# Install what schemad needs (Debian 12, as root), build it, and migrate the
# example database in contrib/example with the example's migrations.
set -eu
cd "$(dirname "$0")/.."
apt-get update -qq
# (socat, curl and man for the README's examples.)
apt-get install -y -qq build-essential autoconf automake pkgconf \
    libsqlite3-dev libevent-dev libinih-dev libssl-dev zlib1g-dev \
    libjansson-dev libsystemd-dev \
    sqlite3 socat curl man-db >/dev/null
autoreconf -fi
./configure
make -j"$(nproc)"
./src/schemad -c contrib/example/schemad.conf plan || true
./src/schemad -c contrib/example/schemad.conf migrate
