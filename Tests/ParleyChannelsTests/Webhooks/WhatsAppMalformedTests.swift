import Testing
@testable import ParleyChannels

@Suite("WhatsApp malformed notifications")
struct WhatsAppMalformedTests {
    static func parseError(_ text: String) -> WebhookError? {
        do {
            _ = try WhatsAppWebhook.parse(body: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    static func statuses(_ items: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":["#
            + items + "]}}]}]}"
    }

    static func messages(_ items: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":["#
            + items + "]}}]}]}"
    }

    static let goodStatus = #"{"id":"wamid.a","status":"sent","timestamp":"1750000000","recipient_id":"16505551234"}"#

    @Test func missingStatusNamesItsPath() {
        let error = Self.parseError(Self.statuses(Self.goodStatus + #",{"id":"wamid.b","timestamp":"1750000000"}"#))
        #expect(error == .missing(path: "entry[0].changes[0].value.statuses[1].status"))
        #expect(error?.description == "entry[0].changes[0].value.statuses[1].status: missing")
    }

    @Test func nullCountsAsMissing() {
        #expect(Self.parseError(Self.statuses(#"{"id":null,"status":"sent","timestamp":"1"}"#))
            == .missing(path: "entry[0].changes[0].value.statuses[0].id"))
    }

    @Test func unknownStatusNamesTheValue() {
        let error = Self.parseError(Self.statuses(#"{"id":"wamid.a","status":"deleted","timestamp":"1750000000"}"#))
        #expect(error?.description
            == #"entry[0].changes[0].value.statuses[0].status: unknown status "deleted" (expected sent, delivered, read or failed)"#)
    }

    @Test func timestampMustBeUnixSecondsText() {
        #expect(Self.parseError(Self.statuses(#"{"id":"wamid.a","status":"sent","timestamp":1750000000}"#))
            == .wrongType(path: "entry[0].changes[0].value.statuses[0].timestamp", expected: "a string"))
        #expect(Self.parseError(Self.statuses(#"{"id":"wamid.a","status":"sent","timestamp":"2025-06-18T16:26:40Z"}"#))?.description
            == #"entry[0].changes[0].value.statuses[0].timestamp: expected Unix seconds as a string of digits, got "2025-06-18T16:26:40Z""#)
        #expect(Self.parseError(Self.statuses(#"{"id":"wamid.a","status":"sent","timestamp":"-5"}"#))
            == .invalidValue(path: "entry[0].changes[0].value.statuses[0].timestamp",
                             reason: #"expected Unix seconds as a string of digits, got "-5""#))
    }

    @Test func errorWithoutCode() {
        #expect(Self.parseError(Self.statuses(#"{"id":"wamid.a","status":"failed","timestamp":"1","errors":[{"code":1},{"title":"x"}]}"#))
            == .missing(path: "entry[0].changes[0].value.statuses[0].errors[1].code"))
    }

    @Test func badRecipientNumberDoesNotEchoIt() {
        let error = Self.parseError(Self.statuses(#"{"id":"wamid.a","status":"sent","timestamp":"1","recipient_id":"0123"}"#))
        #expect(error == .invalidValue(path: "entry[0].changes[0].value.statuses[0].recipient_id",
                                       reason: "expected an international phone number of 8 to 15 digits"))
        #expect(error?.description.contains("0123") == false)
    }

    @Test func messageFieldsAreRequired() {
        #expect(Self.parseError(Self.messages(#"{"id":"wamid.a","timestamp":"1","type":"text","text":{"body":"hi"}}"#))
            == .missing(path: "entry[0].changes[0].value.messages[0].from"))
        #expect(Self.parseError(Self.messages(#"{"from":"16505551234","id":"wamid.a","timestamp":"1","type":"text"}"#))
            == .missing(path: "entry[0].changes[0].value.messages[0].text"))
        #expect(Self.parseError(Self.messages(#"{"from":"16505551234","id":"wamid.a","timestamp":"1","type":"text","text":{"body":5}}"#))
            == .wrongType(path: "entry[0].changes[0].value.messages[0].text.body", expected: "a string"))
        #expect(Self.parseError(Self.messages(#"{"from":"16505551234","id":"wamid.a","timestamp":"1","type":"button","button":{"payload":"P"}}"#))
            == .missing(path: "entry[0].changes[0].value.messages[0].button.text"))
        #expect(Self.parseError(Self.messages(
            #"{"from":"16505551234","id":"wamid.a","timestamp":"1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"title":"Yes"}}}"#))
            == .missing(path: "entry[0].changes[0].value.messages[0].interactive.button_reply.id"))
    }

    @Test func envelopeErrors() {
        #expect(Self.parseError(#"{"object":"page","entry":[]}"#)
            == .invalidValue(path: "object", reason: #"expected "whatsapp_business_account", got "page""#))
        #expect(Self.parseError(#"{"entry":[]}"#) == .missing(path: "object"))
        #expect(Self.parseError(#"{"object":"whatsapp_business_account"}"#) == .missing(path: "entry"))
        #expect(Self.parseError(#"{"object":"whatsapp_business_account","entry":{}}"#) == .wrongType(path: "entry", expected: "an array"))
        #expect(Self.parseError(#"{"object":"whatsapp_business_account","entry":[{"id":"1"}]}"#) == .missing(path: "entry[0].changes"))
        #expect(Self.parseError(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{}}]}]}"#)
            == .missing(path: "entry[0].changes[0].field"))
        #expect(Self.parseError(#"{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages"}]}]}"#)
            == .missing(path: "entry[0].changes[0].value"))
        #expect(Self.parseError(#"{"object":"whatsapp_business_account","entry":["x"]}"#) == .wrongType(path: "entry[0]", expected: "an object"))
        #expect(Self.parseError(#"[1,2]"#) == .wrongType(path: "body", expected: "an object"))
    }

    @Test func malformedJSON() {
        #expect(Self.parseError(#"{"object":"#) == .malformedJSON(line: 1, column: 11, reason: "unexpected end of input"))
        #expect(Self.parseError("")?.description == "body is not valid JSON: line 1, column 1: unexpected end of input")
        #expect(Self.parseError("{\"object\":\"whatsapp_business_account\",\n \"entry\":[],}")
            == .malformedJSON(line: 2, column: 13, reason: "expected a member name"))
        #expect(Self.parseError(#"{"a":1,"a":2}"#) == .malformedJSON(line: 1, column: 8, reason: #"duplicate member "a""#))
    }

    @Test func invalidUTF8() throws {
        let body: [UInt8] = Array(#"{"object":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(throws: WebhookError.invalidValue(path: "body", reason: "not valid UTF-8")) {
            try WhatsAppWebhook.parse(body: body)
        }
    }
}
