import Foundation
import ParleyCore
import Testing
@testable import ParleyChannels

@Suite("MIME message")
struct MIMEMessageTests {
    static let date = Instant(iso: "2026-12-01T23:59:59Z")!
    static let from = try! EmailAddress(parsing: "Parley <noreply@parley.example>")

    func message(subject: String = "Your EMI is unpaid", text: String = "Dear Asha,\nyour EMI is unpaid.",
                 html: String? = "<p>Dear Asha</p>", key: String = "case-7/reminder/email/1",
                 unsubscribe: String? = "https://parley.example/unsubscribe/tok123", mailto: String? = nil) throws -> MIMEMessage {
        try MIMEMessage(from: Self.from, to: try EmailAddress(parsing: "asha@example.in"), subject: subject, text: text, html: html,
                        date: Self.date, idempotencyKey: key, unsubscribeURL: unsubscribe, unsubscribeMailto: mailto)
    }

    @Test func rendersTheExactMessage() throws {
        let expected = """
            From: Parley <noreply@parley.example>\r
            To: asha@example.in\r
            Subject: Your EMI is unpaid\r
            Date: Tue, 01 Dec 2026 23:59:59 +0000\r
            Message-ID: <ff730e7a65fd3738aced853d246bc2f3@parley.example>\r
            MIME-Version: 1.0\r
            List-Unsubscribe: <https://parley.example/unsubscribe/tok123>\r
            List-Unsubscribe-Post: List-Unsubscribe=One-Click\r
            Content-Type: multipart/alternative; boundary="=_parley_67aa735c346cfcde249af5ed"\r
            \r
            --=_parley_67aa735c346cfcde249af5ed\r
            Content-Type: text/plain; charset=UTF-8\r
            Content-Transfer-Encoding: base64\r
            \r
            RGVhciBBc2hhLA0KeW91ciBFTUkgaXMgdW5wYWlkLg==\r
            --=_parley_67aa735c346cfcde249af5ed\r
            Content-Type: text/html; charset=UTF-8\r
            Content-Transfer-Encoding: base64\r
            \r
            PHA+RGVhciBBc2hhPC9wPg==\r
            --=_parley_67aa735c346cfcde249af5ed--\r

            """
        #expect(String(decoding: try message().rendered(), as: UTF8.self) == expected)
    }

    @Test func hindiSubjectIsEncodedAndFolded() throws {
        let subject = "आपकी EMI बकाया है — कृपया अपने ऋण के विकल्प देखें और आज ही भुगतान की योजना चुनें"
        let rendered = try message(subject: subject).rendered()
        let mail = try ParsedMail(rendered)
        let raw = mail.rawHeaders.components(separatedBy: "\r\n")
        let subjectLines = raw.drop { !$0.hasPrefix("Subject: ") }.prefix { $0.hasPrefix("Subject: ") || $0.hasPrefix(" ") }
        #expect(subjectLines.count >= 3, "a long Hindi subject needs several encoded words")
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 76 })
        #expect(subjectLines.first?.hasPrefix("Subject: =?UTF-8?B?") == true)
        let value = try #require(mail.header("Subject"))
        #expect(try ParsedMail.decodeWords(value) == subject)
        // Each word must decode on its own: no character split across words.
        let words = ParsedMail.words(value)
        #expect(words.count == subjectLines.count)
        #expect(words.allSatisfy { $0 != nil })
        #expect(words.compactMap { $0 }.joined() == subject)
    }

    @Test func partsDecodeToTheExactText() throws {
        let text = "प्रिय अनु,\nआपकी EMI ₹8,884.88 बकाया है।\nअपने विकल्प देखें: https://parley.example/p/abc " + String(repeating: "लंबा पाठ ", count: 20)
        let html = "<p>प्रिय अनु</p>"
        let rendered = try message(text: text, html: html).rendered()
        let parts = try ParsedMail(rendered).parts()
        #expect(parts.count == 2)
        #expect(parts[0].header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(parts[0].header("Content-Transfer-Encoding") == "base64")
        #expect(parts[0].text == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(parts[1].header("Content-Type") == "text/html; charset=UTF-8")
        #expect(parts[1].text == html)
        let lines = String(decoding: rendered, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 || $0.hasPrefix("Content-Type: multipart") })
        #expect(!rendered.enumerated().contains { $0.element == 0x0A && ($0.offset == 0 || rendered[$0.offset - 1] != 0x0D) },
                "every line ends with CRLF")
    }

    @Test func withoutHTMLThereIsOnlyTheTextPart() throws {
        let parts = try ParsedMail(try message(html: nil).rendered()).parts()
        #expect(parts.map { $0.header("Content-Type") } == ["text/plain; charset=UTF-8"])
    }

    @Test func messageIDIsStablePerLogicalMessage() throws {
        #expect(try message().messageID == "<ff730e7a65fd3738aced853d246bc2f3@parley.example>")
        #expect(try message(subject: "changed").messageID == message().messageID)
        #expect(try message(key: "case-7/reminder/email/2").messageID != message().messageID)
    }

    @Test func unsubscribeHeadersFollowRFC8058() throws {
        let withMailto = try ParsedMail(try message(mailto: "unsubscribe@parley.example").rendered())
        #expect(withMailto.header("List-Unsubscribe")
                == "<https://parley.example/unsubscribe/tok123>, <mailto:unsubscribe@parley.example?subject=unsubscribe>")
        #expect(withMailto.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        let without = try ParsedMail(try message(unsubscribe: nil).rendered())
        #expect(without.header("List-Unsubscribe") == nil)
        #expect(without.header("List-Unsubscribe-Post") == nil)
    }

    @Test func unsafeValuesAreRefused() throws {
        #expect(throws: EmailError.invalidUnsubscribeURL("http://parley.example/u/1")) {
            try message(unsubscribe: "http://parley.example/u/1")
        }
        #expect(throws: EmailError.invalidUnsubscribeURL("https://parley.example/u/1>\r\nBcc: x@y.z")) {
            try message(unsubscribe: "https://parley.example/u/1>\r\nBcc: x@y.z")
        }
        #expect(throws: EmailError.invalidAddress("asha@example.in\r\nBcc: x@y.z")) {
            try EmailAddress(parsing: "asha@example.in\r\nBcc: x@y.z")
        }
        #expect(throws: EmailError.self) { try EmailAddress(parsing: "not-an-address") }
        // A subject with a line break is encoded, so it cannot add a header.
        let mail = try ParsedMail(try message(subject: "Hi\r\nBcc: x@y.z").rendered())
        #expect(mail.header("Bcc") == nil)
        #expect(try ParsedMail.decodeWords(try #require(mail.header("Subject"))) == "Hi\r\nBcc: x@y.z")
    }

    @Test func aNonASCIIDisplayNameIsEncoded() throws {
        let from = try EmailAddress(parsing: "पार्ली <noreply@parley.example>")
        #expect(from.displayName == "पार्ली")
        #expect(from.domain == "parley.example")
        let mime = try MIMEMessage(from: from, to: try EmailAddress(parsing: "asha@example.in"), subject: "s", text: "t",
                                   date: Self.date, idempotencyKey: "k")
        let value = try #require(try ParsedMail(mime.rendered()).header("From"))
        #expect(value.hasSuffix(" <noreply@parley.example>"))
        #expect(try ParsedMail.decodeWords(value) == "पार्ली")
    }

    @Test(arguments: [("2026-12-01T23:59:59Z", "Tue, 01 Dec 2026 23:59:59 +0000"),
                      ("2024-02-29T00:00:00Z", "Thu, 29 Feb 2024 00:00:00 +0000"),
                      ("1970-01-01T08:05:09Z", "Thu, 01 Jan 1970 08:05:09 +0000")])
    func datesAreRFC5322(iso: String, expected: String) throws {
        #expect(RFC5322Date.format(try #require(Instant(iso: iso))) == expected)
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<10 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 200) }
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
        }
    }
}
