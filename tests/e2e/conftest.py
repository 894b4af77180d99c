"""Shared fixtures for the live end-to-end tests (browser, security, API schema).

The session fixture `world` builds a small loan book in a temporary directory
with the real binary, starts `parley serve --port 0 --today 2026-12-01`, and
yields a `World` with the base URL and helpers.  At the end the server gets
SIGTERM and must exit 0 (graceful shutdown).

PARLEY_BIN overrides the binary (default: ../../.build/debug/parley relative
to this file).  The binary is never built here.
"""
from __future__ import annotations

import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PARLEY_BIN = os.environ.get(
    "PARLEY_BIN", os.path.normpath(os.path.join(HERE, "..", "..", ".build", "debug", "parley")))
ARTIFACTS = os.path.join(HERE, "artifacts")

AS_OF = "2026-12-01"
PASSWORD = "password123"
ROLES = ["lender_admin", "lender_agent", "case_manager", "mediator", "arbitrator", "platform_admin"]
SERVE_LINE = re.compile(r"Parley is serving on (http://[0-9.]+:(\d+))")
CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


# ----------------------------------------------------------------- helpers
def wait_for_binary(timeout: float = 150.0) -> str:
    """The binary is built by someone else; wait a while for it instead of building."""
    deadline = time.monotonic() + timeout
    while not (os.path.isfile(PARLEY_BIN) and os.access(PARLEY_BIN, os.X_OK)):
        if time.monotonic() > deadline:
            pytest.fail(f"parley binary not found at {PARLEY_BIN} (build it first, or set PARLEY_BIN)")
        time.sleep(5)
    return PARLEY_BIN


def run_parley(*args: str, db: str | None = None, input: str | None = None, check: bool = True) -> str:
    cmd = [PARLEY_BIN, *args] + (["--db", db] if db else [])
    proc = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc.stdout


def latest_code_in(db: str, loan_id: str, lender: str = "default") -> str:
    """The one-time code in the newest outbox message of the loan (`parley outbox list --json`)."""
    messages = json.loads(run_parley("outbox", "list", "--json", "--loan", loan_id, "--lender", lender, db=db))
    assert messages, f"no outbox message for {loan_id}"
    last = max(messages, key=lambda m: m["id"])
    m = CODE.search(last["body"])
    assert m, f"no 6-digit code in {last['body']!r}"
    return m.group(1)


def money_text(minor: int, currency: str) -> str:
    """The portal's money format (MoneyText): ₹3,03,848.45 with Indian grouping for INR."""
    negative = minor < 0
    whole, frac = divmod(abs(minor), 100)
    digits = str(whole)
    if currency == "INR" and len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        pairs = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        if head:
            pairs.insert(0, head)
        grouped = ",".join(pairs) + "," + tail
    else:
        grouped = f"{whole:,}"
    symbol = {"INR": "₹", "USD": "$", "GBP": "£", "EUR": "€"}.get(currency, currency + " ")
    return ("-" if negative else "") + symbol + grouped + "." + f"{frac:02d}"


class Server:
    """One `parley serve` process on port 0; its access log (stderr) is kept in a file."""

    def __init__(self, db: str, workdir: str, name: str, today: str = AS_OF):
        self.log_path = os.path.join(workdir, f"{name}.access.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [PARLEY_BIN, "serve", "--port", "0", "--db", db, "--today", today],
            stdout=subprocess.PIPE, stderr=self._log, text=True)
        line = self._read_line(timeout=30)
        m = SERVE_LINE.search(line or "")
        if not m:
            self.proc.kill()
            raise AssertionError(f"parley serve did not announce its port; first line: {line!r}; log: {self.log_tail()}")
        self.base = m.group(1)
        self.port = int(m.group(2))
        self.stdout_rest: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_line(self, timeout: float) -> str | None:
        result: list[str] = []
        t = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()), daemon=True)
        t.start()
        t.join(timeout)
        return result[0] if result else None

    def _drain(self):
        for line in self.proc.stdout:
            self.stdout_rest.append(line)

    def log_tail(self, n: int = 20) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self._log.close()
                raise AssertionError(f"parley serve did not stop within {timeout}s of SIGTERM")
        self._log.close()
        return self.proc.returncode


class World:
    """The loan book, its people and keys, and the running server."""

    def __init__(self, workdir: str):
        self.dir = workdir
        self.db = os.path.join(workdir, "parley.db")
        self.keys: dict[str, str] = {}
        self.users: dict[str, str] = {}          # role -> email (all of lender `default`)
        self.acme_admin = "admin@acme.example"
        self.loans: dict[str, dict[str, dict]] = {}   # lender -> loan_id -> CSV row
        self.cases: dict[str, list[dict]] = {}        # lender -> cases from `case list --json`
        self.server: Server | None = None
        self._taken: set[str] = set()
        self._staff: dict[str, object] = {}
        self._lock = threading.Lock()

    # -- the book
    def build(self):
        book, acme = os.path.join(self.dir, "book"), os.path.join(self.dir, "acme")
        run_parley("generate", "--loans", "300", "--seed", "7", "--as-of", AS_OF, "--out", book)
        run_parley("import", "loans", os.path.join(book, "loans.csv"), db=self.db)
        run_parley("import", "payments", os.path.join(book, "payments.csv"), db=self.db)
        run_parley("cycle", "--as-of", AS_OF, db=self.db)
        run_parley("lender", "add", "acme", "--name", "Acme", db=self.db)
        run_parley("generate", "--loans", "20", "--seed", "99", "--as-of", AS_OF, "--out", acme)
        run_parley("import", "loans", os.path.join(acme, "loans.csv"), "--lender", "acme", db=self.db)
        run_parley("import", "payments", os.path.join(acme, "payments.csv"), "--lender", "acme", db=self.db)
        run_parley("cycle", "--as-of", AS_OF, "--lender", "acme", db=self.db)
        for role in ROLES:
            email = f"{role}@default.example"
            run_parley("user", "add", "--email", email, "--role", role, "--lender", "default",
                       "--password-stdin", db=self.db, input=PASSWORD + "\n")
            self.users[role] = email
        run_parley("user", "add", "--email", self.acme_admin, "--role", "lender_admin", "--lender", "acme",
                   "--password-stdin", db=self.db, input=PASSWORD + "\n")
        for lender in ("default", "acme"):
            self.keys[lender] = run_parley("apikey", "create", "--lender", lender, db=self.db).strip()
            assert self.keys[lender].startswith("pk_"), self.keys[lender]
        for lender, folder in (("default", book), ("acme", acme)):
            with open(os.path.join(folder, "loans.csv"), newline="", encoding="utf-8") as f:
                self.loans[lender] = {row["loan_id"]: row for row in csv.DictReader(f)}
            self.cases[lender] = json.loads(run_parley("case", "list", "--json", "--lender", lender, db=self.db))
            assert self.cases[lender], f"the cycle opened no case for {lender}"

    def snapshot(self, name: str) -> str:
        """A consistent copy of the database (for a second, disposable server)."""
        path = os.path.join(self.dir, name)
        src, dst = sqlite3.connect(self.db), sqlite3.connect(path)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return path

    # -- CLI conveniences
    def parley(self, *args: str, input: str | None = None, check: bool = True) -> str:
        return run_parley(*args, db=self.db, input=input, check=check)

    def dues(self, loan_id: str, lender: str = "default") -> dict:
        return json.loads(self.parley("dues", loan_id, "--as-of", AS_OF, "--lender", lender, "--json"))

    def issue_link(self, loan_id: str, lender: str = "default") -> str:
        url = self.parley("link", "issue", "--loan", loan_id, "--lender", lender, "--base-url", self.base).strip()
        assert url.startswith(self.base + "/p/"), url
        return url

    def latest_code(self, loan_id: str, lender: str = "default") -> str:
        return latest_code_in(self.db, loan_id, lender)

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        con = sqlite3.connect(self.db, timeout=10)
        try:
            with con:
                return con.execute(query, params).fetchall()
        finally:
            con.close()

    def loan_count(self) -> int:
        return self.sql("SELECT count(*) FROM loans")[0][0]

    # -- picking test subjects: each test gets borrowers nobody else touches
    def take_open_case(self, lender: str = "default", currency: str | None = None, language: str | None = None,
                       min_overdue: int = 0, exclude_borrower_ids: set | None = None) -> dict:
        with self._lock:
            owners: dict[str, int] = {}
            for row in self.loans[lender].values():
                owners[row["borrower_id"]] = owners.get(row["borrower_id"], 0) + 1
            for case in self.cases[lender]:
                row = self.loans[lender][case["loan_id"]]
                key = f"{lender}:{case['borrower_id']}"
                if key in self._taken or owners[case["borrower_id"]] != 1:
                    continue
                if case["status"] != "triggered":
                    continue
                if currency and row["currency"] != currency:
                    continue
                if language and row["language"] != language:
                    continue
                if exclude_borrower_ids and case["borrower_id"] in exclude_borrower_ids:
                    continue
                if min_overdue and self.dues(case["loan_id"], lender)["total_overdue"] < min_overdue:
                    continue
                self._taken.add(key)
                return {"case_id": case["id"], "loan_id": case["loan_id"], "borrower_id": case["borrower_id"],
                        "name": row["borrower_name"], "currency": row["currency"], "lender": lender}
        raise AssertionError("no more suitable open cases in the world")

    # -- HTTP conveniences
    @property
    def base(self) -> str:
        return self.server.base

    def api_headers(self, lender: str = "default") -> dict:
        return {"Authorization": "Bearer " + self.keys[lender]}

    def staff(self, role: str, email: str | None = None):
        """A signed-in staff session (cached: sign-in attempts are rate limited per address)."""
        import requests
        email = email or self.users[role]
        with self._lock:
            if email in self._staff:
                return self._staff[email]
            s = requests.Session()
            r = s.get(self.base + "/login", timeout=10)
            assert r.status_code == 200, r.status_code
            csrf = form_csrf(r.text)
            r = s.post(self.base + "/login", data={"email": email, "password": PASSWORD, "csrf": csrf},
                       allow_redirects=False, timeout=10)
            assert r.status_code == 303 and r.headers.get("Location") == "/staff", (r.status_code, r.text[:300])
            assert s.cookies.get("parley_session"), "no staff session cookie"
            r = s.get(self.base + "/staff", timeout=10)
            s.staff_page_status = r.status_code
            if role in ("mediator", "arbitrator"):
                # Neutrals have no case list yet (403), so no page shows them their session's CSRF token.
                assert r.status_code in (200, 403), r.status_code
            else:
                assert r.status_code == 200, r.status_code
            s.csrf_token = form_csrf(r.text) if r.status_code == 200 else ""
            self._staff[email] = s
            return s

    def enter(self, loan_id: str, lender: str = "default"):
        """A borrower session: issue a link, open it, read the code from the outbox, confirm it."""
        import requests
        s = requests.Session()
        url = self.issue_link(loan_id, lender)
        r = s.get(url, timeout=10)
        assert r.status_code == 200, (r.status_code, r.text[:300])
        code = self.latest_code(loan_id, lender)
        r = s.post(url, data={"csrf": form_csrf(r.text), "code": code}, allow_redirects=False, timeout=10)
        assert r.status_code == 303, (r.status_code, r.text[:500])
        assert r.headers["Location"] == f"/portal/loans/{loan_id}", r.headers["Location"]
        assert s.cookies.get("parley_borrower"), "no borrower cookie"
        r = s.get(self.base + f"/portal/loans/{loan_id}", timeout=10)
        assert r.status_code == 200, r.status_code
        s.entry_url = url
        return s


def form_csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no csrf field in the page"
    return m.group(1)


# ----------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def parley_bin() -> str:
    return wait_for_binary()


@pytest.fixture(scope="session")
def world(parley_bin, tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("parley-world"))
    w = World(workdir)
    w.build()
    w.schema_db = w.snapshot("schema.db")   # a twin for fuzzing, so it cannot disturb the other tests
    w.server = Server(w.db, workdir, "main")
    try:
        yield w
    finally:
        rc = w.server.stop()
        assert rc == 0, f"parley serve exited {rc} after SIGTERM (not graceful); log tail:\n{w.server.log_tail()}"


@pytest.fixture(scope="session")
def start_server(parley_bin, tmp_path_factory):
    """Factory for extra servers (each stopped with SIGTERM at the end, exit 0 asserted)."""
    started: list[Server] = []

    def start(db: str, name: str = "extra") -> Server:
        server = Server(db, os.path.dirname(db), name)
        started.append(server)
        return server

    yield start
    codes = [(s.base, s.stop()) for s in started]
    bad = [(b, c) for b, c in codes if c != 0]
    assert not bad, f"servers that did not exit 0 after SIGTERM: {bad}"


# ----------------------------------------------------------------- ordering and screenshots
def pytest_collection_modifyitems(session, config, items):
    """Fast, deterministic checks first; the time-bounded fuzzing run last (so -x reports the most)."""
    order = {"test_security.py": 0, "test_portal_browser.py": 1, "test_dues_oracle.py": 2, "test_api_schema.py": 3}
    items.sort(key=lambda item: order.get(os.path.basename(str(item.fspath)), 1))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when in ("setup", "call") and report.failed:
        driver = getattr(item, "funcargs", {}).get("driver")
        if driver is not None:
            os.makedirs(ARTIFACTS, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
            path = os.path.join(ARTIFACTS, name + ".png")
            try:
                driver.save_screenshot(path)
                with open(os.path.join(ARTIFACTS, name + ".html"), "w", encoding="utf-8") as f:
                    f.write(driver.page_source)
                report.sections.append(("screenshot", f"saved {path}"))
            except Exception as e:  # the browser itself may be the failure
                report.sections.append(("screenshot", f"could not save a screenshot: {e!r}"))
