#!/usr/bin/env bash
# Three quintus-server replicas behind nginx, on this machine (issue 15):
#
#   bash scripts/replicas.sh [--sqlite] [--port PORT] [--bin PATH] [-- SERVER-OPTIONS...]
#
# Starts a throwaway PostgreSQL cluster (scripts/postgres.sh), three replicas on three free
# loopback ports sharing its --database-url and one QUINTUS_JWT_SECRET, and nginx in front
# (deploy/nginx.conf with the ports and the widget folder filled in), prints
# "Quintus replicas: http://127.0.0.1:PORT/", and stops everything on Ctrl-C, SIGTERM or exit.
#
#   --sqlite     each replica on a SQLite file of its own instead of PostgreSQL: conversations
#                are not shared, so only the balancer, streaming and the script are exercised
#                (scripts/test-deploy.sh uses it)
#   --port PORT  nginx's port (default: a free one)
#   --bin PATH   the quintus-server binary (default: builds target/debug/quintus-server)
#   -- ...       options given to every replica (e.g. --pace-ms 40 --rate-limit 100)
#
# Environment: QUINTUS_JWT_SECRET (shared by the replicas; generated when unset),
# QUINTUS_REPLICAS_DIR (where logs and databases go; a temporary folder by default, removed at
# exit). Replica logs: $DIR/replica-N.log; nginx's: $DIR/nginx.log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/postgres.sh"
cd "$ROOT"

MODE=postgres
PORT=""
BIN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sqlite) MODE=sqlite; shift ;;
    --port) PORT="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "replicas: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
EXTRA=("$@")

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

if [ -z "$BIN" ]; then
  cargo build --locked -p quintus-server --bin quintus-server >&2
  BIN="$ROOT/target/debug/quintus-server"
fi
[ -x "$BIN" ] || { echo "replicas: no quintus-server binary at $BIN" >&2; exit 1; }

DIR="${QUINTUS_REPLICAS_DIR:-$(mktemp -d /tmp/quintus-replicas.XXXXXX)}"
mkdir -p "$DIR/nginx"
KEEP_DIR="${QUINTUS_REPLICAS_DIR:+1}"
PIDS=()
NGINX_PID=""

stop_all() {
  trap - EXIT INT TERM
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_stop
  [ -z "$KEEP_DIR" ] && rm -rf "$DIR"
  return 0
}

if [ "$MODE" = postgres ]; then
  # pg_start sets its own EXIT trap (pg_stop); ours, set just after, stops everything.
  pg_start >&2 || { echo "replicas: PostgreSQL is needed (or use --sqlite)" >&2; exit 1; }
fi
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One signing secret for all: a token issued by one replica is checked by another.
if [ -z "${QUINTUS_JWT_SECRET:-}" ]; then
  QUINTUS_JWT_SECRET="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
fi
export QUINTUS_JWT_SECRET

STATIC=()
[ -f "$ROOT/dist/index.html" ] && STATIC=(--static "$ROOT/dist")

REPLICA_PORTS=()
for n in 1 2 3; do
  port="$(free_port)"
  if [ "$MODE" = postgres ]; then
    database=(--database-url "$QUINTUS_PG_URL")
  else
    mkdir -p "$DIR/replica-$n"
    database=(--db "$DIR/replica-$n/quintus.sqlite")
  fi
  # --trust-forwarded-for: nginx adds the visitor's address as the last X-Forwarded-For entry.
  "$BIN" --addr "127.0.0.1:$port" "${database[@]}" "${STATIC[@]}" --trust-forwarded-for --replica-id "replica-$n" "${EXTRA[@]}" \
    >"$DIR/replica-$n.log" 2>&1 &
  PIDS+=("$!")
  REPLICA_PORTS+=("$port")
done
for n in 1 2 3; do
  ready_url "$DIR/replica-$n.log" "${PIDS[$((n - 1))]}" >/dev/null || {
    echo "replicas: replica $n did not start; its log ($DIR/replica-$n.log):" >&2
    cat "$DIR/replica-$n.log" >&2
    exit 1
  }
done

PORT="${PORT:-$(free_port)}"
# deploy/nginx.conf is the template: its listen address, three replica addresses and widget
# folder are replaced.
sed -e "s|127\.0\.0\.1:8080|127.0.0.1:$PORT|" \
    -e "s|127\.0\.0\.1:8781|127.0.0.1:${REPLICA_PORTS[0]}|" \
    -e "s|127\.0\.0\.1:8782|127.0.0.1:${REPLICA_PORTS[1]}|" \
    -e "s|127\.0\.0\.1:8783|127.0.0.1:${REPLICA_PORTS[2]}|" \
    -e "s|/srv/quintus/dist|$ROOT/dist|" \
    "$ROOT/deploy/nginx.conf" >"$DIR/nginx/nginx.conf"
nginx -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" 2>"$DIR/nginx.log" || { cat "$DIR/nginx.log" >&2; exit 1; }
nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" >>"$DIR/nginx.log" 2>&1 &
NGINX_PID="$!"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || { echo "replicas: nginx stopped:" >&2; cat "$DIR/nginx.log" >&2; exit 1; }
  sleep 0.1
done

for n in 1 2 3; do
  echo "replica $n: http://127.0.0.1:${REPLICA_PORTS[$((n - 1))]}/ (pid ${PIDS[$((n - 1))]}, $MODE, log $DIR/replica-$n.log)"
done
echo "nginx: pid $NGINX_PID, config $DIR/nginx/nginx.conf"
echo "Quintus replicas: http://127.0.0.1:$PORT/"
echo "(Ctrl-C stops everything)"
# Until a signal, or nginx stops. A replica may stop (or be killed, as the failover story
# does) without ending the run: nginx sends its requests to the others.
wait "$NGINX_PID" || true
echo "replicas: nginx stopped (see $DIR/nginx.log); stopping the replicas" >&2
