#!/usr/bin/env bash
# APNs push throughput on 127.0.0.1: builds the Lab's simulator and the sender benchmark in Release into a temporary
# folder, starts one APNs simulator (TLS, HTTP/2, --quiet), and against it, in the same run and one after the other:
# (a) Ringwire's ApnsSender (bench/Ringwire.ApnsBench), (b) @parse/node-apn (bench/apns/node), (c) h2load as the
# ceiling, all sending the same VoIP push. Prints each figure and the ratios, then stops the simulator.
# Before each phase it waits (up to --idle-wait seconds) for a second in which the cores are under 10 % busy, and it
# reports the CPU that unrelated processes took during each phase ("others"), since all of it shares the same cores.
# usage: bench/apns.sh [--count N] [--concurrency C] [--warmup N] [--repeat R] [--h2load-clients N] [--h2load-streams M]
#                      [--idle-wait S]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

count=50000
concurrency=100
warmup=100000
repeat=1
idle_wait=600
# h2load's best figure on the standard machine (2 cores shared with the simulator), and 100 in flight like the
# others; see bench/RESULTS.md.
h2_clients=4
h2_streams=25
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --h2load-clients) h2_clients=$2; shift 2 ;;
    --h2load-streams) h2_streams=$2; shift 2 ;;
    --idle-wait) idle_wait=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "apns.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$count" "$concurrency" "$warmup" "$repeat" "$h2_clients" "$h2_streams" "$idle_wait"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "apns.sh: options take whole numbers, got '$n'" >&2; exit 2; }
done

bundle=com.example.ringwire
team=BENCHTEAM1
key_id=BENCHKEY01
token=5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed
work=$(mktemp -d)
artifacts="$work/artifacts"
sim=
cleanup() {
  if [ -n "$sim" ]; then kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build -c Release src/Ringwire.Lab --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly >/dev/null
dotnet build -c Release bench/Ringwire.ApnsBench --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly >/dev/null
if ! command -v h2load >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >/dev/null
fi
npm ci --prefix bench/apns/node --no-audit --no-fund --loglevel=error >/dev/null
bench=("dotnet" "$artifacts/bin/Ringwire.ApnsBench/release/Ringwire.ApnsBench.dll")

(cd "$work" && exec dotnet "$artifacts/bin/Ringwire.Lab/release/Ringwire.Lab.dll" apns-sim --quiet --accept-unknown-devices \
  --port 0 --team-id "$team" --key-id "$key_id" --key-out "$work" --bundle-id "$bundle" --ca-out "$work/ca.pem" >"$work/sim.log" 2>&1) &
sim=$!
for _ in $(seq 300); do grep -q 'Ctrl+C' "$work/sim.log" && break; kill -0 "$sim" 2>/dev/null || break; sleep 0.1; done
grep -q 'Ctrl+C' "$work/sim.log" || { echo "apns.sh: the simulator did not start:" >&2; cat "$work/sim.log" >&2; exit 1; }
port=$(grep -o 'listening on https://127.0.0.1:[0-9]*' "$work/sim.log" | grep -o '[0-9]*$')
key="$work/AuthKey_$key_id.p8"
"${bench[@]}" --print-body >"$work/body.json"

# CPU accounting of one phase (a whole client process): ticks of all cores, of the simulator, of the client.
ticks_all() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }
ticks_idle() { awk '/^cpu /{print $5+$6; exit}' /proc/stat; }
ticks_sim() { awk '{print $14+$15}' "/proc/$sim/stat"; }
hz=$(getconf CLK_TCK)
cores=$(nproc)
# Waits for a second in which all cores together were under 10 % busy, for at most $idle_wait seconds.
wait_idle() {
  local b0 i0 b1 i1
  for _ in $(seq "$idle_wait"); do
    b0=$(ticks_all); i0=$(ticks_idle); sleep 1; b1=$(ticks_all); i1=$(ticks_idle)
    [ $((100 * (b1 - b0))) -lt $((10 * (b1 - b0 + i1 - i0))) ] && return 0
  done
  [ "$idle_wait" = 0 ] || echo "     (the machine did not fall idle within $idle_wait s; measuring anyway)"
}
# Runs a client in a subshell whose `times` gives the client's CPU; prints "exit client_s sim_s others_pct busy_pct".
measure() {
  local out=$1; shift
  local b0 i0 s0 b1 i1 s1 rc
  b0=$(ticks_all); i0=$(ticks_idle); s0=$(ticks_sim)
  rc=0
  ( "$@" >"$out" 2>&1; r=$?; times >"$out.times"; exit $r ) || rc=$?
  b1=$(ticks_all); i1=$(ticks_idle); s1=$(ticks_sim)
  awk -v rc=$rc -v hz="$hz" -v busy=$((b1 - b0)) -v idle=$((i1 - i0)) -v simt=$((s1 - s0)) '
    NR == 2 { split($0, t, /[ ms]+/); client = t[2] + t[4] + 60 * (t[1] + t[3]) }
    END {
      others = busy / hz - simt / hz - client; if (others < 0) others = 0
      printf "%d %.2f %.2f %.0f %.0f\n", rc, client, simt / hz, 100 * others * hz / (busy + idle), 100 * busy / (busy + idle)
    }' "$out.times"
}
# Prints fields (a.b paths) of a JSON file, or of the last line of a file that ends with a JSON line.
json() {
  node -e 'const t = require("fs").readFileSync(process.argv[1], "utf8").trim(); let r; try { r = JSON.parse(t) } catch { r = JSON.parse(t.split("\n").pop()) }
    console.log(process.argv.slice(2).map(p => p.split(".").reduce((o, k) => o[k], r)).join(" "))' "$@"
}

results="$work/results.txt"
: >"$results"
row() { printf '%-4s %-10s %10s %8s %8s %7s %8s %13s %10s %6s %7s\n' "$@"; }
echo "APNs simulator on 127.0.0.1:$port; $count pushes of $(wc -c <"$work/body.json") bytes per client, $concurrency in flight (h2load: -c $h2_clients -m $h2_streams, $((h2_clients * h2_streams)) in flight)"
echo "simulator and clients share $cores cores; cpu_us/push: the client's CPU per measured push (h2load: its whole run);"
echo "client_cpu_s and sim_cpu_s: CPU of the whole client process (warm-up included) and of the simulator meanwhile;"
echo "busy%: all cores during that time; others%: CPU taken by unrelated processes then"
row run client pushes/s p50_ms p99_ms errors cpu_us/push client_cpu_s sim_cpu_s busy% others%
for run in $(seq "$repeat"); do
  wait_idle
  # (a) Ringwire's sender: warm-up and measured pushes in one process, one ApnsSender.
  read -r rc ccpu scpu others busy < <(measure "$work/ringwire.out" "${bench[@]}" --endpoint "https://127.0.0.1:$port" --ca "$work/ca.pem" \
    --key-file "$key" --key-id "$key_id" --team-id "$team" --bundle-id "$bundle" --token "$token" \
    --count "$count" --concurrency "$concurrency" --warmup "$warmup" --json "$work/ringwire.json")
  if [ ! -s "$work/ringwire.json" ]; then cat "$work/ringwire.out" >&2; exit 1; fi
  read -r rw p50 p99 errors cold us < <(json "$work/ringwire.json" pushesPerSecond latency.p50Ms latency.p99Ms errorTotal warmupPushesPerSecond clientCpuMicrosecondsPerPush)
  row "$run" ringwire "$rw" "$p50" "$p99" "$errors" "$us" "$ccpu" "$scpu" "$busy" "$others"
  [ "$warmup" = 0 ] || echo "     (ringwire's warm-up, a fresh process while the JIT works: $cold pushes/s)"
  [ "$errors" = 0 ] || sed -n '/errors/,/achieved/p' "$work/ringwire.out"

  wait_idle
  # (b) node-apn: one Provider, the same window.
  read -r rc ccpu scpu others busy < <(measure "$work/node.out" node bench/apns/node/bench.js --host 127.0.0.1 --port "$port" \
    --ca "$work/ca.pem" --key-file "$key" --key-id "$key_id" --team-id "$team" --bundle-id "$bundle" --token "$token" \
    --body "$work/body.json" --count "$count" --concurrency "$concurrency" --warmup "$warmup")
  if ! grep -q pushesPerSecond "$work/node.out"; then cat "$work/node.out" >&2; exit 1; fi
  read -r nd np50 np99 nerrors us < <(json "$work/node.out" pushesPerSecond latency.p50Ms latency.p99Ms errorTotal clientCpuMicrosecondsPerPush)
  row "$run" node-apn "$nd" "$np50" "$np99" "$nerrors" "$us" "$ccpu" "$scpu" "$busy" "$others"
  [ "$nerrors" = 0 ] || grep -o '"errors":{[^}]*}' "$work/node.out"

  wait_idle
  # (c) h2load: the same request (headers and body, a provider token the sender would send), no client logic.
  jwt=$("${bench[@]}" --print-jwt --key-file "$key" --key-id "$key_id" --team-id "$team")
  read -r rc ccpu scpu others busy < <(measure "$work/h2load.out" h2load -n "$count" -c "$h2_clients" -m "$h2_streams" \
    -d "$work/body.json" -H "authorization: bearer $jwt" -H "apns-topic: $bundle.voip" -H "apns-push-type: voip" \
    -H "apns-priority: 10" -H "apns-expiration: 0" -H "content-type: application/json" \
    "https://127.0.0.1:$port/3/device/$token")
  h2=$(awk '/^finished in/{gsub(",", "", $4); print $4}' "$work/h2load.out")
  ok=$(awk '/^status codes:/{print $3}' "$work/h2load.out")
  if [ -z "$h2" ] || [ -z "$ok" ]; then cat "$work/h2load.out" >&2; exit 1; fi
  us=$(awk -v c="$ccpu" -v n="$count" 'BEGIN { printf "%.1f", c * 1e6 / n }')
  row "$run" h2load "$h2" - - $((count - ok)) "$us" "$ccpu" "$scpu" "$busy" "$others"

  echo "$run $rw $nd $h2" >>"$results"
  awk -v rw="$rw" -v nd="$nd" -v h2="$h2" 'BEGIN { printf "     ratios: sender/node-apn %.2fx, sender/h2load %.0f%%\n", rw / nd, 100 * rw / h2 }'
done

if [ "$repeat" -gt 1 ]; then
  awk '
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { rw[NR] = $2; nd[NR] = $3; h2[NR] = $4; r1[NR] = $2 / $3; r2[NR] = $2 / $4 }
    END { printf "median of %d runs: ringwire %.0f, node-apn %.0f, h2load %.0f pushes/s; sender/node-apn %.2fx, sender/h2load %.0f%%\n",
      NR, median(rw, NR), median(nd, NR), median(h2, NR), median(r1, NR), 100 * median(r2, NR) }' "$results"
fi
