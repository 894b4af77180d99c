import Testing
@testable import ParleyChannels

@Suite("Form URL-encoded bodies")
struct FormURLEncodedTests {
    static func fields(_ text: String) throws -> [String: String] { try FormURLEncoded.fields(Array(text.utf8)) }

    @Test func plusAndPercentEscapes() throws {
        #expect(try Self.fields("a=1&b=x+y%2Bz&c=%7e%7E&d=caf%C3%A9") == ["a": "1", "b": "x y+z", "c": "~~", "d": "café"])
        #expect(try Self.fields("na%20me=v%3Dw&x+y=1") == ["na me": "v=w", "x y": "1"])
    }

    @Test func shapesOfPieces() throws {
        #expect(try Self.fields("") == [:])
        #expect(try Self.fields("&&") == [:])
        #expect(try Self.fields("a=1&&b=2&") == ["a": "1", "b": "2"])
        #expect(try Self.fields("flag&b=") == ["flag": "", "b": ""])
        #expect(try Self.fields("=v") == ["": "v"])
        #expect(try Self.fields("a=b=c") == ["a": "b=c"])
    }

    @Test func repeatedNamesKeepTheFirstValueButItemsKeepAll() throws {
        #expect(try Self.fields("To=1&To=2") == ["To": "1"])
        let items = try FormURLEncoded.items(Array("To=1&Body=x&To=2".utf8))
        #expect(items.map(\.name) == ["To", "Body", "To"])
        #expect(items.map(\.value) == ["1", "x", "2"])
    }

    @Test(arguments: [
        ("a=%zz", 2), ("a=%4", 2), ("a=%", 2), ("a=1&b=x%G1", 7), ("ok=1&%2=3", 5), ("a=%4&b=1", 2),
    ])
    func brokenEscapesNameTheirOffset(body: String, offset: Int) {
        #expect(throws: WebhookError.malformedForm(reason: "invalid percent-encoding at byte \(offset)")) {
            try Self.fields(body)
        }
    }

    @Test func bytesThatAreNotUTF8() throws {
        #expect(throws: WebhookError.malformedForm(reason: #"the value of "Body" is not valid UTF-8"#)) {
            try Self.fields("Body=%FF%FE")
        }
        #expect(throws: WebhookError.malformedForm(reason: "a field name is not valid UTF-8")) {
            try Self.fields("%C3=1")
        }
        #expect(throws: WebhookError.malformedForm(reason: #"the value of "Body" is not valid UTF-8"#)) {
            try FormURLEncoded.fields(Array("Body=".utf8) + [0xE0, 0xA4])
        }
        // A multi-byte character split across two escapes is still one character.
        #expect(try Self.fields("t=%E0%A4%B0") == ["t": "र"])
    }

    @Test func errorDescription() {
        #expect(WebhookError.malformedForm(reason: "invalid percent-encoding at byte 2").description
            == "form body: invalid percent-encoding at byte 2")
    }
}
