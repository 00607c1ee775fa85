#!/usr/bin/env python3
"""Reports and dashboards at scale (issue 15): how long a manager waits for a year's reports and her home page.
Release build, LAMASAT_ENV=production, demo data plus `lamasat bench-data --count FILES --requests REQUESTS --staff`
(the mixed workload's data: reuse it with --data). Each page is asked REPEAT times one after the other, after two
warm-up requests, by the demo manager (head office; her scope as her role gives it) and by one branch's manager;
prints p50 / p95 / max per page and who asked. Target (issue 15): the year's requests report and the manager's
dashboard p95 ≤ 300 ms at 1,000,000 files and 300,000 requests, on SQLite; PostgreSQL measured on the same data.

    python3 Benchmarks/reports-benchmark.py --files 1000000 --requests 300000 --data /var/tmp/lamasat-1m [--repeat 30]
    python3 Benchmarks/reports-benchmark.py --postgres --files 1000000 --requests 300000
"""
import argparse
import datetime
import json
import os
import time

import benchlib as b
import workload as w


def measure(session, url, repeat):
    for _ in range(2):
        warm = session.get(url, allow_redirects=False)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = session.get(url, allow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            return warm.status_code if warm.status_code != 200 else answer.status_code, None
    times.sort()
    return 200, (times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))], times[-1], len(answer.content))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    w.add_arguments(parser)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    args.instances = 1
    deployment = w.deploy(args)
    year = datetime.date.today().year
    pages = [
        ("/", "home (dashboard)"),
        (f"/reports/requests?period={year}", f"requests report, year {year}"),
        (f"/reports/services?period={year}", f"services and money, year {year}"),
        (f"/reports/people?period={year}", f"people served, year {year}"),
        (f"/reports/requests?period={year}-Q{(datetime.date.today().month - 1) // 3 + 1}", "requests report, this quarter"),
        ("/reports/relations", "relations report (30 days)"),
    ]
    rows = []
    try:
        deployment.start()
        keys = os.path.join(deployment.data, "totp-keys.json")
        secrets = json.load(open(keys)) if os.path.exists(keys) else {}
        code = deployment.query("SELECT code FROM branches ORDER BY code")[0][0]
        try:
            people = [b.Staff(deployment.base, "demo.manager", secrets=secrets),
                      b.Staff(deployment.base, f"bench.manager.{code.lower()}", secrets=secrets)]
        finally:
            with open(keys, "w") as f:
                json.dump(secrets, f)
        for path, what in pages:
            for person in people:
                status, result = measure(person.session, deployment.base + path, args.repeat)
                rows.append((path, what, person.username, status, result))
    finally:
        deployment.stop(keep=args.keep or bool(args.data))
    sizes = deployment.sizes
    print(f"Reports and dashboards: {sizes['files']:,} bench files (+ demo), {sizes['requests']:,} requests, {deployment.database}, "
          f"release build, LAMASAT_ENV=production, each page {args.repeat}× in a row after 2 warm-ups; {deployment.note}. "
          f"Binary: {deployment.binary}")
    print()
    print("| page | what | who | status | bytes | p50 | p95 | max |")
    print("|---|---|---|---|---|---|---|---|")
    for path, what, who, status, result in rows:
        if result is None:
            print(f"| `{path}` | {what} | {who} | {status} | — | — | — | — |")
            continue
        p50, p95, top, size = result
        print(f"| `{path}` | {what} | {who} | {status} | {size:,} | {p50:.0f} ms | {p95:.0f} ms | {top:.0f} ms |")


if __name__ == "__main__":
    main()
