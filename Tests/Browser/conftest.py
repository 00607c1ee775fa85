"""Starts a real Lamasat server (the debug binary) on a fresh SQLite folder and a free loopback port: one server per
test module, so that no module sees what another left behind, and each test sets up the data it needs itself.

Order independence is checked by running the tests in another order: LAMASAT_TEST_ORDER=reverse runs the modules, and
the tests within each module, in reverse; LAMASAT_TEST_ORDER=random shuffles both (seed LAMASAT_TEST_SEED, printed in
the report header, to replay an order). Unset, the tests run in the order they are written."""
import base64
import contextlib
import hashlib
import hmac
import os
import pathlib
import random
import sqlite3
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
ORDER = os.environ.get("LAMASAT_TEST_ORDER", "")
SEED = int(os.environ.get("LAMASAT_TEST_SEED") or random.randrange(1_000_000))


def pytest_report_header(config):
    if ORDER:
        return f"lamasat test order: {ORDER}" + (f" (LAMASAT_TEST_SEED={SEED})" if ORDER == "random" else "")


def pytest_collection_modifyitems(session, config, items):
    """LAMASAT_TEST_ORDER=reverse|random: the same tests in another order, each module's tests kept together (one
    server per module), to show that no test needs another to have run before it."""
    if not ORDER:
        return
    if ORDER not in ("reverse", "random"):
        raise pytest.UsageError(f"LAMASAT_TEST_ORDER={ORDER}: reverse or random")
    modules = {}
    for item in items:
        modules.setdefault(item.module.__name__, []).append(item)
    groups = list(modules.values())
    if ORDER == "reverse":
        groups = [group[::-1] for group in groups[::-1]]
    else:
        shuffle = random.Random(SEED).shuffle
        for group in groups:
            shuffle(group)
        shuffle(groups)
    items[:] = [item for group in groups for item in group]


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
            pass
        # Not listening, or not healthy, yet: poll again after a short pause, until the deadline.
        time.sleep(0.2)
    raise RuntimeError("server did not become healthy in 60 s")


def launch(data_dir, extra_env=None, stdout=subprocess.DEVNULL):
    """Starts the server on `data_dir` and a free loopback port; returns the process and its base URL. With
    stdout=subprocess.PIPE its console can be read with wait_for_line."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    # No quiet hours: what the worker sends must not depend on the hour the suite runs.
    env.update({"LAMASAT_DATA_DIR": str(data_dir), "LAMASAT_PORT": str(port), "LAMASAT_HOST": "127.0.0.1", "LAMASAT_QUIET_HOURS": "0-0",
                "LAMASAT_ENV": "development"})
    env.update(extra_env or {})
    process = subprocess.Popen([str(BINARY)], env=env, cwd=ROOT, stdout=stdout, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Ends a server started by a test: politely, then for good once `timeout` seconds have passed."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@contextlib.contextmanager
def serving(data_dir):
    """The server on `data_dir`, healthy, its console in data_dir/server.log; stopped on leaving. Yields its base URL."""
    with open(data_dir / "server.log", "wb") as log:
        process, base = launch(data_dir, stdout=log)
        try:
            wait_healthy(base, process)
            yield base
        finally:
            stop(process)


@pytest.fixture(scope="module")
def server():
    """A server of this module's own, with one administrator; what an earlier module did is not there."""
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-browser-"))
    run_cli(["user", "--username", ADMIN["username"], "--name", "هيفاء سليمان العتيبي", "--role", "admin"], data_dir, stdin=ADMIN["password"])
    with serving(data_dir) as base:
        try:
            yield {"base": base, "data_dir": data_dir}
        finally:
            # A later module's server may get the same port: its people enrol afresh and sign in afresh.
            for key in [key for key in AUTHENTICATORS if key[0] == base]:
                del AUTHENTICATORS[key]
            for key in [key for key in SIGNED_IN if key[0] == base]:
                del SIGNED_IN[key]


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
        # Waiting for the clock, not for the server: the next 30-second step has not begun.
        time.sleep((int(now) // 30 + 1) * 30 - now + 0.05)
    counter = max(int(time.time()) // 30, entry["last"] + 1)
    entry["last"] = counter
    return totp(entry["secret"], counter)


def enrol_second_factor(page, base: str, username: str) -> list:
    """On /account/two-factor: reads the key shown under the QR code, confirms with a code; returns the recovery codes."""
    secret = page.locator("#totp-secret").inner_text().strip()
    AUTHENTICATORS[(base, username)] = {"secret": secret, "last": 0}
    page.locator("#field-code-enable").fill(next_code(base, username))
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
        page.locator("#field-code").fill(next_code(base, username))
        page.get_by_role("button", name="تحقق").click()
        page.wait_for_load_state()
    if page.url.endswith("/account/two-factor") and page.locator("#totp-secret").count() == 1:
        enrol_second_factor(page, base, username)
        page.get_by_role("link", name="حفظتُها، تابعي").click()
        page.wait_for_load_state()


# Sessions by (server, username), kept for the life of the module's server: see signed_in.
SIGNED_IN = {}


def signed_in(browser, server, username: str = ADMIN["username"], password: str = ADMIN["password"], **options):
    """A new browser context (options as for browser.new_context) in which `username` is signed in. A test that is
    not about signing in takes her session from here instead of signing in again: each sign-in of a two-step role
    uses up an authenticator step. A test that signs out signs in with sign_in, so it never ends a shared session."""
    key = (server["base"], username)
    if key not in SIGNED_IN:
        context = browser.new_context()
        sign_in(context.new_page(), server["base"], username, password)
        SIGNED_IN[key] = context.storage_state()
        context.close()
    return browser.new_context(storage_state=SIGNED_IN[key], **options)


def outbox_row(server, query: str, timeout: float = 20.0) -> str:
    """The newest outbox body matching `query`, once it has been queued (polled, with a deadline)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(server["data_dir"] / "lamasat.sqlite", timeout=5) as db:
            row = db.execute(f"SELECT body FROM outbox_messages WHERE {query} ORDER BY created_at DESC LIMIT 1").fetchone()
        if row:
            return row[0]
        # Polling the database with a deadline: nothing announces that a message was queued.
        time.sleep(0.1)
    raise AssertionError(f"no outbox message where {query} within {timeout} s")


def fresh_database_url(base_url: str, name: str) -> str:
    """Creates (or re-creates) database `name` on the server of `base_url` and returns its URL."""
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", base_url, "-v", "ON_ERROR_STOP=1", "-qc", statement], check=True, capture_output=True, timeout=60)
    parts = urllib.parse.urlsplit(base_url)
    return parts._replace(path="/" + name).geturl()
