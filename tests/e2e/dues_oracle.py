"""Independent oracle for `parley dues LOAN --as-of D --json`.

Written ONLY from /work/shared/SPEC.md, "Stage 1 — trigger: the loan ledger"
("Loan book input (normative)" and "Loan arithmetic (normative)").  It does
not look at the Swift sources: it is a second, independent implementation.

Exact arithmetic with fractions.Fraction; money in integer minor units.

Readings of the spec where the text leaves room (see also the report):

A1. Minor units: INR, USD and GBP all have 2 decimal places, so minor units
    are major × 100.  A decimal field (principal, emi, amount) must convert
    to an exact integer number of minor units.
A2. "Rounding is half-up to the minor unit": for x >= 0, round(x) =
    floor(x + 1/2).  For negative x (only possible with a given EMI so large
    or so small that the balance/principal changes sign) we read "half-up" as
    half away from zero (as Java/Decimal ROUND_HALF_UP does).  The random
    book keeps given EMIs in a range where no amount goes negative, so this
    choice is not exercised by the e2e test.
A3. r = annual_rate_bps / 10000 / 12 is kept as an exact rational; the EMI is
    round() of the exact rational P·r·(1+r)^n / ((1+r)^n − 1), P in minor
    units.  (An implementation using floating point may differ by one minor
    unit for huge P or long tenures; we treat exact rational as the spec.)
A4. Schedule with n = 1: the single instalment is also the last, so
    principal_1 = P and amount_1 = P + round(P·r); the EMI plays no part.
    A given EMI is used as is in the schedule (principal_k = emi − interest_k)
    for k < n.
A5. The late fee is "charged once on an instalment whose interest and
    principal are not fully paid by the end of day due + grace".  Payments
    counted are those dated <= due + grace (all of them, in the waterfall).
    The fee is charged at the start of day due + grace + 1, before the
    payments of that day, and only if due + grace + 1 <= D.  It belongs to
    that instalment: the waterfall pays it before that instalment's
    interest.  Because payments already allocated are never re-allocated, a
    later payment meets instalment k's fee first (instalments in due order,
    within an instalment fee, interest, principal).
A6. Payments are applied one at a time, greedily: each payment walks the
    instalments in due order, filling fee (if charged), interest, principal;
    whatever is left after the last instalment is credit.  Credit is never
    needed later: a fee is charged only on an instalment whose interest +
    principal are unpaid, and credit only exists when everything is paid.
    Credit does not appear in any output field (payoff is never negative).
A7. "total_overdue = unpaid fees + unpaid interest + unpaid principal of
    overdue instalments": whether "of overdue instalments" also qualifies
    "unpaid fees" is ambiguous; under A5/A6 an instalment with an unpaid fee
    always has unpaid interest/principal and a due date before D, so both
    readings give the same number.  We compute fees of overdue instalments.
    payoff's "unpaid fees" = all unpaid fees (same number, same reason).
A8. principal_overdue / interest_overdue / fees_overdue are the three parts
    of total_overdue (unpaid principal / interest / fees of overdue
    instalments); overdue_instalments is the count of overdue instalments.
A9. Buckets by DPD: 0 -> "0", 1..30 -> "1-30", 31..60 -> "31-60",
    61..90 -> "61-90", 91..180 -> "91-180", >= 181 -> "181+".
A10. Payments dated after D are ignored; payments dated D count.
A11. Over-amortisation.  The spec's schedule formula can make scheduled
    amounts negative: a rounded-up EMI on a tiny principal over a long
    tenure (e.g. 4.52 at 12 % over 64 months: EMI 0.10 clears the balance at
    instalment 61, so the last instalment's principal is -0.26), a given EMI
    well above the computed one (negative balance, then negative interest),
    or a given EMI below the interest (negative principal_k).  The spec says
    nothing about it.  Default reading ("literal"): keep the formula as
    written; a negative scheduled part receives no money in the waterfall
    and its "unpaid" amount is its (negative) scheduled value minus nothing,
    so the sum of unpaid principal of all instalments is still the
    principal lent when nothing is paid.  Alternative reading ("clamp"),
    available as dues(..., negative_parts="clamp"): unpaid amounts of each
    part are max(0, scheduled - paid), i.e. negative parts count as 0.
"""
from __future__ import annotations

import calendar
import datetime as _dt
from fractions import Fraction
from typing import Iterable, Mapping

DEFAULT_LATE_FEE_MINOR = 50000  # 500.00 in the loan's currency (2 decimals)
DEFAULT_GRACE_DAYS = 3
MINOR_DIGITS = {"INR": 2, "USD": 2, "GBP": 2}


# ---------------------------------------------------------------- helpers
def round_half_up(x: Fraction) -> int:
    """Half-up to an integer (A2: half away from zero for negatives)."""
    x = Fraction(x)
    if x >= 0:
        return (x + Fraction(1, 2)).__floor__()
    return -((-x + Fraction(1, 2)).__floor__())


def to_minor(text: str, currency: str = "INR") -> int:
    """Parse a decimal in major units to integer minor units, exactly."""
    digits = MINOR_DIGITS.get(currency, 2)
    s = text.strip()
    v = Fraction(s) * (10 ** digits)
    if v.denominator != 1:
        raise ValueError(f"{text!r} has more than {digits} decimals")
    return int(v)


def parse_date(s) -> _dt.date:
    if isinstance(s, _dt.date):
        return s
    return _dt.date.fromisoformat(str(s).strip())


def add_months(d: _dt.date, months: int) -> _dt.date:
    """d plus `months` calendar months, day clamped to the month's last day."""
    m0 = d.year * 12 + (d.month - 1) + months
    y, m = divmod(m0, 12)
    m += 1
    last = calendar.monthrange(y, m)[1]
    return _dt.date(y, m, min(d.day, last))


def monthly_rate(annual_rate_bps: int) -> Fraction:
    return Fraction(int(annual_rate_bps), 10000 * 12)


def compute_emi(principal_minor: int, annual_rate_bps: int, tenure_months: int) -> int:
    n = int(tenure_months)
    r = monthly_rate(annual_rate_bps)
    if r == 0:
        return round_half_up(Fraction(principal_minor, n))
    g = (1 + r) ** n
    return round_half_up(principal_minor * r * g / (g - 1))


def bucket_of(dpd: int) -> str:
    if dpd <= 0:
        return "0"
    if dpd <= 30:
        return "1-30"
    if dpd <= 60:
        return "31-60"
    if dpd <= 90:
        return "61-90"
    if dpd <= 180:
        return "91-180"
    return "181+"


# ---------------------------------------------------------------- schedule
class Instalment:
    __slots__ = ("k", "due", "interest", "principal",
                 "fee", "fee_paid", "int_paid", "prin_paid")

    def __init__(self, k, due, interest, principal):
        self.k = k
        self.due = due
        self.interest = interest
        self.principal = principal
        self.fee = 0          # charged late fee (0 or the policy fee)
        self.fee_paid = 0
        self.int_paid = 0
        self.prin_paid = 0

    @property
    def amount(self):
        return self.interest + self.principal

    def ip_unpaid(self) -> int:
        """Money still to go to interest and principal.  A part whose
        scheduled value is negative (A11) takes no money, so it counts as
        paid: "fully paid" means each part has received its scheduled
        amount."""
        return max(0, self.interest - self.int_paid) + max(0, self.principal - self.prin_paid)

    def __repr__(self):
        return (f"#{self.k} {self.due} I={self.interest} P={self.principal} "
                f"fee={self.fee}/{self.fee_paid} paid I={self.int_paid} P={self.prin_paid}")


def schedule(principal_minor: int, annual_rate_bps: int, tenure_months: int,
             first_due_on, emi_minor: int | None = None):
    """List of (k, due_date, interest, principal) in minor units."""
    n = int(tenure_months)
    if n < 1:
        raise ValueError("tenure_months must be >= 1")
    r = monthly_rate(annual_rate_bps)
    emi = compute_emi(principal_minor, annual_rate_bps, n) if emi_minor is None else int(emi_minor)
    first = parse_date(first_due_on)
    rows = []
    balance = int(principal_minor)
    for k in range(1, n + 1):
        interest = round_half_up(balance * r)
        if k < n:
            principal = emi - interest
        else:
            principal = balance
        balance -= principal
        rows.append((k, add_months(first, k - 1), interest, principal))
    return emi, rows


def schedule_is_sane(principal_minor, annual_rate_bps, tenure_months, first_due_on,
                     emi_minor=None) -> bool:
    """True when no interest, principal or balance goes negative (see A2)."""
    _, rows = schedule(principal_minor, annual_rate_bps, tenure_months,
                       first_due_on, emi_minor)
    bal = principal_minor
    for _, _, i, p in rows:
        if i < 0 or p < 0:
            return False
        bal -= p
        if bal < 0:
            return False
    return True


# ---------------------------------------------------------------- dues
def _loan_field(loan: Mapping, key, default=None):
    v = loan.get(key, default)
    if isinstance(v, str):
        v = v.strip()
    return v


def dues(loan: Mapping, payments: Iterable[Mapping], as_of,
         late_fee_minor: int = DEFAULT_LATE_FEE_MINOR,
         grace_days: int = DEFAULT_GRACE_DAYS,
         negative_parts: str = "literal") -> dict:
    """What `loan` owes at the end of day `as_of`.

    `loan` is a loans.csv row (dict of strings, as csv.DictReader gives).
    `payments` are payments.csv rows *of this loan* in file order.
    """
    currency = _loan_field(loan, "currency") or "INR"
    P = to_minor(_loan_field(loan, "principal"), currency)
    bps = int(_loan_field(loan, "annual_rate_bps"))
    n = int(_loan_field(loan, "tenure_months"))
    emi_text = _loan_field(loan, "emi") or ""
    emi_given = to_minor(emi_text, currency) if emi_text != "" else None
    _, rows = schedule(P, bps, n, _loan_field(loan, "first_due_on"), emi_given)
    insts = [Instalment(*row) for row in rows]
    D = parse_date(as_of)

    # Payments dated <= D, stable-sorted by date (same date: file order).
    pays = []
    for idx, p in enumerate(payments):
        d = parse_date(p["paid_on"])
        if d <= D:
            pays.append((d, idx, to_minor(str(p["amount"]), currency)))
    pays.sort(key=lambda t: (t[0], t[1]))

    grace = _dt.timedelta(days=int(grace_days))
    one = _dt.timedelta(days=1)
    fee_day = {}  # day -> instalments whose fee may be charged at its start
    for it in insts:
        fd = it.due + grace + one
        if fd <= D:
            fee_day.setdefault(fd, []).append(it)

    days = sorted(set(fee_day) | {d for d, _, _ in pays})
    pay_iter = 0
    credit = 0
    for day in days:
        # start of day: late fees (A5)
        for it in fee_day.get(day, ()):
            if it.ip_unpaid() > 0 and it.fee == 0:
                it.fee = int(late_fee_minor)
        # then the day's payments, in file order (A6)
        while pay_iter < len(pays) and pays[pay_iter][0] == day:
            amt = pays[pay_iter][2]
            pay_iter += 1
            for it in insts:
                if amt <= 0:
                    break
                x = min(amt, max(0, it.fee - it.fee_paid)); it.fee_paid += x; amt -= x
                x = min(amt, max(0, it.interest - it.int_paid)); it.int_paid += x; amt -= x
                x = min(amt, max(0, it.principal - it.prin_paid)); it.prin_paid += x; amt -= x
            credit += max(0, amt)

    if negative_parts == "literal":
        def u(due, paid):
            return due - paid
    elif negative_parts == "clamp":
        def u(due, paid):
            return max(0, due - paid)
    else:
        raise ValueError(negative_parts)
    overdue = [it for it in insts if it.due < D and it.ip_unpaid() > 0]
    dpd = (D - min(it.due for it in overdue)).days if overdue else 0
    principal_overdue = sum(u(it.principal, it.prin_paid) for it in overdue)
    interest_overdue = sum(u(it.interest, it.int_paid) for it in overdue)
    fees_overdue = sum(it.fee - it.fee_paid for it in overdue)
    principal_outstanding = sum(u(it.principal, it.prin_paid) for it in insts)
    unpaid_fees = sum(it.fee - it.fee_paid for it in insts)
    interest_due = sum(u(it.interest, it.int_paid) for it in insts if it.due <= D)
    return {
        "loan_id": _loan_field(loan, "loan_id"),
        "as_of": D.isoformat(),
        "dpd": dpd,
        "bucket": bucket_of(dpd),
        "overdue_instalments": len(overdue),
        "principal_overdue": principal_overdue,
        "interest_overdue": interest_overdue,
        "fees_overdue": fees_overdue,
        "total_overdue": principal_overdue + interest_overdue + fees_overdue,
        "principal_outstanding": principal_outstanding,
        "payoff": principal_outstanding + interest_due + unpaid_fees,
        "currency": currency,
    }


SPEC_FIELDS = ("loan_id", "as_of", "dpd", "bucket", "overdue_instalments",
               "principal_overdue", "interest_overdue", "fees_overdue",
               "total_overdue", "principal_outstanding", "payoff", "currency")


def due_dates(loan: Mapping) -> list:
    first = parse_date(_loan_field(loan, "first_due_on"))
    return [add_months(first, k) for k in range(int(_loan_field(loan, "tenure_months")))]


if __name__ == "__main__":  # tiny CLI: dues_oracle.py loans.csv payments.csv LOAN D
    import csv, json, sys
    loans = {r["loan_id"]: r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
    pays = [r for r in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8"))
            if r["loan_id"] == sys.argv[3]]
    print(json.dumps(dues(loans[sys.argv[3]], pays, sys.argv[4]), indent=2))
