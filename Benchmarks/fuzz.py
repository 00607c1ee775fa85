"""The long form of the suite's fuzzing pass (Tests/Browser/test_fuzz.py): every GET and POST route of the debug
binary, more cases per route, several roles, on the demo data; prints a table of routes, requests, statuses seen and
the 5xx found (with the server's log around each).

    python3 Benchmarks/fuzz.py [cases per route, default 60] [seed, default random]

LAMASAT_BINARY chooses the binary (default .build/debug/lamasat)."""
import pathlib
import random
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests" / "Browser"))

from fuzz import EXCLUDED, LAST, SHALLOW, Fuzzer, demo_server  # noqa: E402


def main():
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else random.randrange(1_000_000)
    print(f"fuzz: {cases} cases per route, seed {seed}", flush=True)
    with demo_server() as server:
        started = time.monotonic()
        fuzzer = Fuzzer(server, seed, cases).run()
        elapsed = time.monotonic() - started
    print(fuzzer.table())
    print(f"\n{fuzzer.requests} requests in {elapsed:.0f} s ({fuzzer.phases}); fuzzed last: {len(LAST)}; excluded: {len(EXCLUDED)}")
    for status, role, route, where in fuzzer.baselines:
        if status not in (200, 303):
            print(f"a form as a person fills it: {status} as {role}: {route} {where}")
    for route in fuzzer.unreached():
        print(f"never reached its handler: {route}" + (f" ({SHALLOW[(route.method, route.pattern)]})" if (route.method, route.pattern) in SHALLOW else ""))
    for session in fuzzer.relogins:
        print(f"session renewed: {session}")
    for note in fuzzer.cut_short:
        print(f"cut short (the address is locked out of signing in by then): {note}")
    for finding in fuzzer.findings:
        print(f"\n5xx: {finding}")
    print(f"\n{len(fuzzer.findings)} 5xx (seed {seed}); data in {server['data_dir']}")
    return 1 if fuzzer.findings else 0


if __name__ == "__main__":
    sys.exit(main())
