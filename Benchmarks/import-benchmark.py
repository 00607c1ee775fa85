#!/usr/bin/env python3
"""Import benchmark (issue 19): `lamasat import` of 10,000 and 100,000 invented beneficiary files from XLSX into a fresh
SQLite database, dry run then import, with each run's wall time and peak memory (RSS). Peak memory that stays the same
from 10,000 to 100,000 rows shows the rows are streamed, not loaded whole. Prints a table; asserts nothing.

    python3 Benchmarks/import-benchmark.py            # this checkout's release build
    LAMASAT_BINARY=.build/debug/lamasat IMPORT_BENCH_SIZES=2000,20000 python3 Benchmarks/import-benchmark.py
"""
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

from openpyxl import Workbook

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

sys.path.insert(0, os.path.join(benchlib.ROOT, "Resources", "Samples"))
from make_import_sample import national_id  # noqa: E402


def workbook(path, rows):
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("الملفات")
    sheet.append(["رقم الهوية", "الاسم الرباعي", "تاريخ الميلاد", "الجوال", "المدينة"])
    for n in range(rows):
        sheet.append([national_id(10_000_000 + n), "سارة محمد عبد الله الحربي", f"{1380 + n % 40}/{1 + n % 12:02d}/{1 + n % 28:02d}",
                      "05" + str(n).zfill(8), "الرياض"])
    wb.save(path)


def peak_rss_mb(pid, stop, result):
    """Polls the process's resident memory; /proc's VmHWM is its high-water mark."""
    while not stop.is_set():
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        result[0] = max(result[0], int(line.split()[1]) / 1024)
        except OSError:
            pass
        time.sleep(0.05)


def timed(bin_path, args, env):
    started = time.monotonic()
    process = subprocess.Popen([bin_path] + args, env=env, cwd=benchlib.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop, peak = threading.Event(), [0.0]
    watcher = threading.Thread(target=peak_rss_mb, args=(process.pid, stop, peak))
    watcher.start()
    out, _ = process.communicate()
    stop.set()
    watcher.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out}")
    return time.monotonic() - started, peak[0], out.strip().splitlines()[-1] if out.strip() else ""


def main():
    bin_path = benchlib.binary()
    rows = []
    sizes = [int(n) for n in os.environ.get("IMPORT_BENCH_SIZES", "10000,100000").split(",")]
    for count in sizes:
        with tempfile.TemporaryDirectory() as data:
            env = benchlib.base_env(data)
            subprocess.run([bin_path, "user", "--username", "importer", "--name", "مديرة الاستيراد", "--role", "admin"], env=env,
                           input=benchlib.PASSWORD + "\n", text=True, check=True, capture_output=True, cwd=benchlib.ROOT)
            path = os.path.join(data, f"list-{count}.xlsx")
            made = time.monotonic()
            workbook(path, count)
            size = os.path.getsize(path) / 1_048_576
            print(f"{count} rows written in {time.monotonic() - made:.1f} s ({size:.1f} MB)", file=sys.stderr)
            dry = timed(bin_path, ["import", path, "--kind", "files", "--dry-run"], env)
            full = timed(bin_path, ["import", path, "--kind", "files"], env)
            rows.append((count, size, dry, full))
    print(f"\nImport benchmark — {benchlib.machine_note()}, SQLite, binary {os.path.relpath(bin_path, benchlib.ROOT)}\n")
    print("| rows | file | dry run | dry run peak RSS | dry run + import | import peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    for count, size, dry, full in rows:
        print(f"| {count:,} | {size:.1f} MB | {dry[0]:.1f} s | {dry[1]:.0f} MB | {full[0]:.1f} s | {full[1]:.0f} MB |")
    print()
    for count, _, dry, full in rows:
        print(f"{count:,}: {dry[2]} / {full[2]}")


if __name__ == "__main__":
    main()
