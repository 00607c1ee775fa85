"""What the page benchmark, the mixed workload and the soak share: the binary, a server with its data folder, signing
in (two-step roles enrol on the way), wrk and its numbers, the server's memory and descriptors. Not a test."""
import base64
import hashlib
import hmac
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "benchmark password 2026"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk") is None:
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk", shell=True, check=True,
                       stdout=subprocess.DEVNULL)


def binary():
    """LAMASAT_BINARY when given (to compare a "before" and an "after" build), else this checkout's release build."""
    given = os.environ.get("LAMASAT_BINARY")
    if given:
        return os.path.abspath(given)
    subprocess.run(["flock", "/tmp/swift-build.lock", "swift", "build", "-c", "release", "--product", "lamasat"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True)
    return path.stdout.strip() + "/lamasat"


def build_running():
    """Whether a Swift compiler runs on this machine now: numbers taken meanwhile are not comparable."""
    names = subprocess.run(["ps", "-eo", "comm="], capture_output=True, text=True).stdout.split()
    return any(n in ("swift-build", "swift-frontend", "swiftc") for n in names)


def machine_note():
    note = f"{os.cpu_count()} cores"
    if build_running():
        note += "; **a Swift build was running on the machine when this started — numbers not comparable**"
    return note


def base_env(data):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LAMASAT_ENV")}
    env.update({"LAMASAT_DATA_DIR": data, "LAMASAT_WORKER": "false"})
    return env


def run_cli(bin_path, args, env, stdin=None):
    return subprocess.run([bin_path, *args], env=env, cwd=ROOT, input=stdin, check=True, capture_output=True, text=True)


class Server:
    """One Lamasat process in production mode on a free loopback port, its log in the data folder."""

    def __init__(self, bin_path, env, port=None, extra=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(env)
        self.env.update({"LAMASAT_PORT": str(self.port), "LAMASAT_ENV": "production", "LAMASAT_SECURE_COOKIES": "false"})
        self.env.update(extra or {})
        self.log = open(os.path.join(env["LAMASAT_DATA_DIR"], f"server-{self.port}.log"), "w")
        self.process = subprocess.Popen([bin_path], env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log.name}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become healthy in 120 s")

    def rss_mb(self):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
        return 0.0

    def open_fds(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except FileNotFoundError:
            return 0

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def totp(secret, counter):
    """RFC 6238, SHA-1, six digits (as Tests/Browser/conftest.py)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000).zfill(6)


class Staff:
    """A signed-in staff member: her cookie header and CSRF token, for wrk."""

    def __init__(self, base, username, password=PASSWORD, secrets=None):
        """`secrets` (username → TOTP key) remembers the keys of those who enrolled, for a later sign-in against the
        same data; the caller keeps it."""
        self.username = username
        self.session = requests.Session()
        token = CSRF.search(self.session.get(base + "/signin").text).group(1)
        answer = self.session.post(base + "/signin", data={"_csrf": token, "username": username, "password": password})
        if "/signin/verify" in answer.url:
            if secrets is None or username not in secrets:
                raise RuntimeError(f"{username} has a second factor whose key this run does not know")
            # The server takes each 30-second step once: the next step if the current one was used a moment ago.
            step = int(time.time()) // 30
            while secrets.get(username + ":last", 0) >= step:
                time.sleep(0.5)
                step = int(time.time()) // 30
            secrets[username + ":last"] = step
            answer = self.session.post(base + "/signin/verify", data={"_csrf": CSRF.search(answer.text).group(1),
                                                                      "code": totp(secrets[username], step)})
        if "/account/two-factor" in answer.url:
            # A two-step role enrols at her first sign-in: read the key off the page, answer with its current code.
            page = self.session.get(base + "/account/two-factor").text
            secret = re.search(r'id="totp-secret">([^<]+)<', page).group(1).strip()
            if secrets is not None:
                secrets[username] = secret
            token = CSRF.search(page).group(1)
            enrolled = self.session.post(base + "/account/two-factor/enable",
                                         data={"_csrf": token, "code": totp(secret, int(time.time()) // 30)})
            if enrolled.status_code != 200:
                raise RuntimeError(f"{username}: second factor enrolment answered {enrolled.status_code}")
        home = self.session.get(base + "/")
        if home.status_code != 200 or "/signin" in home.url:
            raise RuntimeError(f"{username}: sign-in failed ({home.status_code} {home.url})")
        self.csrf = CSRF.search(home.text).group(1)
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)


def milliseconds(text):
    number = float(re.match(r"[\d.]+", text).group(0))
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)):
        if text.endswith(unit):
            return number * factor
    return number


def parse_wrk(out):
    """Requests/s, latency percentiles (ms), non-2xx/3xx and socket errors from `wrk --latency` output."""
    result = {"rps": 0.0, "requests": 0, "non2xx": 0, "socket": 0, "p50": None, "p75": None, "p90": None, "p99": None}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result["non2xx"] = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["socket"] = sum(int(g) for g in m.groups())
    for p in ("50", "75", "90", "99"):
        if m := re.search(rf"^\s+{p}%\s+(\S+)", out, re.M):
            result["p" + p] = milliseconds(m.group(1))
    return result


def wrk_command(url, seconds, connections, script=None, headers=(), args=()):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    command.append(url)
    if args:
        command += ["--", *args]
    return command


def fmt_ms(value):
    if value is None:
        return "—"
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def new_data_dir(label):
    return tempfile.mkdtemp(prefix=f"lamasat-{label}-")
