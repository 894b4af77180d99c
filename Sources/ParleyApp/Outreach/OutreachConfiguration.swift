import Foundation
import ParleyChannels
import ParleyCore

/// Reads the provider configuration named by `--providers FILE` or `PARLEY_PROVIDERS` (default: `log` on every channel).
enum OutreachConfiguration {
    static func providerSet(_ command: ParsedCommand, _ environment: [String: String]) throws -> ProviderSet {
        guard let path = command.option("providers") ?? environment["PARLEY_PROVIDERS"] else {
            return ProviderSet(configuration: ProviderConfiguration())
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AppError.invalidInput("cannot read the provider configuration \(path)")
        }
        do { return try ProviderSet(json: text, environment: environment) } catch {
            throw AppError.invalidInput("\(path): \(error)")
        }
    }

    static func providers(_ command: ParsedCommand, _ environment: [String: String]) throws -> OutreachProviders {
        OutreachProviders(try providerSet(command, environment))
    }
}

extension OutreachProviders {
    /// The adapters of a provider set with their rate limits and the DLT registration defaults of the SMS gateway.
    public init(_ set: ProviderSet) {
        var providers: [Channel: any ChannelProvider] = [:]
        var rates: [Channel: Double] = [:]
        for channel in Channel.allCases {
            providers[channel] = set.provider(for: channel)
            if let rate = set.ratePerSecond(for: channel) { rates[channel] = Double(rate) }
        }
        self.init(providers: providers, ratesPerSecond: rates)
        if case .smsExotel(let settings) = set.configuration[.sms] {
            dltEntityID = settings.entityID
            senderHeader = settings.sender
        }
    }
}
