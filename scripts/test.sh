#!/usr/bin/env bash
# Runs every test of Ringwire. On a fresh machine this is the only set-up step besides the .NET SDK:
# it restores packages, builds once, runs each test project, and prints one closing line with the totals.
# Tests use only 127.0.0.1 and temporary folders, which they remove themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build Ringwire.slnx -c "$configuration" -warnaserror -nologo -clp:ErrorsOnly

# The Lab's interop tests send through a real APNs client, @parse/node-apn, pinned by its lock file.
npm ci --prefix tests/Ringwire.Lab.Tests/node-apn --no-audit --no-fund --loglevel=error

status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

# One closing line for the whole run, from the test results themselves.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] || status=1
exit $status
