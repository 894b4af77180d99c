#!/usr/bin/env python3
"""Write a random, edge-case-heavy loan book: loans.csv and payments.csv.

Formats are those of SPEC.md "Loan book input (normative)":

  loans.csv:    loan_id,borrower_id,borrower_name,phone,email,language,
                timezone,jurisdiction,currency,principal,annual_rate_bps,
                tenure_months,first_due_on,emi
  payments.csv: loan_id,paid_on,amount,reference

Usage: random_book.py --seed S --loans N --out DIR

Edge cases aimed at: zero rate; tiny and huge principals; 1- and 360-month
tenures; first_due_on on the 29th/30th/31st and on 29 February; given EMIs
(equal to, below and above the computed one, 0.8x..1.5x, kept so that no
scheduled interest/principal/balance goes negative); payments on the due
date, on due+grace, on due+grace+1, partials, lumps, overpayments beyond the
total, several payments on one day, payments before the first due date,
payments long after; interest exactly at half a minor unit.  The payments
file is shuffled across loans (the spec orders by date, then file order).
"""
from __future__ import annotations

import argparse
import math
import csv
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dues_oracle as oracle  # noqa: E402

LOAN_COLUMNS = ["loan_id", "borrower_id", "borrower_name", "phone", "email",
                "language", "timezone", "jurisdiction", "currency", "principal",
                "annual_rate_bps", "tenure_months", "first_due_on", "emi"]
PAYMENT_COLUMNS = ["loan_id", "paid_on", "amount", "reference"]

GRACE = oracle.DEFAULT_GRACE_DAYS
FEE = oracle.DEFAULT_LATE_FEE_MINOR

JURIS = {
    "IN": ("INR", "Asia/Kolkata", ["en", "hi", "ta", "mr"]),
    "US": ("USD", "America/New_York", ["en", "es"]),
    "GB": ("GBP", "Europe/London", ["en", "cy"]),
}
FIRST = ["Asha", "Ravi", "Priya", "Arjun", "Zoë", "José", "Siân", "Mary-Jane",
         "राम", "Lakshmi", "John", "Olu", "Chen", "Fatima", "Noah", "Ífe"]
LAST = ["Sharma", "Iyer", "O'Brien", "Smith", "Núñez", "Patel", "Jones",
        "Okafor", "Nguyen", "Khan", "Williams", "Reddy"]


def fmt_minor(v: int, rng: random.Random | None = None) -> str:
    """Minor units -> decimal major units.  With rng, sometimes drop
    trailing zero decimals ("1000", "1000.5"), which is still a decimal."""
    assert v >= 0
    s = f"{v // 100}.{v % 100:02d}"
    if rng is not None and rng.random() < 0.08:
        if v % 100 == 0:
            s = str(v // 100)
        elif v % 10 == 0:
            s = f"{v // 100}.{(v % 100) // 10}"
    return s


def phone_for(j: str, rng: random.Random) -> str:
    if j == "IN":
        return "+919" + "".join(rng.choice("0123456789") for _ in range(9))
    if j == "US":
        return "+1" + rng.choice(["202", "212", "415", "617", "305"]) + "555" + \
            f"{rng.randrange(10000):04d}"
    return "+447" + "".join(rng.choice("0123456789") for _ in range(9))


def rand_date(rng: random.Random) -> dt.date:
    kind = rng.random()
    if kind < 0.12:  # 29 February of a leap year
        return dt.date(rng.choice([2024, 2028]), 2, 29)
    year = rng.choice([2023, 2024, 2024, 2025, 2026])
    month = rng.randint(1, 12)
    last = oracle.calendar.monthrange(year, month)[1]
    if kind < 0.65:  # month-end-ish days
        day = min(last, rng.choice([28, 29, 30, 31, 31, 31]))
    else:
        day = rng.randint(1, last)
    return dt.date(year, month, day)


def rand_principal_and_rate(rng: random.Random):
    """Returns (principal_minor, bps)."""
    kind = rng.random()
    # rate
    rk = rng.random()
    if rk < 0.15:
        bps = 0
    elif rk < 0.25:
        bps = rng.randint(1, 99)
    elif rk < 0.35:
        bps = rng.choice([1200, 600, 2400, 1800, 3600, 1450, 9999, 1])
    else:
        bps = rng.randint(500, 3600)
    if kind < 0.10:  # tiny
        p = rng.randint(1, 1000)
    elif kind < 0.25:  # small
        p = rng.randint(1001, 100000)
    elif kind < 0.35:  # huge: 1e8 .. 1e10 major units
        p = rng.randint(10 ** 10, 10 ** 12)
    elif kind < 0.45:  # round amounts
        p = rng.randint(1, 500) * 100000
    elif kind < 0.60:  # interest of instalment 1 exactly at half a minor unit
        bps = rng.choice([1200, 600, 2400, 300, 1500, 1000, 3000])
        # balance * bps / 120000 has fractional part 1/2  <=>
        # balance * bps == 60000 (mod 120000)
        step = 120000 // math.gcd(120000, bps)
        p = rng.randint(100000, 50000000)
        p = next(c for c in range(p, p + step) if (c * bps) % 120000 == 60000)
    else:  # typical
        p = rng.randint(100000, 50000000)
    return p, bps


def rand_tenure(rng: random.Random) -> int:
    k = rng.random()
    if k < 0.12:
        return 1
    if k < 0.22:
        return 360
    if k < 0.60:
        return rng.choice([2, 3, 6, 12, 12, 24, 36, 60, 120])
    return rng.randint(1, 84)


def pick_emi(rng, p, bps, n, first):
    """(emi_text, emi_minor or None)."""
    k = rng.random()
    computed = oracle.compute_emi(p, bps, n)
    if k < 0.70:
        return "", None
    if k < 0.78 and computed >= 1:   # the binary rejects an emi of 0.00
        return fmt_minor(computed), computed
    if n == 1:
        e = max(1, round(computed * rng.uniform(0.8, 1.5)))
        return fmt_minor(e), e
    factor = rng.uniform(0.8, 1.5)
    for _ in range(40):
        e = max(1, round(computed * factor))
        if rng.random() < 0.2:
            e = computed + rng.choice([-1, 1])
            e = max(1, e)
        if oracle.schedule_is_sane(p, bps, n, first, e):
            return fmt_minor(e), e
        factor = 1 + (factor - 1) / 2
    if computed < 1:  # the binary rejects an emi of 0.00: leave it to be computed
        return "", None
    return fmt_minor(computed), computed


def payments_for(rng: random.Random, loan_id: str, p: int, bps: int, n: int,
                 first: dt.date, emi):
    """List of (paid_on, amount_minor)."""
    _, rows = oracle.schedule(p, bps, n, first, emi)
    amounts = [i + pr for _, _, i, pr in rows]
    dues = [d for _, d, _, _ in rows]
    total = sum(amounts)
    out = []
    persona = rng.choice(["good", "late", "stops", "chaos", "chaos", "lump", "none"])
    horizon = min(n, rng.randint(1, 30))
    stop_at = rng.randint(0, horizon)

    def add(d, a):
        if a > 0:
            out.append((d, a))

    if persona == "none":
        if rng.random() < 0.3:
            add(first - dt.timedelta(days=rng.randint(1, 40)), rng.randint(1, max(1, amounts[0])))
        return out
    if rng.random() < 0.25:  # before the first due date
        add(first - dt.timedelta(days=rng.randint(1, 60)),
            rng.choice([amounts[0], rng.randint(1, max(1, amounts[0])), 2 * amounts[0]]))
    for k in range(horizon):
        due, amt = dues[k], amounts[k]
        if persona == "stops" and k >= stop_at:
            break
        if persona == "good":
            b = rng.choices(["due", "early", "grace", "grace1"], [6, 2, 1, 1])[0]
        elif persona == "late":
            b = rng.choices(["grace", "grace1", "late", "skip", "due"], [2, 3, 3, 1, 1])[0]
        elif persona == "lump":
            b = rng.choices(["skip", "due", "lump"], [3, 1, 1])[0]
        else:
            b = rng.choice(["due", "early", "grace", "grace1", "late", "skip",
                            "partial", "split", "split", "fee+", "tiny", "over"])
        g = dt.timedelta(days=GRACE)
        one = dt.timedelta(days=1)
        if b == "due":
            add(due, amt)
        elif b == "early":
            add(due - dt.timedelta(days=rng.randint(1, 20)), amt)
        elif b == "grace":
            add(due + g, amt)
        elif b == "grace1":  # the fee is charged at the start of this day
            add(due + g + one, amt + rng.choice([0, 0, FEE]))
        elif b == "late":
            add(due + dt.timedelta(days=rng.randint(GRACE + 1, 200)), amt + rng.choice([0, FEE]))
        elif b == "partial":
            add(rng.choice([due, due + g, due + g + one]), rng.randint(1, max(1, amt - 1)))
        elif b == "split":  # several payments on the same day
            d = rng.choice([due, due + g, due + g + one, due - one])
            parts = rng.randint(2, 4)
            rem = amt + rng.choice([0, 0, FEE, -1, 1])
            for i in range(parts - 1):
                x = rng.randint(1, max(1, rem // 2))
                add(d, x)
                rem -= x
            add(d, rem)
        elif b == "fee+":
            add(due + g + one, FEE)
            add(due + g + one, amt)
        elif b == "tiny":
            add(rng.choice([due, due + g]), 1)
        elif b == "over":
            add(due, amt * 2 + rng.randint(1, 99))
        elif b == "lump":
            add(due + dt.timedelta(days=rng.randint(0, 90)),
                sum(amounts[k:k + rng.randint(2, 6)]) + rng.choice([0, FEE, 2 * FEE]))
        # "skip": nothing
    r = rng.random()
    if r < 0.12:  # pay beyond everything the loan will ever owe
        add(dues[min(horizon, n - 1)] + dt.timedelta(days=rng.randint(0, 40)),
            total + (n + 2) * FEE + rng.randint(1, 10 ** 6))
    elif r < 0.22:  # exactly the rest of the loan (no fees)
        add(dues[min(horizon, n - 1)], total)
    if rng.random() < 0.15:  # long after the tenure
        add(dues[-1] + dt.timedelta(days=rng.randint(1, 400)), rng.randint(1, max(1, amounts[-1])))
    return out


def generate(seed: int, n_loans: int, out_dir: str):
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    loans, pays = [], []
    borrowers = []
    for i in range(n_loans):
        if borrowers and rng.random() < 0.15:  # one borrower, several loans
            bid, name, phone, email, j = rng.choice(borrowers)
        else:
            j = rng.choice(list(JURIS))
            bid = f"B{seed}-{i:05d}"
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if rng.random() < 0.1:
                name = f"{rng.choice(LAST)}, {rng.choice(FIRST)}"
            if rng.random() < 0.05:
                name = f'{rng.choice(FIRST)} "{rng.choice(["Bob", "Raju"])}" {rng.choice(LAST)}'
            phone = phone_for(j, rng)
            email = "" if rng.random() < 0.2 else f"b{seed}.{i}@example.com"
            borrowers.append((bid, name, phone, email, j))
        cur, tz, langs = JURIS[j]
        lang = "" if rng.random() < 0.1 else rng.choice(langs)
        tz_text = "" if rng.random() < 0.1 else tz
        p, bps = rand_principal_and_rate(rng)
        n = rand_tenure(rng)
        first = rand_date(rng)
        emi_text, emi = pick_emi(rng, p, bps, n, first)
        loan_id = f"L{seed}-{i:05d}"
        loans.append({
            "loan_id": loan_id, "borrower_id": bid, "borrower_name": name,
            "phone": phone, "email": email, "language": lang, "timezone": tz_text,
            "jurisdiction": j, "currency": cur, "principal": fmt_minor(p, rng),
            "annual_rate_bps": str(bps), "tenure_months": str(n),
            "first_due_on": first.isoformat(),
            "emi": emi_text if not emi_text else fmt_minor(emi, rng),
        })
        for d, a in payments_for(rng, loan_id, p, bps, n, first, emi):
            pays.append({"loan_id": loan_id, "paid_on": d.isoformat(),
                         "amount": fmt_minor(a, rng)})
    rng.shuffle(pays)
    for k, row in enumerate(pays):
        row["reference"] = f"R{seed}-{k:06d}"
    with open(os.path.join(out_dir, "loans.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=LOAN_COLUMNS, lineterminator="\r\n")
        w.writeheader()
        w.writerows(loans)
    with open(os.path.join(out_dir, "payments.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=PAYMENT_COLUMNS, lineterminator="\r\n")
        w.writeheader()
        w.writerows(pays)
    return loans, pays


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--loans", type=int, default=100)
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    loans, pays = generate(a.seed, a.loans, a.out)
    print(f"wrote {len(loans)} loans, {len(pays)} payments to {a.out}")


if __name__ == "__main__":
    main()
