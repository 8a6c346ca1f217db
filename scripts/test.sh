#!/usr/bin/env bash
# Runs every test of Ringwire. On a fresh machine this is the only set-up step besides the .NET SDK:
# it restores packages, builds once, installs the npm package the interop tests use and Debian's chromium (for the
# dashboard's browser tests) if missing, starts a throwaway PostgreSQL (installing Debian's package if needed), runs
# each test project, keeps the dashboard's screenshots in artifacts/, and prints one closing line with the totals.
# Tests use only 127.0.0.1 and temporary folders, which they (and this script) remove.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${CONFIGURATION:-Release}
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build Ringwire.slnx -c "$configuration" -warnaserror -nologo -clp:ErrorsOnly

# The Lab's interop tests send through a real APNs client, @parse/node-apn, pinned by its lock file.
npm ci --prefix tests/Ringwire.Lab.Tests/node-apn --no-audit --no-fund --loglevel=error

# The dashboard's browser tests drive Debian's chromium through Playwright, whose driver ships in its NuGet package.
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium not found: installing Debian's chromium package" >&2
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get update -q >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
# Screenshots of this run only.
find tests/Ringwire.Dashboard.Tests/bin -path '*/artifacts/*.png' -delete 2>/dev/null || true

# Store and server tests run on PostgreSQL too: a cluster of our own, gone when this script ends.
source scripts/throwaway-postgres.sh
trap 'stop_throwaway_postgres; rm -rf "$results"' EXIT

status=0
run() { # run <project> <results name> <storage engine>
  echo "== $2"
  RINGWIRE_TEST_STORAGE=$3 dotnet test "$1" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$2.trx" --results-directory "$results" || status=1
}
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  run "$project" "$name" sqlite
  # Every server test, written once, runs on both engines.
  if [ "$name" = Ringwire.Server.Tests ]; then
    run "$project" "$name.Postgres" postgres
  fi
done

# The dashboard tests' screenshots, kept in artifacts/ (gitignored).
mkdir -p artifacts
while IFS= read -r shot; do
  cp "$shot" artifacts/ && echo "screenshot: artifacts/$(basename "$shot")"
done < <(find tests/Ringwire.Dashboard.Tests/bin -path '*/artifacts/*.png' 2>/dev/null)

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
