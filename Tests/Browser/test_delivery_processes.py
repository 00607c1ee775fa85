"""Delivery across real processes: a server killed while sending 1,000 messages loses none and, with the
gateway honouring idempotency keys, delivers each once; two servers on one PostgreSQL database never send the same
message twice."""
import http.server
import json
import os
import pathlib
import signal
import tempfile
import threading

import pytest

from conftest import fresh_database_url, launch, run_cli, stop, wait_healthy


class Gateway(http.server.ThreadingHTTPServer):
    """A fake SMS gateway: counts every request and delivers each idempotency key once."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), GatewayHandler)
        self.lock = threading.Lock()
        self.requests = 0
        self.delivered = {}
        self.progress = threading.Condition(self.lock)
        # The request with this number is received and counted, then answered only once `release` is set.
        self.hold_at = None
        self.release = threading.Event()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/send"

    def wait_for(self, predicate, timeout):
        with self.progress:
            assert self.progress.wait_for(predicate, timeout=timeout), "the gateway did not receive what was expected in time"


class GatewayHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        key = self.headers.get("Idempotency-Key")
        with self.server.progress:
            self.server.requests += 1
            self.server.delivered[key] = self.server.delivered.get(key, 0) + (0 if key in self.server.delivered else 1)
            self.server.progress.notify_all()
            held = self.server.requests == self.server.hold_at
        if held:
            self.server.release.wait(timeout=60)
        try:
            self.send_response(202)
            self.end_headers()
        except OSError:
            pass  # the server that asked was killed meanwhile

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    server = Gateway()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()


def start_server(data_dir, gateway, extra=None):
    process, base = launch(data_dir, {"LAMASAT_SMS_URL": gateway.url, "LAMASAT_SMS_SENDER": "LAMASAT", "LAMASAT_SMS_RATE": "0", **(extra or {})})
    try:
        wait_healthy(base, process)
    except RuntimeError:
        stop(process)
        raise
    return process


def test_a_killed_server_loses_nothing_and_sends_each_message_once(gateway):
    data = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-kill-"))
    run_cli(["outbox-fill", "--count", "1000", "--prefix", "kill"], data)
    # Killed while it waits for the gateway's answer to the 250th message, which the gateway has: always the same
    # moment, not wherever the kill happens to land. (A message whose job was claimed but not yet sent at a kill
    # waits for the job's five-minute lease, longer than this test waits.)
    gateway.hold_at = 250
    first = start_server(data, gateway)
    try:
        gateway.wait_for(lambda: gateway.requests >= 250, timeout=120)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        gateway.release.set()
    sent_before = gateway.requests
    assert sent_before < 1000, "the server finished before it could be stopped; nothing was tested"
    second = start_server(data, gateway)
    try:
        gateway.wait_for(lambda: len(gateway.delivered) == 1000, timeout=180)
    finally:
        stop(second, timeout=30)
    assert all(count == 1 for count in gateway.delivered.values())
    # At most the messages in flight at the kill reach the gateway twice, with the same key.
    assert gateway.requests - 1000 <= 10, gateway.requests


def test_two_servers_on_one_postgresql_never_send_the_same_message_twice(gateway):
    base = os.environ.get("LAMASAT_TEST_POSTGRES_URL")
    assert base, "run through scripts/test-all, which starts PostgreSQL and sets LAMASAT_TEST_POSTGRES_URL"
    target = fresh_database_url(base, "lamasat_two_instances")
    data = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-two-"))
    env = {"DATABASE_URL": target}
    run_cli(["outbox-fill", "--count", "1000", "--prefix", "two"], data, extra_env=env)
    servers = [start_server(data, gateway, env)]
    try:
        servers.append(start_server(data, gateway, env))
        gateway.wait_for(lambda: len(gateway.delivered) == 1000, timeout=180)
    finally:
        for server in servers:
            stop(server, timeout=30)
    assert gateway.requests == 1000, f"{gateway.requests} requests for 1000 messages"
