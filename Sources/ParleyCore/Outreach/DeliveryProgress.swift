/// Delivery receipts arrive out of order and repeated, so a message's status only ever moves
/// forward: planned < sending < sent < delivered < read. `sending` is the outbox's in-flight form of
/// sent (handed to the provider, answer not yet recorded). `failed` is reachable only from sent (or
/// sending) and is final; a failure reported after a delivery is stale.
public enum DeliveryProgress {
    /// A status on the way to the borrower. (Nested: ParleyChannels has its own receipt `DeliveryStatus`.)
    public enum Status: String, Sendable, CaseIterable, Hashable {
        case planned, sending, sent, delivered, read, failed

        /// Position on the forward path; failed is off it.
        var rank: Int? {
            switch self {
            case .planned: return 0
            case .sending: return 1
            case .sent: return 2
            case .delivered: return 3
            case .read: return 4
            case .failed: return nil
            }
        }

        /// The status after a receipt for `incoming`, or nil when the receipt must not change it:
        /// duplicates, anything backwards (read never returns to delivered), anything after failed,
        /// and failed unless the message is at sending or sent.
        public func advanced(to incoming: Status) -> Status? {
            guard incoming != self, let from = rank else { return nil }
            guard let to = incoming.rank else { return self == .sent || self == .sending ? .failed : nil }
            return to > from ? incoming : nil
        }
    }

    /// The new status after a receipt, as the store spells statuses, or nil when the receipt must not
    /// move the message. Any other status on either side (blocked, dropped, a typo) never moves.
    public static func advanced(from current: String, to incoming: String) -> String? {
        guard let current = Status(rawValue: current), let incoming = Status(rawValue: incoming) else { return nil }
        return current.advanced(to: incoming)?.rawValue
    }
}
