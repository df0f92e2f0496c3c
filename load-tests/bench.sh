#!/usr/bin/env bash
# Ingest benchmark (docs/benchmarks.md), on this machine only (loopback), stopping by itself. Every request
# carries a full-size real payload: Shopify's documented orders/create sample (about 15 KB) or a WooCommerce
# REST order, signed.
#
#   load-tests/bench.sh          peak throughput, in the same run, of a bare Vert.x server (BareServer), of the
#                                naive durable baseline (NaiveServer: HMAC + group commit into a jsonb table)
#                                and of the gateway (its attribution worker running), each with the CPU it took
#                                per request (its process, PostgreSQL, the rest); then the gateway at half its
#                                peak for p99; stored rows vs acknowledged; peak RSS
#   load-tests/bench.sh burst    100,000 deliveries at full speed, then waits for the pending backlog
#
# Each run starts the gateway on a fresh database orderlink_bench (dropped and recreated) and prints a
# summary; it exits 1 if a target is missed. Overrides (environment): CONCURRENCY (128), DURATION (30 s
# per measured phase), WARMUP (45 s before each measured phase, the same for every server: the gateway has far
# more code to compile than the baselines, and on a 2-core machine shared with Gatling its C2 compiler thread
# used 40-60 % of a core through the first 20 s measured after a 20 s warm-up, 1-4 % after 45 s), BURST_COUNT (100000),
# READY_TIMEOUT (60 s), DRAIN_TIMEOUT (300 s), DRAIN_STALL (15 s without progress ends the wait), GATEWAY_JAVA_OPTS
# (-Xmx320m, the heap bound of the README's start command),
# PROFILE=1 (records a JFR profile of the gateway into the run's folder: `jfr print --events
# jdk.ExecutionSample gateway.jfr`, or open it in JDK Mission Control), HALF_RATE (req/s instead of half the
# gateway's peak), STALL (seconds: stops the gateway with SIGSTOP for that long, 10 s into the measured part of
# the half-peak phase, to see how it recovers; DURATION must exceed STALL + 10; the report's per-second charts
# show it).
set -euo pipefail

MODE=${1:-compare}
case "$MODE" in
  compare | burst) ;;
  *) echo "usage: $0 [burst]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LT=$ROOT/load-tests
CONCURRENCY=${CONCURRENCY:-128}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-45}
BURST_COUNT=${BURST_COUNT:-100000}
READY_TIMEOUT=${READY_TIMEOUT:-60}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
DRAIN_STALL=${DRAIN_STALL:-15}
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS--Xmx320m}
STALL=${STALL:-0}

HOST=127.0.0.1
INGEST_PORT=18081 API_PORT=18080 METRICS_PORT=18082 BARE_PORT=18091 NAIVE_PORT=18092
DB=orderlink_bench
SHOPIFY_DOMAIN=bench-shop.myshopify.com
# The benchmark signs its deliveries itself: the stores are connected with "register": false, so the gateway
# neither proves their ownership nor registers webhooks (no platform answers here, and a load test never sends
# traffic off this machine). The WooCommerce address is a closed loopback port all the same.
WOO_DOMAIN=127.0.0.1:9
PSQL=(psql -h "$HOST" -U postgres -v ON_ERROR_STOP=1 -qtAX)

WORK=$(mktemp -d /tmp/orderlink-bench.XXXXXX)
# Other processes on the same cores skew every figure: the summary shows how busy the machine was.
LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
GATEWAY_PID='' BASELINE_PID='' RSS_PID='' STALL_PID='' MARKER_PID='' SCRAPER_PID=''
FAILED=0

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }
port_open() { (: <>"/dev/tcp/$HOST/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -w '%{http_code}' "$@" || true; }

# shellcheck disable=SC2317 # called by the EXIT trap
stop() {
  local pid
  # A gateway stopped by STALL would not see its SIGTERM; nor may a late stall stop it after that.
  [[ -z $STALL_PID ]] || kill "$STALL_PID" 2>/dev/null || true
  [[ -z $MARKER_PID ]] || kill "$MARKER_PID" 2>/dev/null || true
  [[ -z $GATEWAY_PID ]] || kill -CONT "$GATEWAY_PID" 2>/dev/null || true
  for pid in $SCRAPER_PID $RSS_PID $BASELINE_PID $GATEWAY_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $BASELINE_PID $GATEWAY_PID; do
    wait "$pid" 2>/dev/null || true
  done
  log "logs and figures kept in $WORK"
}
trap stop EXIT

((STALL == 0 || DURATION > STALL + 10)) || die "STALL=$STALL needs DURATION above $((STALL + 10)) s: the stall begins 10 s into the measured part"
for tool in java mvn psql curl od awk; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
for port in $INGEST_PORT $API_PORT $METRICS_PORT $BARE_PORT $NAIVE_PORT; do
  ! port_open "$port" || die "port $port is already in use"
done

# --- build ---------------------------------------------------------------------------------------
if [[ ! -f $ROOT/target/orderlink.jar || -n $(cd "$ROOT" && find src sql conf pom.xml -newer target/orderlink.jar | head -n 1) ]]; then
  log "building the gateway"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
log "building the load tests"
mvn -q -B -f "$LT/pom.xml" test-compile

# --- fresh database and gateway ------------------------------------------------------------------
log "recreating database $DB"
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

export ORDERLINK_DATABASE_URL=postgresql://postgres@$HOST:5432/$DB
export ORDERLINK_INGEST_PORT=$INGEST_PORT ORDERLINK_API_PORT=$API_PORT ORDERLINK_METRICS_PORT=$METRICS_PORT
export ORDERLINK_INGEST_HOST=$HOST ORDERLINK_API_HOST=$HOST ORDERLINK_METRICS_HOST=$HOST
export ORDERLINK_HOME=$WORK/home
export ORDERLINK_SHOPIFY_ADMIN_BASE_URL=http://127.0.0.1:9 ORDERLINK_ALLOW_HTTP_STORES=true
ORDERLINK_JWT_SECRET=$(random_hex 32)
ORDERLINK_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export ORDERLINK_JWT_SECRET ORDERLINK_MASTER_KEY

log "starting the gateway (log: $WORK/gateway.log)"
if [[ ${PROFILE:-0} == 1 ]]; then
  GATEWAY_JAVA_OPTS+=" -XX:StartFlightRecording=filename=$WORK/gateway.jfr,settings=profile,dumponexit=true"
fi
# shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of JVM flags
java $GATEWAY_JAVA_OPTS -jar "$ROOT/target/orderlink.jar" >"$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!

# Peak resident memory over the whole run, not just at the end (DESIGN.md: "throughout").
(while kill -0 "$GATEWAY_PID" 2>/dev/null; do ps -o rss= -p "$GATEWAY_PID" || true; sleep 1; done >"$WORK/gateway-rss-kb") &
RSS_PID=$!

deadline=$((SECONDS + READY_TIMEOUT))
while true; do
  ready=$(http_code "http://$HOST:$METRICS_PORT/health/ready")
  [[ $ready == 200 ]] && break
  # A gateway without /health/ready: ready once the ingest and API ports accept connections.
  [[ $ready =~ ^(000|404)$ ]] && port_open $INGEST_PORT && port_open $API_PORT && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { tail -n 30 "$WORK/gateway.log" >&2; die "the gateway exited during start-up"; }
  ((SECONDS < deadline)) || { tail -n 30 "$WORK/gateway.log" >&2; die "the gateway was not ready after ${READY_TIMEOUT}s"; }
  sleep 0.5
done
log "gateway ready"

# Polled from now on as in production: Prometheus scrapes /metrics and an orchestrator probes /health/ready.
# The benchmark's own first scrape at the start of a measured part (mark_measured) was the first GET the
# process saw: the HTTP code shared by every port had been compiled for ingest's POSTs alone, and that one
# request deoptimized about 40 of its methods (JFR, jdk.Deoptimization: unstable_if, class_check), which ran
# interpreted and were compiled again while the half-peak phase was being measured: p99 100-300 ms for 2-4 s.
(while kill -0 "$GATEWAY_PID" 2>/dev/null; do
  curl -s -o /dev/null "http://$HOST:$METRICS_PORT/metrics" || true
  curl -s -o /dev/null "http://$HOST:$METRICS_PORT/health/ready" || true
  sleep 15
done) &
SCRAPER_PID=$!

TOKEN=$(java -jar "$ROOT/target/orderlink.jar" token --org bench --role admin | tail -n 1)
[[ -n $TOKEN ]] || die "no token from 'orderlink.jar token'"

SHOPIFY_SECRET=$(random_hex 24)
WOO_SECRET=$(random_hex 24)
connect_store() {
  local name=$1 body=$2 code
  code=$(curl -s -o "$WORK/store-$name.json" -w '%{http_code}' -X POST "http://$HOST:$API_PORT/api/stores" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body" || true)
  [[ $code == 201 ]] || die "connecting the $name store answered $code: $(cat "$WORK/store-$name.json")"
}
connect_store shopify '{"platform":"shopify","domain":"'$SHOPIFY_DOMAIN'","register":false,
  "credentials":{"accessToken":"x","clientSecret":"'"$SHOPIFY_SECRET"'"}}'
connect_store woocommerce '{"platform":"woocommerce","url":"http://'$WOO_DOMAIN'","register":false,
  "credentials":{"consumerKey":"ck","consumerSecret":"cs","webhookSecret":"'"$WOO_SECRET"'"}}'
log "stores connected"

# --- Gatling -------------------------------------------------------------------------------------
# Runs IngestBurstSimulation with the given -D options; output in $WORK/<name>.log, report folder in REPORT.
REPORT=
ingest() {
  local name=$1
  shift
  touch "$WORK/$name.start"
  log "gatling: $name ($*)"
  # Assertion failures are judged below, with the figures, instead of stopping the script.
  mvn -q -B -f "$LT/pom.xml" gatling:test -Dgatling.simulationClass=io.orderlink.load.IngestBurstSimulation \
    -Dgatling.failOnError=false -Dwarmup="$WARMUP" \
    -DshopifyDomain=$SHOPIFY_DOMAIN -DwooDomain=$WOO_DOMAIN \
    -DshopifySecret="$SHOPIFY_SECRET" -DwooSecret="$WOO_SECRET" "$@" >"$WORK/$name.log" 2>&1 || true
  REPORT=$(find "$LT/target/gatling" -maxdepth 2 -name index.html -newer "$WORK/$name.start" 2>/dev/null | head -n 1)
  [[ -n $REPORT ]] || { tail -n 30 "$WORK/$name.log" >&2; die "gatling produced no report for $name"; }
  sed -n '/---- Global Information/,/---- Response Time Distribution/p' "$WORK/$name.log" | sed '$d' >&2
  grep -E ' : (true|false) \(actual' "$WORK/$name.log" >&2 || true
}

# A number from the report's statistics table (Gatling 3.15 writes no stats.json). Rows: "All Requests"
# (warm-up included) or "measured"; columns: 3 OK, 4 KO, 6 count/s over the whole run, 11 p99 (ms).
stat() {
  local value
  value=$(awk -v row="class=\"ellipsed-name\">$1</span>" -v cell="col-$2\">" '
    index($0, row) { found = 1 }
    found && index($0, cell) { sub(/.*">/, ""); sub(/<.*/, ""); print; exit }' "$REPORT")
  [[ $value =~ ^[0-9.]+$ ]] || die "no number in row '$1' column $2 of $REPORT"
  echo "$value"
}

# Sets RESULT to PASS or FAIL for an awk condition; any FAIL makes the script exit 1.
judge() {
  if awk "BEGIN { exit !($1) }"; then RESULT=PASS; else RESULT=FAIL FAILED=1; fi
}

rows() { "${PSQL[@]}" -d "$DB" -c "SELECT count(*) FROM webhook_inbox $1"; }

summary_header() {
  echo
  echo "$1; $(nproc) cores shared by gateway, PostgreSQL and Gatling;"
  echo "load average (1 min) $LOAD_AT_START at start, $(cut -d' ' -f1 /proc/loadavg) at end;"
  echo "kernel writeback of dirty pages $(writeback)"
  row metric value target result
}

# The half-peak p99 depends on it (docs/benchmarks.md, "Eighth session"): the pages PostgreSQL 15 adds to the inbox's
# files are written as zeros and left to the kernel, which writes them in one burst that the commits wait behind.
writeback() {
  local vm=/proc/sys/vm threshold bytes
  threshold="$(cat $vm/dirty_background_ratio) % of memory" bytes=$(cat $vm/dirty_background_bytes)
  ((bytes > 0)) && threshold="$((bytes / 1048576)) MB"
  echo "from $threshold, or once $(($(cat $vm/dirty_expire_centisecs) / 100)) s old"
}

# a / b cut (not rounded) to three decimals, and judged as printed: rounded to two, 0.299 of the bare server passed as 0.30.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? int(a * 1000 / b) / 1000 : 0) }'; }

row() { printf '%-34s %17s   %-10s %s\n' "$@"; }

# Every acknowledged delivery must be stored; more rows than 200s means some were stored but their
# answer came too late for the client (timeouts), which loses nothing.
stored_row() {
  local stored
  stored=$(rows "")
  judge "$stored >= $acknowledged"
  ((stored > acknowledged)) && RESULT+=" (+$((stored - acknowledged)) unacknowledged)"
  row "rows stored / acknowledged" "$stored / $acknowledged" "equal" "$RESULT"
}

# The half-peak phase, seen from inside: the gateway's own acknowledgement p99 (orderlink_ingest_ack, from the
# request's arrival to its answer; the upper bound of its histogram bucket) apart from what the load generator and
# the kernel add, and how busy the machine's cores were (all processes, from /proc/stat), both over the measured part.
ack_buckets() { curl -s "http://$HOST:$METRICS_PORT/metrics" | awk -F'[" ]' '/^orderlink_ingest_ack_seconds_bucket/ { print $2, $NF }'; }

ack_p99_since() {
  ack_buckets | awk -v before="$1" 'BEGIN { n = split(before, b, "\n"); for (i = 1; i <= n; i++) { split(b[i], f, " "); was[f[1]] = f[2] } }
    { le[NR] = $1; count[NR] = $2 - was[$1] }
    END { for (i = 1; i <= NR; i++) if (count[i] >= 0.99 * count[NR]) { printf "%.0f", le[i] * 1000; exit } }'
}

cpu_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }

cpu_busy_since() {
  cpu_ticks | awk -v before="$1" '{ split(before, b, " "); total = $1 - b[1]; idle = $2 - b[2]; printf "%.0f", 100 * (total - idle) / total }'
}

# Where the cores go during a measured peak: CPU time per request of the server's process, of every PostgreSQL
# process, and of the rest (the load generator, kernel threads), from /proc over the measured part of the phase.
TICK_US=$((1000000 / $(getconf CLK_TCK)))
proc_ticks() { for pid in "$@"; do awk -v p="$pid" '{ sub(/^.*\) /, ""); print p, $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || true; done; }
ticks_since() { proc_ticks "${@:2}" | awk -v before="$1" 'BEGIN { n = split(before, b, "\n"); for (i = 1; i <= n; i++) { split(b[i], f, " "); was[f[1]] = f[2] } }
  { sum += $2 - was[$1] } END { print sum + 0 }'; }
busy_ticks() { cpu_ticks | awk '{ print $1 - $2 }'; }

# Waits until the Gatling run logging to the file has begun sending.
gatling_started() { until grep -q 'started\.\.\.' "$1" 2>/dev/null; do sleep 0.2; done; }
# The measured part of a phase begins a second after its warm-up, so no sample straddles the two.
measured_started() { gatling_started "$1"; sleep "$((WARMUP + 1))"; }

# Runs in the background beside a peak phase: once Gatling has started, skips the warm-up, then samples for
# DURATION - 2 s and writes "seconds server postgres all" (ticks) to the file.
sample_cpu() {
  local log=$1 server=$2 out=$3 window=$((DURATION - 2)) server0 pg0 all0
  measured_started "$log"
  server0=$(proc_ticks "$server") pg0=$(proc_ticks $(pgrep -x postgres)) all0=$(busy_ticks)
  sleep "$window"
  echo "$window $(ticks_since "$server0" "$server") $(ticks_since "$pg0" $(pgrep -x postgres)) $(($(busy_ticks) - all0))" >"$out"
}

# The CPU per request of each part at the given rate (requests/s), from sample_cpu's file.
cpu_per_request() {
  [[ -s $1 ]] || { echo "no CPU sample"; return; }
  awk -v rps="$2" -v tick="$TICK_US" '{ n = rps * $1; if (n == 0) n = 1
    printf "CPU per request (us): server %.0f, PostgreSQL %.0f, rest %.0f", $2 * tick / n, $3 * tick / n, ($4 - $2 - $3) * tick / n }' "$1"
}

rss_peak_mb() { sort -n "$WORK/gateway-rss-kb" | tail -n 1 | awk '{ printf "%d", $1 / 1024 }'; }

# --- compare: bare, naive and gateway at peak, then the gateway at half its peak -----------------
# Starts a baseline server from the load-tests module (class and arguments), waits until it listens.
start_baseline() {
  local name=$1 port=$2
  shift 2
  log "starting $name on $port"
  java -cp "$LT/target/classes:$(cat "$LT/target/runtime-classpath.txt")" "io.orderlink.load.$name" "$port" "$@" \
    >"$WORK/$name.log" 2>&1 &
  BASELINE_PID=$!
  local deadline=$((SECONDS + READY_TIMEOUT))
  until port_open "$port"; do
    if ! kill -0 "$BASELINE_PID" 2>/dev/null || ((SECONDS >= deadline)); then
      die "$name did not start: $(cat "$WORK/$name.log")"
    fi
    sleep 0.5
  done
}

stop_baseline() {
  kill "$BASELINE_PID"
  wait "$BASELINE_PID" 2>/dev/null || true
  BASELINE_PID=
}

# Runs in the background beside the half-peak phase: once Gatling has started, skips the warm-up, then notes the
# acknowledgement histogram and the CPU ticks that the figures above count from.
mark_measured() {
  measured_started "$1"
  ack_buckets >"$WORK/steady.ack"
  cpu_ticks >"$WORK/steady.ticks"
}

# Runs in the background beside the half-peak phase: STALL seconds without the gateway (SIGSTOP, then SIGCONT),
# 10 s into the measured part. A stall of the process, its host or its database looks the same from outside.
stall_gateway() {
  gatling_started "$1"
  sleep "$((WARMUP + 10))"
  kill -STOP "$GATEWAY_PID"
  sleep "$STALL"
  kill -CONT "$GATEWAY_PID"
  log "the gateway was stopped for ${STALL}s"
}

# Peak of one target whose process is $2: sets RPS (measured OK / duration), P99, LOAD (1-minute load average at
# its end) and CPU (per request, see sample_cpu).
peak_of() {
  local name=$1 server=$2 ok sampler
  shift 2
  sample_cpu "$WORK/peak-$name.log" "$server" "$WORK/peak-$name.cpu" &
  sampler=$!
  ingest "peak-$name" "$@" -Dprofile=peak -Dconcurrency="$CONCURRENCY" -Dduration="$DURATION"
  # Done by now unless Gatling never started or stopped early: then there is no sample.
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  ok=$(stat measured 3)
  RPS=$(awk -v ok="$ok" -v d="$DURATION" 'BEGIN { printf "%.0f", ok / d }')
  P99=$(stat measured 11)
  LOAD=$(cut -d' ' -f1 /proc/loadavg)
  CPU=$(cpu_per_request "$WORK/peak-$name.cpu" "$RPS")
}

if [[ $MODE == compare ]]; then
  start_baseline BareServer $BARE_PORT
  peak_of bare "$BASELINE_PID" -Dtarget=bare -DbaseUrl="http://$HOST:$BARE_PORT"
  bare_rps=$RPS bare_p99=$P99 bare_load=$LOAD bare_cpu=$CPU
  stop_baseline

  start_baseline NaiveServer $NAIVE_PORT "$ORDERLINK_DATABASE_URL" "$SHOPIFY_SECRET" "$WOO_SECRET"
  peak_of naive "$BASELINE_PID" -Dtarget=naive -DbaseUrl="http://$HOST:$NAIVE_PORT"
  naive_rps=$RPS naive_p99=$P99 naive_load=$LOAD naive_cpu=$CPU
  naive_failed=$(stat "All Requests" 4)
  stop_baseline

  gateway=(-Dtarget=gateway -DbaseUrl="http://$HOST:$INGEST_PORT")
  peak_of gateway "$GATEWAY_PID" "${gateway[@]}"
  gateway_rps=$RPS gateway_p99=$P99 gateway_load=$LOAD gateway_cpu=$CPU
  peak_failed=$(stat "All Requests" 4)
  acknowledged=$(stat "All Requests" 3)

  half=${HALF_RATE:-$(awk -v r="$gateway_rps" 'BEGIN { printf "%.0f", r / 2 }')}
  ((half > 0)) || die "the gateway acknowledged nothing at peak: see $WORK/peak-gateway.log and $WORK/gateway.log"
  mark_measured "$WORK/steady-gateway.log" &
  MARKER_PID=$!
  if [[ $STALL != 0 ]]; then
    stall_gateway "$WORK/steady-gateway.log" &
    STALL_PID=$!
  fi
  ingest steady-gateway "${gateway[@]}" -Dprofile=steady -Drate="$half" -Dduration="$DURATION"
  half_p99=$(stat measured 11)
  # Done by now unless Gatling stopped before the measured part: then there is no figure.
  kill "$MARKER_PID" 2>/dev/null || true
  wait "$MARKER_PID" 2>/dev/null || true
  ack_p99=n/a busy=n/a
  if [[ -s $WORK/steady.ticks ]]; then
    ack_p99=$(ack_p99_since "$(cat "$WORK/steady.ack")") busy=$(cpu_busy_since "$(cat "$WORK/steady.ticks")")
  fi
  steady_failed=$(stat "All Requests" 4)
  ok=$(stat "All Requests" 3)
  acknowledged=$((acknowledged + ok))

  to_bare=$(ratio "$gateway_rps" "$bare_rps") to_naive=$(ratio "$gateway_rps" "$naive_rps")
  rss=$(rss_peak_mb)
  summary_header "Orderlink ingest vs bare Vert.x and a naive durable server: peak = $CONCURRENCY senders for ${DURATION}s after ${WARMUP}s warm-up, real payloads"
  row "bare Vert.x peak (req/s)" "$bare_rps" "" "p99 $bare_p99 ms, load $bare_load"
  row "naive durable peak (req/s)" "$naive_rps" "" "p99 $naive_p99 ms, load $naive_load, failed $naive_failed"
  row "gateway peak (req/s)" "$gateway_rps" "" "p99 $gateway_p99 ms, load $gateway_load, failed $peak_failed"
  row "  bare Vert.x at peak" "" "" "$bare_cpu"
  row "  naive at peak" "" "" "$naive_cpu"
  row "  gateway at peak" "" "" "$gateway_cpu"
  judge "$to_bare >= 0.30"
  row "gateway / bare" "$to_bare" ">= 0.30" "$RESULT"
  judge "$to_naive >= 2"
  row "gateway / naive" "$to_naive" ">= 2" "$RESULT"
  judge "$half_p99 <= 50"
  stalled=''
  [[ $STALL == 0 ]] || stalled="; stopped ${STALL}s"
  row "gateway p99 at $half req/s (ms)" "$half_p99" "<= 50" "$RESULT (in the gateway: $ack_p99 ms; CPU $busy % busy$stalled)"
  judge "$steady_failed <= ($steady_failed + $ok) * 0.001"
  row "failed requests at $half req/s" "$steady_failed" "<= 0.1 %" "$RESULT"
  stored_row
  judge "$rss <= 512"
  row "gateway RSS peak (MB)" "$rss" "<= 512" "$RESULT"
fi

# --- burst: a fixed number of deliveries at full speed, then the backlog -------------------------
if [[ $MODE == burst ]]; then
  ingest burst-gateway -Dtarget=gateway -DbaseUrl="http://$HOST:$INGEST_PORT" \
    -Dprofile=count -Dcount="$BURST_COUNT" -Dconcurrency="$CONCURRENCY"
  acknowledged=$(stat "All Requests" 3)
  failed=$(stat "All Requests" 4)
  rate=$(stat "All Requests" 6)

  log "waiting for the pending backlog to drain (at most ${DRAIN_TIMEOUT}s, or ${DRAIN_STALL}s without progress)"
  drain_start=$SECONDS deadline=$((SECONDS + DRAIN_TIMEOUT))
  pending=$(rows "WHERE status = 'pending'")
  last=$pending stalled_since=$SECONDS
  while ((pending > 0 && SECONDS < deadline && SECONDS - stalled_since < DRAIN_STALL)); do
    sleep 2
    pending=$(rows "WHERE status = 'pending'")
    if ((pending != last)); then last=$pending stalled_since=$SECONDS; fi
  done
  if ((pending == 0)); then
    drain_note="empty $((SECONDS - drain_start))s after the burst"
  elif ((SECONDS - stalled_since >= DRAIN_STALL)); then
    drain_note="no progress for ${DRAIN_STALL}s"
  else
    drain_note="still draining after ${DRAIN_TIMEOUT}s"
  fi
  rss=$(rss_peak_mb)
  summary_header "Orderlink burst: $BURST_COUNT deliveries from $CONCURRENCY concurrent senders"
  judge "$acknowledged == $BURST_COUNT"
  row "acknowledged / sent" "$acknowledged / $BURST_COUNT" "all" "$RESULT"
  row "failed requests" "$failed" "" ""
  row "throughput (req/s)" "$rate" "" "whole run, cold start included"
  stored_row
  judge "$pending == 0"
  row "pending after the wait" "$pending" "0" "$RESULT ($drain_note)"
  judge "$rss < 512"
  row "gateway RSS peak (MB)" "$rss" "< 512" "$RESULT"
fi

exit "$FAILED"
