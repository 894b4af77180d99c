import ParleyCore

/// The FCM HTTP v1 `messages:send` request: a notification with the message text, and data the app uses to
/// recognise the message.
enum FCMPayload {
    static func request(_ message: OutboundMessage, settings: FCMSettings) -> HTTPClientRequest {
        HTTPClientRequest(method: .POST, url: settings.sendURL,
                          headers: ["Authorization": "Bearer \(settings.accessToken.value)", "Content-Type": "application/json"],
                          body: Array(body(message).canonical.utf8))
    }

    static func body(_ message: OutboundMessage) -> JSONValue {
        var notification: [String: JSONValue] = ["body": .string(message.body)]
        if let title = message.subject { notification["title"] = .string(title) }
        return ["message": [
            "token": .string(message.destination),
            "notification": .object(notification),
            "data": ["template": .string(message.template), "idempotency_key": .string(message.idempotencyKey)],
            "android": ["priority": "high"],
        ]]
    }
}
