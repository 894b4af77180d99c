/// One lender's policy document. Later capabilities (cadence, mandate, escalation) add sections.
public struct LenderPolicy: Hashable, Sendable {
    /// Open a case when a loan's DPD reaches this.
    public var triggerDPD: Int = 1
    /// Days after the due date before the late fee is charged.
    public var graceDays: Int = 3
    /// Late fee in major units, applied in each loan's own currency.
    public var lateFee: String = "500.00"
    /// Overrides of `lateFee` by currency code.
    public var lateFeeByCurrency: [String: String] = [:]
    /// The simple mandate behind the borrower's pathways (the negotiation issue deepens it).
    /// One-time settlement: this share of the payoff, in basis points (8000 = 80 %).
    public var settlementShareBps: Int = 8000
    /// Days the settlement offer stays open.
    public var settlementDeadlineDays: Int = 14
    /// Instalment plan lengths offered, in months.
    public var planMonths: [Int] = [3, 6, 12]
    /// Longest hardship pause a borrower may ask for, in days.
    public var hardshipPauseDays: Int = 30
    /// Cadence, adaptive channel and time choice, send windows and caps for digital outreach.
    public var outreach: OutreachPolicy = .standard

    public init() {}

    /// The frequency caps for a borrower in `jurisdiction`: the standard caps, tightened by the policy.
    public func caps(for jurisdiction: Jurisdiction) -> FrequencyCaps { outreach.caps(for: jurisdiction) }

    /// The late fee for a currency, in minor units.
    public func lateFeeMinor(for currency: Currency) -> Int64 {
        let text = lateFeeByCurrency[currency.code] ?? lateFee
        return (try? Money.parseMinor(text, digits: currency.minorDigits)) ?? 0
    }

    public func ledgerRules(for currency: Currency) -> LedgerRules {
        LedgerRules(graceDays: graceDays, lateFee: lateFeeMinor(for: currency))
    }

    public var json: JSONValue {
        [
            "schema": "parley.policy/1",
            "trigger_dpd": .int(Int64(triggerDPD)),
            "grace_days": .int(Int64(graceDays)),
            "late_fee": .string(lateFee),
            "late_fee_by_currency": .object(lateFeeByCurrency.mapValues { .string($0) }),
            "settlement_share_bps": .int(Int64(settlementShareBps)),
            "settlement_deadline_days": .int(Int64(settlementDeadlineDays)),
            "plan_months": .array(planMonths.map { .int(Int64($0)) }),
            "hardship_pause_days": .int(Int64(hardshipPauseDays)),
            "outreach": outreach.json,
        ]
    }
}

/// A policy document that cannot be used, naming the field and the reason.
public struct PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let reason: String
    public var description: String { field.isEmpty ? reason : "\(field): \(reason)" }
}

extension LenderPolicy {
    /// Parses and validates a policy document; fields left out keep their defaults.
    public static func parse(_ text: String) throws(PolicyError) -> LenderPolicy {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw PolicyError(field: "", reason: "not valid JSON (\(error))")
        }
        return try from(value)
    }

    public static func from(_ value: JSONValue) throws(PolicyError) -> LenderPolicy {
        guard case .object(let members) = value else { throw PolicyError(field: "", reason: "the policy must be a JSON object") }
        var policy = LenderPolicy()
        let known: Set<String> = ["schema", "trigger_dpd", "grace_days", "late_fee", "late_fee_by_currency",
                                  "settlement_share_bps", "settlement_deadline_days", "plan_months", "hardship_pause_days", "outreach"]
        for key in members.keys.sorted() where !known.contains(key) {
            throw PolicyError(field: key, reason: "unknown field (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let schema = members["schema"] {
            guard schema == "parley.policy/1" else { throw PolicyError(field: "schema", reason: "must be \"parley.policy/1\"") }
        }
        if let value = members["trigger_dpd"] { policy.triggerDPD = try integer(value, "trigger_dpd", 1...3650) }
        if let value = members["grace_days"] { policy.graceDays = try integer(value, "grace_days", 0...365) }
        if let value = members["late_fee"] { policy.lateFee = try amount(value, "late_fee") }
        if let value = members["settlement_share_bps"] { policy.settlementShareBps = try integer(value, "settlement_share_bps", 1...10_000) }
        if let value = members["settlement_deadline_days"] { policy.settlementDeadlineDays = try integer(value, "settlement_deadline_days", 1...365) }
        if let value = members["hardship_pause_days"] { policy.hardshipPauseDays = try integer(value, "hardship_pause_days", 0...365) }
        if let value = members["outreach"] { policy.outreach = try OutreachPolicy.from(value, field: "outreach") }
        if let value = members["plan_months"] {
            guard case .array(let items) = value, !items.isEmpty, items.count <= 12 else {
                throw PolicyError(field: "plan_months", reason: "must be a list of 1 to 12 whole numbers of months")
            }
            policy.planMonths = try items.enumerated().map { index, item throws(PolicyError) in
                try integer(item, "plan_months[\(index)]", 1...120)
            }
        }
        if let value = members["late_fee_by_currency"] {
            guard case .object(let fees) = value else {
                throw PolicyError(field: "late_fee_by_currency", reason: "must be an object of currency code to amount")
            }
            for (code, fee) in fees {
                let field = "late_fee_by_currency.\(code)"
                guard let currency = Currency(code: code) else { throw PolicyError(field: field, reason: "unknown currency code") }
                let text = try amount(fee, field)
                do { _ = try Money.parseMinor(text, digits: currency.minorDigits) } catch {
                    throw PolicyError(field: field, reason: error.description)
                }
                policy.lateFeeByCurrency[code] = text
            }
        }
        return policy
    }

    private static func integer(_ value: JSONValue, _ field: String, _ range: ClosedRange<Int>) throws(PolicyError) -> Int {
        guard case .int(let number) = value else { throw PolicyError(field: field, reason: "must be an integer") }
        guard range.contains(Int(number)) else {
            throw PolicyError(field: field, reason: "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return Int(number)
    }

    private static func amount(_ value: JSONValue, _ field: String) throws(PolicyError) -> String {
        guard case .string(let text) = value else {
            throw PolicyError(field: field, reason: "must be a decimal string such as \"500.00\"")
        }
        do { _ = try Money.parseMinor(text, digits: 2) } catch {
            throw PolicyError(field: field, reason: error.description)
        }
        return text
    }
}
