import ParleyCore

/// Sends app push notifications through Firebase Cloud Messaging HTTP v1
/// (`POST {base_url}/v1/projects/{project_id}/messages:send`). A dead registration token is reported as
/// `.invalidDestination` so that the dispatcher retires it.
public final class FCMProvider: ChannelProvider {
    public let channel = Channel.push
    public let kind = "fcm_v1"
    public let settings: FCMSettings
    private let client: HTTPClient

    public init(settings: FCMSettings, client: HTTPClient) {
        self.settings = settings
        self.client = client
    }

    public func send(_ message: OutboundMessage) -> SendOutcome {
        if let refused = ProviderAnswer.wrongChannel(message, provider: self) { return refused }
        guard !message.destination.isEmpty, message.destination.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .invalidDestination(reason: "fcm_v1: the registration token is empty or malformed")
        }
        switch client.send(FCMPayload.request(message, settings: settings)) {
        case .success(let response): return FCMAnswer.outcome(response)
        case .failure(let error): return ProviderAnswer.outcome(for: error, kind: kind)
        }
    }
}
