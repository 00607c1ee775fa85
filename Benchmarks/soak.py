#!/usr/bin/env python3
"""Soak: the mixed staff workload (Benchmarks/mixed-workload.py) for N minutes without a restart, one line a minute:
req/s, errors, p99, the largest RSS of each server in that minute and its open file descriptors (/proc/PID/fd) at the
minute's end. Memory and descriptors should stay flat. Nothing is asserted; the last line compares first and last.

    python3 Benchmarks/soak.py [--minutes 30] [--files 20000] [--requests N] [--connections 64] [--postgres] [--data DIR]
    python3 Benchmarks/soak.py --minutes 2                              # a quick check that it runs
"""
import argparse

import benchlib as b
import workload as w


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    w.add_arguments(parser)
    parser.add_argument("--minutes", type=int, default=30)
    args = parser.parse_args()
    deployment = w.deploy(args)
    try:
        datafile = w.prepare(deployment)
        size = w.slice_size(deployment.transition_pool, args.minutes)
        print(f"Soak: mixed staff workload, {args.minutes} min, {args.connections} connections, {deployment.sizes['files']:,} bench files, "
              f"{deployment.sizes['requests']:,} requests, {deployment.database}, {deployment.instances} instance(s), release build, "
              f"production; {deployment.note}. Binary: {deployment.binary}")
        print()
        print("| minute | req/s | errors | p99 | RSS max (MB) | open fds | build running |")
        print("|---|---|---|---|---|---|---|")
        lines = []
        for minute in range(args.minutes):
            rows, total, rss, fds = w.run(deployment, datafile, 60, args.connections, offset=minute * size, size=size)
            memory = " / ".join(f"{rss[s.pid]:.0f}" for s in deployment.servers)
            descriptors = " / ".join(str(fds[s.pid]) for s in deployment.servers)
            lines.append((total, rss, fds))
            by_kind = ", ".join(f"{r['kind']} {r['errors']:,}" for r in rows if r["errors"])
            print(f"| {minute + 1} | {total['rps']:,.0f} | {total['errors']:,}{f' ({by_kind})' if by_kind else ''} | {b.fmt_ms(total['p99'])} | {memory} | {descriptors} | "
                  f"{'yes' if b.build_running() else 'no'} |", flush=True)
        first, last = lines[0], lines[-1]
        print()
        print(f"First → last minute: RSS {' / '.join(f'{first[1][s.pid]:.0f} → {last[1][s.pid]:.0f} MB' for s in deployment.servers)}, "
              f"open fds {' / '.join(f'{first[2][s.pid]} → {last[2][s.pid]}' for s in deployment.servers)}, "
              f"errors in all {sum(t['errors'] for t, _, _ in lines):,}")
    finally:
        deployment.stop(keep=args.keep or bool(args.data))


if __name__ == "__main__":
    main()
