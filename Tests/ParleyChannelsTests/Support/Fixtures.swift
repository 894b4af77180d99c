import ParleyChannels
import ParleyCore
#if canImport(Glibc)
import Glibc
#endif

/// Sample messages and helpers shared by the provider tests.
enum Fixtures {
    static let variables: [(name: String, value: String)] = [
        ("name", "Asha"), ("amount", "₹8,884.88"), ("lender", "Demo Bank"), ("link", "https://parley.example/p/abc"),
    ]

    static let dlt = DLTRegistration(principalEntityID: "1101456780000012345", contentTemplateID: "1107161234567890123",
                                     senderHeader: "PRLYIN",
                                     registeredText: "Dear {#var#}, {#var#} is overdue on your {#var#} loan. Resolve it online: {#var#}")

    static func whatsApp(template: String? = "parley_reminder", language: String = "en") -> OutboundMessage {
        OutboundMessage(channel: .whatsapp, destination: "+919876543210", template: "reminder", language: language,
                        body: "Dear Asha, ₹8,884.88 is overdue on your Demo Bank loan. Resolve it online: https://parley.example/p/abc",
                        variables: variables, whatsAppTemplate: template, idempotencyKey: "case-7/reminder/1")
    }

    static func sms(body: String? = nil, dlt: DLTRegistration? = Fixtures.dlt) -> OutboundMessage {
        OutboundMessage(channel: .sms, destination: "+919876543210", template: "reminder", language: "en",
                        body: body ?? "Dear Asha, ₹8,884.88 is overdue on your Demo Bank loan. Resolve it online: https://parley.example/p/abc",
                        variables: variables, dlt: dlt, idempotencyKey: "case-7/reminder/sms/1")
    }

    static func push(token: String = "fcm-token-abc123") -> OutboundMessage {
        OutboundMessage(channel: .push, destination: token, template: "offer_expiring", language: "hi",
                        body: "प्रिय Asha, आपका प्रस्ताव 2026-12-20 को समाप्त होगा।", subject: "आपका प्रस्ताव जल्द समाप्त होगा",
                        idempotencyKey: "case-7/offer/push/1")
    }

    /// A TCP port on 127.0.0.1 that nothing listens on: bound, then closed.
    static func closedPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: bound.sin_port))
    }
}
