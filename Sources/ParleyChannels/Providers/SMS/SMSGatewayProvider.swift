import ParleyCore

/// Sends SMS through Exotel's SMS API (`POST {base_url}/v1/Accounts/{sid}/Sms/send.json`) with the India DLT
/// entity and template ids. The text is checked against its DLT registration before any request.
public final class SMSGatewayProvider: ChannelProvider {
    public let channel = Channel.sms
    public let kind = "sms_exotel"
    public let settings: SMSGatewaySettings
    private let client: HTTPClient

    public init(settings: SMSGatewaySettings, client: HTTPClient) {
        self.settings = settings
        self.client = client
    }

    public func send(_ message: OutboundMessage) -> SendOutcome {
        if let refused = ProviderAnswer.wrongChannel(message, provider: self) { return refused }
        guard PhoneNumbers.e164Digits(message.destination) != nil else {
            return .invalidDestination(reason: "sms_exotel: the destination is not an E.164 number")
        }
        if let refused = SMSGatewayPayload.dltRefusal(message, requireDLT: settings.requireDLT) { return refused }
        switch client.send(SMSGatewayPayload.request(message, settings: settings)) {
        case .success(let response): return SMSGatewayAnswer.outcome(response)
        case .failure(let error): return ProviderAnswer.outcome(for: error, kind: kind)
        }
    }
}
