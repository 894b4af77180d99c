/// The addresses Parley holds for a borrower.
public struct ContactPoints: Hashable, Sendable {
    public var hasPhone: Bool
    public var hasEmail: Bool
    public var hasPushToken: Bool

    public init(hasPhone: Bool, hasEmail: Bool, hasPushToken: Bool) {
        self.hasPhone = hasPhone
        self.hasEmail = hasEmail
        self.hasPushToken = hasPushToken
    }
}

/// Why a channel cannot be used for a borrower.
public enum Unreachable: String, Sendable, Hashable {
    case noPhone = "no_phone"
    case noEmail = "no_email"
    case noPushToken = "no_push_token"
    case optedOut = "opted_out"
    case noConsent = "no_consent"

    /// A phrase for sentences, e.g. "opted out of SMS".
    func phrase(_ channel: Channel) -> String {
        switch self {
        case .noPhone: return "no phone number for \(channel.displayName)"
        case .noEmail: return "no email address"
        case .noPushToken: return "no app push token"
        case .optedOut: return "opted out of \(channel.displayName)"
        case .noConsent: return "no \(channel.displayName) opt-in"
        }
    }
}

/// The channels a borrower can be reached on and why each other channel cannot.
/// A phone gives SMS and WhatsApp, an email address gives email, a push token gives push; an
/// opt-out removes a channel and WhatsApp also needs the borrower's opt-in.
public struct Reachability: Hashable, Sendable {
    public let excluded: [Channel: Unreachable]

    public init(contact: ContactPoints, optedOut: Set<Channel>, consented: Set<Channel>) {
        var excluded: [Channel: Unreachable] = [:]
        for channel in Channel.allCases {
            let hasAddress: Bool
            switch channel {
            case .sms, .whatsapp: hasAddress = contact.hasPhone
            case .email: hasAddress = contact.hasEmail
            case .push: hasAddress = contact.hasPushToken
            }
            if !hasAddress {
                excluded[channel] = channel == .email ? .noEmail : channel == .push ? .noPushToken : .noPhone
            } else if optedOut.contains(channel) {
                excluded[channel] = .optedOut
            } else if channel.requiresOptIn && !consented.contains(channel) {
                excluded[channel] = .noConsent
            }
        }
        self.excluded = excluded
    }

    public func canReach(_ channel: Channel) -> Bool { excluded[channel] == nil }

    /// `channels` that can be reached, in their order.
    public func reachable(_ channels: [Channel]) -> [Channel] { channels.filter(canReach) }

    /// Every excluded channel with its reason, for the record.
    public var json: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: excluded.map { ($0.key.rawValue, .string($0.value.rawValue)) }))
    }
}
