#!/usr/bin/env python3
"""Nothing lost under faults (issue 21), the long run: W concurrent writers (contacts, requests created and
submitted, document uploads) against the real binary, killed with SIGKILL at K random moments and started again;
then every acknowledged write is looked for, records missing their other half are counted, the audit chain is
verified and the SMS gateway's receipts are counted by idempotency key. Then a backup taken while writing, restored
into a new folder (SQLite). On SQLite and on PostgreSQL (a throwaway cluster unless --postgres URL is given).

    python3 Benchmarks/faults-benchmark.py [--kills 20] [--writers 200] [--postgres URL] [--sqlite-only]

The binary is LAMASAT_BINARY, else .build/release/lamasat when built, else .build/debug/lamasat."""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "Browser"))
if "LAMASAT_BINARY" not in os.environ and (ROOT / ".build" / "release" / "lamasat").exists():
    os.environ["LAMASAT_BINARY"] = str(ROOT / ".build" / "release" / "lamasat")
import fault_load as F  # noqa: E402


def kills(database, url, writers, count):
    run = F.Run(tempfile.mkdtemp(prefix="lamasat-faults-"), url, staff=8, files=40)
    started = time.monotonic()
    try:
        result = F.kill_run(run, writers, count)
    finally:
        run.close()
    repeated = result["repeated"]
    refused = sum(n for code, n in result["statuses"].items() if code >= 400)
    return [database, count, writers, result["sent"], result["acknowledged"], refused, result["unanswered"], result["found"], len(result["lost"]),
            len(result["half"]), "yes" if result["audit"] else "NO", f"{sum(n - 1 for n in repeated.values())} ({len(repeated)} keys)",
            len(result["shared"]), len(result["unsent"]), f"{time.monotonic() - started:.0f} s"]


def backup(writers):
    run = F.Run(tempfile.mkdtemp(prefix="lamasat-backup-"), staff=8, files=40)
    target = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-restored-"))
    try:
        load = run.load(writers)
        try:
            load.wait_for_acknowledgements(200)
            began = time.monotonic()
            copy = run.data_dir / "backups" / "during-load.sqlite"
            took = time.monotonic()
            F.cli(["backup", "--output", str(copy)], run.env)
            took = time.monotonic() - took
            load.wait_for_acknowledgements(200)
        finally:
            load.stop()
    finally:
        run.close()
    F.cli(["restore", str(copy)], F.environment(target))
    shutil.copy(run.data_dir / "server-secret", target / "server-secret")
    server = F.Server(F.environment(target), F.free_port(), target / "server.log")
    server.start()
    server.stop()
    result = F.check(F.Database(target), load, acknowledged_before=began)
    return [writers, f"{took:.1f} s", result["acknowledged"], result["found"], len(result["lost"]), len(result["half"]),
            "yes" if F.audit_verifies(F.environment(target)) else "NO", len(load.acknowledged)]


def table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose server may hold a new database lamasat_faults")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(f"binary: {F.binary()}\n")
    rows = [kills("SQLite", None, args.writers, args.kills)]
    cluster = None
    if not args.sqlite_only:
        base = args.postgres
        if not base:
            cluster = tempfile.mkdtemp(prefix="lamasat-faults-pg-")
            base = subprocess.run([str(ROOT / "scripts" / "postgres-throwaway"), "start", cluster], capture_output=True,
                                  check=True).stdout.decode().strip()
        try:
            rows.append(kills("PostgreSQL", F.fresh_postgres(base, "lamasat_faults"), args.writers, args.kills))
        finally:
            if cluster:
                subprocess.run([str(ROOT / "scripts" / "postgres-throwaway"), "stop", cluster])
    table(["database", "kills", "writers", "writes sent", "acknowledged", "answered 4xx/5xx", "no answer (killed)", "found", "lost",
           "half-written", "audit chain ok",
           "sent again, same key", "outbox keys shared", "SMS never sent", "time"], rows)
    table(["writers", "backup took", "acknowledged before the backup", "found in the restored copy", "lost", "half-written",
           "audit chain ok", "acknowledged in all"], [backup(args.writers)])


if __name__ == "__main__":
    main()
