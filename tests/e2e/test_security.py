"""Access and abuse checks against the live server (plain `requests`).

Borrower isolation (pages, forms, API), single-use and expiring links, CSRF on
forms and on cookie-authenticated API writes, the one-time-code lockout, body
limits and malformed JSON, and an access matrix over every staff role, both
lenders' API keys and no credentials.

Sign-in and code attempts are rate limited per client address (30 a minute),
so staff sessions are cached in the world and each test enters only as often
as it must.
"""
from __future__ import annotations

import hashlib
import json
import time

import pytest
import requests

from conftest import AS_OF, PASSWORD, ROLES, form_csrf

TIMEOUT = 15


def events(world, case_id: str, lender: str = "default") -> list[dict]:
    r = requests.get(f"{world.base}/api/v1/cases/{case_id}/events", headers=world.api_headers(lender), timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()["events"]


def case_page_csrf(world, session, case_id: str) -> str:
    r = session.get(f"{world.base}/portal/cases/{case_id}", timeout=TIMEOUT)
    assert r.status_code == 200, r.status_code
    return form_csrf(r.text)


def loan_item(world, loan_id: str, lender: str = "default") -> dict:
    """A loan as the API takes it, equal to what is stored (so posting it changes nothing)."""
    row = dict(world.loans[lender][loan_id])
    item = {k: v for k, v in row.items() if v != ""}
    for k in ("email", "emi", "language", "timezone"):
        item.setdefault(k, None)
    return item


def assert_absent(body: str, *secrets: str):
    for secret in secrets:
        assert secret not in body, f"{secret!r} leaked into the response"


# --------------------------------------------------------------- borrower isolation
@pytest.fixture(scope="module")
def two_borrowers(world):
    a = world.take_open_case(language="en")
    b = world.take_open_case(language="en")
    assert a["borrower_id"] != b["borrower_id"]
    sa, sb = world.enter(a["loan_id"]), world.enter(b["loan_id"])
    return a, sa, b, sb


def test_borrower_cannot_reach_another_borrowers_loan_or_case(world, two_borrowers):
    a, sa, b, sb = two_borrowers
    base = world.base
    # A's own things work (so the denials below are about ownership, not about A's session).
    assert sa.get(f"{base}/portal/loans/{a['loan_id']}", timeout=TIMEOUT).status_code == 200
    assert sa.get(f"{base}/portal/cases/{a['case_id']}", timeout=TIMEOUT).status_code == 200
    csrf = case_page_csrf(world, sa, a["case_id"])
    b_secrets = (b["loan_id"], b["borrower_id"], b["name"])

    for path in (f"/portal/loans/{b['loan_id']}", f"/portal/cases/{b['case_id']}"):
        r = sa.get(base + path, timeout=TIMEOUT)
        assert r.status_code in (403, 404), (path, r.status_code)
        assert_absent(r.text, b["borrower_id"], b["name"], b["case_id"] if "loans" in path else b["loan_id"])

    # B's case forms, with A's valid session and CSRF token: refused, nothing recorded on B's case.
    before = len(events(world, b["case_id"]))
    forms = {
        "proposal": {"amount": "1000", "instalments": "2", "first_date": "2026-12-20"},
        "hardship": {"income": "1000", "expenses": "900", "dependants": "1", "statement": "x"},
        "dispute": {"reason": "other", "details": "not mine"},
        "message": {"message": "hello from A"},
    }
    for name, fields in forms.items():
        r = sa.post(f"{base}/portal/cases/{b['case_id']}/{name}", data={"csrf": csrf, **fields},
                    allow_redirects=False, timeout=TIMEOUT)
        assert r.status_code in (403, 404), (name, r.status_code, r.headers.get("Location"))
        assert_absent(r.text, *b_secrets)
    r = sa.post(f"{base}/portal/cases/{b['case_id']}/documents", data={"csrf": csrf},
                files={"document": ("r.pdf", b"%PDF-1.4\n%test\n", "application/pdf")}, allow_redirects=False,
                timeout=TIMEOUT)
    assert r.status_code in (403, 404), ("documents", r.status_code)
    r = sa.post(f"{base}/portal/loans/{b['loan_id']}/choose", data={"csrf": csrf, "pathway": "dispute"},
                allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code in (403, 404), ("choose", r.status_code)
    assert len(events(world, b["case_id"])) == before, "A's posts must not reach B's case"

    # The borrower API shows only A's loans.
    r = sa.get(f"{base}/api/v1/me/loans", timeout=TIMEOUT)
    assert r.status_code == 200, r.status_code
    assert [loan["loan_id"] for loan in r.json()["loans"]] == [a["loan_id"]]
    assert_absent(r.text, *b_secrets)
    # The borrower API's case routes refuse B's case too, and record nothing.
    r = sa.get(f"{base}/api/v1/me/cases/{b['case_id']}/events", timeout=TIMEOUT)
    assert r.status_code in (403, 404), ("me/events", r.status_code)
    assert_absent(r.text, *b_secrets)
    r = sa.post(f"{base}/api/v1/me/cases/{b['case_id']}/proposals", headers={"X-CSRF-Token": csrf},
                json={"amount": "1000.00", "instalments": 2, "first_date": "2026-12-20"}, timeout=TIMEOUT)
    assert r.status_code in (403, 404), ("me/proposals", r.status_code, r.text[:200])
    assert len(events(world, b["case_id"])) == before, "A's API posts must not reach B's case"
    # ... and a borrower session is no key to the lender API.
    for path in (f"/api/v1/cases/{b['case_id']}", f"/api/v1/loans/{b['loan_id']}/dues", "/api/v1/cases"):
        r = sa.get(base + path, timeout=TIMEOUT)
        assert r.status_code in (403, 404), (path, r.status_code)
        assert_absent(r.text, *b_secrets)
    # Sanity: B does see B's own loan.
    assert b["loan_id"] in sb.get(f"{base}/portal/loans/{b['loan_id']}", timeout=TIMEOUT).text


def test_borrower_cannot_cross_tenants_with_a_shared_borrower_id(world):
    """acme's loans reuse default's ids (L0000001, B000001...): an id clash must not open acme's data."""
    acme_by_borrower = {c["borrower_id"]: c for c in world.cases["acme"]}
    pick = None
    for case in world.cases["default"]:
        if case["borrower_id"] in acme_by_borrower and case["status"] == "triggered":
            owners = [r for r in world.loans["default"].values() if r["borrower_id"] == case["borrower_id"]]
            if len(owners) == 1 and f"default:{case['borrower_id']}" not in world._taken:
                pick = case
                break
    assert pick, "the world has no borrower id shared by both lenders"
    world._taken.add(f"default:{pick['borrower_id']}")
    twin = acme_by_borrower[pick["borrower_id"]]
    s = world.enter(pick["loan_id"])
    r = s.get(f"{world.base}/portal/cases/{twin['id']}", timeout=TIMEOUT)
    assert r.status_code in (403, 404), r.status_code
    r = s.get(f"{world.base}/api/v1/me/loans", timeout=TIMEOUT)
    assert [loan["loan_id"] for loan in r.json()["loans"]] == [pick["loan_id"]]
    assert r.json()["loans"][0]["dues"] == world.dues(pick["loan_id"]), "the borrower sees their own loan's dues"
    assert_absent(r.text, twin["id"])


# --------------------------------------------------------------- links
def test_used_link_is_gone(world, two_borrowers):
    a, sa, _, _ = two_borrowers
    fresh = requests.Session()
    r = fresh.get(sa.entry_url, timeout=TIMEOUT)
    assert r.status_code == 404, r.status_code
    assert 'name="code"' not in r.text
    # even with the right code and a valid double-submit token
    r = fresh.post(sa.entry_url, data={"csrf": fresh.cookies.get("parley_csrf") or "", "code": world.latest_code(a["loan_id"])},
                   allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code in (403, 404), r.status_code
    assert not fresh.cookies.get("parley_borrower")


def test_expired_link_is_gone(world):
    subject = world.take_open_case()
    url = world.issue_link(subject["loan_id"])
    token_hash = hashlib.sha256(url.rsplit("/", 1)[1].encode()).hexdigest()   # only the hash is stored
    assert world.sql("SELECT count(*) FROM borrower_links WHERE token_hash = ?", (token_hash,)) == [(1,)]
    world.sql("UPDATE borrower_links SET expires_at = ? WHERE token_hash = ?", (int(time.time()) - 60, token_hash))
    s = requests.Session()
    r = s.get(url, timeout=TIMEOUT)
    assert r.status_code == 404, r.status_code
    assert 'name="code"' not in r.text
    assert world.sql("SELECT code_hash FROM borrower_links WHERE token_hash = ?", (token_hash,)) == [(None,)], \
        "an expired link must not send a code"
    r = s.post(url, data={"csrf": s.cookies.get("parley_csrf") or "", "code": "123456"}, allow_redirects=False,
               timeout=TIMEOUT)
    assert r.status_code in (403, 404), r.status_code
    assert not s.cookies.get("parley_borrower")


def test_sixth_wrong_code_is_locked_out(world):
    subject = world.take_open_case(language="en")
    s = requests.Session()
    url = world.issue_link(subject["loan_id"])
    r = s.get(url, timeout=TIMEOUT)
    assert r.status_code == 200
    csrf = form_csrf(r.text)
    right = world.latest_code(subject["loan_id"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    statuses = []
    for _ in range(6):
        r = s.post(url, data={"csrf": csrf, "code": wrong}, allow_redirects=False, timeout=TIMEOUT)
        statuses.append(r.status_code)
        assert not s.cookies.get("parley_borrower")
    assert statuses[:4] == [400] * 4, statuses
    assert statuses[5] == 429, f"the sixth wrong code must be locked out (429); got {statuses}"
    assert 'name="code"' not in r.text, "the lockout page offers no code field"
    assert "Too many wrong codes" in r.text and 'role="alert"' in r.text, r.text[-800:]
    # the right code no longer opens the space
    r = s.post(url, data={"csrf": csrf, "code": right}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 429, r.status_code
    assert not s.cookies.get("parley_borrower")
    assert s.get(f"{world.base}/portal/loans/{subject['loan_id']}", timeout=TIMEOUT).status_code == 403
    assert s.get(url, timeout=TIMEOUT).status_code == 429


# --------------------------------------------------------------- CSRF
def test_portal_form_without_csrf_is_refused(world, two_borrowers):
    a, sa, _, _ = two_borrowers
    before = events(world, a["case_id"])
    for name, fields in (("message", {"message": "no token"}),
                         ("proposal", {"amount": "1000", "instalments": "2", "first_date": "2026-12-20"}),
                         ("dispute", {"reason": "other", "details": "x"})):
        r = sa.post(f"{world.base}/portal/cases/{a['case_id']}/{name}", data=fields, allow_redirects=False,
                    timeout=TIMEOUT)
        assert r.status_code == 403, (name, r.status_code)
        r = sa.post(f"{world.base}/portal/cases/{a['case_id']}/{name}", data={"csrf": "x" * 43, **fields},
                    allow_redirects=False, timeout=TIMEOUT)
        assert r.status_code == 403, (name, "wrong token", r.status_code)
    r = sa.post(f"{world.base}/portal/cases/{a['case_id']}/documents",
                files={"document": ("r.pdf", b"%PDF-1.4\n", "application/pdf")}, allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 403, ("documents", r.status_code)
    assert events(world, a["case_id"]) == before, "a refused form must record nothing"
    # control: with the token the same message is accepted and recorded
    csrf = case_page_csrf(world, sa, a["case_id"])
    r = sa.post(f"{world.base}/portal/cases/{a['case_id']}/message", data={"csrf": csrf, "message": "with token"},
                allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 303 and "done=message" in r.headers["Location"], r.status_code
    assert len(events(world, a["case_id"])) == len(before) + 1


def test_login_without_csrf_is_refused(world):
    s = requests.Session()
    s.get(world.base + "/login", timeout=TIMEOUT)     # has the cookie, omits the field
    r = s.post(world.base + "/login", data={"email": world.users["platform_admin"], "password": PASSWORD},
               allow_redirects=False, timeout=TIMEOUT)
    assert r.status_code == 403, r.status_code
    assert not s.cookies.get("parley_session")


def test_staff_cookie_writes_need_the_csrf_header(world):
    s = world.staff("lender_admin")
    body = {"loans": [loan_item(world, "L0000001")]}
    r = s.post(world.base + "/api/v1/loans", json=body, timeout=TIMEOUT)
    assert r.status_code == 403, (r.status_code, r.text)
    r = s.post(world.base + "/api/v1/loans", json=body, headers={"X-CSRF-Token": "x" * 43}, timeout=TIMEOUT)
    assert r.status_code == 403, (r.status_code, r.text)
    r = s.post(world.base + "/api/v1/payments", json={"payments": [{"loan_id": "L0000001", "paid_on": AS_OF,
                                                                     "amount": "1.00", "reference": "CSRF1"}]},
               timeout=TIMEOUT)
    assert r.status_code == 403, (r.status_code, r.text)
    assert not world.sql("SELECT count(*) FROM payments WHERE reference = 'CSRF1'")[0][0]
    # control: with the token it goes through (the loan is unchanged)
    r = s.post(world.base + "/api/v1/loans", json=body, headers={"X-CSRF-Token": s.csrf_token}, timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text)
    assert r.json()["unchanged"] == 1, r.text


# --------------------------------------------------------------- limits and malformed input
def test_oversized_body_is_413_and_stores_nothing(world):
    before = world.loan_count()
    items = [dict(loan_item(world, "L0000001"), loan_id=f"BIG{i:07d}", borrower_id=f"BIGB{i:06d}") for i in range(8000)]
    body = json.dumps({"loans": items})
    assert len(body) > 2_000_000
    try:
        r = requests.post(world.base + "/api/v1/loans", data=body,
                          headers={**world.api_headers(), "Content-Type": "application/json"}, timeout=30)
        assert r.status_code == 413, (r.status_code, r.text[:300])
    except requests.ConnectionError as e:     # closing early after the 413 is allowed; storing is not
        pytest.fail(f"the server dropped the connection instead of answering 413: {e!r}")
    assert world.loan_count() == before
    assert not world.sql("SELECT count(*) FROM loans WHERE loan_id LIKE 'BIG%'")[0][0]
    # the server still serves
    assert requests.get(world.base + "/healthz", timeout=TIMEOUT).status_code == 200


@pytest.mark.parametrize("body", ['{"loans": [', "not json", '{"loans": [{"loan_id": "L1",}]}', "\xff\xfe"])
def test_malformed_json_is_400(world, body):
    before = world.loan_count()
    r = requests.post(world.base + "/api/v1/loans", data=body.encode("utf-8", "surrogateescape"),
                      headers={**world.api_headers(), "Content-Type": "application/json"}, timeout=TIMEOUT)
    assert r.status_code == 400, (r.status_code, r.text)
    assert r.json()["error"]["status"] == 400
    assert world.loan_count() == before


# --------------------------------------------------------------- the access matrix
def credentials(world, who: str):
    """(headers, cookies-session) for a principal name."""
    if who == "anonymous":
        return requests.Session(), {}
    if who.startswith("key:"):
        return requests.Session(), world.api_headers(who[4:])
    if who == "acme_admin":
        s = world.staff("lender_admin", email=world.acme_admin)
    else:
        s = world.staff(who)
    return s, {"X-CSRF-Token": s.csrf_token}


def expected(who: str, what: str):
    """The status each principal must get for each request."""
    platform = who in ("platform_admin", "case_manager")
    neutral = who in ("mediator", "arbitrator")
    if who == "anonymous":
        return 303 if what.startswith("staff_") else 401
    if what == "list":
        return 403 if neutral else 200
    if what == "list_acme":      # ?lender=acme: only platform roles may choose the lender
        return 403 if neutral else 200
    if what == "default_case":
        if neutral:
            return 403
        return 404 if who in ("key:acme", "acme_admin") else 200
    if what == "acme_case":
        if neutral:
            return 403
        return 200 if who in ("key:acme", "acme_admin") else 404
    if what == "acme_case_as_acme":   # ?lender=acme
        if neutral:
            return 403
        return 200 if (platform or who in ("key:acme", "acme_admin")) else 404
    if what in ("staff_default_case", "staff_acme_case"):   # the staff HTML page of a case
        if who.startswith("key:"):
            return 303          # an API key is no staff sign-in: to /login
        if neutral:
            return 403
        mine = (what == "staff_default_case") != (who == "acme_admin")
        return 200 if mine else 404
    if what == "post_loans":
        return 200 if who in ("lender_admin", "platform_admin", "key:default", "key:acme", "acme_admin") else 403
    raise AssertionError(what)


PRINCIPALS = ROLES + ["acme_admin", "key:default", "key:acme", "anonymous"]


def test_access_matrix(world):
    default_case = "C0000001"
    assert any(c["id"] == default_case for c in world.cases["default"])
    acme_case = world.cases["acme"][0]["id"]
    acme_loan = world.cases["acme"][0]["loan_id"]
    problems, table = [], []
    for who in PRINCIPALS:
        session, headers = credentials(world, who)
        own_lender = "acme" if who in ("key:acme", "acme_admin") else "default"
        post_loan = loan_item(world, "L0000001" if own_lender == "default" else acme_loan, own_lender)
        requests_ = {
            "list": ("GET", "/api/v1/cases", None),
            "list_acme": ("GET", "/api/v1/cases?lender=acme", None),
            "default_case": ("GET", f"/api/v1/cases/{default_case}", None),
            "acme_case": ("GET", f"/api/v1/cases/{acme_case}", None),
            "acme_case_as_acme": ("GET", f"/api/v1/cases/{acme_case}?lender=acme", None),
            "post_loans": ("POST", "/api/v1/loans", {"loans": [post_loan]}),
            "staff_default_case": ("GET", f"/staff/cases/{default_case}", None),
            "staff_acme_case": ("GET", f"/staff/cases/{acme_case}", None),
        }
        missing = session.get(world.base + "/api/v1/cases/C9999999", headers=headers, timeout=TIMEOUT)
        row = [who]
        for what, (method, path, body) in requests_.items():
            r = session.request(method, world.base + path, json=body, headers=headers, allow_redirects=False,
                                timeout=TIMEOUT)
            want = expected(who, what)
            row.append(f"{what}={r.status_code}")
            if r.status_code != want:
                problems.append(f"{who:15} {method} {path}: expected {want}, got {r.status_code} {r.text[:120]}")
                continue
            if r.status_code == 303 and r.headers.get("Location") != "/login":
                problems.append(f"{who:15} {path}: 303 to {r.headers.get('Location')}, expected /login")
            if what.startswith("staff_"):
                shown = default_case if what == "staff_default_case" else acme_case
                if r.status_code == 200 and shown not in r.text:
                    problems.append(f"{who:15} {path}: the page does not show the case")
                continue
            if r.status_code == 200 and what.startswith("list"):
                lenders = {c["lender_id"] for c in r.json()["cases"]}
                # lender-bound principals see their own lender whatever ?lender= says; platform roles choose
                if who in ("platform_admin", "case_manager"):
                    want_lender = "acme" if what == "list_acme" else "default"
                else:
                    want_lender = own_lender
                if lenders != {want_lender}:
                    problems.append(f"{who:15} {method} {path}: saw cases of {sorted(lenders)}, expected only {want_lender}")
            elif r.status_code == 200 and what.endswith("case") or what == "acme_case_as_acme" and r.status_code == 200:
                wanted = default_case if what == "default_case" else acme_case
                if r.json().get("id") != wanted:
                    problems.append(f"{who:15} {path}: expected case {wanted}, got {r.text[:120]}")
            elif r.status_code == 200 and what == "post_loans":
                if r.json().get("unchanged") != 1:
                    problems.append(f"{who:15} POST /api/v1/loans: expected the loan unchanged, got {r.text[:200]}")
            if r.status_code == 404 and r.text != missing.text:
                problems.append(f"{who:15} {path}: a denied case must look like a missing one: {r.text[:120]}")
        table.append("  ".join(row))
    print("\n".join(table))
    assert not problems, "access matrix violations:\n" + "\n".join(problems)


def test_neutral_and_lender_roles_cannot_widen_their_scope(world):
    """A lender's own staff cannot read another lender by naming it; a denied case says nothing."""
    acme_case = world.cases["acme"][0]["id"]
    for who in ("lender_admin", "lender_agent"):
        s = world.staff(who)
        for path in (f"/api/v1/cases/{acme_case}?lender=acme", f"/api/v1/cases/{acme_case}/events?lender=acme",
                     "/api/v1/cases?lender=acme"):
            r = s.get(world.base + path, timeout=TIMEOUT)
            if r.status_code == 200:
                assert {c["lender_id"] for c in r.json().get("cases", [{"lender_id": "default"}])} == {"default"}, path
            else:
                assert r.status_code == 404, (who, path, r.status_code)
    # a missing case and another lender's case look the same
    s = world.staff("lender_admin")
    r1 = s.get(f"{world.base}/api/v1/cases/{acme_case}", timeout=TIMEOUT)
    r2 = s.get(f"{world.base}/api/v1/cases/C9999999", timeout=TIMEOUT)
    assert (r1.status_code, r1.text) == (r2.status_code, r2.text)


def test_unauthenticated_and_bad_keys_get_401(world):
    for path in ("/api/v1/cases", "/api/v1/cases/C0000001", "/api/v1/cases/C0000001/events",
                 "/api/v1/loans/L0000001/dues", "/api/v1/me/loans"):
        for headers in ({}, {"Authorization": "Bearer pk_nope"}, {"Authorization": "Basic eDp5"}):
            r = requests.get(world.base + path, headers=headers, timeout=TIMEOUT)
            assert r.status_code == 401, (path, headers, r.status_code)
    r = requests.post(world.base + "/api/v1/loans", json={"loans": [loan_item(world, "L0000001")]}, timeout=TIMEOUT)
    assert r.status_code == 401
