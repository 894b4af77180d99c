import Testing
import ParleyCore
@testable import ParleyChannels

@Suite("WhatsApp notification parsing")
struct WhatsAppParseTests {
    static let sheena = "+16505551234"

    @Test func textMessage() throws {
        let batch = try WhatsAppWebhook.parse(body: WhatsAppPayloads.text)
        #expect(batch == WebhookBatch(inbound: [InboundMessage(
            channel: .whatsapp, providerMessageID: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
            from: Self.sheena, text: "Does it come in another color?", at: Instant(iso: "2025-06-08T20:59:43Z")!,
            kind: "text", profileName: "Sheena Nelson")]))
    }

    @Test func templateQuickReplyButton() throws {
        let batch = try WhatsAppWebhook.parse(body: WhatsAppPayloads.button)
        #expect(batch.inbound == [InboundMessage(
            channel: .whatsapp, providerMessageID: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUVBNzE1QUIyOEM2QjdCNkQ2MwA=",
            from: Self.sheena, text: "Pay now", at: Instant(iso: "2024-04-08T16:57:23Z")!, kind: "button",
            payload: "PAY_NOW", profileName: "Sheena Nelson")])
        #expect(batch.receipts.isEmpty && batch.ignoredChanges == 0)
    }

    @Test func interactiveButtonReply() throws {
        let batch = try WhatsAppWebhook.parse(body: WhatsAppPayloads.interactive)
        #expect(batch.inbound == [InboundMessage(
            channel: .whatsapp, providerMessageID: "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJGRTMyODdBRDY2RjlCOUFBMAA=",
            from: Self.sheena, text: "Change", at: Instant(iso: "2025-06-16T00:06:53Z")!, kind: "interactive",
            payload: "change-button", profileName: "Sheena Nelson")])
    }

    @Test func statusesSentDeliveredReadFailed() throws {
        let batch = try WhatsAppWebhook.parse(body: WhatsAppPayloads.statuses)
        let id = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RjY1RjdFRDg5QjhGQzUyRjIA"
        #expect(batch.inbound.isEmpty)
        #expect(batch.receipts == [
            DeliveryReceipt(channel: .whatsapp, providerMessageID: id, status: .sent,
                            at: Instant(iso: "2025-06-18T16:22:53Z")!, recipient: Self.sheena),
            DeliveryReceipt(channel: .whatsapp, providerMessageID: id, status: .delivered,
                            at: Instant(iso: "2025-06-18T16:23:20Z")!, recipient: Self.sheena),
            DeliveryReceipt(channel: .whatsapp, providerMessageID: id, status: .read,
                            at: Instant(iso: "2025-06-18T16:25:00Z")!, recipient: Self.sheena),
            DeliveryReceipt(channel: .whatsapp, providerMessageID: id, status: .failed,
                            at: Instant(iso: "2025-06-18T16:26:40Z")!, errorCode: "131047",
                            errorReason: "Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                            recipient: Self.sheena),
        ])
    }

    @Test func otherMessageTypesAreRecordedWithEmptyText() throws {
        // A location carries fractions, which ParleyCore's integer-only parser refuses on its own.
        let body = WhatsAppPayloads.envelope(#"""
            {\#(WhatsAppPayloads.metadata),"contacts":[{"profile":{"name":"Ravi"},"wa_id":"919812345678"}],"messages":[
             {"from":"919812345678","id":"wamid.loc","timestamp":"1750000000","type":"location",
              "location":{"latitude":19.0760,"longitude":72.8777,"name":"Mumbai"}},
             {"from":"919812345678","id":"wamid.img","timestamp":"1750000001","type":"image",
              "image":{"caption":"receipt","mime_type":"image/jpeg","sha256":"abc","id":"1234"}},
             {"from":"919812345678","id":"wamid.nfm","timestamp":"1750000002","type":"interactive",
              "interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}","body":"Sent","name":"flow"}}}]}
            """#)
        let batch = try WhatsAppWebhook.parse(body: body)
        #expect(batch.inbound.map(\.kind) == ["location", "image", "interactive"])
        #expect(batch.inbound.map(\.text) == ["", "", ""])
        #expect(batch.inbound.map(\.payload) == [nil, nil, nil])
        #expect(batch.inbound.map(\.profileName) == ["Ravi", "Ravi", "Ravi"])
        #expect(batch.inbound.map(\.at.secondsSinceEpoch) == [1_750_000_000, 1_750_000_001, 1_750_000_002])
    }

    @Test func listReplyCarriesItsID() throws {
        let body = WhatsAppPayloads.envelope(#"""
            {\#(WhatsAppPayloads.metadata),"messages":[{"from":"919812345678","id":"wamid.list","timestamp":"1750000000",
             "type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"lang_hi","title":"हिन्दी","description":"Hindi"}}}]}
            """#)
        let message = try #require(try WhatsAppWebhook.parse(body: body).inbound.first)
        #expect(message.text == "हिन्दी" && message.payload == "lang_hi" && message.profileName == nil)
    }

    @Test func otherFieldsAreCountedNotRefused() throws {
        let body = Array(#"""
            {"object":"whatsapp_business_account","entry":[
             {"id":"1","changes":[{"field":"account_update","value":{"event":"VERIFIED_ACCOUNT"}},
                                  {"field":"message_template_status_update","value":{"event":"APPROVED","message_template_id":12}}]},
             {"id":"2","time":1750000000,"changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[
               {"id":"wamid.x","status":"delivered","timestamp":"1750000000"}]}}]}]}
            """#.utf8)
        let batch = try WhatsAppWebhook.parse(body: body)
        #expect(batch.ignoredChanges == 2)
        #expect(batch.receipts == [DeliveryReceipt(channel: .whatsapp, providerMessageID: "wamid.x", status: .delivered,
                                                   at: Instant(secondsSinceEpoch: 1_750_000_000))])
    }

    @Test func emptyEntryListIsAnEmptyBatch() throws {
        let body = Array(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
        #expect(try WhatsAppWebhook.parse(body: body) == WebhookBatch())
    }

    @Test func fractionsAreQuotedOutsideStringsOnly() {
        let input = Array(#"{"a":1.5,"b":"1.5 \"2.5\"","c":-2e3,"d":[7,0.25E+1],"e":-4}"#.utf8)
        #expect(String(decoding: WebhookJSON.quotingFractions(input), as: UTF8.self)
            == #"{"a":"1.5","b":"1.5 \"2.5\"","c":"-2e3","d":[7,"0.25E+1"],"e":-4}"#)
        let integers = Array(#"{"a":[1,-2,30]}"#.utf8)
        #expect(WebhookJSON.quotingFractions(integers) == integers)
    }
}
