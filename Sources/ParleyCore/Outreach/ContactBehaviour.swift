/// One option the planner can choose: a channel and an index into the policy's send windows.
public struct OutreachArm: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var channel: Channel
    /// Index into `OutreachPolicy.windows`.
    public var window: Int

    public init(channel: Channel, window: Int) {
        self.channel = channel
        self.window = window
    }

    /// `sms@2`.
    public var description: String { "\(channel.rawValue)@\(window)" }

    public static func < (lhs: OutreachArm, rhs: OutreachArm) -> Bool { (lhs.channel, lhs.window) < (rhs.channel, rhs.window) }
}

/// What became of the messages sent to one borrower on one arm. Every message handed to a provider
/// counts in `sent` (so `failed` is part of `sent`); the later counts are receipts and actions.
public struct EngagementCounts: Hashable, Sendable {
    public var sent = 0, delivered = 0, read = 0, clicked = 0, replied = 0, failed = 0

    public init(sent: Int = 0, delivered: Int = 0, read: Int = 0, clicked: Int = 0, replied: Int = 0, failed: Int = 0) {
        self.sent = sent
        self.delivered = delivered
        self.read = read
        self.clicked = clicked
        self.replied = replied
        self.failed = failed
    }

    /// Any sign a message arrived: a delivery receipt, or a read, click or reply (which imply one).
    public var everDelivered: Bool { delivered > 0 || read > 0 || clicked > 0 || replied > 0 }

    /// Messages with no sign of arrival: failed, or sent without a delivery receipt.
    public var undelivered: Int { max(failed, sent - delivered) }

    public static func + (lhs: EngagementCounts, rhs: EngagementCounts) -> EngagementCounts {
        EngagementCounts(sent: lhs.sent + rhs.sent, delivered: lhs.delivered + rhs.delivered, read: lhs.read + rhs.read,
                         clicked: lhs.clicked + rhs.clicked, replied: lhs.replied + rhs.replied, failed: lhs.failed + rhs.failed)
    }

    public var json: JSONValue {
        ["sent": .int(Int64(sent)), "delivered": .int(Int64(delivered)), "read": .int(Int64(read)),
         "clicked": .int(Int64(clicked)), "replied": .int(Int64(replied)), "failed": .int(Int64(failed))]
    }
}

/// One borrower's history with outreach: per arm counts, portal visits, broken promises and the
/// last inbound message per channel (which also opens WhatsApp's 24-hour session window).
public struct ContactBehaviour: Hashable, Sendable {
    public var arms: [OutreachArm: EngagementCounts]
    public var portalVisits: Int
    public var brokenPromises: Int
    /// The last message the borrower sent us on each channel.
    public var lastInbound: [Channel: Instant]

    public init(arms: [OutreachArm: EngagementCounts] = [:], portalVisits: Int = 0, brokenPromises: Int = 0,
                lastInbound: [Channel: Instant] = [:]) {
        self.arms = arms
        self.portalVisits = portalVisits
        self.brokenPromises = brokenPromises
        self.lastInbound = lastInbound
    }

    /// How long a borrower's reply keeps its channel first in the planner.
    public static let replyPrecedenceSeconds: Int64 = 30 * 86_400
    /// WhatsApp allows free-form session messages for 24 hours after the borrower's last message.
    public static let whatsAppSessionSeconds: Int64 = 86_400
    /// Sends with no sign of arrival after which a channel is tried last.
    public static let undeliveredThreshold = 3

    /// The counts for a channel over all windows.
    public func totals(for channel: Channel) -> EngagementCounts {
        arms.filter { $0.key.channel == channel }.values.reduce(EngagementCounts(), +)
    }

    /// The channel of `channels` the borrower most recently wrote to us on within the last 30 days, if any.
    /// On a tie the channel listed first wins.
    public func recentReply(at now: Instant, among channels: [Channel]) -> (channel: Channel, at: Instant)? {
        var latest: (channel: Channel, at: Instant)?
        for channel in channels {
            guard let at = lastInbound[channel], at <= now,
                  now.secondsSinceEpoch - at.secondsSinceEpoch <= ContactBehaviour.replyPrecedenceSeconds else { continue }
            if latest == nil || at > latest!.at { latest = (channel, at) }
        }
        return latest
    }

    /// Whether a channel has had `undeliveredThreshold` or more sends and never a sign of arrival.
    public func neverDelivers(_ channel: Channel) -> Bool {
        let totals = totals(for: channel)
        return !totals.everDelivered && totals.undelivered >= ContactBehaviour.undeliveredThreshold
    }

    /// Whether a WhatsApp session message (outside templates) is allowed at `now`.
    public func whatsAppSessionOpen(at now: Instant) -> Bool {
        guard let last = lastInbound[.whatsapp], last <= now else { return false }
        return now.secondsSinceEpoch - last.secondsSinceEpoch < ContactBehaviour.whatsAppSessionSeconds
    }
}
