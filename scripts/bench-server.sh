#!/usr/bin/env bash
# Load benchmark of the reference server: prints figures (exchanges per second, concurrent
# streams and memory). It measures; it asserts nothing. Loopback only, bounded in time (a few
# minutes in all).
#
#   bash scripts/bench-server.sh           # one server on SQLite in detail, then the table below
#   bash scripts/bench-server.sh --table   # the table only
#
# The table compares one replica on SQLite, one on PostgreSQL, and three on PostgreSQL behind
# nginx (scripts/replicas.sh): create + send exchanges per second with 8 and 32 clients, and
# how many of 500 slow reply streams stay live at once. A configuration that cannot run here
# (PostgreSQL or nginx missing, or a server that refuses postgres://) prints
# "skipped: <reason>" in its rows.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$ROOT/scripts/postgres.sh"
cd "$ROOT"
cargo build --locked --profile server-bench -p quintus-server --bins --examples
ulimit -n 65536 2>/dev/null || ulimit -n 8192 2>/dev/null || true
BIN="$ROOT/target/server-bench/quintus-server"
BENCH="$ROOT/target/server-bench/examples/bench"

[ "${1:-}" = "--table" ] || "$BENCH"

WORK="$(mktemp -d /tmp/quintus-bench-table.XXXXXX)"
ROWS="$WORK/rows.tsv"
: >"$ROWS"
RUNNING=""
finish() {
  [ -n "$RUNNING" ] && kill -TERM "$RUNNING" 2>/dev/null && wait "$RUNNING" 2>/dev/null
  pg_stop
  rm -rf "$WORK"
}
trap finish EXIT

# No rate limit gets in the way of the load; no word delay for exchanges (a send waits for
# the whole reply), 200 ms a word for streams (so they stay open while they are counted).
LIMITS=(--rate-limit 100000000 --client-rate-limit 100000000)
pace_for() { [ "$1" = streams ] && echo 200 || echo 0; }

skip_rows() { # $1 label, $2 measure, $3 reason (the table shows its first 100 characters)
  printf 'row\t%s\t%s\tskipped: %.100s\n' "$1" "$2" "$3" >>"$ROWS"
  echo "$1, $2: skipped: $3"
}

# measure_then_stop LABEL MEASURE URL LOG PATTERN...: measures URL, or (no URL: it did not start)
# writes a skipped row giving the first line of LOG that matches the first PATTERN found; then
# stops $RUNNING.
measure_then_stop() {
  local label="$1" measure="$2" url="$3" log="$4" reason="it did not start" pattern
  shift 4
  if [ -n "$url" ]; then
    "$BENCH" --target "$url" --label "$label" --measure "$measure" | tee -a "$ROWS"
  else
    for pattern in "$@"; do
      grep -q -E "$pattern" "$log" 2>/dev/null && { reason="$(grep -m 1 -E "$pattern" "$log")"; break; }
    done
    skip_rows "$label" "$measure" "$reason"
  fi
  kill -TERM "$RUNNING" 2>/dev/null || true
  wait "$RUNNING" 2>/dev/null || true
  RUNNING=""
}

# one_server LABEL MEASURE DATABASE-OPTION...: one quintus-server, measured, stopped.
one_server() {
  local label="$1" measure="$2"; shift 2
  "$BIN" --addr 127.0.0.1:0 "${LIMITS[@]}" --pace-ms "$(pace_for "$measure")" "$@" >"$WORK/server.log" 2>&1 &
  RUNNING=$!
  measure_then_stop "$label" "$measure" "$(ready_url "$WORK/server.log" "$RUNNING")" "$WORK/server.log" 'quintus-server:'
}

# three_replicas LABEL MEASURE: scripts/replicas.sh (its own PostgreSQL and nginx), measured
# through nginx, stopped.
three_replicas() {
  local label="$1" measure="$2"
  if ! command -v nginx >/dev/null; then skip_rows "$label" "$measure" "nginx is not installed"; return; fi
  bash scripts/replicas.sh --bin "$BIN" -- "${LIMITS[@]}" --pace-ms "$(pace_for "$measure")" >"$WORK/replicas.log" 2>&1 &
  RUNNING=$!
  measure_then_stop "$label" "$measure" "$(announced_url "$WORK/replicas.log" "Quintus replicas:" "$RUNNING" 60)" \
    "$WORK/replicas.log" '^quintus-server:' '^(replicas|postgres): [^0-9]'
}

echo
echo "== comparison: one replica on SQLite, one on PostgreSQL, three on PostgreSQL behind nginx"
PG_REASON=""
pg_start 2>"$WORK/pg.err" || PG_REASON="$(head -n 1 "$WORK/pg.err")"
trap finish EXIT # pg_start set its own (pg_stop), which finish includes
for measure in exchanges streams; do
  rm -f "$WORK/sqlite.sqlite"*
  one_server "1 replica, SQLite" "$measure" --db "$WORK/sqlite.sqlite"
  if [ -z "$PG_REASON" ]; then
    one_server "1 replica, PostgreSQL" "$measure" --database-url "$QUINTUS_PG_URL"
  else
    skip_rows "1 replica, PostgreSQL" "$measure" "$PG_REASON"
  fi
  three_replicas "3 replicas, PostgreSQL, nginx" "$measure"
done

echo
echo "machine: $(nproc) cores, everything on loopback; figures, not limits"
printf '%-32s %-26s %s\n' "configuration" "figure" "value"
awk -F'\t' '$1 == "row" { printf "%-32s %-26s %s\n", $2, $3, $4 }' "$ROWS"
