"""[issue 16] Staff are told: a complaint escalated by an officer lights the manager's bell (Arabic, phone width),
opening the list and marking it read lowers the count, and the urgent kind reaches her mailbox at once through the
outbox and SMTP (aiosmtpd, STARTTLS and AUTH) with only the complaint's number and link."""
import email
import email.policy
import json
import pathlib
import sqlite3
import subprocess
import tempfile
import time

import pytest

from conftest import ADMIN, ROOT, launch, run_cli, sign_in, stop, wait_healthy

OFFICER = {"username": "notify.officer", "password": "كلمة مرور الموظفة الطويلة"}
MANAGER = {"username": "notify.manager", "password": "كلمة مرور المديرة الطويلة"}
MANAGER_MAIL = "manager@lamasat.example"


@pytest.fixture(scope="module")
def mail_server():
    """A server of its own whose e-mail goes to a local SMTP sink; yields its base URL, data folder and mailbox file."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-notify-"))
    cert, key, box = folder / "cert.pem", folder / "key.pem", folder / "mail.jsonl"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True, timeout=60)
    sink = subprocess.Popen(["python3", str(ROOT / "Tests/LamasatServerTests/Support/smtp_sink.py"), str(cert), str(key), str(box)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    port = int(sink.stdout.readline().decode().split()[-1])
    data_dir = folder / "data"
    data_dir.mkdir()
    run_cli(["user", "--username", ADMIN["username"], "--name", "هيفاء سليمان العتيبي", "--role", "admin"], data_dir, stdin=ADMIN["password"])
    run_cli(["user", "--username", OFFICER["username"], "--name", "أمل محمد الشهري", "--role", "relationsOfficer"], data_dir, stdin=OFFICER["password"])
    run_cli(["user", "--username", MANAGER["username"], "--name", "منيرة عبدالرحمن الدوسري", "--role", "manager"], data_dir, stdin=MANAGER["password"])
    with sqlite3.connect(data_dir / "lamasat.sqlite") as db:
        db.execute("UPDATE staff_users SET email = ? WHERE username = ?", (MANAGER_MAIL, MANAGER["username"]))
    log = open(data_dir / "server.log", "wb")
    process, base = launch(data_dir, extra_env={
        "LAMASAT_SMTP_HOST": "localhost", "LAMASAT_SMTP_PORT": str(port), "LAMASAT_SMTP_FROM": "noreply@lamasat.example",
        "LAMASAT_SMTP_USER": "lamasat", "LAMASAT_SMTP_PASSWORD": "mail-secret", "LAMASAT_SMTP_CA_FILE": str(cert),
        "LAMASAT_PUBLIC_URL": "https://lamasat.example"}, stdout=log)
    try:
        wait_healthy(base, process)
        yield {"base": base, "data_dir": data_dir, "box": box}
    finally:
        stop(process)
        log.close()
        sink.stdin.close()
        sink.wait(timeout=15)


def post_form(page, base, path, form):
    """Posts a form as the page's own would: its session, its CSRF token, its origin."""
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    return page.request.post(base + path, form={**form, "_csrf": token}, headers={"Origin": base}, max_redirects=0)


def mail_to(box: pathlib.Path, address: str, timeout: float = 30.0) -> email.message.EmailMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if box.exists():
            for line in box.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if address in record["to"]:
                    return email.message_from_string(record["data"], policy=email.policy.default)
        # The worker sends when it next polls: wait for the sink's file, with a deadline.
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {address} within {timeout} s")


def test_an_escalated_complaint_rings_the_managers_bell_and_mails_her_at_once(browser, mail_server):
    base = mail_server["base"]
    officer = browser.new_context().new_page()
    sign_in(officer, base, OFFICER["username"], OFFICER["password"])
    officer.goto(base + "/complaints/new")
    category = officer.locator("#field-category option[value]:not([value=''])").first.get_attribute("value")
    lodged = post_form(officer, base, "/complaints", {"kind": "complaint", "contactName": "منى الشمري", "contactPhone": "0551112223",
                                                     "channel": "website", "category": category, "severity": "high", "description": "الانتظار طويل"})
    assert lodged.status == 303, lodged.status
    complaint_path = lodged.headers["location"].split("?")[0]
    with sqlite3.connect(mail_server["data_dir"] / "lamasat.sqlite", timeout=5) as db:
        number = db.execute("SELECT number FROM complaints").fetchone()[0]
    officer.goto(base + complaint_path)
    assert post_form(officer, base, complaint_path + "/escalate", {"reason": ""}).status == 303

    context = browser.new_context(viewport={"width": 390, "height": 844})
    manager = context.new_page()
    sign_in(manager, base, MANAGER["username"], MANAGER["password"])
    manager.goto(base + "/")
    bell = manager.locator("a.bell")
    assert bell.is_visible()
    assert manager.locator(".bell-count").inner_text() == "1"
    bell.click()
    manager.wait_for_load_state()
    assert manager.url.endswith("/notifications")
    row = manager.locator(".notices li.unread")
    assert row.count() == 1 and "شكوى مصعّدة" in row.inner_text()
    assert row.get_by_role("link").get_attribute("href") == complaint_path
    row.get_by_role("button", name="تعليم كمقروء").click()
    manager.wait_for_load_state()
    assert manager.locator(".bell-count").count() == 0
    assert manager.locator(".notices li.unread").count() == 0
    context.close()

    # Urgent: e-mailed at once, through the outbox and SMTP, with the number and the link and nothing of her.
    mail = mail_to(mail_server["box"], MANAGER_MAIL)
    body = mail.get_body().get_content()
    assert f"https://lamasat.example{complaint_path}" in body
    assert "منى" not in body and "0551112223" not in body and "الانتظار" not in body
    assert number in body and number in mail["subject"], (number, mail["subject"], body)
