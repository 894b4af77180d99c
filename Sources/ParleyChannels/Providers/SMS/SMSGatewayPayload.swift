import ParleyCore

/// The Exotel `Sms/send.json` request: HTTP Basic auth and a form body with the DLT fields.
enum SMSGatewayPayload {
    static func request(_ message: OutboundMessage, settings: SMSGatewaySettings) -> HTTPClientRequest {
        let credentials = Base64.encode("\(settings.apiKey.value):\(settings.apiToken.value)")
        return HTTPClientRequest(method: .POST, url: settings.sendURL,
                                 headers: ["Authorization": "Basic \(credentials)",
                                           "Content-Type": "application/x-www-form-urlencoded",
                                           "Accept": "application/json"],
                                 body: Array(FormEncoding.encode(fields(message, settings: settings)).utf8))
    }

    /// The form fields in order. The message's DLT registration supplies the sender header and entity id;
    /// the configuration covers messages without one (when `require_dlt` is off).
    static func fields(_ message: OutboundMessage, settings: SMSGatewaySettings) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("From", message.dlt?.senderHeader ?? settings.sender),
            ("To", message.destination),
            ("Body", message.body),
            ("DltEntityId", message.dlt?.principalEntityID ?? settings.entityID),
        ]
        if let dlt = message.dlt { fields.append(("DltTemplateId", dlt.contentTemplateID)) }
        if let callback = settings.statusCallback { fields.append(("StatusCallback", callback)) }
        fields.append(("SmsType", "transactional"))
        // Devanagari and other non-GSM text must go as UCS-2, or operators mangle it.
        if !message.body.unicodeScalars.allSatisfy(\.isASCII) { fields.append(("EncodingType", "unicode")) }
        fields.append(("CustomField", message.idempotencyKey))
        return fields
    }

    /// Why the message may not be sent as it is, checked before any request: DLT operators drop a text that does
    /// not match its registered template, and an Indian SMS without a registration at all.
    static func dltRefusal(_ message: OutboundMessage, requireDLT: Bool) -> SendOutcome? {
        guard let dlt = message.dlt else {
            return requireDLT
                ? .permanentFailure(reason: "sms_exotel: template \(message.template) has no DLT registration and require_dlt is on")
                : nil
        }
        let values = message.variables.map(\.value)
        guard TemplateRenderer.matchesDLT(message.body, registered: dlt.registeredText, variables: values) else {
            return .permanentFailure(reason: "sms_exotel: the text does not match DLT template \(dlt.contentTemplateID) "
                                     + "(\(values.count) variables for \(TemplateText.split(dlt.registeredText, on: "{#var#}").count - 1) placeholders)")
        }
        return nil
    }
}
