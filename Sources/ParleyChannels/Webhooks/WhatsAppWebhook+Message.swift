import ParleyCore

extension WhatsAppWebhook {
    /// One entry of `value.messages`: text, a template quick-reply `button`, an `interactive` reply,
    /// or any other type (image, location, reaction, …) recorded with empty text.
    static func inboundMessage(_ message: JSONCursor, profileNames: [String: String]) throws(WebhookError) -> InboundMessage {
        let fromField = try message.required("from")
        let from = try phoneNumber(fromField)
        let id = try message.string("id")
        let at = try message.required("timestamp").unixSeconds()
        let type = try message.string("type")
        var text = ""
        var payload: String?
        switch type {
        case "text":
            text = try message.required("text").string("body")
        case "button":
            let button = try message.required("button")
            text = try button.string("text")
            payload = try button.optionalString("payload")
        case "interactive":
            let interactive = try message.required("interactive")
            let replyType = try interactive.string("type")
            if replyType == "button_reply" || replyType == "list_reply" {
                let reply = try interactive.required(replyType)
                payload = try reply.string("id")
                text = try reply.string("title")
            }
        default:
            break
        }
        return InboundMessage(channel: .whatsapp, providerMessageID: id, from: from, text: text, at: at, kind: type,
                              payload: payload, profileName: profileNames[try fromField.string()])
    }

    /// One entry of `value.statuses`. A failed status carries `errors[0]` as the code and reason.
    static func deliveryReceipt(_ status: JSONCursor) throws(WebhookError) -> DeliveryReceipt {
        let id = try status.string("id")
        let statusField = try status.required("status")
        let statusText = try statusField.string()
        guard let deliveryStatus = DeliveryStatus(rawValue: statusText) else {
            throw .invalidValue(path: statusField.path,
                                reason: "unknown status \"\(statusText)\" (expected sent, delivered, read or failed)")
        }
        let at = try status.required("timestamp").unixSeconds()
        let recipient = try status.optional("recipient_id").map { field throws(WebhookError) in try phoneNumber(field) }
        var errorCode: String?, errorReason: String?
        for (index, error) in try status.items("errors").enumerated() {
            let code = try error.required("code").code()
            let title = try error.optionalString("title"), message = try error.optionalString("message")
            let details = try error.optional("error_data")?.optionalString("details")
            guard index == 0 else { continue }
            errorCode = code
            errorReason = reason(title: title ?? message, details: details)
        }
        return DeliveryReceipt(channel: .whatsapp, providerMessageID: id, status: deliveryStatus, at: at,
                               errorCode: errorCode, errorReason: errorReason, recipient: recipient)
    }

    /// `Re-engagement message: Message failed to send because more than 24 hours have passed …`.
    private static func reason(title: String?, details: String?) -> String? {
        switch (title, details) {
        case (let title?, let details?) where title != details: "\(title): \(details)"
        case (let title?, _): title
        case (nil, let details): details
        }
    }
}
