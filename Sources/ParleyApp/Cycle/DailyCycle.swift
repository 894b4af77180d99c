import ParleyCore
import ParleyStore

/// What one day's cycle did, for the lender.
public struct CycleSummary: Equatable, Sendable {
    public let lenderID: String
    public let asOf: CivilDate
    /// This run.
    public var loansChecked = 0
    public var openedThisRun = 0
    public var curedThisRun = 0
    public var byBucket: [Bucket: Int] = [:]
    /// The whole day, across reruns.
    public var openedToday = 0
    public var curedToday = 0
    public var runsToday = 0
    public var openCases = 0

    public var json: JSONValue {
        [
            "lender_id": .string(lenderID),
            "as_of": .string(asOf.description),
            "loans_checked": .int(Int64(loansChecked)),
            "cases_opened": .int(Int64(openedToday)),
            "cases_cured": .int(Int64(curedToday)),
            "opened_this_run": .int(Int64(openedThisRun)),
            "cured_this_run": .int(Int64(curedThisRun)),
            "runs": .int(Int64(runsToday)),
            "open_cases": .int(Int64(openCases)),
            "by_bucket": .object(Dictionary(uniqueKeysWithValues: Bucket.allCases.map { ($0.rawValue, .int(Int64(byBucket[$0] ?? 0))) })),
        ]
    }

    public var text: String {
        let buckets = Bucket.allCases.map { "\($0.rawValue): \(byBucket[$0] ?? 0)" }.joined(separator: ", ")
        return """
        Daily cycle for \(lenderID) as of \(asOf)
          loans checked:  \(loansChecked)
          cases opened:   \(openedToday)\(openedThisRun != openedToday ? " (\(openedThisRun) in this run)" : "")
          cases cured:    \(curedToday)\(curedThisRun != curedToday ? " (\(curedThisRun) in this run)" : "")
          open cases:     \(openCases)
          DPD buckets:    \(buckets)
        """
    }
}

/// The daily cycle (SPEC.md "Triggers"): idempotent per day and safe to kill at any point.
///
/// Loans are visited in key order in batches; each batch's decisions, events and progress commit in one
/// transaction. A rerun re-decides from stored state, so work already committed is never repeated, and
/// every event carries the cycle's logical time (the start of the as-of day, UTC: the cycle for a day runs as it
/// begins, with the dues as of its end, and the day's outreach follows), so a crash followed by a
/// rerun leaves exactly what one clean run leaves.
public struct DailyCycle {
    let store: any Store
    let lenderID: String
    public var batchSize = 2_000
    /// Called after each batch with the loans checked so far.
    public var progress: ((Int) -> Void)?

    public init(store: any Store, lenderID: String) {
        self.store = store
        self.lenderID = lenderID
    }

    public func run(asOf: CivilDate) throws -> CycleSummary {
        guard try store.lender(id: lenderID) != nil else { throw StoreError.unknownLender(lenderID) }
        if let latest = try store.latestCycleDay(lenderID: lenderID), latest > asOf {
            throw AppError.cycleOutOfOrder(requested: asOf, latest: latest)
        }
        let policy = try store.policy(lenderID: lenderID)
        let at = Instant(date: asOf)
        var summary = CycleSummary(lenderID: lenderID, asOf: asOf)
        try store.markCycle(lenderID: lenderID, asOf: asOf, completed: false, loansChecked: 0)

        var rulesByCurrency: [Currency: LedgerRules] = [:]
        var afterKey: Int64 = 0
        while true {
            let loans = try store.cycleLoans(lenderID: lenderID, afterKey: afterKey, limit: batchSize)
            guard let last = loans.last else { break }
            afterKey = last.key
            var decisions: [(CycleLoan, TriggerDecision)] = []
            for loan in loans {
                let rules = rulesByCurrency[loan.currency] ?? policy.ledgerRules(for: loan.currency)
                rulesByCurrency[loan.currency] = rules
                let dues = Dues.compute(loanID: loan.loanID, currency: loan.currency, terms: loan.terms,
                                        payments: loan.payments, rules: rules, asOf: asOf)
                summary.byBucket[dues.bucket, default: 0] += 1
                let decision = TriggerRules.decide(dues: dues, openCase: loan.openCase?.state, policy: policy, at: at)
                if decision != .none { decisions.append((loan, decision)) }
            }
            try store.transaction {
                var opened = 0, cured = 0
                for (loan, decision) in decisions {
                    switch decision {
                    case .none: break
                    case .open(let event):
                        _ = try store.openCase(loanKey: loan.key, lenderID: lenderID, event: event)
                        opened += 1
                    case .cure(let event):
                        guard let open = loan.openCase else { continue }
                        _ = try store.appendEvent(caseKey: open.key, event: event)
                        cured += 1
                    }
                }
                try store.addCycleProgress(lenderID: lenderID, asOf: asOf, opened: opened, cured: cured)
                summary.openedThisRun += opened
                summary.curedThisRun += cured
            }
            summary.loansChecked += loans.count
            progress?(summary.loansChecked)
        }
        try store.markCycle(lenderID: lenderID, asOf: asOf, completed: true, loansChecked: summary.loansChecked)
        if let run = try store.cycleRun(lenderID: lenderID, asOf: asOf) {
            summary.openedToday = run.casesOpened
            summary.curedToday = run.casesCured
            summary.runsToday = run.runs
        }
        summary.openCases = try store.caseCounts(lenderID: lenderID)
            .filter { $0.key.isOpen }.values.reduce(0, +)
        return summary
    }
}
