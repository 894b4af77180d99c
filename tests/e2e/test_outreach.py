"""Outreach end to end with the real binary: the compliance gate over two simulated weeks, provider webhooks on a
running server, and email through a real SMTP server with RFC 8058 one-click unsubscribe.

Every expectation about hours, holidays and caps comes from `outreach_support.Expected` (SPEC.md and the public
holiday calendars) and Python's zoneinfo, not from the product.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone

import pytest
import requests

from outreach_support import (SMS_SECRET, Book, Expected, FakeExotel, ProviderServer, SMTPCatcher, loan_row, local,
                              max_in_window, parse_instant, signature, whatsapp_text, write_providers)

TIMEOUT = 15
SENT = {"sent", "delivered", "read"}


def hourly(day: date, hours=range(24)):
    for hour in hours:
        yield datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def iso(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def gate_rule(message: dict) -> str | None:
    """The gate's rule for a message: the dispatcher's decision, or the planner's record of the gate's view."""
    decision = message["decision"]
    if not isinstance(decision, dict):
        return None
    gate = decision.get("inputs", {}).get("gate")
    return gate["rule"] if isinstance(gate, dict) else decision.get("rule")


# =============================================================== the gate over two weeks, across the DST change
ZONES = {"US1": "America/New_York", "US2": "America/Los_Angeles", "US3": "America/New_York",
         "IN1": "Asia/Kolkata", "IN2": "Asia/Kolkata", "GB1": "Europe/London", "GB2": "Europe/London"}
JURISDICTION = {b: b[:2] for b in ZONES}
FIRST_DAY, LAST_DAY = date(2026, 10, 29), date(2026, 11, 11)
ACTION_AT = datetime(2026, 11, 4, 0, 0, tzinfo=timezone.utc)   # opt-out and holds, between two dispatch runs


def scenario_rows() -> list[dict]:
    people = {  # borrower: (loans, phone, email, language, currency)
        "US1": (4, "+12125550101", "us1@example.com", "en", "USD"),
        "US2": (1, "+13105550102", "us2@example.com", "en", "USD"),
        "US3": (2, "+12125550103", "us3@example.com", "en", "USD"),
        "IN1": (3, "+919800000011", "in1@example.in", "hi", "INR"),
        "IN2": (2, "+919800000012", "", "en", "INR"),
        "GB1": (3, "+447700900001", "gb1@example.co.uk", "en", "GBP"),
        "GB2": (1, "+447700900002", "gb2@example.co.uk", "en", "GBP"),
    }
    rows = []
    for borrower, (loans, phone, email, language, currency) in people.items():
        for n in range(loans):
            rows.append(loan_row(f"{borrower}-L{n + 1}", borrower, borrower_name=f"Borrower {borrower}", phone=phone,
                                 email=email, language=language, timezone=ZONES[borrower],
                                 jurisdiction=JURISDICTION[borrower], currency=currency))
    return rows


def dense_cadence(policy: dict):
    """A message every day for two weeks, in windows that start before and end after the legal hours."""
    policy["outreach"]["cadence"] = [{"day": d, "template": "reminder", "channels": ["whatsapp", "sms", "email", "push"]}
                                     for d in range(14)]
    policy["outreach"]["windows"] = ["06:00-09:00", "12:00-14:00", "19:00-23:00"]


@pytest.fixture(scope="module")
def two_weeks(parley_bin, tmp_path_factory):
    book = Book(str(tmp_path_factory.mktemp("outreach-gate")), scenario_rows(), policy_edit=dense_cadence)
    book.parley("push", "register", "--borrower", "US1", "--token", "fcm-token-us1")
    summaries = []
    day = FIRST_DAY
    while day <= LAST_DAY:
        for instant in hourly(day):
            if instant == ACTION_AT:
                book.parley("optout", "--borrower", "US3", "--channel", "sms")
                book.parley("hold", "set", "--borrower", "IN2", "--kind", "dispute")
                book.parley("hold", "set", "--borrower", "GB2", "--kind", "cease")
            if instant.hour == 0:
                book.cycle(day.isoformat())
            summaries.append(book.dispatch(iso(instant)))
        day += timedelta(days=1)
    book.summaries = summaries
    book.messages = book.outbox()
    return book


def sent_messages(book: Book) -> list[dict]:
    return [m for m in book.messages if m["status"] in SENT]


def test_the_scenario_sent_to_everyone_and_the_gate_had_work(two_weeks):
    sent = sent_messages(two_weeks)
    by_borrower = Counter(m["borrower_id"] for m in sent)
    assert set(by_borrower) == set(ZONES), by_borrower
    assert sum(s["rescheduled"] for s in two_weeks.summaries) > 0
    # New York borrowers were written to on both sides of the 1 November change to EST.
    ny = [parse_instant(m["sent_at"]) for m in sent if m["borrower_id"] in ("US1", "US3")]
    assert min(ny) < datetime(2026, 11, 1, 6, tzinfo=timezone.utc) < max(ny)
    # Every collection message went out: none transactional in this book.
    assert {m["purpose"] for m in two_weeks.messages} == {"collection"}


def test_no_message_is_sent_outside_the_borrowers_local_contact_hours(two_weeks):
    problems = []
    for m in sent_messages(two_weeks):
        zone, jurisdiction = ZONES[m["borrower_id"]], JURISDICTION[m["borrower_id"]]
        at = local(parse_instant(m["sent_at"]), zone)
        start, end = Expected.HOURS[jurisdiction]
        if not (start <= at.hour < end):
            problems.append(f"{m['id']} {m['borrower_id']} {m['channel']} sent {m['sent_at']} = {at:%Y-%m-%d %H:%M %Z} local")
    assert problems == []


def test_no_message_is_sent_on_a_closed_day_of_the_profile(two_weeks):
    problems = []
    for m in sent_messages(two_weeks):
        jurisdiction = JURISDICTION[m["borrower_id"]]
        day = local(parse_instant(m["sent_at"]), ZONES[m["borrower_id"]]).date()
        if day in Expected.HOLIDAYS[jurisdiction] or (Expected.NO_SUNDAY[jurisdiction] and day.weekday() == 6):
            problems.append(f"{m['id']} {m['borrower_id']} sent on {day} ({m['sent_at']})")
    assert problems == []
    # The holidays did hold back messages the cadence wanted on them (so the check above is not vacuous).
    held = Counter(JURISDICTION[m["borrower_id"]] for m in two_weeks.messages if gate_rule(m) == "holiday")
    assert held["US"] > 0 and held["IN"] > 0, held


def test_frequency_caps_hold_per_local_day_and_in_every_7_x_24_hours(two_weeks):
    sends: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
    for m in sent_messages(two_weeks):
        sends[m["borrower_id"]].append((m["channel"], parse_instant(m["sent_at"])))
    problems = []
    week = timedelta(days=7)
    for borrower, items in sends.items():
        zone, jurisdiction = ZONES[borrower], JURISDICTION[borrower]
        per_day = Counter(local(at, zone).date() for _, at in items)
        per_channel_day = Counter((channel, local(at, zone).date()) for channel, at in items)
        for day, count in per_day.items():
            if count > Expected.OVERALL_PER_DAY:
                problems.append(f"{borrower}: {count} messages on {day}")
        for (channel, day), count in per_channel_day.items():
            if count > Expected.PER_CHANNEL_PER_DAY[channel]:
                problems.append(f"{borrower}: {count} {channel} messages on {day}")
        overall = max_in_window([at for _, at in items], week)
        if overall > Expected.OVERALL_PER_7_DAYS[jurisdiction]:
            problems.append(f"{borrower}: {overall} messages in 7 days")
        for channel in {c for c, _ in items}:
            count = max_in_window([at for c, at in items if c == channel], week)
            if count > Expected.PER_CHANNEL_PER_7_DAYS[channel]:
                problems.append(f"{borrower}: {count} {channel} messages in 7 days")
    assert problems == []
    # US1 has four cases, each wanting a message a day: the 7-in-7-days cap binds exactly.
    assert max_in_window([at for _, at in sends["US1"]], week) == 7


def test_opted_out_channels_and_held_borrowers_get_nothing_after_the_action(two_weeks):
    sent = sent_messages(two_weeks)
    after = [m for m in sent if parse_instant(m["sent_at"]) >= ACTION_AT]
    assert [m["id"] for m in after if m["borrower_id"] == "US3" and m["channel"] == "sms"] == []
    assert [m["id"] for m in after if m["borrower_id"] in ("IN2", "GB2")] == []
    # Before the action they were written to; after it US3 still gets email.
    before = [m for m in sent if parse_instant(m["sent_at"]) < ACTION_AT]
    assert {m["borrower_id"] for m in before} >= {"US3", "IN2", "GB2"}
    assert [m for m in before if m["borrower_id"] == "US3" and m["channel"] == "sms"] != []
    assert [m for m in after if m["borrower_id"] == "US3" and m["channel"] == "email"] != []
    # What the cadence still wanted for them is on the record as blocked, with the rule.
    blocked = Counter((m["borrower_id"], gate_rule(m)) for m in two_weeks.messages if m["status"] == "blocked")
    assert blocked[("IN2", "hold.dispute")] > 0
    assert blocked[("GB2", "hold.cease")] > 0
    assert blocked[("US3", "optout.sms")] > 0


# =============================================================== webhooks on a running server
W1_PHONE = "+919812345678"


@pytest.fixture(scope="module")
def hook_server(parley_bin, tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("outreach-hooks"))
    book = Book(workdir, [loan_row("W1-L1", "W1", phone=W1_PHONE), loan_row("W2-L1", "W2", phone="+919812345600"),
                          loan_row("W3-L1", "W3", phone="+919812345601")])
    # No cycle: no collection message is planned here, so what a dispatch sends does not depend on the wall clock.
    server = ProviderServer(book.db, workdir, "hooks", write_providers(workdir + "/providers.json"), today="2026-12-02")
    book.server = server
    try:
        yield book
    finally:
        rc = server.stop()
        assert rc == 0, f"parley serve exited {rc} after SIGTERM; log tail:\n{server.log_tail()}"


def post_whatsapp(server, body: bytes, header: str | None) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["X-Hub-Signature-256"] = header
    return requests.post(server.base + "/webhooks/whatsapp", data=body, headers=headers, timeout=TIMEOUT)


def test_forged_whatsapp_webhooks_are_refused_and_change_nothing(hook_server):
    before = hook_server.outbox()
    stop = whatsapp_text("wamid.FORGED", W1_PHONE[1:], "STOP", 1_796_000_000)
    for header in (None, signature(stop, secret="guessed"), signature(stop + b" "), "sha256=" + "0" * 64):
        r = post_whatsapp(hook_server.server, stop, header)
        assert r.status_code == 401, (header, r.status_code, r.text)
    assert hook_server.outbox() == before
    assert hook_server.sql("SELECT count(*) FROM contact_preferences")[0][0] == 0
    assert hook_server.sql("SELECT count(*) FROM inbound_messages")[0][0] == 0


def test_a_replayed_stop_opts_out_once_and_confirms_once(hook_server):
    stop = whatsapp_text("wamid.E2E-STOP-1", W1_PHONE[1:], "STOP", 1_796_000_000)
    answers = [post_whatsapp(hook_server.server, stop, signature(stop)) for _ in range(2)]
    assert [r.status_code for r in answers] == [200, 200]
    assert [r.json() for r in answers] == [{"receipts": [], "inbound": ["stop"]}, {"receipts": [], "inbound": ["duplicate"]}]
    # The borrower sends STOP once more, as a new message: recorded, no second confirmation.
    again = whatsapp_text("wamid.E2E-STOP-2", W1_PHONE[1:], "stop", 1_796_000_060)
    assert post_whatsapp(hook_server.server, again, signature(again)).json() == {"receipts": [], "inbound": ["stop"]}

    assert hook_server.sql("SELECT b.borrower_id, p.channel, p.opted_out_at, p.source FROM contact_preferences p "
                           "JOIN borrowers b ON b.id = p.borrower_key") == [("W1", "whatsapp", 1_796_000_000, "inbound:whatsapp")]
    confirmations = [m for m in hook_server.outbox() if m["template"] == "optout_confirmation"]
    assert [(m["borrower_id"], m["channel"], m["destination"], m["purpose"], m["status"], m["body"]) for m in confirmations] == [
        ("W1", "whatsapp", W1_PHONE, "transactional", "planned",
         "You will get no more messages from us on WhatsApp. This is the last message confirming it.")]
    assert hook_server.sql("SELECT provider_message_id, action FROM inbound_messages ORDER BY id") == [
        ("wamid.E2E-STOP-1", "stop"), ("wamid.E2E-STOP-2", "stop")]


def test_sms_callbacks_need_the_secret_path(hook_server):
    base = hook_server.server.base
    before = hook_server.outbox()
    form = {"SmsSid": "exotel-sid-1", "Status": "delivered", "To": "09812345678", "DateSent": "2026-12-02 11:00:00"}
    for secret in ("WRONG", SMS_SECRET.upper(), SMS_SECRET[:-1]):
        assert requests.post(f"{base}/webhooks/sms/{secret}/status", data=form, timeout=TIMEOUT).status_code == 401
        inbound = {"SmsSid": "in-1", "From": "09812345600", "Body": "STOP"}
        assert requests.post(f"{base}/webhooks/sms/{secret}/inbound", data=inbound, timeout=TIMEOUT).status_code == 401
        assert requests.get(f"{base}/webhooks/sms/{secret}/inbound", params=inbound, timeout=TIMEOUT).status_code == 401
    assert hook_server.outbox() == before
    assert hook_server.sql("SELECT count(*) FROM pending_receipts")[0][0] == 0
    ok = requests.post(f"{base}/webhooks/sms/{SMS_SECRET}/status", data=form, timeout=TIMEOUT)
    assert (ok.status_code, ok.json()) == (200, {"receipts": ["pending"], "inbound": []})


# =============================================================== email through SMTP, and one-click unsubscribe
E1_EMAIL = "e1@example.in"


def email_only(policy: dict):
    policy["outreach"]["cadence"] = [{"day": 0, "template": "missed_emi", "channels": ["email"]},
                                     {"day": 1, "template": "reminder", "channels": ["email"]}]


@pytest.fixture(scope="module")
def mail_world(parley_bin, tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp("outreach-mail"))
    smtp = SMTPCatcher()
    book = Book(workdir, [loan_row("E1-L1", "E1", phone="+919812340001", email=E1_EMAIL, language="hi")],
                policy_edit=email_only)
    providers = write_providers(workdir + "/providers.json", smtp_port=smtp.port)
    server = ProviderServer(book.db, workdir, "mail", providers, today="2026-12-02")
    book.server, book.smtp, book.providers = server, smtp, providers
    # RFC 8058 wants an https URL: TLS ends in front of the server, which serves the same paths.
    book.public_base = f"https://127.0.0.1:{server.port}"
    try:
        yield book
    finally:
        smtp.stop()
        rc = server.stop()
        assert rc == 0, f"parley serve exited {rc} after SIGTERM; log tail:\n{server.log_tail()}"


def dispatch_day(book: Book, day: date) -> list[dict]:
    return [book.dispatch(iso(t), "--providers", book.providers, "--base-url", book.public_base) for t in hourly(day)]


def test_email_goes_through_smtp_and_one_click_unsubscribe_stops_the_next(mail_world):
    book, smtp = mail_world, mail_world.smtp
    book.cycle("2026-12-02")
    dispatch_day(book, date(2026, 12, 2))
    emails = [m for m in book.outbox() if m["channel"] == "email"]
    assert [(m["template"], m["status"]) for m in emails] == [("missed_emi", "sent")], emails
    sent = emails[0]
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["from"] == "noreply@parley.example"
    assert smtp.messages[0]["to"] == [E1_EMAIL]

    mail = smtp.parsed(0)
    assert mail["Subject"] == "आपकी EMI बकाया है"
    assert mail["To"].addresses[0].addr_spec == E1_EMAIL
    assert mail["From"].addresses[0].addr_spec == "noreply@parley.example"
    assert mail.get_content_type() == "multipart/alternative"
    parts = list(mail.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert parts[0].get_content().rstrip("\r\n") == sent["body"]
    link = re.search(r"https?://\S+/p/[A-Za-z0-9_-]+", sent["body"]).group(0)
    assert link in parts[1].get_content()
    assert sent["body"].startswith("प्रिय Test Borrower, ")

    (token,) = book.sql("SELECT unsubscribe_token FROM outbox WHERE id = ?", (sent["id"],))[0]
    assert token
    assert mail["List-Unsubscribe"] == f"<{book.public_base}/unsubscribe/{token}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Message-ID"]
    assert mail["Message-ID"] == sent["provider_message_id"]

    # The next day's email is planned, then the borrower clicks unsubscribe in the mail client.
    book.cycle("2026-12-03")
    planned = [m for m in book.outbox() if m["channel"] == "email" and m["status"] == "planned"]
    assert [m["template"] for m in planned] == ["reminder"]
    path = mail["List-Unsubscribe"][1:-1][len(book.public_base):]
    page = requests.get(book.server.base + path, timeout=TIMEOUT)
    assert page.status_code == 200
    assert book.sql("SELECT count(*) FROM contact_preferences WHERE opted_out_at IS NOT NULL")[0][0] == 0
    r = requests.post(book.server.base + path, data="List-Unsubscribe=One-Click",
                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=TIMEOUT)
    assert r.status_code == 200
    again = requests.post(book.server.base + path, data="List-Unsubscribe=One-Click",
                          headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
                          timeout=TIMEOUT)
    assert again.json() == {"unsubscribed": True, "changed": False}
    assert book.sql("SELECT b.borrower_id, p.channel, p.source FROM contact_preferences p JOIN borrowers b ON b.id = p.borrower_key "
                    "WHERE p.opted_out_at IS NOT NULL") == [("E1", "email", "email:one-click")]

    dispatch_day(book, date(2026, 12, 3))
    later = [m for m in book.outbox() if m["id"] == planned[0]["id"]][0]
    assert later["status"] == "blocked"
    assert later["decision"]["rule"] == "optout.email"
    assert len(smtp.messages) == 1


# =============================================================== the SMS gateway and the log (known defects, marked)
def wall_clock() -> str:
    """A minute past now: replies and codes are planned at the server's own (wall) clock."""
    return iso(datetime.now(timezone.utc) + timedelta(minutes=1))


@pytest.fixture
def exotel(hook_server):
    fake = FakeExotel()
    fake.providers = write_providers(hook_server.dir + "/providers-exotel.json", sms_base=fake.base)
    yield fake
    fake.stop()


def test_an_sms_stop_is_confirmed_through_the_sms_gateway(hook_server, exotel):
    base = hook_server.server.base
    inbound = {"SmsSid": "exotel-in-stop", "From": "09812345600", "To": "08047112345", "Body": "STOP",
               "Date": "2026-12-02 15:00:00"}
    for expected in (["stop"], ["duplicate"]):
        r = requests.post(f"{base}/webhooks/sms/{SMS_SECRET}/inbound", data=inbound, timeout=TIMEOUT)
        assert (r.status_code, r.json()) == (200, {"receipts": [], "inbound": expected})
    hook_server.dispatch(wall_clock(), "--providers", exotel.providers)
    confirmation = [m for m in hook_server.outbox() if m["template"] == "optout_confirmation" and m["borrower_id"] == "W2"]
    assert [(m["channel"], m["status"]) for m in confirmation] == [("sms", "sent")], confirmation[0]["reason"]
    assert [r["form"]["Body"] for r in exotel.requests] == [
        "You will get no more messages from us on SMS. This is the last message confirming it."]


def test_a_one_time_code_reaches_the_sms_gateway(hook_server, exotel):
    link = hook_server.parley("link", "issue", "--loan", "W3-L1", "--base-url", hook_server.server.base).strip()
    page = requests.get(link, timeout=TIMEOUT)
    assert page.status_code == 200
    hook_server.dispatch(wall_clock(), "--providers", exotel.providers)
    codes = [m for m in hook_server.outbox() if m["template"] == "one_time_code"]
    assert [(m["channel"], m["status"]) for m in codes] == [("sms", "sent")], codes[0]["reason"]
    assert [r["form"]["To"] for r in exotel.requests] == ["+919812345601"]


def test_the_access_log_does_not_carry_the_sms_webhook_secret(hook_server):
    base = hook_server.server.base
    requests.post(f"{base}/webhooks/sms/{SMS_SECRET}/status", data={"SmsSid": "s2", "Status": "sent"}, timeout=TIMEOUT)
    log = hook_server.server.log_text()
    assert "/webhooks/sms/" in log
    assert SMS_SECRET not in log
