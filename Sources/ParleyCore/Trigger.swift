/// What the daily cycle decides for one loan, with the rule and the inputs behind it.
public enum TriggerDecision: Hashable, Sendable {
    case none
    case open(NewCaseEvent)
    case cure(NewCaseEvent)
}

/// The daily cycle's per-loan rules (SPEC.md "Triggers").
public enum TriggerRules {
    public static let openRule = "trigger.dpd_reached"
    public static let cureRule = "cure.brought_current"

    /// Decides for one loan given its dues and its open case, if any. `at` is the cycle's logical time.
    public static func decide(dues: Dues, openCase: CaseState?, policy: LenderPolicy, at: Instant) -> TriggerDecision {
        let inputs: JSONValue = [
            "as_of": .string(dues.asOf.description),
            "dpd": .int(Int64(dues.dpd)),
            "bucket": .string(dues.bucket.rawValue),
            "trigger_dpd": .int(Int64(policy.triggerDPD)),
            "total_overdue": .int(dues.totalOverdue),
            "overdue_instalments": .int(Int64(dues.overdueInstalments)),
            "currency": .string(dues.currency.code),
        ]
        if let state = openCase {
            if dues.dpd == 0, state.status.isPreAgreement, !state.everAgreed {
                return .cure(NewCaseEvent(
                    kind: .cured, at: at, actor: .system("cycle"), rule: cureRule, inputs: inputs,
                    data: ["summary": .string("Loan brought current (DPD 0, nothing overdue) before any agreement.")]))
            }
            return .none
        }
        guard dues.dpd >= policy.triggerDPD else { return .none }
        let oldest = dues.oldestOverdueDueOn?.description ?? ""
        return .open(NewCaseEvent(
            kind: .opened, at: at, actor: .system("cycle"), rule: openRule, inputs: inputs,
            data: ["summary": .string("DPD \(dues.dpd) reached the trigger of \(policy.triggerDPD): instalment due \(oldest) unpaid, \(Money(minor: dues.totalOverdue, currency: dues.currency)) overdue.")]))
    }
}
