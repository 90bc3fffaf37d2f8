#!/usr/bin/env bash
# Run a command beside a throw-away PostgreSQL server, then stop the server whatever the
# command's outcome. Usage: .ci/with-postgres.sh COMMAND [ARGS...]
#
# The server gets a new data directory under $TMPDIR and listens only on a unix socket
# inside it, so it never clashes with another server or a port. The command sees
#   EVERYSIDE_TEST_POSTGRES       the server's SQLAlchemy URL, when the server started
#   EVERYSIDE_TEST_POSTGRES_SKIP  why there is no server, when it could not be started
# and the PostgreSQL tests skip with that reason. The command's exit code is kept.
set -uo pipefail

PG_VERSION=${PG_VERSION:-15}
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PG_USER=everyside

log() { echo "with-postgres: $*" >&2; }

ensure_installed() {
    [ -x "$PG_BIN/initdb" ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        OUTCOME="PostgreSQL $PG_VERSION is not installed at $PG_BIN and installing it needs root and apt-get"
        return 1
    fi
    log "installing Debian's postgresql package"
    if ! { apt-get update -q && apt-get install -y -q postgresql; } >&2; then
        OUTCOME="apt-get install postgresql failed"
        return 1
    fi
    [ -x "$PG_BIN/initdb" ] || { OUTCOME="apt-get installed no PostgreSQL $PG_VERSION (no $PG_BIN/initdb)"; return 1; }
}

# initdb refuses to run as root, so root runs the server as an unprivileged account.
server_account() {
    if [ "$(id -u)" -ne 0 ]; then
        id -un
    elif id postgres >/dev/null 2>&1; then
        echo postgres
    else
        echo nobody
    fi
}

as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$ACCOUNT" -- "$@"
    else
        "$@"
    fi
}

start_server() {
    ensure_installed || return 1
    ACCOUNT=$(server_account)
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/everyside-pg.XXXXXX") || { OUTCOME="mktemp failed"; return 1; }
    if [ "$(id -u)" -eq 0 ]; then
        chown "$ACCOUNT" "$PG_DIR" || { OUTCOME="chown $PG_DIR to $ACCOUNT failed"; return 1; }
    fi
    if ! as_server "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_USER" --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
        OUTCOME="initdb failed: $(tail -n 3 "$PG_DIR/initdb.log" | tr '\n' ' ')"
        return 1
    fi
    # Durability settings are off: the data is thrown away, and the tests run faster.
    if ! as_server "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >/dev/null 2>&1; then
        OUTCOME="pg_ctl start failed: $(tail -n 3 "$PG_DIR/server.log" 2>/dev/null | tr '\n' ' ')"
        return 1
    fi
    OUTCOME="postgresql+psycopg://$PG_USER@/postgres?host=$PG_DIR"
}

stop_server() {
    [ -n "${PG_DIR:-}" ] || return 0
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        as_server "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 \
            || log "pg_ctl stop failed; see $PG_DIR/server.log"
    fi
    rm -rf "$PG_DIR"
}

PG_DIR=
ACCOUNT=
OUTCOME=
COMMAND_PID=
trap stop_server EXIT
# bash runs a trap only once the foreground command ends, so the command runs in the
# background and a signal to this script is passed on to it; the EXIT trap follows.
trap '[ -n "$COMMAND_PID" ] && kill -TERM "$COMMAND_PID" 2>/dev/null; exit 130' INT
trap '[ -n "$COMMAND_PID" ] && kill -TERM "$COMMAND_PID" 2>/dev/null; exit 143' TERM

if start_server; then
    log "PostgreSQL $PG_VERSION running for the tests at $OUTCOME"
    export EVERYSIDE_TEST_POSTGRES=$OUTCOME
    unset EVERYSIDE_TEST_POSTGRES_SKIP
else
    log "no PostgreSQL server ($OUTCOME); the PostgreSQL tests will be skipped"
    export EVERYSIDE_TEST_POSTGRES_SKIP="make test could not start PostgreSQL: $OUTCOME"
    unset EVERYSIDE_TEST_POSTGRES
fi

"$@" <&0 &
COMMAND_PID=$!
wait "$COMMAND_PID"
