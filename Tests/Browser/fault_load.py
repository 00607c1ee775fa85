"""Many staff writing at once against the real binary, the process killed with SIGKILL at random moments, and the
database read afterwards: what was acknowledged must be there, whole. Used by test_faults.py (a short run) and by
Benchmarks/faults-benchmark.py (the long one). Plain http.client and threads: no browser.

A write counts as acknowledged when the server answered it 2xx or 3xx; each carries something unique to find it by
afterwards (a contact's subject, a request's description, a document's bytes)."""
import hashlib
import http.client
import http.server
import os
import pathlib
import random
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[2]
PASSWORD = "كلمة مرور الموظفة الطويلة للاختبار"


def binary() -> pathlib.Path:
    return pathlib.Path(os.environ.get("LAMASAT_BINARY", ROOT / ".build" / "debug" / "lamasat"))


def environment(data_dir, database_url=None, extra=None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"LAMASAT_DATA_DIR": str(data_dir), "LAMASAT_ENV": "development", "LAMASAT_QUIET_HOURS": "0-0"})
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra or {})
    return env


def cli(args, env, stdin="", check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(binary()), *args], input=stdin.encode(), capture_output=True, env=env, cwd=ROOT, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"lamasat {' '.join(args)}: {result.stderr.decode()} {result.stdout.decode()}")
    return result


def luhn_id(body: int) -> str:
    """A valid Saudi national ID (1…, Luhn check digit), as NationalID.make builds them."""
    payload = "1" + str(body % 100_000_000).zfill(8)
    total = 0
    for index, char in enumerate(payload):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return payload + str((10 - total % 10) % 10)


class Server:
    """One lamasat process on a fixed port, started again on the same port after each kill."""

    def __init__(self, env, port, log_path):
        self.env = dict(env, LAMASAT_PORT=str(port), LAMASAT_HOST="127.0.0.1")
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self.process = None
        self.killed_at = 0.0

    def start(self, timeout=90.0):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([str(binary())], env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}; see {self.log_path}")
            if status(self.base, "/healthz") == 200:
                return
            time.sleep(0.1)  # polling the health endpoint until the deadline
        raise RuntimeError("server did not become healthy")

    def kill(self):
        self.killed_at = time.monotonic()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)


def status(base, path, timeout=2.0) -> int:
    parts = urllib.parse.urlsplit(base)
    try:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        connection.request("GET", path)
        code = connection.getresponse().status
        connection.close()
        return code
    except OSError:
        return 0


class Client:
    """A signed-in staff member's cookies and CSRF token, shared by the writer threads that act for her; each thread
    keeps its own connection."""

    def __init__(self, base, username, password=PASSWORD):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}
        self.csrf = ""
        self.username, self.password = username, password
        self.local = threading.local()

    def request(self, method, path, body=b"", headers=None, timeout=60.0):
        """Status, headers and body; raises OSError (or http.client's errors) when the connection fails."""
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method != "GET" and self.csrf:
            all_headers["X-CSRF-Token"] = self.csrf
        all_headers.update(headers or {})
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
        except Exception:
            connection.close()
            self.local.connection = None
            raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data

    def form(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def sign_in(self):
        _, _, page = self.request("GET", "/signin")
        token = re.search(rb'name="csrf-token" content="([^"]+)"', page).group(1).decode()
        code, headers, _ = self.form("/signin", {"username": self.username, "password": self.password, "_csrf": token})
        assert code in (302, 303) and "/signin" not in headers.get("location", ""), f"sign-in of {self.username}: {code}"
        _, _, home = self.request("GET", "/")
        self.csrf = re.search(rb'name="csrf-token" content="([^"]+)"', home).group(1).decode()


class Database:
    """Reads the database after the run: sqlite3 on the file, psql on PostgreSQL. Rows come back as tuples of text."""

    def __init__(self, data_dir, database_url=None):
        self.path = pathlib.Path(data_dir) / "lamasat.sqlite"
        self.url = database_url

    def rows(self, sql):
        if self.url:
            out = subprocess.run(["psql", self.url, "-AtX", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                 capture_output=True, check=True, timeout=120).stdout.decode()
            return [tuple(line.split("\x1f")) for line in out.splitlines() if line]
        with sqlite3.connect(self.path, timeout=30) as db:
            return [tuple("" if v is None else str(v) for v in row) for row in db.execute(sql).fetchall()]

    def one(self, sql):
        return self.rows(sql)[0][0]


class Gateway(http.server.ThreadingHTTPServer):
    """A stand-in SMS gateway that answers 200 and counts each Idempotency-Key it receives."""
    daemon_threads = True

    def __init__(self):
        self.received = {}
        self.lock = threading.Lock()
        gateway = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.headers.get("Idempotency-Key", "")
                with gateway.lock:
                    gateway.received[key] = gateway.received.get(key, 0) + 1
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def environment(self):
        return {"LAMASAT_SMS_URL": f"http://127.0.0.1:{self.server_address[1]}/sms", "LAMASAT_SMS_SENDER": "LAMASAT",
                "LAMASAT_SMS_RATE": "1000"}


def png(unique: str) -> bytes:
    """A PNG signature followed by unique bytes: recognised as PNG by content, and found again by its SHA-256."""
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + unique.encode() * 8


class Load:
    """Writers doing three kinds of writes on a set of files, each acknowledged write recorded with when it was
    acknowledged: contacts, requests created then submitted (the submission queues an SMS), documents uploaded."""

    def __init__(self, server, clients, files, support_type, document_type, tag):
        self.server, self.clients, self.files = server, clients, files
        self.support_type, self.document_type, self.tag = support_type, document_type, tag
        self.lock = threading.Lock()
        self.sent = 0
        self.unanswered = 0
        self.counter = 0
        self.acknowledged = []  # (time, kind, key): contact subject / request id + description / document sha256
        self.statuses = {}
        self.stopping = threading.Event()
        self.threads = []

    def _next(self):
        with self.lock:
            self.counter += 1
            return self.counter

    def _record(self, kind, key):
        with self.lock:
            self.acknowledged.append((time.monotonic(), kind, key))

    def _send(self, client, call):
        began = time.monotonic()
        try:
            code, headers, _ = call()
        except (OSError, http.client.HTTPException):
            if began < self.server.killed_at:
                # In flight when the server was killed: sent, never answered.
                with self.lock:
                    self.sent += 1
                    self.unanswered += 1
            else:
                # Begun after the kill, on a connection of the killed server or before the restart listens: not a
                # write at all. Try again soon.
                time.sleep(0.05)
            return None, None
        with self.lock:
            self.sent += 1
            self.statuses[code] = self.statuses.get(code, 0) + 1
        return (code, headers) if 200 <= code < 400 else (None, None)

    def _contact(self, client, file):
        subject = f"{self.tag} contact {self._next()}"
        code, _ = self._send(client, lambda: client.form(f"/contacts?beneficiary={file}", {
            "channel": "phone", "direction": "incoming", "subject": subject, "notes": "", "duration": "3", "outcome": "answered"}))
        if code:
            self._record("contact", subject)

    def _request(self, client, file):
        description = f"{self.tag} request {self._next()}"
        code, headers = self._send(client, lambda: client.form(f"/beneficiaries/{file}/requests", {
            "supportType": self.support_type, "channel": "phone", "description": description, "requestedAmount": "",
            "overrideFrequency": "on"}))
        if not code:
            return
        request_id = headers.get("location", "").split("/requests/")[-1].split("?")[0]
        self._record("request", f"{request_id} {description}")
        code, _ = self._send(client, lambda: client.form(f"/requests/{request_id}/submit", {}))
        if code:
            self._record("submit", request_id)

    def _upload(self, client, file):
        content = png(f"{self.tag}-document-{self._next()}-{random.random()}")
        boundary = "faultboundary" + str(random.randrange(10**9))
        parts = []
        for name, value in (("type", self.document_type), ("issueDate", ""), ("expiryDate", "")):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.png"\r\n'
                     f"Content-Type: image/png\r\n\r\n".encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        code, _ = self._send(client, lambda: client.request(
            "POST", f"/beneficiaries/{file}/documents", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}))
        if code:
            self._record("document", hashlib.sha256(content).hexdigest())

    def _writer(self, index):
        client = self.clients[index % len(self.clients)]
        rng = random.Random(index)
        while not self.stopping.is_set():
            file = rng.choice(self.files)
            rng.choice((self._contact, self._request, self._upload))(client, file)

    def start(self, writers):
        for index in range(writers):
            thread = threading.Thread(target=self._writer, args=(index,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def acknowledged_count(self):
        with self.lock:
            return len(self.acknowledged)

    def wait_for_acknowledgements(self, count, timeout=120.0):
        """Polls until `count` more writes were acknowledged than now (the load is running), or the deadline."""
        target = self.acknowledged_count() + count
        deadline = time.monotonic() + timeout
        while self.acknowledged_count() < target and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.acknowledged_count() >= target


def prepare(server, env, staff=4, files=12):
    """Staff who may take requests, log contacts and upload on every branch, signed in; files registered through the
    form; the ids of a support type and a document type without expiry. The server must be running."""
    for index in range(staff):
        cli(["user", "--username", f"fault.rep{index}", "--name", "ريم خالد الغامدي", "--role", "branchRep", "--scope", "allBranches"],
            env, stdin=PASSWORD)
    clients = [Client(server.base, f"fault.rep{index}") for index in range(staff)]
    for client in clients:
        client.sign_in()
    _, _, page = clients[0].request("GET", "/beneficiaries/new")
    category = re.search(rb'<select[^>]*name="category".*?<option value="([0-9A-F-]{36})"', page, re.S).group(1).decode()
    branch = re.search(rb'<select[^>]*name="branch".*?<option value="([0-9A-F-]{36})"', page, re.S)
    names = ["هند", "ريم", "نوف", "سارة", "منى", "لمى", "رهف", "عبير", "جواهر", "مها", "أمل", "هيفاء", "لطيفة", "نورة", "غادة", "دانة"]
    families = ["العتيبي", "الشهري", "الغامدي", "الدوسري", "الحربي", "المطيري", "الزهراني", "القحطاني", "الخالدي", "البلوي", "السبيعي", "العنزي"]
    made = []
    for index in range(files):
        fields = {"nationalID": luhn_id(70_000_000 + index * 7919 + random.randrange(1000)), "nameFirst": names[index % len(names)],
                  "nameFather": names[(index + 5) % len(names)], "nameGrandfather": "سالم", "nameFamily": families[index % len(families)],
                  "birthDate": "15/05/1412", "birthCalendar": "hijri", "category": category, "nationality": "سعودية",
                  "mobile": "05" + str(10_000_000 + index * 104_729 % 89_999_999), "addressBuilding": "4141", "addressCity": "تبوك",
                  "addressPostalCode": "47911", "education": "none", "employment": "unemployed", "housing": "rented",
                  "consentMethod": "signedPaper", "consentGiven": "on", "notDuplicate": "on"}
        if branch:
            fields["branch"] = branch.group(1).decode()
        code, headers, body = clients[0].form("/beneficiaries", fields)
        match = re.search(r"/beneficiaries/([0-9A-F-]{36})", headers.get("location", ""))
        assert code in (302, 303) and match, f"registering a file: {code} {re.findall(rb'class=.error.[^>]*>([^<]+)', body)[:5]}"
        made.append(match.group(1))
    _, _, intake = clients[0].request("GET", f"/beneficiaries/{made[0]}/requests/new")
    support_type = re.search(rb'name="supportType".*?<option value="([0-9A-F-]{36})"', intake, re.S).group(1).decode()
    _, _, documents = clients[0].request("GET", f"/beneficiaries/{made[0]}?tab=documents")
    types = re.findall(rb'<option value="([0-9A-F-]{36})"[^>]*>([^<]+)</option>', documents)
    # A type that needs no expiry date: the form then needs only the file.
    document_type = next(value.decode() for value, label in types if "وفاة" in label.decode())
    return clients, made, support_type, document_type


def check(db, load, acknowledged_before=None):
    """What the database holds against what was acknowledged (all of it, or what was acknowledged before a moment):
    found, lost, and records half-written (a record without the parts its transaction writes with it)."""
    acks = [a for a in load.acknowledged if acknowledged_before is None or a[0] < acknowledged_before]
    tag = load.tag
    contacts = {r[0] for r in db.rows(f"SELECT subject FROM contacts WHERE subject LIKE '{tag} %'")}
    requests = {r[0]: r for r in db.rows(
        f"SELECT id, description, status, coalesce(tracking_number, '') FROM support_requests WHERE description LIKE '{tag} %'")}
    by_id = {r[0].upper(): r for r in requests.values()}
    documents = {r[0]: r for r in db.rows("SELECT d.sha256, d.size, coalesce(length(c.data), -1) FROM documents d "
                                          "LEFT JOIN document_contents c ON c.document_id = d.id")}
    transitions = {}
    for request_id, action in db.rows("SELECT request_id, action FROM request_transitions"):
        transitions.setdefault(request_id.upper(), []).append(action)
    outbox = {}
    for (key,) in db.rows("SELECT idempotency_key FROM outbox_messages WHERE idempotency_key LIKE 'request-ack:%'"):
        outbox[key.split(":", 1)[1].upper()] = outbox.get(key.split(":", 1)[1].upper(), 0) + 1
    audited = {}
    for (record,) in db.rows("SELECT record_id FROM audit_entries WHERE action IN ('request.created', 'request.submit')"):
        audited[record.upper()] = audited.get(record.upper(), 0) + 1

    lost = []
    for _, kind, key in acks:
        if kind == "contact" and key not in contacts:
            lost.append((kind, key))
        elif kind == "request" and key.split(" ", 1)[0].upper() not in by_id:
            lost.append((kind, key))
        elif kind == "submit" and (key.upper() not in by_id or by_id[key.upper()][2] == "draft"):
            lost.append((kind, key))
        elif kind == "document" and key not in documents:
            lost.append((kind, key))
    half = []
    for request_id, (_, _, state, tracking) in by_id.items():
        actions = transitions.get(request_id, [])
        expected_audits = 1 + (state != "draft")
        if "create" not in actions or audited.get(request_id, 0) != expected_audits:
            half.append(("request without its transition or audit entry", request_id))
        if state != "draft" and (not tracking or "submit" not in actions or outbox.get(request_id, 0) != 1):
            half.append(("submitted without tracking number, transition or one acknowledgement SMS", request_id))
    for sha, size, stored in documents.values():
        if stored != size:
            half.append(("document without its content", sha))
    # Each contact and each upload is audited in its own transaction: as many audit entries as records.
    for table, action in (("contacts", "contact.logged"), ("documents", "document.uploaded")):
        records = int(db.one(f"SELECT count(*) FROM {table}"))
        entries = int(db.one(f"SELECT count(*) FROM audit_entries WHERE action = '{action}'"))
        if records != entries:
            half.append((f"{records} {table} but {entries} '{action}' audit entries", table))
    return {"acknowledged": len(acks), "found": len(acks) - len(lost), "lost": lost, "half": half,
            "requests": len(by_id), "contacts": len(contacts)}


def wait_outbox_drained(db, timeout=120.0):
    """Polls until no SMS is left queued (the worker sends them after the last restart)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.one("SELECT count(*) FROM outbox_messages WHERE status = 'queued'") == "0":
            return True
        time.sleep(0.2)
    return False


def duplicate_sends(gateway, db):
    """Messages the gateway received more than once (the same Idempotency-Key: a send after a kill that came before
    the message was marked sent; a gateway honouring the key sends it once), and outbox rows sharing one key."""
    with gateway.lock:
        repeated = {k: n for k, n in gateway.received.items() if n > 1}
    shared = db.rows("SELECT idempotency_key FROM outbox_messages GROUP BY idempotency_key HAVING count(*) > 1")
    return repeated, shared


def audit_verifies(env) -> bool:
    result = cli(["audit", "verify"], env, check=False)
    return result.returncode == 0 and b"audit trail intact" in result.stdout


def kill_cycles(server, load, kills, rng, on_restart=None):
    """Kills the server with SIGKILL `kills` times while the writers run, each time after a random number of further
    acknowledged writes and a random fraction of a second (so that writes are in flight), and starts it again."""
    for _ in range(kills):
        load.wait_for_acknowledgements(rng.randint(5, 60))
        time.sleep(rng.uniform(0, 0.4))  # a random moment, not a wait for anything
        server.kill()
        server.start()
        if on_restart:
            on_restart()


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_postgres(base_url: str, name: str) -> str:
    """Database `name` created afresh on the server of `base_url`; its URL."""
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", base_url, "-v", "ON_ERROR_STOP=1", "-qc", statement], check=True, capture_output=True, timeout=60)
    return urllib.parse.urlsplit(base_url)._replace(path="/" + name).geturl()


class Run:
    """A server on its own folder (and database), a stand-in SMS gateway, staff signed in, files registered."""

    def __init__(self, data_dir, database_url=None, staff=4, files=12, seed=None):
        self.data_dir = pathlib.Path(data_dir)
        self.database_url = database_url
        self.gateway = Gateway()
        self.env = environment(self.data_dir, database_url, self.gateway.environment())
        self.server = Server(self.env, free_port(), self.data_dir / "server.log")
        self.db = Database(self.data_dir, database_url)
        self.rng = random.Random(seed)
        self.server.start()
        clients, self.files, self.support_type, self.document_type = prepare(self.server, self.env, staff, files)
        self.clients = clients

    def load(self, writers):
        load = Load(self.server, self.clients, self.files, self.support_type, self.document_type, f"F{self.rng.randrange(10**8)}")
        load.start(writers)
        return load

    def close(self):
        self.server.stop()
        self.gateway.shutdown()


def kill_run(run, writers, kills):
    """Writers on, `kills` SIGKILLs at random moments with a restart after each, writers off, one last kill and
    restart; then what the database holds, the audit chain, and the SMS sent for the submissions."""
    load = run.load(writers)
    try:
        load.wait_for_acknowledgements(20)
        kill_cycles(run.server, load, kills, run.rng)
        load.wait_for_acknowledgements(10)
    finally:
        load.stop()
    run.server.kill()
    run.server.start()
    result = check(run.db, load)
    result["drained"] = wait_outbox_drained(run.db)
    run.server.stop()
    result["audit"] = audit_verifies(run.env)
    repeated, shared = duplicate_sends(run.gateway, run.db)
    submitted = {key.upper() for _, kind, key in load.acknowledged if kind == "submit"}
    with run.gateway.lock:
        received = {k.split(":", 1)[1].upper() for k in run.gateway.received if k.startswith("request-ack:")}
    result.update(sent=load.sent, unanswered=load.unanswered, kills=kills, statuses=dict(load.statuses), repeated=repeated, shared=shared,
                  unsent=sorted(submitted - received))
    return result
