import Foundation
import ParleyCore
import Testing
@testable import ParleyChannels

@Suite("SMTP adapter against a real SMTP server")
struct SMTPProviderTests {
    static let sentAt = Instant(iso: "2026-12-01T09:30:00Z")!
    static let subject = "आपकी EMI बकाया है"
    static let text = "प्रिय अनु, 05-12-2026 को देय आपकी डेमो बैंक EMI ₹8,884.88 का भुगतान नहीं हुआ है। अपने विकल्प देखें: https://parley.example/p/abc"

    func provider(_ sink: SMTPSink, startTLS: SMTPClient.StartTLS, login: (String, String)? = nil, caFile: String? = nil) throws -> SMTPProvider {
        let settings = SMTPSettings(url: sink.url, startTLS: startTLS, username: login?.0, password: login.map { Secret($0.1) },
                                    caFile: caFile, from: try EmailAddress(parsing: "Parley <noreply@parley.example>"),
                                    unsubscribeMailto: "unsubscribe@parley.example", timeoutSeconds: 10)
        return SMTPProvider(settings: settings, now: { Self.sentAt })
    }

    func message(to destination: String = "asha@example.in") -> OutboundMessage {
        OutboundMessage(channel: .email, destination: destination, template: "missed_emi", language: "hi", body: Self.text,
                        subject: Self.subject, html: "<p>\(Self.text)</p>", unsubscribeURL: "https://parley.example/unsubscribe/TOKEN123",
                        idempotencyKey: "case-7/reminder/email/1")
    }

    /// Checks the received message as a mail client would read it.
    func checkReceived(_ received: SMTPSink.Received) throws {
        #expect(received.mailFrom == "noreply@parley.example")
        #expect(received.recipients == ["asha@example.in"])
        let mail = try ParsedMail(received.raw)
        #expect(mail.header("From") == "Parley <noreply@parley.example>")
        #expect(mail.header("To") == "asha@example.in")
        #expect(try ParsedMail.decodeWords(try #require(mail.header("Subject"))) == Self.subject)
        #expect(mail.header("Date") == "Tue, 01 Dec 2026 09:30:00 +0000")
        #expect(mail.header("Message-ID") == "<ff730e7a65fd3738aced853d246bc2f3@parley.example>")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.header("List-Unsubscribe")
                == "<https://parley.example/unsubscribe/TOKEN123>, <mailto:unsubscribe@parley.example?subject=unsubscribe>")
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(mail.header("Content-Type") == "multipart/alternative; boundary=\"=_parley_67aa735c346cfcde249af5ed\"")
        let parts = try mail.parts()
        #expect(parts.map { $0.header("Content-Type") } == ["text/plain; charset=UTF-8", "text/html; charset=UTF-8"])
        #expect(parts.first?.text == Self.text)
        #expect(parts.last?.text == "<p>\(Self.text)</p>")
    }

    @Test func startTLSAndAuthThenDelivery() throws {
        let sink = try SMTPSink(startTLS: true, auth: ("parley", "s3cret-pass"))
        let smtp = try provider(sink, startTLS: .required, login: ("parley", "s3cret-pass"), caFile: sink.certificatePath)
        #expect(smtp.send(message()) == .sent(providerMessageID: "<ff730e7a65fd3738aced853d246bc2f3@parley.example>"))
        let received = try sink.received()
        #expect(received.count == 1)
        let first = try #require(received.first)
        #expect(first.tls)
        #expect(first.authenticated)
        try checkReceived(first)
    }

    @Test func plainSubmissionWithoutTLSOrAuth() throws {
        let sink = try SMTPSink()
        let smtp = try provider(sink, startTLS: .off)
        #expect(smtp.send(message()) == .sent(providerMessageID: "<ff730e7a65fd3738aced853d246bc2f3@parley.example>"))
        // A retry of the same logical message keeps its Message-ID.
        #expect(smtp.send(message()) == .sent(providerMessageID: "<ff730e7a65fd3738aced853d246bc2f3@parley.example>"))
        let received = try sink.received()
        #expect(received.count == 2)
        #expect(received.map(\.tls) == [false, false])
        #expect(received.map(\.authenticated) == [false, false])
        for message in received { try checkReceived(message) }
    }

    @Test func requiredSTARTTLSThatTheServerLacksFailsForGood() throws {
        let sink = try SMTPSink()
        let outcome = try provider(sink, startTLS: .required).send(message())
        guard case .permanentFailure(let reason) = outcome else { Issue.record("expected a permanent failure, got \(outcome)"); return }
        #expect(reason.hasPrefix("smtp: smtp STARTTLS unavailable"))
        #expect(try sink.received().isEmpty)
    }

    @Test func anUntrustedCertificateIsNotAccepted() throws {
        let sink = try SMTPSink(startTLS: true, auth: ("parley", "s3cret-pass"))
        let outcome = try provider(sink, startTLS: .required, login: ("parley", "s3cret-pass")).send(message())
        guard case .retryable(let reason, nil) = outcome else { Issue.record("expected retryable, got \(outcome)"); return }
        #expect(reason.hasPrefix("smtp: smtp TLS failure"))
        #expect(!reason.contains("s3cret-pass"))
        #expect(try sink.received().isEmpty)
    }

    @Test func aWrongPasswordFailsForGood() throws {
        let sink = try SMTPSink(startTLS: true, auth: ("parley", "s3cret-pass"))
        let outcome = try provider(sink, startTLS: .required, login: ("parley", "wrong-pass"), caFile: sink.certificatePath).send(message())
        guard case .permanentFailure(let reason) = outcome else { Issue.record("expected a permanent failure, got \(outcome)"); return }
        #expect(reason.hasPrefix("smtp: smtp login denied, reply 535"))
        #expect(!reason.contains("wrong-pass"))
    }

    @Test func replyCodesDecideRetries() throws {
        let sink = try SMTPSink()
        let smtp = try provider(sink, startTLS: .off)
        let busy = smtp.send(message(to: "reject450@example.in"))
        guard case .retryable(let busyReason, nil) = busy else { Issue.record("expected retryable, got \(busy)"); return }
        #expect(busyReason.hasPrefix("smtp: smtp rejected, reply 450"))
        let unknown = smtp.send(message(to: "reject550@example.in"))
        guard case .permanentFailure(let unknownReason) = unknown else { Issue.record("expected permanent, got \(unknown)"); return }
        #expect(unknownReason.hasPrefix("smtp: smtp rejected, reply 550"))
        #expect(try sink.received().isEmpty)
    }

    @Test func aClosedPortIsRetryable() throws {
        let settings = SMTPSettings(url: "smtp://127.0.0.1:\(Fixtures.closedPort())", startTLS: .off,
                                    from: try EmailAddress(parsing: "noreply@parley.example"))
        let outcome = SMTPProvider(settings: settings).send(message())
        guard case .retryable(let reason, nil) = outcome else { Issue.record("expected retryable, got \(outcome)"); return }
        #expect(reason.hasPrefix("smtp: smtp could not connect, reply 0 (curl 7:"))
    }

    @Test func anAddressThatIsNotOneIsAnInvalidDestination() throws {
        let settings = SMTPSettings(url: "smtp://127.0.0.1:1", startTLS: .off, from: try EmailAddress(parsing: "noreply@parley.example"))
        #expect(SMTPProvider(settings: settings).send(message(to: "asha at example"))
                == .invalidDestination(reason: "smtp: the destination is not an email address"))
    }
}
