#!/usr/bin/env bash
# Throughput and latency of the foundation's pages on a release build, SQLite file, demo data, measured with wrk
# from loopback. Prints a Markdown table; nothing is asserted (targets live here, not in the test suite).
#   Benchmarks/http-baseline.sh [seconds-per-route (default 5)] [connections (default 32)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
connections=${2:-32}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

swift build -c release --product lamasat >/dev/null
bin="$(swift build -c release --show-bin-path)/lamasat"
data=$(mktemp -d /tmp/lamasat-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
password="benchmark password 2026"
export LAMASAT_DATA_DIR="$data" LAMASAT_PORT="$port" LAMASAT_WORKER=false
printf '%s' "$password" | "$bin" demo --password-stdin >/dev/null
# Measured as deployed: production (template cache on); plain HTTP on loopback, so cookies without Secure.
export LAMASAT_ENV=production LAMASAT_SECURE_COOKIES=false
"$bin" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# Sign in as the demo administrator to measure signed-in pages.
jar="$data/cookies"
token=$(curl -s -c "$jar" "$base/signin" | sed -n 's/.*name="csrf-token" content="\([^"]*\)".*/\1/p')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$token" --data-urlencode "username=demo.admin" \
  --data-urlencode "password=$password" "$base/signin"
cookie=$(awk '$6=="lamasat_session"{print "lamasat_session="$7}' "$jar")

echo "Release build, LAMASAT_ENV=production, SQLite (WAL), wrk -t1 -c$connections -d${seconds}s on loopback, $(nproc) cores"
echo
echo "| route | what it does | requests/s | p50 | p99 |"
echo "|---|---|---|---|---|"
measure() {
  local path=$1 what=$2 header=${3:-}
  local out
  if [ -n "$header" ]; then out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "$header" "$base$path"); else out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$base$path"); fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  echo "| \`$path\` | $what | $rps | $p50 | $p99 |"
}
measure /healthz "one SQL query, plain text"
measure /signin "anonymous Leaf page (CSRF cookie issued)"
measure / "session lookup + counts + Leaf" "Cookie: $cookie"
measure /admin/users "session + paged user list with branches" "Cookie: $cookie"
measure /admin/audit "session + 50 audit rows, dual-calendar dates" "Cookie: $cookie"
