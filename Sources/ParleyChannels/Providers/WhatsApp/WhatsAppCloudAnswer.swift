import ParleyCore

/// Turns a Cloud API answer into an outcome. Graph errors come as
/// `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`, mostly with HTTP 400 whatever the cause,
/// so the error code decides before the status does.
enum WhatsAppCloudAnswer {
    /// Throughput, pair and spam rate limits: slow down and retry.
    static let rateLimitCodes: Set<Int64> = [4, 80007, 130429, 131056]
    /// Unknown or temporary service errors.
    static let temporaryCodes: Set<Int64> = [1, 2, 131000]
    /// The number cannot receive WhatsApp messages (not on WhatsApp, old app, terms not accepted).
    static let undeliverableCodes: Set<Int64> = [131026]

    static func outcome(_ response: HTTPClientResponse) -> SendOutcome {
        let json = ProviderJSON.parse(response.body)
        if (200..<300).contains(response.status) {
            if let id = json?["messages"]?.arrayValue?.first?["id"]?.stringValue, !id.isEmpty {
                return .sent(providerMessageID: id)
            }
            return .permanentFailure(reason: "whatsapp_cloud: HTTP \(response.status) without a message id; not retried to avoid a duplicate")
        }
        let retryAfter = ProviderAnswer.retryAfterSeconds(response.headers)
        guard let error = json?["error"], let code = error["code"]?.intValue else {
            return ProviderAnswer.outcome(status: response.status, reason: "whatsapp_cloud: HTTP \(response.status)", retryAfter: retryAfter)
        }
        let reason = reasonText(status: response.status, code: code, error: error)
        if rateLimitCodes.contains(code) || temporaryCodes.contains(code) {
            return .retryable(reason: reason, retryAfterSeconds: retryAfter)
        }
        if undeliverableCodes.contains(code) { return .invalidDestination(reason: reason) }
        return ProviderAnswer.outcome(status: response.status, reason: reason, retryAfter: retryAfter)
    }

    /// `whatsapp_cloud: HTTP 400, error 132001/2494073 (OAuthException): <message> [fbtrace_id …]`.
    private static func reasonText(status: Int, code: Int64, error: JSONValue) -> String {
        var text = "whatsapp_cloud: HTTP \(status), error \(code)"
        if let subcode = error["error_subcode"]?.intValue { text += "/\(subcode)" }
        if let type = error["type"]?.stringValue { text += " (\(ProviderAnswer.scrub(type, limit: 40)))" }
        if let message = error["message"]?.stringValue { text += ": " + ProviderAnswer.scrub(message) }
        if let trace = error["fbtrace_id"]?.stringValue { text += " [fbtrace_id \(ProviderAnswer.scrub(trace, limit: 40))]" }
        return text
    }
}
