#!/usr/bin/env bash
# The README's test command. On a fresh machine it installs what the tests need (apt-get: Redis, PostgreSQL,
# Prometheus' promtool, headless Chromium for the dashboard and docs tests, kubectl to render deploy/k8s), starts throwaway
# Redis and PostgreSQL on loopback (unless they already answer on the chosen ports), runs every test of the
# solution in Release, prints "N passed, N failed" and exits non-zero on any failure. Servers it started are
# stopped again, whatever happens.
#
# Environment: REDIS_PORT (default 6390), PG_PORT (default 5439), CLUSTER_BASE_PORT (the cluster.sh test's ports;
# derived from REDIS_PORT by default), TEST_FILTER (a dotnet test --filter expression).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
REDIS_PORT=${REDIS_PORT:-6390}
PG_PORT=${PG_PORT:-5439}
work=$(mktemp -d /tmp/orleansbackend-test.XXXXXX)
chmod 755 "$work"
started_redis=0
started_pg=0
PGBIN=""

log() { printf '== %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

install_missing() {
  local packages=()
  command -v redis-server >/dev/null || packages+=(redis-server)
  [ -n "$(find_pgbin)" ] || packages+=(postgresql)
  command -v promtool >/dev/null || packages+=(prometheus)
  command -v chromium >/dev/null || packages+=(chromium)
  if [ ${#packages[@]} -gt 0 ]; then
    log "installing ${packages[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null ||
      { log "apt-get install failed"; return 1; }
  fi
  # kubectl renders deploy/k8s (kubectl kustomize). Machines of this kind carry it (Google Cloud SDK); elsewhere try the
  # kubectl package, then Debian's kubernetes-client, alone, so a missing one never blocks the servers above. Without
  # it the Kubernetes manifest tests fail (they do not skip).
  if ! command -v kubectl >/dev/null; then
    log "installing kubectl"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubectl >/dev/null 2>&1 ||
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null 2>&1 ||
      log "kubectl could not be installed: the Kubernetes manifest tests will fail"
  fi
  PGBIN=$(find_pgbin)
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
    log "using the Redis already on 127.0.0.1:$REDIS_PORT"; return 0
  fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --dir "$work" --pidfile "$work/redis.pid" --logfile "$work/redis.log" || return 1
  started_redis=1
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && { log "Redis on 127.0.0.1:$REDIS_PORT"; return 0; }
    sleep 0.1
  done
  log "Redis did not start:"; tail -5 "$work/redis.log" >&2; return 1
}

pg_run() {
  # PostgreSQL refuses to run as root: use the postgres account then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then
    log "using the PostgreSQL already on 127.0.0.1:$PG_PORT"; return 0
  fi
  install -d -m 700 "$work/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$work/pg"
  pg_run "$PGBIN/initdb" -D "$work/pg/data" -A trust -U postgres --no-sync >"$work/initdb.log" 2>&1 ||
    { log "initdb failed:"; tail -5 "$work/initdb.log" >&2; return 1; }
  pg_run "$PGBIN/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null ||
    { log "PostgreSQL did not start:"; tail -5 "$work/pg/server.log" >&2; return 1; }
  started_pg=1
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

cleanup() {
  if [ $started_redis = 1 ]; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1; fi
  if [ $started_pg = 1 ]; then pg_run "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_missing || { echo "0 passed, 1 failed"; exit 1; }
start_redis || { echo "0 passed, 1 failed"; exit 1; }
start_postgres || { echo "0 passed, 1 failed"; exit 1; }

export ORLEANSBACKEND_TEST_REDIS="127.0.0.1:$REDIS_PORT"
# The cluster.sh test's ports (B … B+404; below the ephemeral range), apart for runs on different REDIS_PORTs.
export ORLEANSBACKEND_TEST_CLUSTER_BASE_PORT=${CLUSTER_BASE_PORT:-$((20000 + (REDIS_PORT % 25) * 500))}
export ORLEANSBACKEND_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

filter=()
[ -n "${TEST_FILTER:-}" ] && filter=(--filter "$TEST_FILTER")
# Build the whole solution first: dotnet test builds only the test project and what it references, and the tests
# that run scripts/cluster.sh need the Silo executable (and the benchmarks must build too).
log "dotnet build (Release)"
dotnet build "$root/OrleansBackend.sln" -c Release -nologo > "$work/build.log" 2>&1
build_status=$?
grep -E ": (warning|error) " "$work/build.log" | sort -u | head -40
if [ "$build_status" != 0 ]; then
  tail -20 "$work/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi
grep -E "^ *[0-9]+ (Warning|Error)\(s\)" "$work/build.log" | tail -2

log "dotnet test (Release)"
dotnet test "$root/OrleansBackend.sln" -c Release --no-build "${filter[@]}" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}

passed=0
failed=0
summaries=0
while IFS= read -r line; do
  p=$(sed -nE 's/.*Passed:[[:space:]]*([0-9]+).*/\1/p' <<<"$line")
  f=$(sed -nE 's/.*Failed:[[:space:]]*([0-9]+),.*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  summaries=$((summaries + 1))
done < <(grep -E '^(Passed|Failed)!' "$work/test.log")

if [ "$summaries" = 0 ] && [ "$status" != 0 ]; then
  failed=$((failed + 1))   # the build or the test host failed before any summary
fi
echo "$passed passed, $failed failed"
if [ "$status" != 0 ] || [ "$failed" != 0 ]; then exit 1; fi
exit 0
