import ParleyCore

/// Exotel's SMS callbacks: the delivery `StatusCallback` and the incoming-SMS passthru.
///
/// Exotel does not sign callbacks, so each URL carries a secret path segment
/// (`/webhooks/sms/{secret}/status`, `/webhooks/sms/{secret}/inbound`) that the server checks with
/// `authorize` before parsing. Fields arrive as a form body (POST) or a query string (GET); the server passes
/// them decoded (see `FormURLEncoded`). Pure: no storage, no clock — `receivedAt` comes from the server.
public enum SMSGatewayWebhook {
    /// Whether the secret path segment matches the configured one, in constant time. An empty configured
    /// secret never matches (a missing configuration must not open the endpoint).
    public static func authorize(pathSecret: String, configured: String) -> Bool {
        WebhookSecret.matches(pathSecret, configured: configured)
    }

    /// Exotel's `Status` values and the Parley status each one means.
    static let statuses: [String: DeliveryStatus] = [
        "queued": .sent, "sending": .sent, "submitted": .sent, "sent": .sent,
        "delivered": .delivered,
        "failed": .failed, "failed-dnd": .failed, "undelivered": .failed, "expired": .failed,
    ]

    /// A delivery `StatusCallback`: `SmsSid`, `To`, `Status`, `DetailedStatus`, `DetailedStatusCode`, `DateSent`.
    ///
    /// An unknown `Status` is an error naming it. `DateSent` (IST) gives the time; when it is absent, empty or
    /// Exotel's unset epoch, `receivedAt` does. Failures carry `DetailedStatusCode` and `DetailedStatus`
    /// (or the specific Exotel status, such as `failed-dnd`, when no detail came).
    public static func parseStatus(form: [String: String], receivedAt: Instant) throws(WebhookError) -> DeliveryReceipt {
        let sid = try required("SmsSid", in: form)
        let exotelStatus = try required("Status", in: form)
        guard let status = statuses[exotelStatus.lowercased()] else {
            throw .invalidValue(path: "Status", reason: "unknown Exotel SMS status \"\(exotelStatus)\"")
        }
        var receipt = DeliveryReceipt(channel: .sms, providerMessageID: sid, status: status,
                                      at: try time("DateSent", in: form, receivedAt: receivedAt))
        if let to = optional("To", in: form) { receipt.recipient = try phoneNumber("To", to) }
        if status == .failed {
            receipt.errorCode = optional("DetailedStatusCode", in: form)
            receipt.errorReason = optional("DetailedStatus", in: form)
                ?? (exotelStatus.lowercased() == "failed" ? nil : exotelStatus.lowercased())
        }
        return receipt
    }

    /// An incoming SMS: `SmsSid`, `From`, `To` (Parley's own number, not returned), `Body`, `Date` (IST).
    ///
    /// `From` becomes E.164 (`0XXXXXXXXXX` → `+91XXXXXXXXXX`). `Body` must be present but may be empty.
    public static func parseInbound(form: [String: String], receivedAt: Instant) throws(WebhookError) -> InboundMessage {
        let sid = try required("SmsSid", in: form)
        let from = try phoneNumber("From", try required("From", in: form))
        guard let body = form["Body"] else { throw .missing(path: "Body") }
        return InboundMessage(channel: .sms, providerMessageID: sid, from: from, text: body,
                              at: try time("Date", in: form, receivedAt: receivedAt), kind: "sms")
    }

    private static func optional(_ name: String, in form: [String: String]) -> String? {
        guard let value = form[name], !value.isEmpty else { return nil }
        return value
    }

    private static func required(_ name: String, in form: [String: String]) throws(WebhookError) -> String {
        guard let value = optional(name, in: form) else { throw .missing(path: name) }
        return value
    }

    private static func phoneNumber(_ name: String, _ value: String) throws(WebhookError) -> String {
        guard let number = PhoneNumbers.e164(exotel: value) else {
            throw .invalidValue(path: name, reason: "not a phone number Parley can put in E.164")
        }
        return number
    }

    private static func time(_ name: String, in form: [String: String], receivedAt: Instant) throws(WebhookError) -> Instant {
        guard let text = optional(name, in: form) else { return receivedAt }
        guard let instant = ExotelTime.instant(text) else {
            throw .invalidValue(path: name, reason: "expected YYYY-MM-DD HH:mm:ss, got \"\(text)\"")
        }
        return ExotelTime.isUnset(instant) ? receivedAt : instant
    }
}
