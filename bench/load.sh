#!/usr/bin/env bash
# Builds the server and the load tool in Release, starts the server on a fresh SQLite file in a temporary folder
# (or, with STORAGE=postgres, on a throwaway PostgreSQL cluster) on 127.0.0.1, runs one load run against it, and
# stops both again. Pushes go to the server's built-in APNs simulator, as with `dotnet run`.
# usage: [STORAGE=postgres] bench/load.sh [load tool options…]   e.g. bench/load.sh --rate 500 --seconds 10 --devices 300
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5077}
key=bench-api-key-$RANDOM$RANDOM
work=$(mktemp -d)
artifacts="$work/artifacts"
dotnet build -c Release src/Ringwire.Server --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly >/dev/null
dotnet build -c Release bench/Ringwire.Load --artifacts-path "$artifacts" -nologo -clp:ErrorsOnly >/dev/null

storage=(Ringwire__Storage__Provider=sqlite)
if [ "${STORAGE:-sqlite}" = postgres ]; then
  source scripts/throwaway-postgres.sh
  storage=(Ringwire__Storage__Provider=postgres Ringwire__Storage__ConnectionString="$RINGWIRE_TEST_POSTGRES")
fi

# The per-user call limit protects people from a leaked token; a load run is one user placing many calls.
(cd "$work" && export "${storage[@]}" && Logging__LogLevel__Default=Warning Ringwire__RateLimits__CallsPerMinutePerUser=0 Ringwire__ApiKeys__0="$key" \
  exec dotnet "$artifacts/bin/Ringwire.Server/release/Ringwire.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ "${STORAGE:-sqlite}" != postgres ] || stop_throwaway_postgres; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/v1/calls" && break; sleep 0.1; done

dotnet "$artifacts/bin/Ringwire.Load/release/Ringwire.Load.dll" --url "http://127.0.0.1:$port" --api-key "$key" "$@"
