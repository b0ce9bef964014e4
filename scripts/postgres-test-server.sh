#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and the load runs, on 127.0.0.1 only.
#
#   eval "$(scripts/postgres-test-server.sh start)"   # installs PostgreSQL if missing, starts a server
#   scripts/postgres-test-server.sh stop "$METAANALYSIS_TEST_POSTGRES_DIR"
#
# `start` creates a cluster in a new temporary folder (owned by the `postgres` system user when run as
# root, since PostgreSQL refuses to run as root), starts it on a free port with password authentication,
# creates the database `metaanalysis_test` and prints, as shell `export` lines:
#   METAANALYSIS_TEST_POSTGRES      the Npgsql connection string (its user may create databases)
#   METAANALYSIS_TEST_POSTGRES_DIR  the folder to hand to `stop`, which stops the server and deletes it
# Everything else it says goes to standard error, so `eval` sees only the exports.
set -euo pipefail

version=${POSTGRES_VERSION:-15}
bin=/usr/lib/postgresql/$version/bin

log() { echo "postgres-test-server: $*" >&2; }

# Runs a command as the cluster's owner: the postgres user when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

install_if_missing() {
    if [ -x "$bin/initdb" ]; then
        return
    fi

    log "installing PostgreSQL $version"
    if [ "$(id -u)" != 0 ]; then
        log "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
        exit 1
    fi

    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "postgresql-$version" >&2
}

free_port() {
    # Asks the kernel for a free port; only loopback is ever bound.
    python3 - <<'PY' 2>/dev/null || shuf -i 20000-60000 -n 1
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

start() {
    install_if_missing
    local dir password port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/metaanalysis-postgres.XXXXXX")
    chmod 755 "$dir"
    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" > "$dir/password"
    mkdir "$dir/data" "$dir/socket"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres:postgres "$dir"
    fi

    as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --pwfile="$dir/password" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/password"

    # A port can be taken between choosing and binding it; try a few.
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/socket -c max_connections=300" \
            start >&2; then
            break
        fi
        port=
    done

    if [ -z "$port" ]; then
        log "the server did not start"
        cat "$dir/server.log" >&2 || true
        exit 1
    fi

    PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE metaanalysis_test" >&2

    log "PostgreSQL $version on 127.0.0.1:$port, data in $dir"
    echo "export METAANALYSIS_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=metaanalysis_test'"
    echo "export METAANALYSIS_TEST_POSTGRES_DIR='$dir'"
}

stop() {
    local dir=${1:-${METAANALYSIS_TEST_POSTGRES_DIR:-}}
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
        log "no server folder given (or it is gone)"
        return 0
    fi

    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >&2 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
