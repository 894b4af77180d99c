#!/usr/bin/env bash
# make demo: a fresh demo database with a lender, staff accounts and a synthetic loan book, then the server.
set -euo pipefail
BIN="$1"
DIR="${DEMO_DIR:-demo}"
PORT="${DEMO_PORT:-8080}"
LOANS="${DEMO_LOANS:-3000}"
TODAY="${DEMO_AS_OF:-$(date -u +%F)}"
DB="$DIR/parley.db"
BASE="http://127.0.0.1:$PORT"
PASSWORD="parley-demo-2026"

rm -rf "$DIR" && mkdir -p "$DIR"
"$BIN" generate --loans "$LOANS" --seed 42 --as-of "$TODAY" --out "$DIR"
"$BIN" init --db "$DB" >/dev/null
"$BIN" lender add default --name "Demo Bank" --db "$DB" >/dev/null
"$BIN" import loans "$DIR/loans.csv" --db "$DB"
"$BIN" import payments "$DIR/payments.csv" --db "$DB"
"$BIN" cycle --as-of "$TODAY" --db "$DB"
# The day's outreach through the gate at 10:30 UTC with the log provider: India is inside its hours, the US is not yet.
"$BIN" dispatch --now "${TODAY}T10:30:00Z" --max-wait 0 --base-url "$BASE" --db "$DB"
for account in "admin@parley.demo platform_admin" "lender@parley.demo lender_admin" "agent@parley.demo lender_agent" \
               "institution@parley.demo case_manager" "mediator@parley.demo mediator" "arbitrator@parley.demo arbitrator"; do
  set -- $account
  echo "$PASSWORD" | "$BIN" user add --email "$1" --role "$2" --lender default --password-stdin --db "$DB" >/dev/null
done
KEY=$("$BIN" apikey create --lender default --db "$DB" 2>/dev/null)
LOAN=$("$BIN" case list --status open --limit 1 --json --db "$DB" | sed -n 's/.*"loan_id":"\([^"]*\)".*/\1/p')
LINK=$("$BIN" link issue --loan "$LOAN" --base-url "$BASE" --db "$DB")

cat <<INFO

Parley demo ($LOANS loans, dues as of $TODAY)
  Staff sign-in:    $BASE/login
                    admin@parley.demo, lender@parley.demo, agent@parley.demo, institution@parley.demo,
                    mediator@parley.demo, arbitrator@parley.demo — password: $PASSWORD
  Borrower link:    $LINK
                    (loan $LOAN; the one-time code goes to the outbox:
                     $BIN outbox list --loan $LOAN --json --db $DB)
  API key:          $KEY
                    curl -H "Authorization: Bearer $KEY" $BASE/api/v1/cases
  Outreach:         $BIN outbox list --json --db $DB     (status, rule and reason of every message)
                    $BIN dispatch --db $DB                (sends what is due now, through the gate)
  OpenAPI:          $BASE/api/v1/openapi.json      Health: $BASE/healthz   Metrics: $BASE/metrics
  Stop with Ctrl-C.

INFO
exec "$BIN" serve --port "$PORT" --db "$DB" --base-url "$BASE" --today "$TODAY"
