#!/usr/bin/env python3
"""A day's mixed staff load, measured: signed-in staff of every branch (officer, researcher, service officer, branch
representative, manager — the manager with her second factor) search files by name, ID and mobile, open files (each
view audited), log contacts, move requests around submitted → verification → returned → submitted, and answer
inquiries, all at once over `wrk` (one wrk per kind, 64 connections in all, Benchmarks/workload.lua). Release build,
LAMASAT_ENV=production, demo data plus `lamasat bench-data --count FILES --requests REQUESTS --staff`. Prints req/s,
errors (non-2xx/3xx, socket errors, lost sessions) and p50/p90/p99 per kind and overall, and each server's largest
RSS sampled every second. Targets (issue 21): ≥ 1,000 req/s, 0 errors, p99 ≤ 250 ms, RSS ≤ 300 MB per instance.

    python3 Benchmarks/mixed-workload.py [--files 20000] [--requests N] [--seconds 60] [--connections 64]
    python3 Benchmarks/mixed-workload.py --files 1000000 --requests 300000 --data /var/tmp/lamasat-1m --keep   # full
        scale; --data DIR --keep keeps the generated SQLite folder, and a later run with the same --data reuses it
    python3 Benchmarks/mixed-workload.py --postgres [--instances 2]   # PostgreSQL (scripts/postgres-throwaway, which
        runs with fsync=off) and two instances behind haproxy, round robin, the database shared
    LAMASAT_BINARY=/path/to/lamasat ...                                # measure that binary
"""
import argparse

import benchlib as b
import workload as w


def report(title, rows, total, rss, fds, deployment):
    print(title)
    print()
    print("| kind | connections | requests | req/s | errors | p50 | p90 | p99 | statuses |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows + [total]:
        statuses = ", ".join(f"{k}: {v:,}" for k, v in sorted(r.get("statuses", {}).items()))
        name = f"**{r['kind']}**" if r["kind"] == "all" else r["kind"]
        print(f"| {name} | {r['connections']} | {r['requests']:,} | {r['rps']:,.0f} | {r['errors']:,} | {b.fmt_ms(r['p50'])} | "
              f"{b.fmt_ms(r['p90'])} | {b.fmt_ms(r['p99'])} | {statuses} |")
    print()
    memory = ", ".join(f"{rss[s.pid]:.0f} MB" for s in deployment.servers)
    descriptors = ", ".join(str(fds[s.pid]) for s in deployment.servers)
    print(f"Largest RSS per instance (sampled each second): {memory}; open file descriptors at the end: {descriptors}")
    met = [
        ("≥ 1,000 req/s", total["rps"] >= 1000), ("0 errors", total["errors"] == 0),
        ("p99 ≤ 250 ms", total["p99"] is not None and total["p99"] <= 250), ("RSS ≤ 300 MB", max(rss.values()) <= 300),
    ]
    print("Targets: " + "; ".join(f"{name} {'met' if ok else '**missed**'}" for name, ok in met))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    w.add_arguments(parser)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    deployment = w.deploy(args)
    try:
        datafile = w.prepare(deployment)
        rows, total, rss, fds = w.run(deployment, datafile, args.seconds, args.connections, size=w.slice_size(deployment.transition_pool, 1))
    finally:
        deployment.stop(keep=args.keep or bool(args.data))
    sizes, instances = deployment.sizes, deployment.instances
    title = (f"Mixed staff workload: {sizes['files']:,} bench files (+ demo), {sizes['requests']:,} requests, {deployment.database}, "
             f"{instances} instance{'s behind haproxy (round robin)' if instances > 1 else ''}, {args.connections} connections, "
             f"{args.seconds} s, release build, LAMASAT_ENV=production, {len(deployment.users)} signed-in staff; {deployment.note}. "
             f"Binary: {deployment.binary}")
    report(title, rows, total, rss, fds, deployment)


if __name__ == "__main__":
    main()
