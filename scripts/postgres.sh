# Sourced: a throwaway PostgreSQL cluster for one test run or one demo, in a temporary folder,
# on a free loopback port. PostgreSQL refuses to run as root, so as root the cluster belongs to
# the `postgres` user that Debian's package creates.
#
#   source scripts/postgres.sh
#   pg_start            # exports QUINTUS_PG_URL=postgres://postgres@127.0.0.1:PORT/postgres
#   ...                 # createdb, servers, tests
#   pg_stop             # also run by the EXIT trap pg_start sets
#
# pg_start fails (status 1, with the reason on stderr) when PostgreSQL is not installed, so a
# caller can skip with a printed reason.

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

# Runs a PostgreSQL program as the cluster's owner.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

pg_start() {
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "postgres: not installed (no /usr/lib/postgresql/*/bin/initdb)" >&2
    return 1
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "postgres: running as root and there is no 'postgres' user to own the cluster" >&2
    return 1
  fi
  PG_DIR="$(mktemp -d /tmp/quintus-pg.XXXXXX)"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
  # A free port: bind port 0 and read what the kernel gave.
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { echo "postgres: initdb failed, see $PG_DIR/initdb.log" >&2; return 1; }
  # Many test servers each hold a small pool: allow plenty of connections. fsync off: the
  # cluster is thrown away after the run.
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null \
    || { echo "postgres: the server did not start, see $PG_DIR/server.log" >&2; return 1; }
  export QUINTUS_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export PG_DIR PG_PORT
  trap pg_stop EXIT
  echo "postgres: $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}
