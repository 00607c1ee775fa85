#!/usr/bin/env python3
"""Search and file-page latency at 100,000 and 1,000,000 beneficiary files (release build, SQLite).

For each size it fills a fresh database through SQL (`lamasat bench-data`), times 240 varied searches — name
fragments in other spellings of hamza and taa marbuta, full IDs in Western and Arabic-Indic digits, mobiles in four
forms — in-process and as their raw SQL alone (`lamasat bench-search`), then over HTTP with a signed-in session, and
times 200 file pages. It prints a table; nothing is asserted. Not part of the test command.

    python3 Benchmarks/search-benchmark.py [N ...]      (default: 100000 1000000)
    LAMASAT_BINARY=.build/release/lamasat python3 Benchmarks/search-benchmark.py 1000000    (no build)
"""
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "benchmark password 2026"


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(args, env):
    return subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True, text=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(count, binary):
    data = tempfile.mkdtemp(prefix=f"lamasat-bench-{count}-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"LAMASAT_DATA_DIR": data, "LAMASAT_WORKER": "false"})
    queries = os.path.join(data, "queries.txt")
    started = time.monotonic()
    run([binary, "bench-data", "--count", str(count), "--queries", queries], env)
    generated = time.monotonic() - started
    size_mb = os.path.getsize(os.path.join(data, "lamasat.sqlite")) / 1e6
    subprocess.run([binary, "user", "--username", "bench.officer", "--name", "موظفة القياس", "--role", "relationsOfficer",
                    "--scope", "allBranches"], input=PASSWORD, env=env, cwd=ROOT, check=True, capture_output=True, text=True)

    lines = run([binary, "bench-search", "--queries", queries, "--repeat", "3"], env).stdout.splitlines()
    results = [json.loads(line) for line in lines if line.startswith("{")]
    searches = [r for r in results if "kind" in r]
    files = [r["file"] for r in results if "file" in r]

    port = free_port()
    env.update({"LAMASAT_PORT": str(port), "LAMASAT_ENV": "production", "LAMASAT_SECURE_COOKIES": "false"})
    server = subprocess.Popen([binary], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        session = requests.Session()
        token = re.search(r'name="csrf-token" content="([^"]+)"', session.get(base + "/signin").text).group(1)
        session.post(base + "/signin", data={"_csrf": token, "username": "bench.officer", "password": PASSWORD})
        token = re.search(r'name="csrf-token" content="([^"]+)"', session.get(base + "/beneficiaries").text).group(1)
        http = {}
        for query, result in zip(open(queries, encoding="utf-8").read().splitlines(), searches):
            for _ in range(2):
                t0 = time.perf_counter()
                response = session.post(base + "/beneficiaries/search", data={"_csrf": token, "q": query})
                http.setdefault(result["kind"], []).append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
        pages = []
        for file_id in files:
            t0 = time.perf_counter()
            response = session.get(f"{base}/beneficiaries/{file_id}")
            pages.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)  # a million files take over a gigabyte

    rows = []
    for kind in ("name", "id", "mobile"):
        chosen = [r for r in searches if r["kind"] == kind]
        inproc = [v for r in chosen for v in r["inProcess"]]
        raw = [v for r in chosen for v in r["raw"]]
        rows.append((kind, len(chosen), percentile(inproc, 50), percentile(inproc, 95), percentile(raw, 50), percentile(raw, 95),
                     percentile(http[kind], 50), percentile(http[kind], 95)))
    everything_in = [v for r in searches for v in r["inProcess"]]
    everything_raw = [v for r in searches for v in r["raw"]]
    everything_http = [v for values in http.values() for v in values]
    rows.append(("all", len(searches), percentile(everything_in, 50), percentile(everything_in, 95), percentile(everything_raw, 50),
                 percentile(everything_raw, 95), percentile(everything_http, 50), percentile(everything_http, 95)))
    return {"count": count, "generated": generated, "size_mb": size_mb, "rows": rows,
            "page": (percentile(pages, 50), percentile(pages, 95), len(pages))}


def main():
    counts = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    # LAMASAT_BINARY: a release binary already built. Otherwise build one, holding the machine's one-build-at-a-time lock.
    binary = os.environ.get("LAMASAT_BINARY")
    if not binary:
        subprocess.run(["flock", "/tmp/swift-build.lock", "swift", "build", "-c", "release", "--product", "lamasat"], cwd=ROOT,
                       check=True, capture_output=True)
        binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.strip() + "/lamasat"
    print(f"Release build, SQLite (WAL), {os.cpu_count()} cores. Latencies in ms; searches 3× in-process and as raw SQL, 2× over HTTP.")
    for count in counts:
        result = measure(count, binary)
        print()
        print(f"### {count:,} files — generated in {result['generated']:.0f} s, database {result['size_mb']:.0f} MB")
        print()
        print("| queries | n | in-process p50 | in-process p95 | raw SQL p50 | raw SQL p95 | HTTP p50 | HTTP p95 | p95 in-process ÷ raw |")
        print("|---|---|---|---|---|---|---|---|---|")
        for kind, n, ip50, ip95, r50, r95, h50, h95 in result["rows"]:
            print(f"| {kind} | {n} | {ip50:.1f} | {ip95:.1f} | {r50:.1f} | {r95:.1f} | {h50:.1f} | {h95:.1f} | {ip95 / max(r95, 0.01):.1f}× |")
        p50, p95, n = result["page"]
        print(f"\nFile page over HTTP ({n} files): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
