#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: scripts/postgres-server.sh start|stop DIR
#
#   start  initdb a fresh cluster into DIR/data (trust authentication, user "postgres") and start
#          it listening only on a Unix socket in DIR (no TCP port, so parallel runs never collide),
#          without fsync (the data is thrown away); returns once it accepts connections. A server
#          left running in DIR by an earlier run is stopped and its data wiped first.
#   stop   stops the server in DIR (fast shutdown) and removes DIR/data; does nothing when none
#          runs there.
#
# The tests connect with  postgresql://postgres@/postgres?host=DIR  (ctest passes it on as
# LEADPOOL_TEST_POSTGRES_URI). The server binaries come from Debian's postgresql package
# (scripts/install-deps.sh installs it); as root, the server runs as the "postgres" user, since
# PostgreSQL refuses to run as root.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
    echo "$0: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (run scripts/install-deps.sh)" >&2
    exit 1
fi

# Runs a server binary as the user that owns the cluster.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

running() { [ -f "$dir/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; }

stop() {
    if running; then
        as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null
    fi
    rm -rf "$dir/data"
}

case $action in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    stop
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$dir"
        if ! runuser -u postgres -- test -w "$dir"; then
            echo "$0: the postgres user cannot reach $dir (each parent directory needs o+x)" >&2
            exit 1
        fi
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
    as_owner "$bindir/pg_ctl" start -D "$dir/data" -w -l "$dir/server.log" \
        -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null
    as_owner "$bindir/pg_isready" -q -h "$dir" -t 30
    echo "postgresql://postgres@/postgres?host=$dir"
    ;;
stop)
    [ -d "$dir" ] || exit 0
    dir=$(cd "$dir" && pwd)
    stop
    ;;
*)
    usage
    ;;
esac
