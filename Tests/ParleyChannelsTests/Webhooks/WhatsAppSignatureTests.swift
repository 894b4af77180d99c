import Testing
import ParleyCore
import ParleyCrypto
@testable import ParleyChannels

@Suite("WhatsApp signature")
struct WhatsAppSignatureTests {
    /// A notification as Meta sends it: non-ASCII and `/` escaped, so only the raw bytes verify.
    static let body = Array(#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"\u0906\u0936\u093e"},"wa_id":"919876543210"}],"messages":[{"from":"919876543210","id":"wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggQTFCMkMzRDRFNUY2","timestamp":"1765432100","type":"text","text":{"body":"STOP \/ \u0930\u094b\u0915\u0947\u0902"}}]},"field":"messages"}]}]}"#.utf8)
    static let secret = "6f1d2c3b4a5e6f708192a3b4c5d6e7f8"
    /// Computed once, independently, with Python's `hmac.new(secret, body, hashlib.sha256).hexdigest()`.
    static let expectedHex = "e3e697474f55a961422867ce7e1bf7d20c6c9b4c474558d374d605fc704804c5"

    @Test func primitiveMatchesRFC4231TestCase2() {
        let mac = Sodium.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Sodium.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func acceptsTheExactHMACOfTheRawBody() {
        #expect(WhatsAppWebhook.verifySignature(body: Self.body, header: "sha256=" + Self.expectedHex, appSecret: Self.secret))
    }

    @Test func acceptsUppercaseHex() {
        #expect(WhatsAppWebhook.verifySignature(body: Self.body, header: "sha256=" + Self.expectedHex.uppercased(),
                                                appSecret: Self.secret))
    }

    @Test func rejectsATamperedBody() {
        var tampered = Self.body
        let index = tampered.firstIndex(of: UInt8(ascii: "S"))!  // "STOP" → "TTOP"
        tampered[index] = UInt8(ascii: "T")
        #expect(!WhatsAppWebhook.verifySignature(body: tampered, header: "sha256=" + Self.expectedHex, appSecret: Self.secret))
        // The same text with its escapes decoded is different bytes, so it does not verify either.
        let decoded = Array(String(decoding: Self.body, as: UTF8.self).replacing(#"\/"#, with: "/").utf8)
        #expect(!WhatsAppWebhook.verifySignature(body: decoded, header: "sha256=" + Self.expectedHex, appSecret: Self.secret))
    }

    @Test func rejectsATamperedHeader() {
        var hex = Array(Self.expectedHex)
        hex[63] = hex[63] == "5" ? "6" : "5"
        #expect(!WhatsAppWebhook.verifySignature(body: Self.body, header: "sha256=" + String(hex), appSecret: Self.secret))
    }

    @Test func rejectsTheWrongSecret() {
        #expect(!WhatsAppWebhook.verifySignature(body: Self.body, header: "sha256=" + Self.expectedHex, appSecret: "other"))
        #expect(!WhatsAppWebhook.verifySignature(body: Self.body, header: "sha256=" + Self.expectedHex, appSecret: ""))
    }

    @Test(arguments: [
        nil,                                             // missing header
        "sha1=" + String(expectedHex.prefix(40)),        // Meta's legacy X-Hub-Signature algorithm
        "sha1=" + expectedHex,                           // right MAC, wrong algorithm
        expectedHex,                                     // no prefix
        "SHA256=" + expectedHex,                         // prefix is case-sensitive
        "sha256=" + String(expectedHex.dropLast(2)),     // 31 bytes
        "sha256=" + expectedHex + "00",                  // 33 bytes
        "sha256=" + String(expectedHex.dropLast()),      // odd number of hex digits
        "sha256=" + String(expectedHex.dropLast()) + "g", // not hex
        "sha256= " + expectedHex,                        // stray space
        "sha256=",                                       // empty
    ] as [String?])
    func rejectsMalformedHeaders(header: String?) {
        #expect(!WhatsAppWebhook.verifySignature(body: Self.body, header: header, appSecret: Self.secret))
    }

    @Test func signsTheEmptyBody() {
        let mac = Sodium.hex(Sodium.hmacSHA256(key: Array(Self.secret.utf8), message: []))
        #expect(WhatsAppWebhook.verifySignature(body: [], header: "sha256=" + mac, appSecret: Self.secret))
        #expect(!WhatsAppWebhook.verifySignature(body: [0x20], header: "sha256=" + mac, appSecret: Self.secret))
    }

    @Test func signedBodyParses() throws {
        let batch = try WhatsAppWebhook.parse(body: Self.body)
        #expect(batch.inbound == [InboundMessage(
            channel: .whatsapp, providerMessageID: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAEhggQTFCMkMzRDRFNUY2", from: "+919876543210",
            text: "STOP / रोकें", at: Instant(iso: "2025-12-11T05:48:20Z")!, kind: "text", profileName: "आशा")])
    }
}
