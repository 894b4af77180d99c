import Testing
import ParleyCore
@testable import ParleyChannels

@Suite("Exotel SMS status callback")
struct SMSGatewayStatusTests {
    static let receivedAt = Instant(iso: "2024-01-15T09:05:00Z")!

    static func receipt(_ body: String) throws -> DeliveryReceipt {
        try SMSGatewayWebhook.parseStatus(form: try FormURLEncoded.fields(Array(body.utf8)), receivedAt: receivedAt)
    }

    @Test func deliveredToHandset() throws {
        let receipt = try Self.receipt("SmsSid=b6f2a6ae6f6b8c1e2d0e3b7a9c0d1f23&To=09876543210&Status=delivered"
            + "&DetailedStatus=DELIVERED_TO_HANDSET&DetailedStatusCode=20000&DateSent=2024-01-15+14%3A30%3A45")
        // DateSent is IST: 14:30:45 +05:30 is 09:00:45 UTC.
        #expect(receipt == DeliveryReceipt(channel: .sms, providerMessageID: "b6f2a6ae6f6b8c1e2d0e3b7a9c0d1f23", status: .delivered,
                                           at: Instant(iso: "2024-01-15T09:00:45Z")!, recipient: "+919876543210"))
    }

    @Test func failedCarriesTheDetailedStatus() throws {
        let receipt = try Self.receipt("SmsSid=c0ffee&To=%2B919876543210&Status=failed"
            + "&DetailedStatus=DLT_TEMPLATE_MISMATCH&DetailedStatusCode=30005&DateSent=2024-01-15+14%3A30%3A46")
        #expect(receipt == DeliveryReceipt(channel: .sms, providerMessageID: "c0ffee", status: .failed,
                                           at: Instant(iso: "2024-01-15T09:00:46Z")!, errorCode: "30005",
                                           errorReason: "DLT_TEMPLATE_MISMATCH", recipient: "+919876543210"))
    }

    @Test func failedDNDWithoutDetailSaysSo() throws {
        let receipt = try Self.receipt("SmsSid=dnd1&To=09876543210&Status=failed-dnd&DateSent=")
        #expect(receipt.status == .failed && receipt.errorReason == "failed-dnd" && receipt.errorCode == nil)
        #expect(receipt.at == Self.receivedAt)
    }

    @Test(arguments: [
        ("queued", DeliveryStatus.sent), ("sending", .sent), ("submitted", .sent), ("sent", .sent),
        ("delivered", .delivered), ("failed", .failed), ("failed-dnd", .failed), ("undelivered", .failed),
        ("expired", .failed), ("Delivered", .delivered),
    ])
    func mapsEveryExotelStatus(exotel: String, parley: DeliveryStatus) throws {
        let receipt = try SMSGatewayWebhook.parseStatus(form: ["SmsSid": "s1", "Status": exotel], receivedAt: Self.receivedAt)
        #expect(receipt.status == parley)
    }

    @Test func successDetailIsNotAnError() throws {
        let receipt = try SMSGatewayWebhook.parseStatus(
            form: ["SmsSid": "s1", "Status": "sent", "DetailedStatus": "SUBMITTED_TO_CARRIER", "DetailedStatusCode": "20002"],
            receivedAt: Self.receivedAt)
        #expect(receipt.errorCode == nil && receipt.errorReason == nil && receipt.recipient == nil)
    }

    @Test func unknownStatusNamesTheValue() {
        #expect(throws: WebhookError.invalidValue(path: "Status", reason: #"unknown Exotel SMS status "exploded""#)) {
            try SMSGatewayWebhook.parseStatus(form: ["SmsSid": "s1", "Status": "exploded"], receivedAt: Self.receivedAt)
        }
    }

    @Test func requiredFields() {
        #expect(throws: WebhookError.missing(path: "SmsSid")) {
            try SMSGatewayWebhook.parseStatus(form: ["Status": "sent"], receivedAt: Self.receivedAt)
        }
        #expect(throws: WebhookError.missing(path: "Status")) {
            try SMSGatewayWebhook.parseStatus(form: ["SmsSid": "s1", "Status": ""], receivedAt: Self.receivedAt)
        }
    }

    @Test func dateSent() throws {
        let unset = try SMSGatewayWebhook.parseStatus(
            form: ["SmsSid": "s1", "Status": "failed", "DateSent": "1970-01-01 05:30:00"], receivedAt: Self.receivedAt)
        #expect(unset.at == Self.receivedAt)
        let iso = try SMSGatewayWebhook.parseStatus(
            form: ["SmsSid": "s1", "Status": "sent", "DateSent": "2024-01-15T09:00:45Z"], receivedAt: Self.receivedAt)
        #expect(iso.at == Instant(iso: "2024-01-15T09:00:45Z"))
        #expect(throws: WebhookError.invalidValue(path: "DateSent", reason: #"expected YYYY-MM-DD HH:mm:ss, got "15/01/2024 14:30""#)) {
            try SMSGatewayWebhook.parseStatus(form: ["SmsSid": "s1", "Status": "sent", "DateSent": "15/01/2024 14:30"],
                                              receivedAt: Self.receivedAt)
        }
        #expect(throws: WebhookError.self) {
            try SMSGatewayWebhook.parseStatus(form: ["SmsSid": "s1", "Status": "sent", "DateSent": "2024-02-30 10:00:00"],
                                              receivedAt: Self.receivedAt)
        }
    }

    @Test func badRecipientIsRefusedWithoutEchoingIt() throws {
        do {
            _ = try SMSGatewayWebhook.parseStatus(form: ["SmsSid": "s1", "Status": "sent", "To": "98765"], receivedAt: Self.receivedAt)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "To: not a phone number Parley can put in E.164")
        }
    }

    @Test func authorizeComparesTheSecretPathSegment() {
        let configured = "k3V9xq2LmP0aZ7"
        #expect(SMSGatewayWebhook.authorize(pathSecret: "k3V9xq2LmP0aZ7", configured: configured))
        #expect(!SMSGatewayWebhook.authorize(pathSecret: "k3V9xq2LmP0aZ8", configured: configured))
        #expect(!SMSGatewayWebhook.authorize(pathSecret: "k3V9xq2LmP0aZ", configured: configured))
        #expect(!SMSGatewayWebhook.authorize(pathSecret: "k3V9xq2LmP0aZ77", configured: configured))
        #expect(!SMSGatewayWebhook.authorize(pathSecret: "", configured: configured))
        #expect(!SMSGatewayWebhook.authorize(pathSecret: "", configured: ""))
    }
}
