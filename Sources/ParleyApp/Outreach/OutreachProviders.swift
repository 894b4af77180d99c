import ParleyChannels
import ParleyCore

/// One provider per channel with its send rate, and the registration details templates need.
public struct OutreachProviders: Sendable {
    public var providers: [Channel: any ChannelProvider]
    public var limiters: [Channel: RateLimiter]
    public var dltEntityID = "PARLEY-PE-ID"
    public var senderHeader = "PRLYIN"

    public init(providers: [Channel: any ChannelProvider], ratesPerSecond: [Channel: Double]) {
        self.providers = providers
        limiters = ratesPerSecond.mapValues { RateLimiter(ratePerSecond: $0) }
    }

    /// The `log` provider on every channel: records sends without any network (demo mode and tests).
    public static func logging() -> OutreachProviders {
        OutreachProviders(providers: Dictionary(uniqueKeysWithValues: Channel.allCases.map { ($0, LogProvider(channel: $0)) }),
                          ratesPerSecond: [:])
    }

    func provider(for channel: Channel) -> any ChannelProvider {
        providers[channel] ?? LogProvider(channel: channel)
    }
}
