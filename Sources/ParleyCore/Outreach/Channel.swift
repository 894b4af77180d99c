/// A channel Parley can reach a borrower on.
public enum Channel: String, Sendable, CaseIterable, Codable, Comparable {
    case whatsapp, sms, email, push

    /// Whether the borrower must have opted in before any message on this channel.
    /// WhatsApp Business policy requires an explicit opt-in for business-initiated messages;
    /// SMS, email and push are treated as consented (the borrower gave the number, address or app)
    /// until the borrower opts out.
    public var requiresOptIn: Bool { self == .whatsapp }

    public static func < (lhs: Channel, rhs: Channel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a message is sent, which decides which gate rules apply.
public enum MessagePurpose: String, Sendable, CaseIterable, Codable {
    /// Reminders, notices, invitations: every rule applies.
    case collection
    /// One-time codes and receipts the borrower asked for. Exempt from contact hours, holidays,
    /// frequency caps and the dispute, legal and hardship holds (the borrower is acting on the case),
    /// but still stopped by deceased and cease-and-desist, by an opt-out of that channel and by
    /// missing WhatsApp consent.
    case transactional
}
