#!/usr/bin/env bash
# Builds the server and the CLI (whose `ringwire load` is the load tool) in Release, starts the server on a fresh SQLite file in a temporary folder
# (or, with STORAGE=postgres, on a throwaway PostgreSQL cluster) on 127.0.0.1, runs one load run against it, and
# stops both again. Pushes go to the server's built-in APNs simulator, as with `dotnet run`.
# With STORAGE=postgres NODES=N, starts N server processes on the one database (ports PORT…PORT+N-1) and spreads the
# load over them: calls round robin, and each callee's two devices on different nodes.
# usage: [SERVER_REV=rev] [STORAGE=postgres [NODES=N]] bench/load.sh [ringwire load options…]   e.g. bench/load.sh --rate 500 --seconds 10 --devices 300
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5077}
key=bench-api-key-$RANDOM$RANDOM
# Shared by every node: a token minted on one is checked on another.
signing_key=bench-signing-key-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
trap '[ -z "${SERVER_REV:-}" ] || git worktree remove --force "$work/rev" 2>/dev/null; rm -rf "$work"' EXIT
# ARTIFACTS reuses a build folder between runs (incremental builds); by default each run builds afresh.
artifacts=${ARTIFACTS:-$work/artifacts}
# SERVER_REV=<git revision> runs the server as it was at that revision (built from a temporary worktree), with this
# revision's load tool: two runs, one with and one without, compare the server side by side.
server_source=src/Ringwire.Server
if [ -n "${SERVER_REV:-}" ]; then
  git worktree add -q --detach "$work/rev" "$SERVER_REV"
  server_source=$work/rev/src/Ringwire.Server
fi
dotnet build -c Release "$server_source" --artifacts-path "$artifacts/server" -nologo -clp:ErrorsOnly >/dev/null
dotnet build -c Release src/Ringwire.Cli --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly >/dev/null

nodes=${NODES:-1}
storage=(Ringwire__Storage__Provider=sqlite)
if [ "$nodes" -gt 1 ] && [ "${STORAGE:-sqlite}" != postgres ]; then
  echo "NODES=$nodes needs STORAGE=postgres: SQLite serves one node" >&2; exit 2
fi
if [ "${STORAGE:-sqlite}" = postgres ]; then
  source scripts/throwaway-postgres.sh
  storage=(Ringwire__Storage__Provider=postgres Ringwire__Storage__ConnectionString="$RINGWIRE_TEST_POSTGRES")
fi

# The per-user call limit protects people from a leaked token; a load run is one user placing many calls.
servers=(); urls=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null; wait "$s" 2>/dev/null; done; [ "${STORAGE:-sqlite}" != postgres ] || stop_throwaway_postgres; [ -z "${SERVER_REV:-}" ] || git worktree remove --force "$work/rev"; rm -rf "$work"' EXIT
for n in $(seq 0 $((nodes - 1))); do
  mkdir -p "$work/node$n"
  (cd "$work/node$n" && export "${storage[@]}" && Logging__LogLevel__Default=Warning Ringwire__RateLimits__CallsPerMinutePerUser=0 Ringwire__ApiKeys__0="$key" Ringwire__TokenSigningKey="$signing_key" \
    exec dotnet "$artifacts/server/bin/Ringwire.Server/release/Ringwire.Server.dll" --urls "http://127.0.0.1:$((port + n))" >"$work/node$n/server.log" 2>&1) &
  servers+=($!)
  urls+=("http://127.0.0.1:$((port + n))")
done
for url in "${urls[@]}"; do
  for _ in $(seq 100); do curl -s -o /dev/null "$url/v1/calls" && break; sleep 0.1; done
done

dotnet "$artifacts/bin/Ringwire.Cli/release/Ringwire.Cli.dll" load --url "$(IFS=,; echo "${urls[*]}")" --api-key "$key" "$@"
