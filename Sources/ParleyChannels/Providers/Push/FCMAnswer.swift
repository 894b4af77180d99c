import ParleyCore

/// Turns an FCM v1 answer into an outcome. Errors are Google API errors,
/// `{"error":{"code","message","status","details":[{"@type":"…FcmError","errorCode":"UNREGISTERED"}]}}`.
enum FCMAnswer {
    static func outcome(_ response: HTTPClientResponse) -> SendOutcome {
        let json = ProviderJSON.parse(response.body)
        if (200..<300).contains(response.status) {
            if let name = json?["name"]?.stringValue, !name.isEmpty { return .sent(providerMessageID: name) }
            return .permanentFailure(reason: "fcm_v1: HTTP \(response.status) without a message name; not retried to avoid a duplicate")
        }
        let error = json?["error"]
        let status = error?["status"]?.stringValue
        let details = error?["details"]?.arrayValue ?? []
        let fcmCode = details.lazy.compactMap { $0["errorCode"]?.stringValue }.first
        let message = error?["message"]?.stringValue ?? ""
        var reason = "fcm_v1: HTTP \(response.status)"
        if let code = fcmCode ?? status { reason += ", \(ProviderAnswer.scrub(code, limit: 40))" }
        if !message.isEmpty { reason += ": " + ProviderAnswer.scrub(message) }
        // Only the explicit code retires a token: a bare 404 may be a wrong project id, which is no token's fault.
        if fcmCode == "UNREGISTERED" {
            return .invalidDestination(reason: reason)
        }
        if response.status == 400, fcmCode == "INVALID_ARGUMENT" || status == "INVALID_ARGUMENT",
           aboutToken(message: message, details: details) {
            return .invalidDestination(reason: reason)
        }
        return ProviderAnswer.outcome(status: response.status, reason: reason, retryAfter: ProviderAnswer.retryAfterSeconds(response.headers))
    }

    /// An `INVALID_ARGUMENT` that blames the registration token rather than the payload.
    private static func aboutToken(message: String, details: [JSONValue]) -> Bool {
        if message.lowercased().contains("registration token") { return true }
        return details.contains { detail in
            (detail["fieldViolations"]?.arrayValue ?? []).contains { $0["field"]?.stringValue == "message.token" }
        }
    }
}
