#!/usr/bin/env bash
# Ghost-ring benchmark (issue 4): runs the seed scenarios S1, S4 and S8 many times each in one lab world (the real
# server in process, real HTTP/2 pushes to the APNs simulator, virtual iPhones running Ringwire.Client), drawing each
# callee phone's one-way network latency and the caller's pause before cancelling from 0 to --max-delay-ms, and prints
# how long phones showed a call that was already over: the ghost ring (S1: over before its push arrived) and the ring
# after the end (S4, S8: ended while ringing), p50/p99/max. Any ringing past ringUntil fails a run.
# usage: bench/ghost.sh [--runs N] [--max-delay-ms M] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1000
max_delay=50
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --max-delay-ms) max_delay=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
dotnet build src/Ringwire.Cli -c Release -nologo -clp:ErrorsOnly --artifacts-path "$build"
echo "machine: $(nproc) cores, $(date -u +%F)"
echo "command: bench/ghost.sh --runs $runs --max-delay-ms $max_delay --seed $seed"
dotnet "$build/bin/Ringwire.Cli/release/Ringwire.Cli.dll" lab S1 S4 S8 \
  --repeat "$runs" --random-delay-ms "$max_delay" --seed "$seed"
