"""Starts a real Lamasat server (the debug binary) on a fresh SQLite folder and a free loopback port."""
import base64
import hashlib
import hmac
import os
import pathlib
import struct
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("LAMASAT_BINARY", ROOT / ".build" / "debug" / "lamasat"))
ARTIFACTS = pathlib.Path(os.environ.get("ARTIFACTS", ROOT / "artifacts")) / "screenshots"
ADMIN = {"username": "admin.test", "password": "كلمة مرور المديرة الطويلة"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(args, data_dir, stdin="", extra_env=None, check=True):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"LAMASAT_DATA_DIR": str(data_dir)})
    env.update(extra_env or {})
    result = subprocess.run([str(BINARY), *args], input=stdin.encode(), capture_output=True, env=env, cwd=ROOT, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"lamasat {' '.join(args)} failed: {result.stderr.decode()} {result.stdout.decode()}")
    return result


def wait_for_line(process: subprocess.Popen, needle: str, timeout: float = 60.0):
    """The first line of the process's output that holds `needle`, or None after `timeout` seconds — never blocking
    past the deadline: the lines are read by a thread and waited for with a timeout."""
    import queue
    import threading
    lines: "queue.Queue[str]" = queue.Queue()

    def pump():
        for raw in iter(process.stdout.readline, b""):
            lines.put(raw.decode(errors="replace"))

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            return None
        if needle in line:
            return line.strip()
    return None


def wait_healthy(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited early")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            # Not listening yet: poll again after a short pause.
            time.sleep(0.2)
    raise RuntimeError("server did not become healthy in 60 s")


@pytest.fixture(scope="session")
def server():
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-browser-"))
    run_cli(["user", "--username", ADMIN["username"], "--name", "هيفاء سليمان العتيبي", "--role", "admin"], data_dir, stdin=ADMIN["password"])
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # No quiet hours: what the worker sends must not depend on the hour the suite runs.
    env.update({"LAMASAT_DATA_DIR": str(data_dir), "LAMASAT_PORT": str(port), "LAMASAT_HOST": "127.0.0.1", "LAMASAT_QUIET_HOURS": "0-0", "LAMASAT_ENV": "development"})
    log = open(data_dir / "server.log", "wb")
    process = subprocess.Popen([str(BINARY)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield {"base": base, "data_dir": data_dir}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        yield instance
        instance.close()


def screenshot(page, name: str) -> pathlib.Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Each person's authenticator: her TOTP secret (read off the enrolment page) and the last time step used, per server.
AUTHENTICATORS = {}


def totp(secret: str, counter: int) -> str:
    """RFC 6238 with SHA-1, six digits: what an authenticator app shows for one 30-second step."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return str((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000).zfill(6)


def next_code(base: str, username: str) -> str:
    """The code of the current step, or of the next one when the current was used already (the server takes ±1 step
    and never the same step twice). A third sign-in within one step waits for the next step, as a person would: a
    step the server does not take yet is no code at all."""
    entry = AUTHENTICATORS[(base, username)]
    now = time.time()
    if entry["last"] + 1 > int(now) // 30 + 1:
        time.sleep((int(now) // 30 + 1) * 30 - now + 0.05)
    counter = max(int(time.time()) // 30, entry["last"] + 1)
    entry["last"] = counter
    return totp(entry["secret"], counter)


def enrol_second_factor(page, base: str, username: str) -> list:
    """On /account/two-factor: reads the key shown under the QR code, confirms with a code; returns the recovery codes."""
    secret = page.locator("#totp-secret").inner_text().strip()
    AUTHENTICATORS[(base, username)] = {"secret": secret, "last": 0}
    page.locator("#code").fill(next_code(base, username))
    page.get_by_role("button", name="تفعيل").click()
    page.wait_for_load_state()
    return [item.inner_text().strip() for item in page.locator(".recovery-codes code").all()]


def sign_in(page, base: str, username: str = ADMIN["username"], password: str = ADMIN["password"]) -> None:
    """Signs in as a person would: the password, then her authenticator's code when she has one; a role that requires
    two-step sign-in enrols on the first visit."""
    page.goto(base + "/signin")
    page.get_by_label("اسم المستخدم").fill(username)
    page.get_by_label("كلمة المرور").fill(password)
    page.get_by_role("button", name="دخول").click()
    page.wait_for_load_state()
    if "/signin/verify" in page.url:
        page.locator("#code").fill(next_code(base, username))
        page.get_by_role("button", name="تحقق").click()
        page.wait_for_load_state()
    if page.url.endswith("/account/two-factor") and page.locator("#totp-secret").count() == 1:
        enrol_second_factor(page, base, username)
        page.get_by_role("link", name="حفظتُها، تابعي").click()
        page.wait_for_load_state()


def fresh_database_url(base_url: str, name: str) -> str:
    """Creates (or re-creates) database `name` on the server of `base_url` and returns its URL."""
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", base_url, "-v", "ON_ERROR_STOP=1", "-qc", statement], check=True, capture_output=True)
    parts = urllib.parse.urlsplit(base_url)
    return parts._replace(path="/" + name).geturl()
