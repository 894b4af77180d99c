import ParleyCore
import ParleyStore

/// Builds what the compliance gate must know about a borrower at an instant: jurisdiction and zone, opt-outs and
/// consents, holds (the borrower's own and those of the case), and the collection messages already sent.
struct ContactStates {
    let store: SQLiteStore
    /// How far back frequency caps look (7 days, plus one for local-day edges).
    static let lookbackSeconds: Int64 = 8 * 86_400

    func state(for borrower: StoredBorrower, caseHolds: Set<HoldKind>, at: Instant) throws -> BorrowerContactState {
        let holds = try store.holds(borrowerKey: borrower.key).union(caseHolds)
        return BorrowerContactState(
            jurisdiction: borrower.jurisdiction, timeZone: borrower.timeZone,
            optedOut: Set(try store.optedOutChannels(borrowerKey: borrower.key).compactMap(Channel.init(rawValue:))),
            consented: Set(try store.consentedChannels(borrowerKey: borrower.key).compactMap(Channel.init(rawValue:))),
            holds: holds,
            recentSends: try store.recentCollectionSends(borrowerKey: borrower.key, since: at.adding(seconds: -Self.lookbackSeconds)))
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
