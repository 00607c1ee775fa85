"""The JSON API against its own contract: schemathesis generates calls for every operation of /api/v1/openapi.json and
checks each answer (no 5xx, a documented status, content type, headers and a body that matches the schema), on the
real binary over a demo data folder, with a token of every scope made by `lamasat api-token create`. Then the ways a
token is refused: none, revoked, expired, and a scope that does not cover the operation."""
import json
import pathlib
import re
import tempfile
import time
import urllib.error
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_headers_conformance,
                                 response_schema_conformance, status_code_conformance)

from conftest import launch, run_cli, stop, wait_healthy

SCOPES = "files.read,files.write,requests.read,requests.write,relations.write"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
# Enough examples per operation to find a wrong status or body, few enough for the whole run to stay near a minute.
EXAMPLES = 15


def token(data_dir, *args, name="تكامل الاختبار", scopes=SCOPES) -> str:
    printed = run_cli(["api-token", "create", "--name", name, "--scopes", scopes, "--branch", "HQ", *args], data_dir).stdout.decode()
    secret = printed.strip().splitlines()[-1]
    assert secret.startswith("lms_"), printed
    return secret


@pytest.fixture(scope="module")
def api():
    """The server on a demo data folder, with a token of every scope. The rate limit is raised: schemathesis calls fast."""
    data = pathlib.Path(tempfile.mkdtemp(prefix="lamasat-api-"))
    run_cli(["demo"], data)
    secret = token(data)
    process, base = launch(data, extra_env={"LAMASAT_API_RATE": "100000"})
    try:
        wait_healthy(base, process)
        yield {"base": base, "data": data, "secret": secret}
    finally:
        stop(process)


@pytest.fixture(scope="module")
def contract(api):
    return schemathesis.openapi.from_url(api["base"] + "/api/v1/openapi.json")


schema = schemathesis.pytest.from_fixture("contract")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case, api):
    case.call_and_validate(base_url=api["base"] + "/api/v1", headers={"Authorization": f"Bearer {api['secret']}"}, checks=CHECKS)


def call(base, method, path, secret=None, body=None):
    headers = {"Accept-Language": "en"}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + "/api/v1" + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def operations(contract_json):
    """Every operation of the contract, with each path parameter filled by a made-up id."""
    for path, item in contract_json["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000000", path)


def test_every_operation_without_a_token_is_a_401_problem(api):
    with urllib.request.urlopen(api["base"] + "/api/v1/openapi.json") as response:
        spec = json.load(response)
    for method, path in operations(spec):
        status, content_type, body = call(api["base"], method, path, body={} if method != "GET" else None)
        assert status == 401, f"{method} {path}: {status}"
        assert content_type.startswith("application/problem+json"), f"{method} {path}: {content_type}"
        assert json.loads(body)["title"] == "Missing or invalid token"


def test_revoked_and_expired_tokens_are_refused(api):
    revoked = token(api["data"], name="ملغى")
    assert call(api["base"], "GET", "/me", revoked)[0] == 200
    run_cli(["api-token", "revoke", "--prefix", revoked[:10]], api["data"])
    status, _, body = call(api["base"], "GET", "/me", revoked)
    assert status == 401 and json.loads(body)["title"] == "This token was revoked"
    # A token that lives two seconds.
    expiring = token(api["data"], "--days", "0.000025", name="مؤقت")
    time.sleep(2.5)
    status, _, body = call(api["base"], "GET", "/me", expiring)
    assert status == 401 and json.loads(body)["title"] == "This token has expired"


def test_a_files_read_token_cannot_create_an_inquiry(api):
    reader = token(api["data"], name="قارئ الملفات", scopes="files.read")
    before = call(api["base"], "GET", "/me", reader)
    assert before[0] == 200
    status, content_type, body = call(api["base"], "POST", "/inquiries", reader,
                                      body={"contactName": "سارة", "contactPhone": "0551234567", "channel": "website",
                                            "categoryId": "00000000-0000-0000-0000-000000000000", "question": "سؤال"})
    assert status == 403 and content_type.startswith("application/problem+json")
    assert json.loads(body)["title"] == "This token's scopes do not allow this operation"
