import ParleyCore
import ParleyStore

/// Builds what the compliance gate must know about a borrower at an instant: jurisdiction and zone, opt-outs and
/// consents, holds (the borrower's own and those of the case), and the collection messages already sent.
struct ContactStates {
    let store: SQLiteStore
    /// How far back frequency caps look (7 days, plus one for local-day edges).
    static let lookbackSeconds: Int64 = 8 * 86_400

    func state(for borrower: StoredBorrower, caseHolds: Set<HoldKind>, at: Instant) throws -> BorrowerContactState {
        // `contactSnapshots` answers for every key it is given, so the borrower is always there.
        guard var state = try states(for: [borrower], at: at)[borrower.key] else { throw StoreError.corrupt("no contact state for \(borrower.borrowerID)") }
        state.holds.formUnion(caseHolds)
        return state
    }

    /// The borrowers' own states (without any case's holds), in a handful of queries for the whole group.
    func states(for borrowers: [StoredBorrower], at: Instant) throws -> [Int64: BorrowerContactState] {
        let byKey = Dictionary(borrowers.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var states: [Int64: BorrowerContactState] = [:]
        for (key, snapshot) in try store.contactSnapshots(borrowerKeys: Array(byKey.keys), since: at.adding(seconds: -Self.lookbackSeconds)) {
            guard let borrower = byKey[key] else { continue }
            states[key] = BorrowerContactState(jurisdiction: borrower.jurisdiction, timeZone: borrower.timeZone,
                                               optedOut: Set(snapshot.optedOut.compactMap(Channel.init(rawValue:))),
                                               consented: Set(snapshot.consented.compactMap(Channel.init(rawValue:))),
                                               holds: snapshot.holds, recentSends: snapshot.sends)
        }
        return states
    }

    /// The destination on a channel for a borrower, or nil when there is none (no email, no live push token).
    func destination(_ channel: Channel, for borrower: StoredBorrower) throws -> String? {
        switch channel {
        case .whatsapp, .sms: return borrower.phone.isEmpty ? nil : borrower.phone
        case .email: return borrower.email.flatMap { $0.isEmpty ? nil : $0 }
        case .push: return try store.pushTokens(borrowerKey: borrower.key).first
        }
    }
}

extension GateDecision {
    /// The decision without its inputs, for the outbox row (the case event keeps the full record).
    var brief: JSONValue {
        var members: [String: JSONValue] = ["decision": .string(kind), "rule": .string(reason.rule), "summary": .string(reason.summary)]
        if case .reschedule(let at, _) = self { members["at"] = .string(at.description) }
        if case .object(let inputs) = reason.inputs {
            let kept = inputs.filter { ["zone", "requested_local", "scheduled_at", "scheduled_local", "hold_until", "holds", "opted_out"].contains($0.key) }
            if !kept.isEmpty { members["inputs"] = .object(kept) }
        }
        return .object(members)
    }

    /// The outbox status for a send the gate stopped: `blocked` for the borrower's own situation (holds, opt-outs,
    /// missing consent), `dropped` when no lawful time was found.
    var stoppedStatus: OutboxMessage.Status {
        let rule = reason.rule
        return rule.hasPrefix("hold.") || rule.hasPrefix("optout.") || rule.hasPrefix("consent.") ? .blocked : .dropped
    }

    /// Whether another channel might still carry the message (the block is about this channel only).
    var channelSpecific: Bool {
        reason.rule.hasPrefix("optout.") || reason.rule.hasPrefix("consent.")
    }
}
