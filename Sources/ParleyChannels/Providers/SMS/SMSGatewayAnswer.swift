/// Turns an Exotel answer into an outcome: `{"SMSMessage":{"Sid":…,"Status":"queued",…}}` on success,
/// `{"RestException":{"Status":…,"Message":…}}` on failure.
enum SMSGatewayAnswer {
    static func outcome(_ response: HTTPClientResponse) -> SendOutcome {
        let json = ProviderJSON.parse(response.body)
        if (200..<300).contains(response.status) {
            if let sid = json?["SMSMessage"]?["Sid"]?.stringValue, !sid.isEmpty { return .sent(providerMessageID: sid) }
            return .permanentFailure(reason: "sms_exotel: HTTP \(response.status) without an SMS Sid; not retried to avoid a duplicate")
        }
        var reason = "sms_exotel: HTTP \(response.status)"
        if let exception = json?["RestException"] {
            if let code = exception["Code"]?.stringValue ?? exception["Code"]?.intValue.map(String.init) {
                reason += ", \(ProviderAnswer.scrub(code, limit: 40))"
            }
            if let message = exception["Message"]?.stringValue { reason += ": " + ProviderAnswer.scrub(message) }
        }
        return ProviderAnswer.outcome(status: response.status, reason: reason, retryAfter: ProviderAnswer.retryAfterSeconds(response.headers))
    }
}
