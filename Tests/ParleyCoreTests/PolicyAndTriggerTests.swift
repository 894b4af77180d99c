import Testing
@testable import ParleyCore

@Suite("Lender policy")
struct PolicyTests {
    @Test func defaults() throws {
        let policy = try LenderPolicy.parse("{}")
        #expect(policy.triggerDPD == 1 && policy.graceDays == 3)
        #expect(policy.lateFeeMinor(for: .inr) == 50_000)
        #expect(policy.lateFeeMinor(for: Currency(code: "JPY")!) == 500)
    }

    @Test func overrides() throws {
        let policy = try LenderPolicy.parse(#"{"trigger_dpd": 5, "grace_days": 0, "late_fee": "250.00", "late_fee_by_currency": {"USD": "15.00"}}"#)
        #expect(policy.triggerDPD == 5 && policy.graceDays == 0)
        #expect(policy.lateFeeMinor(for: .inr) == 25_000)
        #expect(policy.lateFeeMinor(for: .usd) == 1_500)
        #expect(try LenderPolicy.from(policy.json) == policy)
    }

    @Test(arguments: [
        (#"{"trigger_dpd": 0}"#, "trigger_dpd: 0 is outside 1…3650"),
        (#"{"grace_days": "3"}"#, "grace_days: must be an integer"),
        (#"{"late_fee": 500}"#, #"late_fee: must be a decimal string such as "500.00""#),
        (#"{"late_fee": "-5"}"#, "late_fee: amount -5 is negative"),
        (#"{"late_fee_by_currency": {"XYZ": "1.00"}}"#, "late_fee_by_currency.XYZ: unknown currency code"),
        (#"{"trigger": 1}"#, "trigger: unknown field (known: grace_days, hardship_pause_days, late_fee, late_fee_by_currency, outreach, plan_months, schema, settlement_deadline_days, settlement_share_bps, trigger_dpd)"),
        (#"{"plan_months": [3, 0]}"#, "plan_months[1]: 0 is outside 1…120"),
        (#"{"grace_days": 3.5}"#, #"not valid JSON (line 1, column 16: only integers are accepted here (write decimal amounts as strings, e.g. "500.00"))"#),
        ("[1]", "the policy must be a JSON object"),
    ])
    func rejectsInvalidPolicies(text: String, message: String) {
        #expect(throws: PolicyError.self) { try LenderPolicy.parse(text) }
        do { _ = try LenderPolicy.parse(text) } catch { #expect(error.description == message) }
    }
}

@Suite("Daily-cycle trigger rules")
struct TriggerTests {
    let terms = LoanTerms(principal: 10_000_000, annualRateBps: 1200, tenureMonths: 12, firstDueOn: date("2026-01-31"))
    let policy = LenderPolicy()
    let at = Instant(date: date("2026-02-01"), hour: 23, minute: 59, second: 59)

    func dues(_ asOf: String, paid: Int64 = 0) -> Dues {
        Dues.compute(loanID: "L1", currency: .inr, terms: terms,
                     payments: paid > 0 ? [LedgerPayment(paidOn: date("2026-01-31"), amount: paid)] : [],
                     rules: policy.ledgerRules(for: .inr), asOf: date(asOf))
    }

    @Test func opensAtTriggerDPDWithReasons() {
        guard case .open(let event) = TriggerRules.decide(dues: dues("2026-02-01"), openCase: nil, policy: policy, at: at) else {
            Issue.record("expected a case to open"); return
        }
        #expect(event.rule == "trigger.dpd_reached")
        #expect(event.inputs["dpd"] == 1)
        #expect(event.inputs["total_overdue"] == 888_488)
        #expect(event.inputs["trigger_dpd"] == 1)
        #expect(event.actor == .system("cycle"))
    }

    @Test func noCaseBelowTrigger() {
        var strict = policy
        strict.triggerDPD = 2
        #expect(TriggerRules.decide(dues: dues("2026-02-01"), openCase: nil, policy: strict, at: at) == .none)
        #expect(TriggerRules.decide(dues: dues("2026-01-31"), openCase: nil, policy: policy, at: at) == .none)
    }

    @Test func curesPreAgreementCaseWhenCurrent() throws {
        let open = try CaseState.start(with: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle")))
        guard case .cure(let event) = TriggerRules.decide(dues: dues("2026-02-01", paid: 888_488), openCase: open, policy: policy, at: at) else {
            Issue.record("expected a cure"); return
        }
        #expect(event.rule == "cure.brought_current")
        #expect(event.inputs["dpd"] == 0)
        #expect(TriggerRules.decide(dues: dues("2026-02-01"), openCase: open, policy: policy, at: at) == .none)
    }

    @Test func agreedCaseIsNotCured() throws {
        let agreed = try CaseState.start(with: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle")))
            .applying(NewCaseEvent(kind: .engaged, at: at, actor: .system("t")))
            .applying(NewCaseEvent(kind: .agreed, at: at, actor: .system("t")))
        #expect(TriggerRules.decide(dues: dues("2026-02-01", paid: 888_488), openCase: agreed, policy: policy, at: at) == .none)
    }
}
