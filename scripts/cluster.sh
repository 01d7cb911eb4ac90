#!/usr/bin/env bash
# A local multi-silo cluster without Docker: Redis (membership), PostgreSQL (state, reminders, streams), N silo
# processes and M Api processes as cluster clients, all on loopback. Everything lives under $CLUSTER_DIR
# (default ./.cluster); ports derive from $BASE_PORT (default 21000) so two clusters can run side by side.
#
#   scripts/cluster.sh up [--silos N] [--apis M]   start (or complete) the cluster and wait until it is ready
#   scripts/cluster.sh status [--json]             processes, ports and membership status
#   scripts/cluster.sh add-silo                    start one more silo
#   scripts/cluster.sh stop-silo NAME              graceful stop (SIGTERM: hands its grains over, leaves)
#   scripts/cluster.sh kill-silo NAME              SIGKILL: the others must detect it
#   scripts/cluster.sh restart-silo NAME           stop (or clean up after a kill) and start again, new generation
#   scripts/cluster.sh logs NAME                   a silo's or api's log (api-0, api-1, …)
#   scripts/cluster.sh down [--wipe]               stop everything; --wipe also deletes $CLUSTER_DIR
#
# Port layout from BASE_PORT (B): Redis B+1, PostgreSQL B+2, silo i: silo port B+100+i, gateway B+200+i,
# management B+300+i (/metrics, /health/*); api j: HTTP B+400+j (dashboard at /dashboard). The Apis' operator token
# is $OPERATOR_TOKEN, or one generated into $CLUSTER_DIR/operator-token. The cluster wire is mutual TLS: a throwaway CA
# and one certificate per silo and Api (scripts/cluster-certs.sh, openssl) live in $CLUSTER_DIR/tls and are reused.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLUSTER_DIR=${CLUSTER_DIR:-./.cluster}
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
BASE_PORT=${BASE_PORT:-21000}
REDIS_PORT=$((BASE_PORT + 1))
PG_PORT=$((BASE_PORT + 2))
CLUSTER_ID=${CLUSTER_ID:-local}
SERVICE_ID=${SERVICE_ID:-backend}
SILO_DLL="$root/Silo/bin/Release/net10.0/OrleansBackend.Silo.dll"
API_DLL="$root/Api/bin/Release/net10.0/OrleansBackend.Api.dll"
PG_DSN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
TLS_DIR="$CLUSTER_DIR/tls"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root to run: $*"; fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Starts a detached process in its own session; its pid file holds the real process (sh execs into it).
launch() {
  local name=$1 workdir=$2
  shift 2
  mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/logs" "$workdir"
  rm -f "$CLUSTER_DIR/run/$name.pid.new"
  # exec, so no shell lingers holding the caller's stdout open.
  ( cd "$workdir" && exec setsid sh -c 'echo $$ > "$0"; exec "$@"' "$CLUSTER_DIR/run/$name.pid.new" "$@" ) \
      >> "$CLUSTER_DIR/logs/$name.log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do [ -s "$CLUSTER_DIR/run/$name.pid.new" ] && break; sleep 0.1; done
  mv "$CLUSTER_DIR/run/$name.pid.new" "$CLUSTER_DIR/run/$name.pid"
}

pid_of() { cat "$CLUSTER_DIR/run/$1.pid" 2>/dev/null; }

operator_token() {
  if [ -n "${OPERATOR_TOKEN:-}" ]; then echo "$OPERATOR_TOKEN"; return; fi
  if [ ! -s "$CLUSTER_DIR/operator-token" ]; then
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$CLUSTER_DIR/operator-token"
    chmod 600 "$CLUSTER_DIR/operator-token"
  fi
  cat "$CLUSTER_DIR/operator-token"
}

ensure_installed() {
  local packages=()
  command -v redis-server >/dev/null || packages+=(redis-server)
  [ -n "$(pg_bin)" ] || packages+=(postgresql)
  command -v curl >/dev/null || packages+=(curl)
  command -v openssl >/dev/null || packages+=(openssl)
  if [ ${#packages[@]} -gt 0 ]; then
    log "installing ${packages[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null ||
      die "apt-get install ${packages[*]} failed"
  fi
}

build() {
  # SKIP_BUILD=1 uses the Release binaries as they are (the test suite, which has just built them).
  [ "${SKIP_BUILD:-0}" = 1 ] && { [ -f "$SILO_DLL" ] && [ -f "$API_DLL" ] || die "SKIP_BUILD=1 but there is no Release build"; return 0; }
  log "building (Release)"
  dotnet build "$root/OrleansBackend.sln" -c Release -v q -nologo > "$CLUSTER_DIR/build.log" 2>&1 ||
    { tail -20 "$CLUSTER_DIR/build.log" >&2; die "build failed (see $CLUSTER_DIR/build.log)"; }
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then return 0; fi
  mkdir -p "$CLUSTER_DIR/redis"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly yes \
    --dir "$CLUSTER_DIR/redis" --pidfile "$CLUSTER_DIR/redis/redis.pid" --logfile "$CLUSTER_DIR/redis/redis.log" ||
    die "Redis did not start"
  for _ in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && { log "Redis on 127.0.0.1:$REDIS_PORT"; return 0; }
    sleep 0.1
  done
  die "Redis did not answer on $REDIS_PORT"
}

start_postgres() {
  local bin
  bin=$(pg_bin)
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then return 0; fi
  chmod 755 "$CLUSTER_DIR"
  if [ ! -s "$CLUSTER_DIR/pg/data/PG_VERSION" ]; then
    install -d -m 700 "$CLUSTER_DIR/pg"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$CLUSTER_DIR/pg"
    pg_run "$bin/initdb" -D "$CLUSTER_DIR/pg/data" -A trust -U postgres > "$CLUSTER_DIR/pg-initdb.log" 2>&1 ||
      die "initdb failed (see $CLUSTER_DIR/pg-initdb.log; the postgres user must be able to reach $CLUSTER_DIR)"
  fi
  pg_run "$bin/pg_ctl" -D "$CLUSTER_DIR/pg/data" -l "$CLUSTER_DIR/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $CLUSTER_DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start > /dev/null ||
    die "PostgreSQL did not start (see $CLUSTER_DIR/pg/server.log)"
  log "PostgreSQL on 127.0.0.1:$PG_PORT"
}

silo_index() { echo "${1#silo-}"; }

# The cluster CA (made once) and node $1's certificate from it, kept for restarts: $TLS_DIR/ca.pem, $TLS_DIR/$1.pem.
certificate() {
  sh "$root/scripts/cluster-certs.sh" "$TLS_DIR" "$1" || die "could not make the TLS certificate of $1 in $TLS_DIR"
}

start_silo() {
  local name=$1 i
  i=$(silo_index "$name")
  [[ "$i" =~ ^[0-9]+$ ]] || die "no such silo: $name"
  if alive "$(pid_of "$name")"; then log "$name is already running"; return 0; fi
  certificate "$name"
  # Orleans reads its own "Orleans" section (the command line overrides Silo/appsettings.json); Urls is the management
  # listener (/metrics, /health/*). The working directory is the silo's own, so nothing lands in the caller's.
  launch "$name" "$CLUSTER_DIR/work/$name" dotnet "$SILO_DLL" \
      --Orleans:Name="$name" --Orleans:ClusterId="$CLUSTER_ID" --Orleans:ServiceId="$SERVICE_ID" \
      --Orleans:Endpoints:AdvertisedIPAddress=127.0.0.1 \
      --Orleans:Endpoints:SiloPort=$((BASE_PORT + 100 + i)) --Orleans:Endpoints:GatewayPort=$((BASE_PORT + 200 + i)) \
      --Orleans:Tls:CaCertificate="$TLS_DIR/ca.pem" --Orleans:Tls:Certificate="$TLS_DIR/$name.pem" \
      --Urls="http://127.0.0.1:$((BASE_PORT + 300 + i))" \
      --ConnectionStrings:redis="127.0.0.1:$REDIS_PORT" --ConnectionStrings:orleans="$PG_DSN"
  log "$name started (pid $(pid_of "$name"), silo port $((BASE_PORT + 100 + i)), gateway $((BASE_PORT + 200 + i)))"
}

start_api() {
  local j=$1 name="api-$1"
  if alive "$(pid_of "$name")"; then return 0; fi
  certificate "$name"
  launch "$name" "$CLUSTER_DIR/work/$name" env Operations__OperatorToken="$(operator_token)" dotnet "$API_DLL" \
      --urls "http://127.0.0.1:$((BASE_PORT + 400 + j))" \
      --Cluster:Mode=Client --Orleans:ClusterId="$CLUSTER_ID" --Orleans:ServiceId="$SERVICE_ID" \
      --Orleans:Clustering:ProviderType=Redis --Orleans:Clustering:ConnectionString="127.0.0.1:$REDIS_PORT" \
      --Orleans:Tls:CaCertificate="$TLS_DIR/ca.pem" --Orleans:Tls:Certificate="$TLS_DIR/$name.pem"
  log "$name started (pid $(pid_of "$name"), http://127.0.0.1:$((BASE_PORT + 400 + j)))"
}

silo_names() { ls "$CLUSTER_DIR/run" 2>/dev/null | sed -n 's/^\(silo-[0-9]*\)\.pid$/\1/p' | sort -t- -k2 -n; }
api_names() { ls "$CLUSTER_DIR/run" 2>/dev/null | sed -n 's/^\(api-[0-9]*\)\.pid$/\1/p' | sort -t- -k2 -n; }

stop_process() {
  local name=$1 pid
  pid=$(pid_of "$name")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 300); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then log "$name did not stop in 30 s; killing it"; kill -KILL "$pid" 2>/dev/null; fi
  fi
}

wait_ready() {
  local deadline=$((SECONDS + ${1:-120})) pending
  while :; do
    pending=0
    for name in $(api_names); do
      local port=$((BASE_PORT + 400 + ${name#api-}))
      alive "$(pid_of "$name")" || die "$name exited (see $CLUSTER_DIR/logs/$name.log)"
      curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" || pending=1
    done
    for name in $(silo_names); do
      local i
      i=$(silo_index "$name")
      alive "$(pid_of "$name")" || die "$name exited (see $CLUSTER_DIR/logs/$name.log)"
      curl -sf -o /dev/null "http://127.0.0.1:$((BASE_PORT + 300 + i))/health/ready" || pending=1
    done
    [ $pending = 0 ] && return 0
    [ $SECONDS -ge $deadline ] && die "the cluster was not ready in time (see $CLUSTER_DIR/logs)"
    sleep 0.5
  done
}

membership_status() {
  # The newest generation's row for this silo port in Orleans' Redis membership hash ("<service>/members/<cluster>",
  # field "S<address>:<port>:<generation>", a JSON row whose "Status" is Orleans' SiloStatus); "unknown" when absent.
  local port=$1 row
  row=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --raw hgetall "$SERVICE_ID/members/$CLUSTER_ID" 2>/dev/null |
    grep -F "{\"SiloAddress\":{\"SiloAddress\":\"127.0.0.1:$port@" |
    sed -n 's/.*"127\.0\.0\.1:'"$port"'@\([0-9]*\)"},"Status":\([0-9]*\).*/\1 \2/p' | sort -n | tail -1)
  case "${row#* }" in
    1) echo created ;; 2) echo joining ;; 3) echo active ;; 4) echo shutting_down ;; 5) echo stopping ;; 6) echo dead ;;
    *) echo unknown ;;
  esac
}

cmd_up() {
  local silos=3 apis=1
  while [ $# -gt 0 ]; do
    case $1 in
      --silos) silos=$2; shift 2 ;;
      --apis) apis=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ "$silos" =~ ^[1-9][0-9]*$ && "$apis" =~ ^[0-9]+$ ]] || die "--silos must be ≥ 1 and --apis ≥ 0"
  ensure_installed
  build
  start_redis
  start_postgres
  for i in $(seq 0 $((silos - 1))); do start_silo "silo-$i"; done
  for j in $(seq 0 $((apis - 1))); do start_api "$j"; done
  wait_ready 180
  echo "Cluster '$CLUSTER_ID' is up: $silos silos, $apis api(s) (state in $CLUSTER_DIR)"
  for name in $(api_names); do echo "  api:   http://127.0.0.1:$((BASE_PORT + 400 + ${name#api-}))"; done
  local first token_from="$CLUSTER_DIR/operator-token"
  first=$(api_names | head -1)
  [ -n "${OPERATOR_TOKEN:-}" ] && token_from='$OPERATOR_TOKEN'
  if [ -n "$first" ]; then
    echo "  dashboard: http://127.0.0.1:$((BASE_PORT + 400 + ${first#api-}))/dashboard (operator token in $token_from)"
  fi
  echo "  redis: 127.0.0.1:$REDIS_PORT   postgres: 127.0.0.1:$PG_PORT"
  echo "  cluster wire: mutual TLS, CA and certificates in $TLS_DIR"
}

cmd_status() {
  local json=0
  [ "${1:-}" = --json ] && json=1
  local apis=() silos=()
  for name in $(api_names); do
    local pid j=${name#api-}
    pid=$(pid_of "$name"); alive "$pid" || pid=0
    apis+=("{\"name\":\"$name\",\"url\":\"http://127.0.0.1:$((BASE_PORT + 400 + j))\",\"pid\":$pid}")
  done
  for name in $(silo_names); do
    local pid i status
    i=$(silo_index "$name")
    pid=$(pid_of "$name")
    if alive "$pid"; then status=$(membership_status $((BASE_PORT + 100 + i))); else pid=0; status=stopped; fi
    silos+=("{\"name\":\"$name\",\"pid\":$pid,\"siloPort\":$((BASE_PORT + 100 + i)),\"gatewayPort\":$((BASE_PORT + 200 + i)),\"managementPort\":$((BASE_PORT + 300 + i)),\"status\":\"$status\"}")
  done
  if [ $json = 1 ]; then
    local IFS=,
    echo "{\"apis\":[${apis[*]}],\"silos\":[${silos[*]}]}"
  else
    printf '%-10s %-8s %-6s %-6s %s\n' NAME PID PORT GW STATUS
    for name in $(silo_names); do
      local pid i status
      i=$(silo_index "$name"); pid=$(pid_of "$name")
      if alive "$pid"; then status=$(membership_status $((BASE_PORT + 100 + i))); else status=stopped; fi
      printf '%-10s %-8s %-6s %-6s %s\n' "$name" "$pid" $((BASE_PORT + 100 + i)) $((BASE_PORT + 200 + i)) "$status"
    done
    for name in $(api_names); do
      local pid
      pid=$(pid_of "$name"); alive "$pid" || pid="-"
      printf '%-10s %-8s %s\n' "$name" "$pid" "http://127.0.0.1:$((BASE_PORT + 400 + ${name#api-}))"
    done
  fi
}

cmd_add_silo() {
  local next=0
  for name in $(silo_names); do i=$(silo_index "$name"); [ "$i" -ge $next ] && next=$((i + 1)); done
  [ -f "$SILO_DLL" ] || build
  start_silo "silo-$next"
}

need_silo() {
  [ -n "${1:-}" ] || die "name a silo (see: scripts/cluster.sh status)"
  [ -f "$CLUSTER_DIR/run/$1.pid" ] || die "no such silo: $1"
}

cmd_stop_silo() { need_silo "${1:-}"; stop_process "$1"; log "$1 stopped"; }

cmd_kill_silo() {
  need_silo "${1:-}"
  local pid
  pid=$(pid_of "$1")
  alive "$pid" || die "$1 is not running"
  kill -KILL "$pid"
  log "$1 killed (pid $pid)"
}

cmd_restart_silo() { need_silo "${1:-}"; stop_process "$1"; start_silo "$1"; }

cmd_logs() {
  [ -n "${1:-}" ] || die "name a silo or api"
  [ -f "$CLUSTER_DIR/logs/$1.log" ] || die "no log for $1"
  cat "$CLUSTER_DIR/logs/$1.log"
}

cmd_down() {
  for name in $(api_names) $(silo_names); do stop_process "$name"; done
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave > /dev/null 2>&1
  local bin
  bin=$(pg_bin)
  if [ -n "$bin" ] && [ -s "$CLUSTER_DIR/pg/data/PG_VERSION" ]; then
    pg_run "$bin/pg_ctl" -D "$CLUSTER_DIR/pg/data" -m fast -w stop > /dev/null 2>&1
  fi
  rm -f "$CLUSTER_DIR"/run/*.pid
  if [ "${1:-}" = --wipe ]; then rm -rf "$CLUSTER_DIR"; log "wiped $CLUSTER_DIR"; fi
  log "cluster down"
}

command=${1:-}
shift || true
case $command in
  up) cmd_up "$@" ;;
  status) cmd_status "$@" ;;
  add-silo) cmd_add_silo ;;
  stop-silo) cmd_stop_silo "$@" ;;
  kill-silo) cmd_kill_silo "$@" ;;
  restart-silo) cmd_restart_silo "$@" ;;
  logs) cmd_logs "$@" ;;
  down) cmd_down "$@" ;;
  *) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; [ -z "$command" ] || exit 2 ;;
esac
