import ParleyCore

/// The Cloud API request for a message: a template message when it names a registered template, else a
/// free-text session message (only deliverable inside the 24-hour customer service window).
enum WhatsAppCloudPayload {
    static func request(_ message: OutboundMessage, recipient: String, settings: WhatsAppCloudSettings) -> HTTPClientRequest {
        HTTPClientRequest(method: .POST, url: settings.messagesURL,
                          headers: ["Authorization": "Bearer \(settings.accessToken.value)", "Content-Type": "application/json"],
                          body: Array(body(message, recipient: recipient).canonical.utf8))
    }

    /// `recipient` is the E.164 number without `+`.
    static func body(_ message: OutboundMessage, recipient: String) -> JSONValue {
        var members: [String: JSONValue] = ["messaging_product": "whatsapp", "recipient_type": "individual", "to": .string(recipient)]
        if let name = message.whatsAppTemplate {
            var template: [String: JSONValue] = ["name": .string(name), "language": ["code": .string(languageCode(message.language))]]
            if !message.variables.isEmpty {
                let parameters = message.variables.map { variable -> JSONValue in ["type": "text", "text": .string(variable.value)] }
                template["components"] = [["type": "body", "parameters": .array(parameters)]]
            }
            members["type"] = "template"
            members["template"] = .object(template)
        } else {
            members["type"] = "text"
            members["text"] = ["preview_url": false, "body": .string(message.body)]
        }
        return .object(members)
    }

    /// BCP 47 `en-US` → WhatsApp's `en_US`; `hi` stays `hi`.
    static func languageCode(_ language: String) -> String { language.replacing("-", with: "_") }
}
