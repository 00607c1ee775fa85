"""Bad input on every route: a fuzzer driven by the route table (`lamasat routes`), run against the real binary.

It signs in as several roles (and as a beneficiary on her portal), walks the pages to learn real ids and the forms
that post to each route, posts each form once as a person would (so that requests, complaints, meetings… exist), then
sends every GET and POST route a seeded series of bad inputs: garbage and real ids, odd query parameters, forms with
fields missing, empty, overlong, of the wrong type, duplicated, as arrays, with junk files, without the CSRF token or
in the wrong content type. Any 5xx (or no answer at all) is a finding. Used by test_fuzz.py (short) and
Benchmarks/fuzz.py (long)."""
import contextlib
import dataclasses
import datetime
import html.parser
import http.client
import pathlib
import random
import re
import sqlite3
import tempfile
import time
import urllib.parse
import uuid

from conftest import ROOT, run_cli, serving, totp

ROUTE_ROW = re.compile(r"^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*(\S+)\s*\|$")
PASSWORD = "كلمة مرور طويلة لحسابات الفحص"
STAFF_ROLES = ("admin", "manager", "relationsOfficer", "researcher", "committeeMember", "serviceOfficer", "branchRep",
               "volunteerCoordinator", "donorOfficer", "financeOfficer")
PORTAL = "beneficiary"
ANONYMOUS = "anonymous"

# Fuzzed last, in this order, each case in a session of its own (as whom, and why last): they end or change what the
# rest of the run stands on. Failed sign-ins come at the very end: five of them lock this address out for 15 minutes.
LAST = {
    ("POST", "/signout"): ("relationsOfficer", "ends the staff session"),
    ("POST", "/portal/signout"): ("beneficiary", "ends the portal session"),
    ("POST", "/account/two-factor/disable"): ("admin", "may remove her second factor"),
    ("POST", "/admin/settings/two-factor"): ("admin", "may require two-step sign-in of every role, sending the others to enrol"),
    ("POST", "/signin/verify"): ("admin, code pending", "wrong codes end the half-finished sign-in and count against the address"),
    ("POST", "/portal/code/:ticket"): ("anonymous", "wrong codes count against the address"),
    ("POST", "/portal/signin"): ("anonymous", "portal codes are rate-limited per address and per national ID"),
    ("POST", "/signin"): ("anonymous", "failed sign-ins lock this address out of signing in"),
}
# Not fuzzed at all, each with its reason; the test fails on a route that is neither fuzzed nor listed here.
EXCLUDED: dict = {}

# Routes whose handler no case can get into here, each with its reason: the deepest a bad input goes is the check
# named. Every other route must see at least one answer from its handler's own logic.
SHALLOW = {
    ("GET", "/setup/:token"): "set-up links are single-use tokens made by the command line; any other is not found",
    ("POST", "/setup/:token"): "set-up links are single-use tokens made by the command line; any other is not found",
    ("POST", "/webhooks/sms"): "no case carries the provider's signature: the signature check refuses it (401)",
    ("POST", "/webhooks/sms/status"): "no case carries the gateway's token: the token check refuses it (401)",
    ("GET", "/webhooks/whatsapp"): "no case carries the verify token: Meta's verification refuses it (403)",
    ("POST", "/webhooks/whatsapp"): "no case carries a valid X-Hub-Signature-256: the HMAC check refuses it (401/403)",
    ("POST", "/s/:token"): "a survey's token reaches her by SMS only (stored hashed); any other is not found",
    ("POST", "/s/:token/confirm"): "a survey's token reaches her by SMS only (stored hashed); any other is not found",
    ("GET", "/signin/verify"): "opened only in a half-finished sign-in; the signed-in roles are sent home",
}

# A status that shows the request got past routing, sign-in and permission into the handler's own logic.
REACHED = {200, 201, 204, 302, 303, 400, 409, 422}


@contextlib.contextmanager
def demo_server():
    """A server of its own on a fresh folder holding the demo data (files, documents, family members, surveys);
    yields {"base", "data_dir"}; its log is data_dir/server.log."""
    data_dir = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-fuzz-"))
    run_cli(["demo", "--password-stdin"], data_dir, stdin="كلمة مرور العرض الطويلة")
    with serving(data_dir) as base:
        yield {"base": base, "data_dir": data_dir}


# The JSON API's operations take bearer tokens, not sessions and forms: schemathesis fuzzes them against their
# contract (test_api_schemathesis.py). Its contract and docs page stay here.
API_OPERATIONS = "/api/v1/"
API_PAGES = {"/api/v1/docs", "/api/v1/openapi.json"}


def route_table(data_dir):
    """(method, path) of every route but the API's operations, parsed from the table `lamasat routes` prints (its log
    lines skipped)."""
    out = run_cli(["routes"], data_dir).stdout.decode()
    rows = [(m.group(1), m.group(2)) for line in out.splitlines() if (m := ROUTE_ROW.match(line.strip()))]
    return [(method, path) for method, path in rows if not path.startswith(API_OPERATIONS) or path in API_PAGES]


class Raw(str):
    """A value already percent-encoded by hand (an invalid UTF-8 sequence, a stray %): sent exactly as it is."""


def encode(value) -> str:
    return value if isinstance(value, Raw) else urllib.parse.quote(str(value).encode("utf-8", "surrogatepass"), safe="")


def form_body(pairs) -> bytes:
    return "&".join(f"{encode(name)}={encode(value)}" for name, value in pairs).encode("ascii")


def multipart_body(pairs, boundary):
    chunks = []
    for name, value in pairs:
        if isinstance(value, tuple):
            filename, content_type, data = value
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            chunks += [head.encode(), data, b"\r\n"]
        else:
            data = urllib.parse.unquote_to_bytes(value) if isinstance(value, Raw) else str(value).encode("utf-8", "surrogatepass")
            chunks += [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode(), data, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------------------------------- HTTP

@dataclasses.dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One browser: its cookies, the CSRF token of the last page it was served, one keep-alive connection."""

    def __init__(self, base, role):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port, self.role = parts.hostname, parts.port, role
        self.cookies, self.csrf, self.connection = {}, "", None

    def send(self, method, target, body=b"", headers=None) -> Response:
        # What a page's link holds as text (Arabic, spaces) goes on the wire percent-encoded, as a browser sends it.
        target = urllib.parse.quote(target, safe="/?&=%:;,+@!$'()*[]~#")
        sent = {"Host": f"{self.host}:{self.port}", "Accept": "text/html", "Accept-Language": "ar"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = dict(headers or {})
        if "Cookie" in headers:
            # An odd cookie goes beside hers, not instead of them: the case is about the cookie, not a lost session.
            headers["Cookie"] = "; ".join(filter(None, [sent.get("Cookie"), headers["Cookie"]]))
        sent.update(headers)
        for attempt in (1, 2):
            try:
                connection = self.connection or http.client.HTTPConnection(self.host, self.port, timeout=60)
                self.connection = None
                connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
                for name, value in sent.items():
                    connection.putheader(name, value)
                if method != "GET" or body:
                    connection.putheader("Content-Length", str(len(body)))
                connection.endheaders(body or None)
                reply = connection.getresponse()
                data = reply.read()
                if not reply.will_close:
                    self.connection = connection
                break
            except (http.client.HTTPException, OSError):
                # A kept-alive connection the server closed meanwhile: once more on a new one; twice is no answer.
                if attempt == 2:
                    return Response(0, {}, b"")
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";")[0]
            if not value or "max-age=0" in cookie.lower() or "1970" in cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        response = Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, data)
        if match := re.search(rb'<meta name="csrf-token" content="([^"]+)"', data[:4000]):
            self.csrf = match.group(1).decode()
        return response

    def get(self, path) -> Response:
        return self.send("GET", path)

    def post(self, path, pairs) -> Response:
        return self.send("POST", path, form_body(pairs), {"Content-Type": "application/x-www-form-urlencoded"})


# ------------------------------------------------------------------------------------------------------- pages & forms

@dataclasses.dataclass
class Field:
    name: str
    kind: str
    value: str = ""
    options: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: list


class PageParser(html.parser.HTMLParser):
    """The forms (their fields, options and values) and the links of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self.form, self.select, self.textarea = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), "multipart" in a.get("enctype", ""), [])
            self.forms.append(self.form)
        elif self.form is not None and tag in ("input", "button") and a.get("name"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            if kind in ("checkbox", "radio") and any(f.name == a["name"] and f.kind == kind for f in self.form.fields):
                next(f for f in self.form.fields if f.name == a["name"]).options.append(a.get("value", "on"))
            else:
                kind = "number" if kind == "text" and a.get("inputmode") in ("numeric", "decimal") else kind
                self.form.fields.append(Field(a["name"], kind, a.get("value", "on" if kind == "checkbox" else ""),
                                              [a.get("value", "on")] if kind in ("checkbox", "radio") else []))
        elif self.form is not None and tag == "select" and a.get("name"):
            self.select = Field(a["name"], "select")
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
            if "selected" in a:
                self.select.value = a.get("value", "")
        elif self.form is not None and tag == "textarea" and a.get("name"):
            self.textarea = Field(a["name"], "textarea")
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def parse_page(text):
    parser = PageParser()
    try:
        parser.feed(text)
    except Exception:  # noqa: BLE001 — a page the parser cannot read simply teaches nothing
        pass
    return parser


class Route:
    def __init__(self, method, pattern):
        self.method, self.pattern = method, pattern
        self.params = [part[1:] for part in pattern.split("/") if part.startswith(":")]
        regex = "/".join("([^/]+)" if part.startswith(":") else re.escape(part) for part in pattern.split("/"))
        self.regex = re.compile(f"^{regex}$")

    def match(self, path):
        found = self.regex.match(path)
        return dict(zip(self.params, found.groups())) if found else None

    def path(self, values):
        return "/".join(values[part[1:]] if part.startswith(":") else part for part in self.pattern.split("/")) or "/"

    def __repr__(self):
        return f"{self.method} {self.pattern}"


# ------------------------------------------------------------------------------------------------------------ values

NASTY = [
    "", " ", "0", "-1", "-0", "1.5", "-99999999", "99999999999999999999999999", "1e309", "NaN", "Infinity", "0x1F",
    "٠١٢٣٤٥٦٧٨٩", "١٢٣٫٥", "-١٥٠٠", "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "-0001-01-01",
    "1447-13-40", "١٤٤٧-٠٩-٣١", "30/02/2026", "2026-02-29T25:61:00Z", "' OR '1'='1", "'; DROP TABLE beneficiaries; --",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "#(page.title)", "{{7*7}}", "%s%n%x",
    "../../../../etc/passwd", "\u202eعكس\u202c", "\u200f\u200e\u200d", "😀👩‍👩‍👧🇸🇦", "\x00", "a\x00b", "\r\nX-Injected: 1",
    "true", "false", "null", "[]", "{}", "on", "off", "admin", "allBranches", "00000000-0000-0000-0000-000000000000",
    "A" * 10_000, "ب" * 5_000, "9" * 400, " \t\n ", "١" * 64,
    Raw("%FF%FE"), Raw("%C3%28"), Raw("%"), Raw("%ZZ"), Raw("%00"), Raw("%ED%A0%80"), Raw("a%2Fb"),
]
GARBAGE_IDS = [
    "-1", "0", "99999999999999999999", "abc", "00000000-0000-0000-0000-000000000000", "١٢٣", "%27%20OR%201%3D1--",
    "%3Cb%3E", "A" * 10_000, "%00", "%C3%28", "%FF", "%2F", "..", "%2E%2E", "%20", "%F0%9F%98%80", "R-2026-000001",
    "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "null",
]
# Headers a browser would not send, for downloads and pages alike.
ODD_HEADERS = [
    ("Accept", "application/json"), ("Accept", "*/*;q=abc"), ("Accept-Language", "xx-ÿÿ;q=2,,;"), ("Accept-Language", "en" * 500),
    ("Range", "bytes=-0-9999999999999999999"), ("Range", "bytes=5-1"), ("If-None-Match", '"' * 100), ("If-Modified-Since", "2026-02-30"),
    ("X-Forwarded-For", "not-an-address, ::::"), ("Cookie", "lamasat_lang=%FF%00; theme=' OR 1=1"),
]
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
FILES = [
    ("مستند.pdf", "application/pdf", PDF), ("empty.pdf", "application/pdf", b""), ("x.exe", "application/x-msdownload", b"MZ\x90\x00" * 50),
    ("junk.pdf", "application/pdf", bytes(range(256)) * 8), ("../../etc/passwd", "text/plain", b"root:x:0:0"),
    ("a" * 600 + ".png", "image/png", b"\x89PNG\r\n\x1a\n"), ("صورة.jpg", "image/jpeg", b"\xff\xd8\xff" + b"\x00" * 64),
    ("x.svg", "image/svg+xml", b"<svg onload=alert(1)>"), ("", "application/octet-stream", b"\x00\x01"),
]


def national_id(rng, first="1"):
    """A valid Saudi national ID (10 digits, Luhn check digit)."""
    digits = [int(first)] + [rng.randrange(10) for _ in range(8)]
    total = 0
    for index, digit in enumerate(digits):
        if index % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def plausible(rng, field: Field, flip=False):
    """What a person would type into the field: its own value or choices first, then a guess from its name."""
    name = field.name.lower()
    if field.kind == "select" and "gregorian" in field.options:
        return "gregorian"
    if field.kind in ("select", "radio", "checkbox"):
        choices = [option for option in field.options if option]
        return field.value if field.value and field.kind == "select" else (rng.choice(choices) if choices else field.value)
    if field.kind == "file":
        return FILES[0]
    if field.value and field.kind not in ("password",):
        return field.value
    if "nationalid" in name or name == "idnumber":
        return national_id(rng)
    if "mobile" in name or "phone" in name:
        return "05" + "".join(str(rng.randrange(10)) for _ in range(8))
    if "email" in name:
        return "fuzz@example.org"
    if "iban" in name:
        return "SA0380000000608010167519"
    if "short" in name:
        return "RRRA1234"
    if name == "username":
        return f"fuzz.new{rng.randrange(10_000)}"
    if name == "code":
        return f"FZ{rng.randrange(100)}"
    if "birth" in name:
        return "1990-05-01"
    if field.kind == "number" or any(word in name for word in ("amount", "income", "rent", "days", "count", "limit", "minutes", "duration", "order")):
        return "3"
    if field.kind == "date" or name.endswith(("date", "on", "until", "day", "at")):
        # Most dates a form takes are of the past (done, approved); a due date or a meeting is ahead. A person told
        # otherwise by the form's message tries the other way (flip).
        ahead = any(word in name for word in ("due", "until", "expir", "end", "meeting", "scheduled", "next"))
        return str(datetime.date.today() + datetime.timedelta(days=21 if ahead != flip else -30))
    if field.kind == "time":
        return "10:30"
    if "postal" in name:
        return "12345"
    if "building" in name or "additional" in name:
        return "1234"
    if field.kind == "password":
        return "كلمة مرور جديدة طويلة للفحص"
    if field.kind == "textarea":
        return "وصف تجريبي يكفي للتحقق من النموذج"
    if field.kind == "hidden":
        return field.value
    return "نص تجريبي"


# ------------------------------------------------------------------------------------------------------------- fuzzer

@dataclasses.dataclass
class Finding:
    role: str
    method: str
    target: str
    summary: str
    status: int
    log: str

    def __str__(self):
        return f"{self.status} {self.method} {shorten(self.target)} as {self.role}\n    {shorten(self.summary)}\n    log:\n{self.log}"


def shorten(text, limit=600):
    """Long runs of one character (a 10 KB id) as 'A×10000', so that a finding reads in a line."""
    text = re.sub(r"(.)\1{19,}", lambda m: f"{m.group(1)}×{len(m.group(0))}", text)
    return text if len(text) <= limit else text[:limit] + "…"


class Fuzzer:
    def __init__(self, server, seed, cases_per_route, roles=STAFF_ROLES, portal=True):
        self.base, self.data_dir = server["base"], server["data_dir"]
        self.log_path = server.get("log") or self.data_dir / "server.log"
        self.rng = random.Random(seed)
        self.seed, self.cases_per_route = seed, cases_per_route
        self.routes = [Route(m, p) for m, p in route_table(self.data_dir)]
        self.routes_by_shape, self.match_cache, self.concrete_seen = {}, {}, set()
        for route in self.routes:
            self.routes_by_shape.setdefault((route.method, route.pattern.count("/")), []).append(route)
        self.roles = list(roles) + ([PORTAL] if portal else []) + [ANONYMOUS]
        self.clients, self.authenticators = {}, {}
        self.concrete = {}       # route → [param values], real combinations seen in links and forms
        self.param_values = {}   # param name → set of real values
        self.forms = {}          # (route, role) → [Form]
        self.query_names = {}    # route → set of query names seen in its links and GET forms
        self.hrefs = {}          # GET route → links to it seen on pages (path and query)
        self.allowed = {}        # route → roles that were not refused
        self.stats = {}          # route → {status: count}
        self.reached = {}        # route → count of REACHED answers
        self.findings, self.requests, self.relogins, self.baselines, self.cut_short = [], 0, [], [], []
        self.protected, self.refused, self.codes_read, self.phases = set(), set(), set(), {}
        sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "Sources").rglob("*.swift"))
        self.source_query_names = sorted(set(re.findall(r'query\[[^\]]*at: "(\w+)"', sources)))
        self.source_field_names = sorted(set(re.findall(r'form(?:Text|Texts|Secret|Checkbox)\("(\w+)"', sources)))

    # ---- set-up: people and sessions

    def create_people(self):
        for role in self.roles:
            if role in STAFF_ROLES:
                # Every branch: a file of another branch is refused before its handler is reached.
                run_cli(["user", "--username", f"fuzz.{role.lower()}", "--name", "حساب الفحص", "--role", role, "--scope", "allBranches"],
                        self.data_dir, stdin=PASSWORD)
        with sqlite3.connect(self.data_dir / "lamasat.sqlite") as db:
            for user_id, branch_id in db.execute("SELECT id, branch_id FROM staff_users WHERE username LIKE 'fuzz.%'"):
                self.protected |= {str(user_id).upper(), str(branch_id).upper()}

    def code(self, username):
        entry = self.authenticators[username]
        now = time.time()
        if entry["last"] + 1 > int(now) // 30 + 1:
            # Waiting for the clock: the server never takes the same 30-second step twice.
            time.sleep((int(now) // 30 + 1) * 30 - now + 0.05)
        entry["last"] = max(int(time.time()) // 30, entry["last"] + 1)
        return totp(entry["secret"], entry["last"])

    def form_on(self, client, page, action):
        for form in parse_page(client.get(page).text).forms:
            if form.action.split("?")[0] == action:
                return form
        raise AssertionError(f"no form posting to {action} on {page} for {client.role}")

    def fill(self, client, form, **values):
        pairs = [(f.name, values.get(f.name, f.value)) for f in form.fields if f.kind not in ("submit", "checkbox")]
        return client.post(form.action, [("_csrf", client.csrf)] + [p for p in pairs if p[0] != "_csrf"])

    def sign_in(self, role):
        client = self.clients.setdefault(role, Client(self.base, role))
        client.cookies.clear()
        if role == ANONYMOUS:
            client.get("/signin")
            client.get("/portal/signin")
        elif role == PORTAL:
            self.portal_sign_in(client)
        elif role.endswith(", code pending"):
            # The password step only: her session waits for the code.
            form = self.form_on(client, "/signin", "/signin")
            answer = self.fill(client, form, username=f"fuzz.{role.split(',')[0].lower()}", password=PASSWORD)
            assert answer.location.startswith("/signin/verify"), f"{role}: {answer.status} {answer.location}"
            client.get(answer.headers["location"])
        else:
            username = f"fuzz.{role.lower()}"
            form = self.form_on(client, "/signin", "/signin")
            answer = self.fill(client, form, username=username, password=PASSWORD)
            if answer.location.startswith("/signin/verify"):
                form = self.form_on(client, answer.headers["location"], "/signin/verify")
                self.fill(client, form, code=self.code(username))
            if client.get("/").location.startswith("/account/two-factor"):
                page = client.get("/account/two-factor").text
                secret = re.search(r'id="totp-secret">([^<]+)<', page).group(1).strip()
                self.authenticators[username] = {"secret": secret, "last": 0}
                form = self.form_on(client, "/account/two-factor", "/account/two-factor/enable")
                self.fill(client, form, code=self.code(username))
            landing = client.get("/")
            assert landing.status == 200, f"{role} could not sign in: {landing.status} {landing.location}"
        return client

    def portal_sign_in(self, client):
        with sqlite3.connect(self.data_dir / "lamasat.sqlite") as db:
            row = db.execute("SELECT id, national_id FROM beneficiaries WHERE status = 'registered' AND mobile != '' ORDER BY file_sequence LIMIT 1").fetchone()
        assert row, "no active file with a mobile to sign in to the portal with (demo data loaded?)"
        self.protected.add(str(row[0]).upper())
        form = self.form_on(client, "/portal/signin", "/portal/signin")
        answer = self.fill(client, form, nationalID=row[1])
        assert answer.location.startswith("/portal/code/"), f"portal sign-in: {answer.status} {answer.location}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with sqlite3.connect(self.data_dir / "lamasat.sqlite") as db:
                sms = db.execute("SELECT body, id FROM outbox_messages WHERE related_type = 'portal_code' ORDER BY created_at DESC LIMIT 1").fetchone()
            if sms and sms[1] not in self.codes_read:
                self.codes_read.add(sms[1])
                break
            # Polling the outbox with a deadline: nothing announces that the code was queued.
            time.sleep(0.1)
        form = self.form_on(client, answer.location, answer.location)
        code_field = next(f.name for f in form.fields if "code" in f.name.lower())
        self.fill(client, form, **{code_field: re.search(r"\d{6}", sms[0]).group(0)})
        assert client.get("/portal").status == 200, "the beneficiary could not sign in to her portal"

    def still_signed_in(self, role):
        if role == ANONYMOUS:
            return True
        return self.clients[role].get("/portal" if role == PORTAL else "/").status == 200

    def signed_out(self, client, response):
        """Whether this answer sent a signed-in role back to sign in: then her session is checked and renewed."""
        if client.role == ANONYMOUS:
            return False
        home, signin = ("/portal", "/portal/signin") if client.role == PORTAL else ("/", "/signin")
        if not (response.status in (401, 303, 302) and response.location.startswith(signin)):
            return False
        return client.get(home).status != 200

    # ---- learning the site

    def matches(self, method, path):
        """The route Vapor gives `path` to, with its parameters (a constant segment wins over a parameter: /requests/new
        is not a request's id); None when no route takes it. Cached: pages repeat their links."""
        key = (method, path)
        if key not in self.match_cache:
            found = [(route, values) for route in self.routes_by_shape.get((method, path.count("/")), ())
                     if (values := route.match(path)) is not None]
            self.match_cache[key] = min(found, key=lambda pair: len(pair[0].params)) if found else None
        return self.match_cache[key]

    def remember(self, route, values):
        if route.params and not self.touches_protected(values) and tuple(values.items()) not in self.concrete_seen:
            self.concrete_seen.add(tuple(values.items()))
            self.concrete.setdefault(route, []).append(values)

    def learn(self, client, path, response):
        for method in ("GET", "POST"):
            if found := self.matches(method, path):
                self.remember(*found)
        if "text/html" not in response.headers.get("content-type", ""):
            return
        page = parse_page(response.text)
        for href in page.links:
            parts = urllib.parse.urlsplit(href)
            if not (found := self.matches("GET", parts.path)) or self.touches_protected(found[1]):
                continue
            route, values = found
            self.query_names.setdefault(route, set()).update(urllib.parse.parse_qs(parts.query).keys())
            # A few links of each route, with their queries: a file's tabs hold forms its first page does not.
            known = self.hrefs.setdefault(route, {}).setdefault(parts.query, [])
            if href not in known and len(known) < 2:
                known.append(href)
            self.remember(route, values)
        for form in page.forms:
            action = urllib.parse.urlsplit(form.action or path).path
            if not (found := self.matches(form.method.upper(), action)) or self.touches_protected(found[1]):
                continue
            route, values = found
            self.remember(route, values)
            if route.method == "GET":
                self.query_names.setdefault(route, set()).update(f.name for f in form.fields)
            else:
                forms = self.forms.setdefault((route, client.role), [])
                if len(forms) < 4:
                    forms.append(Form(action, "post", form.multipart, form.fields))

    @staticmethod
    def first_error(response):
        found = re.search(r'class="(?:field-)?error[^"]*"[^>]*>([^<]{1,200})', response.text)
        return found.group(1).strip() if found else ""

    def touches_protected(self, values):
        return any(value.upper() in self.protected for value in values.values())

    def real_values(self, route):
        if self.concrete.get(route):
            return self.rng.choice(self.concrete[route])
        values = {}
        for param in route.params:
            pool = sorted(self.param_values.get(param, ()))
            values[param] = self.rng.choice(pool) if pool else self.rng.choice(GARBAGE_IDS)
        return values

    def index_params(self):
        for route, combos in self.concrete.items():
            for values in combos:
                for name, value in values.items():
                    self.param_values.setdefault(name, set()).add(value)

    def walk(self, rounds, targets_per_page=10):
        """Each role opens every GET route it can reach (with the real ids learnt so far) and posts each new form once,
        as a person would, so that later routes find the records they act on."""
        posted, walked = set(), set()
        for round_number in range(rounds):
            self.index_params()
            for route in [r for r in self.routes if r.method == "GET"]:
                # One link of each kind (query) first, then seconds: a file's tabs before a second file.
                links = self.hrefs.get(route, {}).values()
                firsts, seconds = [group[0] for group in links], [group[1] for group in links if len(group) > 1]
                targets = list(dict.fromkeys(([] if route.params else [route.pattern]) + firsts + seconds
                                             + [route.path(values) for values in self.concrete.get(route, [])[:2]]))
                walkers = [role for role in self.roles if (route, role) not in self.refused]
                if round_number and not route.params:
                    # A list again in later rounds, for the records the last round's forms made: one role reading it
                    # is enough, since every role walks the links it holds.
                    walkers = walkers[:1]
                for role in walkers:
                    for target in targets[:targets_per_page]:
                        # A page with an id once.
                        if (role, target) in walked and route.params:
                            continue
                        walked.add((role, target))
                        response = self.send(role, "GET", target, route=route, summary="walk")
                        self.learn(self.clients[role], urllib.parse.urlsplit(target).path, response)
            for (route, role), forms in list(self.forms.items()):
                if (route, role) in posted or (route.method, route.pattern) in LAST or route.pattern == "/language":
                    continue
                posted.add((route, role))
                form = forms[0]
                pairs = [(f.name, plausible(self.rng, f)) for f in form.fields if f.kind != "submit" and f.name != "_csrf"]
                answer = self.post(role, route, form.action, pairs, form.multipart, summary=f"baseline {pairs}"[:600])
                if answer.status == 422:
                    pairs = [(f.name, plausible(self.rng, f, flip=True)) for f in form.fields if f.kind != "submit" and f.name != "_csrf"]
                    answer = self.post(role, route, form.action, pairs, form.multipart, summary=f"baseline {pairs}"[:600])
                self.baselines.append((answer.status, role, route, answer.location or self.first_error(answer)))

    # ---- sending

    def send(self, role, method, target, body=b"", headers=None, route=None, summary=""):
        client = self.clients[role]
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        response = client.send(method, target, body, headers)
        self.requests += 1
        if route is not None:
            statuses = self.stats.setdefault(route, {})
            statuses[response.status] = statuses.get(response.status, 0) + 1
            refused = response.status in (401, 403) or (response.status in (302, 303) and response.location.split("?")[0] in ("/signin", "/portal/signin"))
            if not refused and response.status != 404:
                self.allowed.setdefault(route, set()).add(role)
            if refused:
                self.refused.add((route, role))
            if (route.method, route.pattern) in LAST:
                # Signing in and out: a wrong password (401), a lock (429) or the way out is the handler's own answer.
                reached = response.status in REACHED | {401, 429}
            else:
                reached = response.status in REACHED and not refused
            if reached:
                self.reached[route] = self.reached.get(route, 0) + 1
        if response.location:
            self.learn(client, response.location, Response(0, {}, b""))
        if response.status >= 500 or response.status == 0:
            self.findings.append(Finding(role, method, target, summary, response.status, self.log_since(offset)))
        if (route is None or (route.method, route.pattern) not in LAST) and self.signed_out(client, response):
            self.relogins.append(f"{role} after {method} {target[:120]}")
            self.sign_in(role)
        return response

    def log_since(self, offset):
        # The server writes its log line for the failure just before (or as) it answers.
        time.sleep(0.05)
        try:
            with open(self.log_path, "rb") as log:
                log.seek(max(0, offset - 600))
                text = log.read(20_000).decode(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join("      " + line[:400] for line in text.splitlines()[-25:])

    def post(self, role, route, path, pairs, multipart, summary, csrf=True, content_type=None, raw_body=None):
        client = self.clients[role]
        token = [("_csrf", client.csrf)] if csrf else []
        if multipart:
            boundary = "fuzz" + uuid.UUID(int=self.rng.getrandbits(128)).hex
            target = path + ("?_csrf=" + client.csrf if csrf else "")
            body = raw_body if raw_body is not None else multipart_body(pairs, boundary)
            ctype = content_type or f"multipart/form-data; boundary={boundary}"
        else:
            target = path
            body = raw_body if raw_body is not None else form_body(token + [(n, v[0] if isinstance(v, tuple) else v) for n, v in pairs])
            ctype = content_type or "application/x-www-form-urlencoded"
        return self.send(role, "POST", target, body, {"Content-Type": ctype}, route=route, summary=summary)

    # ---- cases

    def target_path(self, route):
        """Real ids most of the time (the handler's own checks are the point), garbage ids otherwise."""
        values = dict(self.real_values(route))
        if route.params and self.rng.random() < 0.35:
            param = self.rng.choice(route.params)
            values[param] = self.rng.choice(GARBAGE_IDS + [values[param].lower(), values[param] + "x", values[param][:-1]])
        return route.path(values)

    def nasty(self):
        return self.rng.choice(NASTY)

    def get_case(self, role, route):
        names = sorted(self.query_names.get(route, set())) or ["q"]
        pool = names + self.rng.sample(self.source_query_names, min(3, len(self.source_query_names)))
        pairs = []
        for _ in range(self.rng.randint(0, 4)):
            name = self.rng.choice(pool)
            kind = self.rng.random()
            if kind < 0.1:
                name += "[]"
            elif kind < 0.15:
                name = self.rng.choice([Raw("%FF"), Raw("a%00b"), "", "[", "a[b][c]", "ا" * 300])
            pairs.append((name, self.nasty()))
        target = self.target_path(route) + ("?" + form_body(pairs).decode() if pairs else "")
        headers = dict([self.rng.choice(ODD_HEADERS)]) if self.rng.random() < 0.15 else {}
        self.send(role, "GET", target, headers=headers, route=route, summary=f"query {pairs!r} headers {headers!r}"[:600])

    def post_case(self, role, route):
        forms = self.forms.get((route, role)) or next((f for (r, _), f in self.forms.items() if r == route), None)
        form = self.rng.choice(forms) if forms else Form(self.target_path(route), "post", False, [])
        path = form.action if form.fields and self.rng.random() < 0.7 else self.target_path(route)
        fields = [f for f in form.fields if f.kind != "submit" and f.name != "_csrf"]
        pairs = [(f.name, plausible(self.rng, f)) for f in fields]
        multipart = form.multipart
        shape = self.rng.random()
        if shape < 0.06:
            self.post(role, route, path, pairs, multipart, "no CSRF token", csrf=False)
        elif shape < 0.09:
            self.clients[role].csrf, token = "wrong" + self.clients[role].csrf[5:], self.clients[role].csrf
            self.post(role, route, path, pairs, multipart, "wrong CSRF token")
            self.clients[role].csrf = token
        elif shape < 0.14:
            body, ctype = self.rng.choice([
                (b'{"a": [1, 2', "application/json"), (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
                (b"a=1&a=2&a[]=3&&=&%%%", "text/plain"), (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
                (b"x" * 40_000, "application/x-www-form-urlencoded"), (b"", "multipart/form-data"),
            ])
            self.post(role, route, path, pairs, multipart, f"body {body[:60]!r} as {ctype}", content_type=ctype, raw_body=body)
        else:
            pairs = self.mutate(pairs, fields)
            shown = [(n, v[0] if isinstance(v, tuple) else (v[:80] + f"…({len(v)})" if len(v) > 80 else v)) for n, v in pairs]
            self.post(role, route, path, pairs, multipart, f"form {shown!r}")

    def mutate(self, pairs, fields):
        pairs = list(pairs)
        for _ in range(self.rng.randint(1, 3)):
            index = self.rng.randrange(len(pairs)) if pairs else None
            kind = self.rng.choice(["drop", "empty", "nasty", "nasty", "nasty", "dup", "array", "extra", "overlong", "file"])
            if index is None or kind == "extra":
                pairs.append((self.rng.choice(self.source_field_names or ["x"]), self.nasty()))
            elif kind == "drop":
                pairs.pop(index)
            elif kind == "empty":
                pairs[index] = (pairs[index][0], "")
            elif kind == "nasty":
                pairs[index] = (pairs[index][0], self.nasty())
            elif kind == "dup":
                pairs.insert(index, (pairs[index][0], self.nasty()))
            elif kind == "array":
                pairs[index] = (pairs[index][0] + "[]", pairs[index][1])
            elif kind == "overlong":
                pairs[index] = (pairs[index][0], "ي" * self.rng.choice([256, 1025, 9000]))
            elif kind == "file":
                pairs[index] = (pairs[index][0], self.rng.choice(FILES)) if any(f.kind == "file" for f in fields) else (pairs[index][0], self.nasty())
        return pairs

    def fuzz_route(self, route, cases):
        seen_form = {role for (r, role) in self.forms if r == route}
        allowed = sorted((self.allowed.get(route, set()) | seen_form) & set(self.roles), key=self.roles.index) or self.roles
        others = [role for role in self.roles if role not in allowed]
        for index in range(cases):
            # Most cases go to roles the route lets in (its handler is what is under test); a few to the others.
            role = self.rng.choice(others) if others and index % 6 == 5 else allowed[index % len(allowed)]
            (self.get_case if route.method == "GET" else self.post_case)(role, route)

    def fuzz_last(self, route, cases):
        """A route that ends or changes sessions: each case in a fresh session of the role LAST names."""
        role = LAST[(route.method, route.pattern)][0]
        # Portal codes are few per national ID and hour: her portal is signed into twice at most.
        first = True
        for _ in range(min(cases, 2) if role == PORTAL else cases):
            try:
                # A new session only when the last case ended hers: a second two-step sign-in waits for the clock.
                if role not in self.clients or role.endswith(", code pending") or not self.still_signed_in(role):
                    self.sign_in(role)
            except AssertionError as refusal:
                self.cut_short.append(f"{route} after its first cases: could not sign in again ({refusal})")
                return
            if first:
                # Her first case is the form as she fills it: the route's own answer is seen at least once.
                form = (self.forms.get((route, role)) or [Form(route.pattern, "post", False, [])])[0]
                pairs = [(f.name, plausible(self.rng, f)) for f in form.fields if f.kind != "submit" and f.name != "_csrf"]
                self.post(role, route, form.action, pairs, form.multipart, summary=f"as she fills it {pairs}")
            else:
                self.post_case(role, route)
            first = False

    def run(self, walk_rounds=3, targets_per_page=10):
        """The whole pass; returns self for its numbers and findings (self.phases: requests of each part)."""
        self.create_people()
        for role in self.roles:
            self.sign_in(role)
        self.walk(walk_rounds, targets_per_page)
        self.phases["walk"] = self.requests
        self.index_params()
        ordinary = [r for r in self.routes if (r.method, r.pattern) not in LAST and (r.method, r.pattern) not in EXCLUDED]
        for route in ordinary:
            self.fuzz_route(route, self.cases_per_route)
        self.phases["cases"] = self.requests - self.phases["walk"]
        order = list(LAST)
        for route in sorted([r for r in self.routes if (r.method, r.pattern) in LAST], key=lambda r: order.index((r.method, r.pattern))):
            self.fuzz_last(route, max(2, self.cases_per_route // 3))
        self.phases["last"] = self.requests - self.phases["walk"] - self.phases["cases"]
        return self

    def unreached(self):
        """Fuzzed routes whose handler no case got into (every answer a refusal, a not-found or a sign-in page)."""
        return [route for route in self.routes if (route.method, route.pattern) not in EXCLUDED and not self.reached.get(route)]

    def table(self):
        lines = [f"seed {self.seed}: {len(self.routes)} routes, {self.requests} requests, {len(self.findings)} 5xx, "
                 f"{len(self.relogins)} sessions renewed",
                 f"{'route':<64} {'requests':>8} {'reached':>7}  statuses"]
        for route in self.routes:
            stats = self.stats.get(route, {})
            shown = " ".join(f"{status}×{count}" for status, count in sorted(stats.items()))
            lines.append(f"{route.method + ' ' + route.pattern:<64} {sum(stats.values()):>8} {self.reached.get(route, 0):>7}  {shown}")
        return "\n".join(lines)
