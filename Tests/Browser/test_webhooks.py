"""The WhatsApp webhook against the real binary (issue 16): Meta's verification GET, and POSTs signed with a real
HMAC-SHA256 of the raw body — a bad signature changes nothing, a good one is applied once however often it comes."""
import hashlib
import hmac
import json
import pathlib
import sqlite3
import tempfile
import urllib.error
import urllib.request

import pytest

from conftest import launch, stop, wait_healthy

SECRET = "whatsapp-app-secret"
VERIFY = "verify-token-2026"


@pytest.fixture(scope="module")
def hook():
    data = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-webhooks-"))
    process, base = launch(data, {"LAMASAT_WHATSAPP_VERIFY_TOKEN": VERIFY, "LAMASAT_WHATSAPP_APP_SECRET": SECRET})
    try:
        wait_healthy(base, process)
        yield {"base": base, "data": data}
    finally:
        stop(process)


def call(url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def post(hook, raw: bytes, signature: str | None):
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return call(hook["base"] + "/webhooks/whatsapp", raw, headers)[0]


def sign(raw: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def rows(hook, sql):
    with sqlite3.connect(hook["data"] / "lamasat.sqlite") as db:
        return db.execute(sql).fetchall()


def test_verification_answers_the_challenge_only_with_the_token(hook):
    ok = call(hook["base"] + f"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={VERIFY}&hub.challenge=987654")
    assert ok == (200, "987654")
    assert call(hook["base"] + "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")[0] == 403


def test_a_signed_message_from_an_unknown_number_becomes_one_inquiry(hook):
    # Non-ASCII and spacing exactly as sent: the signature is over the raw bytes, not over re-encoded JSON.
    payload = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "contacts": [{"profile": {"name": "سارة"}, "wa_id": "966561112223"}],
        "messages": [{"from": "966561112223", "id": "wamid.browser1", "timestamp": "1795600000", "type": "text",
                      "text": {"body": "أريد معرفة مواعيد الدوام"}}]}}]}]}
    raw = json.dumps(payload, ensure_ascii=False, indent=1).encode()
    assert post(hook, raw, sign(raw, "wrong-secret")) == 401
    assert post(hook, raw, None) == 401
    assert post(hook, raw + b" ", sign(raw)) == 401
    assert rows(hook, "select count(*) from inbound_messages")[0][0] == 0
    assert rows(hook, "select count(*) from inquiries")[0][0] == 0
    for _ in range(2):
        assert post(hook, raw, sign(raw)) == 200
    inquiries = rows(hook, "select contact_phone, contact_name, question from inquiries")
    assert inquiries == [("+966561112223", "سارة", "أريد معرفة مواعيد الدوام")]
    assert rows(hook, "select result_type from inbound_messages") == [("inquiry",)]
