"""Helpers for the outreach end-to-end tests (test_outreach.py).

A `Book` is a database of its own built with the real binary from a loans CSV
written here; `ProviderServer` is `parley serve` with a provider configuration
(webhook secrets, SMTP); `SMTPCatcher` is an aiosmtpd server on a free
loopback port that keeps what it receives; `Expected` holds the compliance
rules as written in SPEC.md and the public holiday calendars, independently
of the product's code.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import socket
import sqlite3
import subprocess
import threading
from datetime import date, datetime, timedelta, timezone
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

from conftest import PARLEY_BIN, SERVE_LINE, Server, run_parley

LOAN_COLUMNS = ["loan_id", "borrower_id", "borrower_name", "phone", "email", "language", "timezone",
                "jurisdiction", "currency", "principal", "annual_rate_bps", "tenure_months", "first_due_on", "emi"]

APP_SECRET = "APPSECRET"
VERIFY_TOKEN = "VERIFY"
SMS_SECRET = "SMSSECRET-7f3a9c"


# ----------------------------------------------------------------- the compliance rules, independently
class Expected:
    """Contact hours (local, start inclusive, end exclusive), closed days and caps of the standard profiles."""
    HOURS = {"IN": (8, 19), "US": (8, 21), "GB": (8, 21)}
    # Public holidays that fall in the scenario's weeks (Government of India gazette, 5 U.S.C. 6103, gov.uk).
    HOLIDAYS = {"IN": {date(2026, 11, 8)},    # Diwali
                "US": {date(2026, 11, 11)},   # Veterans Day
                "GB": set()}
    # None of the standard profiles closes Sundays; a profile that did would be listed here.
    NO_SUNDAY = {"IN": False, "US": False, "GB": False}
    PER_CHANNEL_PER_DAY = {"whatsapp": 1, "sms": 1, "email": 1, "push": 2}
    OVERALL_PER_DAY = 3
    PER_CHANNEL_PER_7_DAYS = {"whatsapp": 3, "sms": 3, "email": 4, "push": 5}
    OVERALL_PER_7_DAYS = {"US": 7, "IN": 10, "GB": 10}


def parse_instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def max_in_window(instants: list[datetime], span: timedelta) -> int:
    """The most instants in any half-open window (t - span, t]: what a rolling cap counts."""
    ordered = sorted(instants)
    best, start = 0, 0
    for end, t in enumerate(ordered):
        while ordered[start] <= t - span:
            start += 1
        best = max(best, end - start + 1)
    return best


# ----------------------------------------------------------------- a loan book of our own
def loan_row(loan_id: str, borrower_id: str, **fields) -> dict:
    row = {"loan_id": loan_id, "borrower_id": borrower_id, "borrower_name": "Test Borrower", "phone": "+919800000001",
           "email": "", "language": "en", "timezone": "Asia/Kolkata", "jurisdiction": "IN", "currency": "INR",
           "principal": "120000.00", "annual_rate_bps": "1200", "tenure_months": "12", "first_due_on": "2026-06-05",
           "emi": ""}
    row.update(fields)
    return row


class Book:
    """A database in `workdir` holding the loans given, with no payments (every loan is overdue)."""

    def __init__(self, workdir: str, rows: list[dict], policy_edit=None):
        self.dir = workdir
        self.db = os.path.join(workdir, "parley.db")
        self.rows = rows
        path = os.path.join(workdir, "loans.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=LOAN_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        self.parley("import", "loans", path)
        if policy_edit:
            document = json.loads(self.parley("policy", "show"))
            policy_edit(document)
            policy_path = os.path.join(workdir, "policy.json")
            with open(policy_path, "w", encoding="utf-8") as f:
                json.dump(document, f)
            self.parley("policy", "set", policy_path)

    def parley(self, *args: str, check: bool = True) -> str:
        return run_parley(*args, db=self.db, check=check)

    def outbox(self) -> list[dict]:
        return json.loads(self.parley("outbox", "list", "--json", "--limit", "100000"))

    def cycle(self, day: str, *extra: str) -> dict:
        return json.loads(self.parley("cycle", "--as-of", day, "--json", *extra))

    def dispatch(self, now: str, *extra: str) -> dict:
        return json.loads(self.parley("dispatch", "--now", now, "--max-wait", "0", "--json", *extra))

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        con = sqlite3.connect(self.db, timeout=10)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()


# ----------------------------------------------------------------- providers and the server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_providers(path: str, smtp_port: int | None = None, sms_base: str = "http://127.0.0.1:9") -> str:
    """WhatsApp Cloud and Exotel with webhook secrets (their APIs on a closed port unless given), and SMTP when a port
    is given."""
    document = {
        "whatsapp": {"kind": "whatsapp_cloud", "base_url": "http://127.0.0.1:9", "version": "v21.0",
                     "phone_number_id": "123", "access_token": "t", "app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN},
        "sms": {"kind": "sms_exotel", "base_url": sms_base, "account_sid": "acc", "api_key": "k",
                "api_token": "t", "sender": "PRLYIN", "entity_id": "1101", "webhook_secret": SMS_SECRET},
    }
    if smtp_port is not None:
        document["email"] = {"kind": "smtp", "url": f"smtp://127.0.0.1:{smtp_port}", "starttls": "off",
                             "from": "Parley <noreply@parley.example>"}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f)
    return path


class ProviderServer(Server):
    """`parley serve --port 0 --providers FILE`; stopped with SIGTERM like the conftest's servers."""

    def __init__(self, db: str, workdir: str, name: str, providers: str, today: str):
        self.log_path = os.path.join(workdir, f"{name}.access.log")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [PARLEY_BIN, "serve", "--port", "0", "--db", db, "--today", today, "--providers", providers],
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

    def log_text(self) -> str:
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")


def signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def whatsapp_text(message_id: str, sender: str, text: str, timestamp: int) -> bytes:
    """A Cloud API notification carrying one inbound text message, as Meta sends it."""
    return json.dumps({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": "123"},
            "contacts": [{"profile": {"name": "Test"}, "wa_id": sender}],
            "messages": [{"from": sender, "id": message_id, "timestamp": str(timestamp), "type": "text",
                          "text": {"body": text}}]}}]}],
    }, ensure_ascii=False).encode("utf-8")


# ----------------------------------------------------------------- a stand-in for Exotel's SMS API
class FakeExotel:
    """Answers `POST /v1/Accounts/{sid}/Sms/send.json` as Exotel does on success, keeping each form it gets."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import parse_qs
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode("utf-8")).items()}
                fake.requests.append({"path": self.path, "form": form})
                body = json.dumps({"SMSMessage": {"Sid": f"exotel-{len(fake.requests)}", "Status": "queued"}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# ----------------------------------------------------------------- SMTP
class SMTPCatcher:
    """An aiosmtpd Controller on a free loopback port that keeps every message it is handed."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        self.messages: list[dict] = []
        catcher = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                catcher.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                         "data": envelope.original_content or envelope.content})
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def parsed(self, index: int):
        return message_from_bytes(self.messages[index]["data"], policy=policy.default)

    def stop(self):
        self.controller.stop()


def local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))
