import Testing
@testable import ParleyCore

@Suite("Delivery status progress")
struct DeliveryProgressTests {
    /// Every (current, incoming) pair: the expected new status, or nil when the receipt is ignored.
    static let table: [String: [String: String?]] = [
        "planned": ["planned": nil, "sending": "sending", "sent": "sent", "delivered": "delivered", "read": "read", "failed": nil],
        "sending": ["planned": nil, "sending": nil, "sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"],
        "sent": ["planned": nil, "sending": nil, "sent": nil, "delivered": "delivered", "read": "read", "failed": "failed"],
        "delivered": ["planned": nil, "sending": nil, "sent": nil, "delivered": nil, "read": "read", "failed": nil],
        "read": ["planned": nil, "sending": nil, "sent": nil, "delivered": nil, "read": nil, "failed": nil],
        "failed": ["planned": nil, "sending": nil, "sent": nil, "delivered": nil, "read": nil, "failed": nil],
    ]

    @Test func transitionTableIsExhaustive() {
        let names = DeliveryProgress.Status.allCases.map(\.rawValue)
        #expect(Set(Self.table.keys) == Set(names))
        for current in names {
            #expect(Set(Self.table[current]!.keys) == Set(names))
            for incoming in names {
                let expected = Self.table[current]![incoming]!
                #expect(DeliveryProgress.advanced(from: current, to: incoming) == expected, "\(current) → \(incoming)")
                #expect(DeliveryProgress.Status(rawValue: current)!.advanced(to: DeliveryProgress.Status(rawValue: incoming)!)?.rawValue == expected)
            }
        }
    }

    @Test func unknownStatusesNeverMove() {
        #expect(DeliveryProgress.advanced(from: "sent", to: "undelivered") == nil)
        #expect(DeliveryProgress.advanced(from: "queued", to: "sent") == nil)
        #expect(DeliveryProgress.advanced(from: "sent", to: "Delivered") == nil)
        for outboxOnly in ["blocked", "dropped"] {
            for receipt in ["sent", "delivered", "read", "failed"] { #expect(DeliveryProgress.advanced(from: outboxOnly, to: receipt) == nil) }
        }
    }

    @Test func outOfOrderReceiptsSettleOnTheFurthest() {
        var status = "planned"
        for receipt in ["sent", "read", "delivered", "sent", "failed", "read"] {
            if let next = DeliveryProgress.advanced(from: status, to: receipt) { status = next }
        }
        #expect(status == "read")
    }
}
