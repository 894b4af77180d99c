import ParleyCore

extension WhatsAppWebhook {
    /// The `object` every WhatsApp Business notification carries.
    static let notificationObject = "whatsapp_business_account"

    /// Parses a Cloud API notification (the POST body, after `verifySignature`).
    ///
    /// `messages` changes yield delivery receipts (`value.statuses`) and inbound messages (`value.messages`);
    /// changes for any other `field` are counted in `ignoredChanges`, not refused. Malformed JSON, another
    /// `object`, or a missing or mistyped required field throws, naming the JSON path.
    public static func parse(body: [UInt8]) throws(WebhookError) -> WebhookBatch {
        let root = JSONCursor(try WebhookJSON.parse(body), path: "")
        let object = try root.required("object")
        guard try object.string() == notificationObject else {
            throw .invalidValue(path: object.path, reason: "expected \"\(notificationObject)\", got \"\(try object.string())\"")
        }
        var batch = WebhookBatch()
        for entry in try root.items("entry", required: true) {
            for change in try entry.items("changes", required: true) {
                guard try change.string("field") == "messages" else {
                    batch.ignoredChanges += 1
                    continue
                }
                try readMessagesChange(try change.required("value"), into: &batch)
            }
        }
        return batch
    }

    /// One `messages` change: contacts (for profile names), inbound messages, then statuses.
    private static func readMessagesChange(_ value: JSONCursor, into batch: inout WebhookBatch) throws(WebhookError) {
        var profileNames: [String: String] = [:]
        for contact in try value.items("contacts") {
            let waID = try contact.string("wa_id")
            if let name = try contact.optional("profile")?.optionalString("name") { profileNames[waID] = name }
        }
        for message in try value.items("messages") {
            batch.inbound.append(try inboundMessage(message, profileNames: profileNames))
        }
        for status in try value.items("statuses") {
            batch.receipts.append(try deliveryReceipt(status))
        }
    }

    /// A sender or recipient number (`from`, `recipient_id`) as E.164.
    static func phoneNumber(_ field: JSONCursor) throws(WebhookError) -> String {
        guard let number = PhoneNumbers.e164(international: try field.string()) else {
            throw .invalidValue(path: field.path, reason: "expected an international phone number of 8 to 15 digits")
        }
        return number
    }
}
