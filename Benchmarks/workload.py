"""The mixed staff workload, shared by mixed-workload.py and soak.py: the data (demo + `lamasat bench-data --requests
--staff`), one or two servers (two behind haproxy, on PostgreSQL), the signed-in staff of every branch and role, the
requests each kind sends (a Lua data file for workload.lua), and one timed run of all kinds at once."""
import json
import os
import random
import shutil
import subprocess
import threading
import time
import urllib.parse

import benchlib as b

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "workload.lua")
# Connections of each kind, per 64; wrk keeps each connection busy, so a slow kind sends fewer requests.
SHARES = {"search": 16, "file": 20, "contact": 10, "transition": 8, "inquiry": 10}
ROLES = {  # which of the branch's staff do each kind (their permissions allow it)
    "search": ["officer", "researcher", "service", "rep", "manager"],
    "file": ["officer", "researcher", "service", "rep", "manager"],
    "contact": ["officer", "researcher", "service", "rep", "manager"],
    "transition": ["officer", "manager"],
    "inquiry": ["officer", "researcher", "rep", "manager"],
}
SECRET = "benchmark-secret-shared-by-every-instance-0123456789"


def ensure_haproxy():
    if shutil.which("haproxy") is None:
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy", shell=True, check=True,
                       stdout=subprocess.DEVNULL)


def slice_size(pool, runs):
    """How many submitted requests each run moves around: a fresh slice per run, so no run meets a request that an
    earlier one left half-way. Long enough that a request's next step is sent long after its last was answered."""
    size = min(2000, pool // max(runs, 1))
    if size < 300:
        raise SystemExit(f"only {pool} submitted requests for {runs} runs: generate more (--requests)")
    return size


def connections_per_kind(total):
    raw = {k: v * total / 64 for k, v in SHARES.items()}
    out = {k: max(1, int(v)) for k, v in raw.items()}
    while sum(out.values()) < total:
        out[max(raw, key=lambda k: raw[k] - out[k])] += 1
    return out


class Deployment:
    """The data folder (and PostgreSQL cluster) plus the running servers and, for two, haproxy in front."""

    def __init__(self, binary, files, requests, postgres=False, instances=1, data=None):
        self.binary, self.postgres, self.instances = binary, postgres, instances
        self.fresh = data is None or not os.path.exists(os.path.join(data, "workload.json"))
        self.data = data or b.new_data_dir("workload")
        os.makedirs(self.data, exist_ok=True)
        self.env = b.base_env(self.data)
        self.env["LAMASAT_SECRET"] = SECRET
        self.cluster = None
        if postgres:
            if not self.fresh:
                raise SystemExit("--data reuse is for SQLite; a PostgreSQL run generates its data afresh")
            os.chmod(self.data, 0o755)  # the cluster inside runs as the postgres user
            self.cluster = os.path.join(self.data, "pg")
            url = subprocess.run([os.path.join(b.ROOT, "scripts/postgres-throwaway"), "start", self.cluster], check=True,
                                 capture_output=True, text=True).stdout.strip()
            self.env["DATABASE_URL"] = url
        if self.fresh:
            started = time.monotonic()
            b.run_cli(binary, ["demo", "--password-stdin"], self.env, stdin=b.PASSWORD)
            b.run_cli(binary, ["bench-data", "--count", str(files), "--requests", str(requests), "--staff",
                               "--queries", os.path.join(self.data, "queries.txt")], self.env, stdin=b.PASSWORD)
            with open(os.path.join(self.data, "workload.json"), "w") as f:
                json.dump({"files": files, "requests": requests, "seconds": time.monotonic() - started}, f)
        with open(os.path.join(self.data, "workload.json")) as f:
            self.sizes = json.load(f)
        self.servers, self.proxy = [], None

    def start(self):
        for n in range(self.instances):
            # The first instance also runs the job worker, as a deployment would; the second serves only.
            self.servers.append(b.Server(self.binary, self.env, extra={"LAMASAT_WORKER": "true" if n == 0 else "false"}))
        if self.instances == 1:
            self.base = self.servers[0].base
            return
        port = b.free_port()
        config = os.path.join(self.data, "haproxy.cfg")
        with open(config, "w") as f:
            f.write("global\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n"
                    "  option http-keep-alive\n"
                    f"frontend lamasat\n  bind 127.0.0.1:{port}\n  default_backend instances\n"
                    "backend instances\n  balance roundrobin\n"
                    + "".join(f"  server s{i} 127.0.0.1:{s.port} check\n" for i, s in enumerate(self.servers)))
        self.proxy = subprocess.Popen(["haproxy", "-f", config, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if b.requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except b.requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("haproxy did not answer")

    def stop(self, keep=False):
        if self.proxy:
            self.proxy.terminate()
            self.proxy.wait()
        for server in self.servers:
            server.stop()
        if self.cluster:
            subprocess.run([os.path.join(b.ROOT, "scripts/postgres-throwaway"), "stop", self.cluster], check=False)
        if not keep:
            shutil.rmtree(self.data, ignore_errors=True)

    def query(self, sql):
        if self.postgres:
            out = subprocess.run(["psql", self.env["DATABASE_URL"], "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True)
            return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]
        import sqlite3
        db = sqlite3.connect(os.path.join(self.data, "lamasat.sqlite"))
        try:
            return [tuple(str(v) for v in row) for row in db.execute(sql).fetchall()]
        finally:
            db.close()

    def workload_file(self, items_per_kind=3000, transitions=60000):
        """Signs in the staff of every branch and writes the requests of each kind as a Lua data file."""
        rng = random.Random(21)
        branches = self.query("SELECT id, code FROM branches ORDER BY code")
        # The managers' second-factor keys, kept with the data so a later run on it can sign them in again.
        keys = os.path.join(self.data, "totp-keys.json")
        secrets = json.load(open(keys)) if os.path.exists(keys) else {}
        users, index = [], {}
        try:
            for branch_id, code in branches:
                for role in ("officer", "researcher", "service", "rep", "manager"):
                    staff = b.Staff(self.base, f"bench.{role}.{code.lower()}", secrets=secrets)
                    users.append(staff)
                    index[(branch_id.upper(), role)] = len(users)
        finally:
            with open(keys, "w") as f:
                json.dump(secrets, f)

        def user(branch_id, kind, n):
            roles = ROLES[kind]
            return index[(branch_id.upper(), roles[n % len(roles)])]

        def encode(fields):
            return urllib.parse.urlencode(fields)

        sample = max(items_per_kind, 1)
        files = self.query(f"SELECT id, branch_id FROM beneficiaries ORDER BY random() LIMIT {sample}")
        queries = open(os.path.join(self.data, "queries.txt"), encoding="utf-8").read().splitlines()
        kinds = {"search": [], "file": [], "contact": [], "transition": [], "inquiry": []}
        for n, (file_id, branch_id) in enumerate(files):
            kinds["file"].append({"u": user(branch_id, "file", n), "p": f"/beneficiaries/{file_id}"})
            kinds["contact"].append({"u": user(branch_id, "contact", n), "p": f"/contacts?beneficiary={file_id}",
                                     "b": encode({"channel": "phone", "direction": "incoming", "subject": f"اتصال قياس {n}",
                                                  "outcome": "answered", "duration": str(3 + n % 20), "notes": ""})})
        for n in range(sample):
            query = queries[n % len(queries)]
            branch_id = branches[n % len(branches)][0]
            kinds["search"].append({"u": user(branch_id, "search", n), "p": "/beneficiaries/search", "b": encode({"q": query})})
        requests = self.query(f"SELECT id, branch_id FROM support_requests WHERE status = 'submitted' ORDER BY random() LIMIT {transitions}")
        for n, (request_id, branch_id) in enumerate(requests):
            kinds["transition"].append({"u": user(branch_id, "transition", n), "p": f"/requests/{request_id}"})
        inquiries = self.query(f"SELECT id, branch_id FROM inquiries WHERE status IN ('new', 'answered') ORDER BY random() LIMIT {sample}")
        for n, (inquiry_id, branch_id) in enumerate(inquiries):
            kinds["inquiry"].append({"u": user(branch_id, "inquiry", n), "p": f"/inquiries/{inquiry_id}/answer",
                                     "b": encode({"answer": f"جواب قياس {n}: تجدين التفاصيل في صفحة الخدمات."})})
        rng.shuffle(kinds["search"])

        def lua(value):
            if isinstance(value, str):
                return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
            if isinstance(value, int):
                return str(value)
            if isinstance(value, dict):
                return "{" + ",".join(f"{k}={lua(v)}" for k, v in value.items()) + "}"
            return "{" + ",\n".join(lua(v) for v in value) + "}"

        path = os.path.join(self.data, "workload-data.lua")
        # Lua allows 65,536 constants per function: each list is written in parts, each part a function of its own.
        with open(path, "w", encoding="utf-8") as f:
            f.write("local function join(parts) local all = {} for _, part in ipairs(parts) do for _, v in ipairs(part) do "
                    "all[#all + 1] = v end end return all end\n")
            f.write("return {\nusers=" + lua([{"c": s.cookie, "t": s.csrf} for s in users]) + ",\n")
            for kind, items in kinds.items():
                parts = [items[i:i + 5000] for i in range(0, len(items), 5000)] or [[]]
                f.write(f"{kind}=join({{" + ",\n".join("(function() return " + lua(part) + " end)()" for part in parts) + "}),\n")
            f.write("}\n")
        self.transition_pool = len(kinds["transition"])
        self.users = users
        return path

    def check(self, path):
        """One request of each kind (but transitions) before the clock starts, so a broken kind says so at once."""
        problems = []
        for kind in ("search", "file", "contact", "inquiry"):
            run = subprocess.run(b.wrk_command(self.base, 3, 1, script=LUA, args=(kind, path)), capture_output=True, text=True)
            results = parse(run.stdout)
            if not results:
                problems.append(f"{kind}: wrk gave no result: {run.stdout[-600:]} {run.stderr[-600:]}")
                continue
            result = results[0]
            bad = {s: c for s, c in result["statuses"].items() if not 200 <= int(s) < 400}
            if bad or result["signed_out"]:
                problems.append(f"{kind}: statuses {result['statuses']}, signed out {result['signed_out']}")
        return problems


def add_arguments(parser):
    """The options mixed-workload.py and soak.py share."""
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=None, help="default: 30 %% of files, at least 10,000")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--postgres", action="store_true",
                        help="PostgreSQL (scripts/postgres-throwaway, fsync=off), two instances behind haproxy unless --instances")
    parser.add_argument("--instances", type=int, default=None, help="default 1 on SQLite, 2 on PostgreSQL")
    parser.add_argument("--data", help="data folder to generate into (kept), or to reuse when it holds a generated workload (SQLite)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder afterwards")


def deploy(args):
    """Data, servers and signed-in staff as the options say; returns the deployment and its Lua data file. The caller
    stops the deployment (also when this raises)."""
    requests = args.requests if args.requests is not None else max(10_000, args.files * 3 // 10)
    instances = args.instances or (2 if args.postgres else 1)
    b.ensure_wrk()
    if instances > 1:
        ensure_haproxy()
    binary = b.binary()
    deployment = Deployment(binary, args.files, requests, postgres=args.postgres, instances=instances,
                            data=os.path.abspath(args.data) if args.data else None)
    deployment.note = b.machine_note()
    deployment.database = "PostgreSQL 15 (throwaway cluster, fsync=off)" if args.postgres else "SQLite (WAL, synchronous=FULL)"
    return deployment


def prepare(deployment):
    deployment.start()
    datafile = deployment.workload_file()
    problems = deployment.check(datafile)
    if problems:
        raise SystemExit("a kind of request fails before the run:\n  " + "\n  ".join(problems))
    return datafile


def parse(out):
    return [json.loads(line[5:]) for line in out.splitlines() if line.startswith("JSON ")]


def quantile(merged, q):
    """q-quantile (0–1) of latencies merged from several kinds, each a list of 1,000 quantiles weighted by its count."""
    total = sum(w for _, w in merged)
    if total == 0:
        return None
    goal, seen = q * total, 0.0
    for value, weight in merged:
        seen += weight
        if seen >= goal:
            return value
    return merged[-1][0]


def run(deployment, datafile, seconds, connections, offset=0, size=1000):
    """All kinds at once for `seconds`; the servers' RSS sampled each second. Returns the rows and totals."""
    shares = connections_per_kind(connections)
    processes = {}
    for kind, conns in shares.items():
        command = b.wrk_command(deployment.base + "/", seconds, conns, script=LUA, args=(kind, datafile, str(offset), str(size)))
        processes[kind] = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rss = {s.pid: 0.0 for s in deployment.servers}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for s in deployment.servers:
                rss[s.pid] = max(rss[s.pid], s.rss_mb())
            stop.wait(1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rows, merged = [], []
    for kind, process in processes.items():
        out, err = process.communicate()
        found = parse(out)
        if not found:
            raise RuntimeError(f"wrk for {kind} printed no result: {err.strip()[:500]}")
        r = found[0]
        errors = r["connect"] + r["read"] + r["write"] + r["timeout"] + r["status_errors"] + r["signed_out"]
        quantiles = [v / 1000 for v in r["quantiles_us"]]
        merged += [(v, r["requests"] / len(quantiles)) for v in quantiles]
        rows.append({"kind": kind, "connections": shares[kind], "requests": r["requests"], "rps": r["requests"] / (r["duration_us"] / 1e6),
                     "errors": errors, "statuses": r["statuses"], "p50": quantiles[499], "p90": quantiles[899], "p99": quantiles[989]})
    stop.set()
    sampler.join()
    merged.sort()
    total = {"kind": "all", "connections": connections, "requests": sum(r["requests"] for r in rows), "rps": sum(r["rps"] for r in rows),
             "errors": sum(r["errors"] for r in rows), "p50": quantile(merged, 0.50), "p90": quantile(merged, 0.90), "p99": quantile(merged, 0.99)}
    fds = {s.pid: s.open_fds() for s in deployment.servers}
    return rows, total, rss, fds
