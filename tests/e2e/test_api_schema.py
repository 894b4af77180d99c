"""Schemathesis against the served OpenAPI document (/api/v1/openapi.json).

Runs the `st` CLI (schemathesis 4.x) with the `default` lender's API key
against a second server on a copy of the world's database, so generated
loans and payments cannot disturb the other tests.  Checks: no server errors
(5xx) and response-schema conformance.  Bounded: 25 examples per operation,
a fixed seed (PARLEY_ST_SEED overrides), no example database, and a wall-clock
limit on the whole run.  Any failure fails the test and the failing cases are
printed (with `curl` reproductions); a JUnit report goes to artifacts/.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import requests

from conftest import ARTIFACTS, form_csrf, latest_code_in, run_parley

MAX_EXAMPLES = os.environ.get("PARLEY_ST_MAX_EXAMPLES", "25")
SEED = os.environ.get("PARLEY_ST_SEED", "20261201")
TIME_LIMIT = float(os.environ.get("PARLEY_ST_TIME_LIMIT", "150"))
CHECKS = "not_a_server_error,response_schema_conformance"


def st_command() -> list[str]:
    exe = shutil.which("st") or shutil.which("schemathesis")
    if exe:
        return [exe]
    return [sys.executable, "-m", "schemathesis.cli"]


@pytest.fixture(scope="module")
def schema_server(world, start_server):
    return start_server(world.schema_db, name="schemathesis")


def test_openapi_document_is_served(schema_server):
    r = requests.get(schema_server.base + "/api/v1/openapi.json", timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    doc = r.json()
    assert doc["openapi"].startswith("3.1"), doc["openapi"]
    assert doc["paths"], "the document describes no operation"


def run_schemathesis(schema_server, workdir: str, name: str, headers: list[str], extra: list[str] = (),
                     parameters: dict | None = None) -> None:
    report_dir = os.path.join(ARTIFACTS, "schemathesis", name)
    os.makedirs(report_dir, exist_ok=True)
    config = os.path.join(workdir, "schemathesis.toml")
    with open(config, "w") as f:
        f.write("[cache]\nenabled = false\n")          # no crash cache carried between runs
        if parameters:
            f.write("\n[parameters]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in parameters.items()))
    cmd = st_command() + ["--config-file", config, "run", schema_server.base + "/api/v1/openapi.json"]
    for header in headers:
        cmd += ["--header", header]
    cmd += [
        "--checks", CHECKS,
        "--max-examples", MAX_EXAMPLES,
        "--seed", SEED,
        "--generation-database", "none",
        "--request-timeout", "10",
        "--no-color",
        "--report", "junit", "--report-dir", report_dir,
        *extra,
    ]
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    try:
        # cwd: schemathesis keeps a crash cache (.schemathesis/) in the working directory; keep runs hermetic
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIME_LIMIT, env=env, cwd=workdir)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        pytest.fail(f"schemathesis ({name}) did not finish within {TIME_LIMIT:.0f}s\n{out[-6000:]}")
    output = proc.stdout + proc.stderr
    if "Failed to load" in output or "Schema Loading Error" in output or "Unable to load schema" in output:
        pytest.fail("schemathesis rejected the OpenAPI document:\n" + output[-6000:])
    if proc.returncode != 0:
        pytest.fail(f"schemathesis ({name}) reported failures (exit {proc.returncode}); failing cases:\n"
                    + failures_section(output), pytrace=False)


def test_schemathesis_with_the_lender_api_key(world, schema_server, tmp_path):
    """Every operation, as the `default` lender's system (the borrower-only ones answer 403)."""
    run_schemathesis(schema_server, str(tmp_path), "api-key", ["Authorization: Bearer " + world.keys["default"]])


def test_schemathesis_as_a_signed_in_borrower(world, schema_server, tmp_path):
    """The borrower-facing operations (/api/v1/me/...), with a portal session and its CSRF token."""
    subject = world.take_open_case(language="en")
    db, base = world.schema_db, schema_server.base
    s = requests.Session()
    url = run_parley("link", "issue", "--loan", subject["loan_id"], "--base-url", base, db=db).strip()
    r = s.get(url, timeout=10)
    assert r.status_code == 200, r.status_code
    r = s.post(url, data={"csrf": form_csrf(r.text), "code": latest_code_in(db, subject["loan_id"])},
               allow_redirects=False, timeout=10)
    assert r.status_code == 303 and s.cookies.get("parley_borrower"), r.status_code
    r = s.get(f"{base}/portal/cases/{subject['case_id']}", timeout=10)
    assert r.status_code == 200, r.status_code
    headers = [f"Cookie: parley_borrower={s.cookies.get('parley_borrower')}", "X-CSRF-Token: " + form_csrf(r.text)]
    run_schemathesis(schema_server, str(tmp_path), "borrower", headers,
                     ["--include-path-regex", "^/api/v1/me/", "--generation-with-security-parameters", "false"],
                     parameters={"path.case_id": subject["case_id"]})


def failures_section(output: str) -> str:
    """The FAILURES part of the report and the summary (the whole output when not found)."""
    start = output.find("FAILURES")
    text = output[output.rfind("\n", 0, start) + 1:] if start >= 0 else output
    return text[-12000:]
