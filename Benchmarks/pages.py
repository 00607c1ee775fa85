#!/usr/bin/env python3
"""Every page of the issue-21 table beside the ceiling, in one run: release build, LAMASAT_ENV=production, SQLite,
demo data (plus a few bench files, requests and inquiries so the lists and a request page have something), `wrk -t1
-c32` on loopback against each page in turn. The ceiling is `/_benchmark/ceiling` (one Fluent query, a bare Leaf
page; served only with LAMASAT_BENCHMARK_CEILING=1), measured first and last; "% of ceiling" uses their mean.
Prints a Markdown table; nothing is asserted.

    python3 Benchmarks/pages.py [seconds-per-page (8)] [connections (32)]
    LAMASAT_BINARY=/path/to/lamasat python3 Benchmarks/pages.py      # measure that binary (e.g. "before" and "after")
    LAMASAT_DATA_BINARY=/path/to/lamasat                             # a binary whose bench-data knows --requests, if
                                                                     # the measured one is older (default: the measured one)
    PAGES_FILES=2000 PAGES_REQUESTS=2000                             # bench data added to the demo data (0: none)
"""
import os
import sqlite3
import subprocess
import sys

import requests

import benchlib as b


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    b.ensure_wrk()
    binary = b.binary()
    data_binary = os.path.abspath(os.environ.get("LAMASAT_DATA_BINARY", binary))
    files, request_count = int(os.environ.get("PAGES_FILES", "2000")), int(os.environ.get("PAGES_REQUESTS", "2000"))
    data = b.new_data_dir("pages")
    env = b.base_env(data)
    b.run_cli(binary, ["demo", "--password-stdin"], env, stdin=b.PASSWORD)
    if files > 0:
        b.run_cli(data_binary, ["bench-data", "--count", str(files), "--requests", str(request_count)], env)
    db = sqlite3.connect(os.path.join(data, "lamasat.sqlite"))
    # In the manager's own branch, so her scope reaches them whatever it is.
    branch = "(SELECT branch_id FROM staff_users WHERE username = 'demo.manager')"
    file_id = db.execute(f"SELECT id FROM beneficiaries WHERE branch_id = {branch} ORDER BY file_sequence LIMIT 1").fetchone()[0]
    request_row = db.execute(f"SELECT id FROM support_requests WHERE branch_id = {branch} AND status = 'committeeReview' LIMIT 1").fetchone()
    db.close()

    note = b.machine_note()
    server = b.Server(binary, env, extra={"LAMASAT_BENCHMARK_CEILING": "1"})
    try:
        manager = b.Staff(server.base, "demo.manager")
        pages = [
            ("/_benchmark/ceiling", "ceiling: one query + bare Leaf", False),
            ("/healthz", "one SQL query, plain text", False),
            ("/signin", "anonymous Leaf page", False),
            ("/about", "anonymous public page", False),
            ("/", "manager's home (dashboard)", True),
            (f"/beneficiaries/{file_id}", "a file page (demo file, audited view)", True),
        ]
        if request_row:
            pages.append((f"/requests/{request_row[0]}", "a request page (in committee review)", True))
        pages += [
            ("/beneficiaries", "list of files", True),
            ("/requests", "list of requests", True),
            ("/inquiries", "list of inquiries", True),
            ("/work", "the manager's work queue", True),
            ("/satisfaction", "satisfaction results", True),
            ("/reports/relations", "relations report", True),
            ("/_benchmark/ceiling", "ceiling again (drift check)", False),
        ]
        results = []
        for path, what, signed_in in pages:
            headers = [f"Cookie: {manager.cookie}"] if signed_in else []
            check = requests.get(server.base + path, headers={"Cookie": manager.cookie} if signed_in else {}, allow_redirects=False)
            for _ in range(3):  # warm: templates compiled and cached, connections open
                requests.get(server.base + path, headers={"Cookie": manager.cookie} if signed_in else {}, allow_redirects=False)
            if check.status_code != 200:  # a redirect or an error is not the page: shown, not measured
                results.append((path, what, check.status_code, len(check.content), b.parse_wrk("")))
                continue
            out = subprocess.run(b.wrk_command(server.base + path, seconds, connections, headers=headers), capture_output=True, text=True).stdout
            results.append((path, what, check.status_code, len(check.content), b.parse_wrk(out)))
    finally:
        server.stop()

    ceilings = [r[4]["rps"] for r in results if r[0] == "/_benchmark/ceiling" and r[2] == 200]
    ceiling = sum(ceilings) / len(ceilings) if ceilings else None
    print(f"Release build, LAMASAT_ENV=production, SQLite (WAL), demo data" + (f" + {files:,} bench files, {request_count:,} requests" if files else "") + ", "
          f"`wrk -t1 -c{connections} -d{seconds}s` on loopback, signed in as demo.manager; {note}")
    print(f"Binary: {binary}")
    print()
    print("| page | what | status | bytes | req/s | p50 | p99 | % of ceiling | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path, what, status, size, r in results:
        shown = path if not path.startswith(("/beneficiaries/", "/requests/")) or path.count("/") < 2 else path.rsplit("/", 1)[0] + "/…"
        share = f"{100 * r['rps'] / ceiling:.0f} %" if ceiling and status == 200 else "—"
        p50, p99 = (b.fmt_ms(r["p50"]), b.fmt_ms(r["p99"])) if r["requests"] else (f"> {seconds} s", f"> {seconds} s")
        print(f"| `{shown}` | {what} | {status} | {size:,} | {r['rps']:,.0f} | {p50} | {p99} | {share} | "
              f"{r['non2xx'] + r['socket']} |")
    if ceiling is None:
        print("\nThe measured binary has no ceiling page (LAMASAT_BENCHMARK_CEILING): % of ceiling not available.")
    subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    main()
