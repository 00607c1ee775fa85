"""The API's contract and what was generated from it stay one: the JSON the server publishes is the YAML, and the
generated Swift has every operation of the YAML (so a YAML edit without `scripts/generate-api` fails here)."""
import json
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_contract():
    with open(ROOT / "API" / "openapi.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_published_json_is_the_yaml():
    published = json.loads((ROOT / "Resources" / "API" / "openapi.json").read_text(encoding="utf-8"))
    assert published == load_contract()


def test_every_operation_is_generated():
    generated = (ROOT / "Sources" / "LamasatAPI" / "Generated" / "Types.swift").read_text(encoding="utf-8")
    operations = [op["operationId"] for item in load_contract()["paths"].values()
                  for method, op in item.items() if isinstance(op, dict) and "operationId" in op]
    assert "getMe" in operations
    missing = [o for o in operations if not re.search(rf"\bfunc {re.escape(o)}\(", generated)]
    assert missing == []
    # And nothing generated that the contract no longer has.
    generated_ops = set(re.findall(r"^\s*func (\w+)\(_ input: Operations\.", generated, re.M))
    assert generated_ops == set(operations)


def test_every_operation_documents_its_errors():
    for path, item in load_contract()["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "responses" in op:
                assert "default" in op["responses"], f"{method.upper()} {path} has no problem+json default response"
