import ParleyCore

/// Sends WhatsApp template and session messages through Meta's Cloud API:
/// `POST {base_url}/{version}/{phone_number_id}/messages` with a bearer token.
public final class WhatsAppCloudProvider: ChannelProvider {
    public let channel = Channel.whatsapp
    public let kind = "whatsapp_cloud"
    public let settings: WhatsAppCloudSettings
    private let client: HTTPClient

    public init(settings: WhatsAppCloudSettings, client: HTTPClient) {
        self.settings = settings
        self.client = client
    }

    public func send(_ message: OutboundMessage) -> SendOutcome {
        if let refused = ProviderAnswer.wrongChannel(message, provider: self) { return refused }
        guard let recipient = PhoneNumbers.e164Digits(message.destination) else {
            return .invalidDestination(reason: "whatsapp_cloud: the destination is not an E.164 number")
        }
        switch client.send(WhatsAppCloudPayload.request(message, recipient: recipient, settings: settings)) {
        case .success(let response): return WhatsAppCloudAnswer.outcome(response)
        case .failure(let error): return ProviderAnswer.outcome(for: error, kind: kind)
        }
    }
}
