import Testing
import ParleyCore
@testable import ParleyChannels

@Suite("Exotel incoming SMS")
struct SMSGatewayInboundTests {
    static let receivedAt = Instant(iso: "2024-06-15T05:00:30Z")!

    @Test func hindiReplyFromAZeroPrefixedNumber() throws {
        // "रोकें STOP", percent-encoded UTF-8 as a form body carries it.
        let body = "SmsSid=0f9c3e1d2b4a&From=09876543210&To=08039510000&Date=2024-06-15+10%3A30%3A00"
            + "&Body=%E0%A4%B0%E0%A5%8B%E0%A4%95%E0%A5%87%E0%A4%82+STOP"
        let message = try SMSGatewayWebhook.parseInbound(form: try FormURLEncoded.fields(Array(body.utf8)), receivedAt: Self.receivedAt)
        #expect(message == InboundMessage(channel: .sms, providerMessageID: "0f9c3e1d2b4a", from: "+919876543210",
                                          text: "रोकें STOP", at: Instant(iso: "2024-06-15T05:00:00Z")!, kind: "sms"))
    }

    @Test func longerHindiSentenceWithPunctuation() throws {
        let body = "SmsSid=a1&From=9876543210&Body=%E0%A4%A8%E0%A4%AE%E0%A4%B8%E0%A5%8D%E0%A4%A4%E0%A5%87%2C+%E0%A4%AE%E0%A5%88"
            + "%E0%A4%82+%E0%A4%95%E0%A4%B2+%E0%A4%AD%E0%A5%81%E0%A4%97%E0%A4%A4%E0%A4%BE%E0%A4%A8+%E0%A4%95%E0%A4%B0%E0%A5%82"
            + "%E0%A4%81%E0%A4%97%E0%A4%BE"
        let message = try SMSGatewayWebhook.parseInbound(form: try FormURLEncoded.fields(Array(body.utf8)), receivedAt: Self.receivedAt)
        #expect(message.text == "नमस्ते, मैं कल भुगतान करूँगा")
        #expect(message.from == "+919876543210")
        #expect(message.at == Self.receivedAt)  // no Date: the server's receipt time
    }

    @Test func passthruQueryStyleFields() throws {
        // Exotel's "Send a Reply" applet calls with GET ?SmsSid=…&From=…&To=…&Date=…&Body=Hello+World.
        let message = try SMSGatewayWebhook.parseInbound(
            form: ["SmsSid": "xxxxxx", "From": "+447700900123", "To": "56070", "Date": "2024-06-15 10:30:00", "Body": "PAY"],
            receivedAt: Self.receivedAt)
        #expect(message.from == "+447700900123" && message.text == "PAY" && message.providerMessageID == "xxxxxx")
    }

    @Test func emptyBodyIsAMessageButMissingBodyIsNot() throws {
        let empty = try SMSGatewayWebhook.parseInbound(form: ["SmsSid": "s", "From": "09876543210", "Body": ""], receivedAt: Self.receivedAt)
        #expect(empty.text == "")
        #expect(throws: WebhookError.missing(path: "Body")) {
            try SMSGatewayWebhook.parseInbound(form: ["SmsSid": "s", "From": "09876543210"], receivedAt: Self.receivedAt)
        }
    }

    @Test func senderMustBeAPhoneNumber() {
        #expect(throws: WebhookError.missing(path: "From")) {
            try SMSGatewayWebhook.parseInbound(form: ["SmsSid": "s", "Body": "hi"], receivedAt: Self.receivedAt)
        }
        #expect(throws: WebhookError.invalidValue(path: "From", reason: "not a phone number Parley can put in E.164")) {
            try SMSGatewayWebhook.parseInbound(form: ["SmsSid": "s", "From": "VM-PRLEY", "Body": "hi"], receivedAt: Self.receivedAt)
        }
    }

    @Test(arguments: [
        ("09876543210", "+919876543210"),   // trunk prefix 0
        ("02240001234", "+912240001234"),   // Mumbai landline with STD code
        ("9876543210", "+919876543210"),    // bare mobile
        ("919876543210", "+919876543210"),  // country code without +
        ("+919876543210", "+919876543210"), // already E.164
        ("+14155550123", "+14155550123"),   // foreign, kept
    ])
    func exotelNumbers(raw: String, e164: String) {
        #expect(PhoneNumbers.e164(exotel: raw) == e164)
    }

    @Test(arguments: ["", "0", "00919876543210", "5876543210", "0987654321", "098765432109", "+0919876543210",
                      "+91 98765 43210", "098765-43210", "+1234567", "９８７６５４３２１０"])
    func rejectedNumbers(raw: String) {
        #expect(PhoneNumbers.e164(exotel: raw) == nil)
    }

    @Test func internationalDigits() {
        #expect(PhoneNumbers.e164(international: "16505551234") == "+16505551234")
        #expect(PhoneNumbers.e164(international: "+16505551234") == "+16505551234")
        #expect(PhoneNumbers.e164(international: "1234567") == nil)
        #expect(PhoneNumbers.e164(international: "1234567890123456") == nil)
        #expect(PhoneNumbers.e164(international: "06505551234") == nil)
        #expect(PhoneNumbers.e164(international: "1650555123a") == nil)
    }
}
