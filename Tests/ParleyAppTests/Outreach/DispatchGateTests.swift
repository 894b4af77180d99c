import Foundation
import Testing
import ParleyChannels
import ParleyCore
import ParleyStore
@testable import ParleyApp

/// The compliance gate at the dispatcher's clock: holds, opt-outs, caps, contact hours across zones and DST, closed
/// cases, and the one message let past it.
@Suite("Outreach dispatcher and the gate")
struct DispatchGateTests {
    @Test func aHoldPlacedAfterPlanningBlocksTheSend() throws {
        let bench = try OutreachBench.plannedPair()
        let at = Instant(iso: "2026-02-01T04:00:00Z")!
        for id in ["B-L1", "B-L2"] {
            #expect(try bench.store.placeHold(borrowerKey: try bench.borrower(id).key, kind: .dispute, at: at, by: "staff:test"))
        }
        let summary = try bench.dispatch(OutreachBench.morning)
        #expect(summary.blocked == 2 && summary.sent == 0 && summary.failedOver == 0)
        let rows = try bench.outbox
        #expect(rows.map(\.status) == [.blocked, .blocked])
        #expect(rows.map(\.rule) == ["hold.dispute", "hold.dispute"])
        #expect(rows.map { $0.reasonRecord?["decision"] } == ["drop", "drop"])
        #expect(bench.gateway.received.isEmpty)
    }

    @Test func anOptOutAfterPlanningBlocksThatChannelAndFailsOver() throws {
        let bench = try OutreachBench.plannedPair()
        #expect(try bench.store.optOut(borrowerKey: try bench.borrower("B-L1").key, channel: "whatsapp",
                                       at: Instant(iso: "2026-02-01T04:00:00Z")!, source: "test"))
        let summary = try bench.dispatch(OutreachBench.morning)
        #expect(summary.blocked == 1 && summary.failedOver == 1 && summary.sent == 2)
        let rows = try bench.rows(logicalKey: OutreachBench.key(1))
        #expect(rows.map(\.channel) == ["whatsapp", "sms"])
        #expect(rows.map(\.status) == [.blocked, .sent])
        #expect(rows[0].rule == "optout.whatsapp")
        #expect(rows[1].idempotencyKey == OutreachBench.key(1) + ":sms")
        #expect(bench.gateway.received(.whatsapp).isEmpty)
        #expect(bench.gateway.received(.sms).map(\.key).sorted() == [OutreachBench.key(1) + ":sms", OutreachBench.key(2) + ":sms"])
    }

    /// B1 has two loans in default, so two open cases and two SMS due at the same time.
    func oneBorrowerTwoCases() throws -> OutreachBench {
        let bench = try OutreachBench(loans: [Fixtures.loanRow("L1", borrower: "B1"), Fixtures.loanRow("L2", borrower: "B1")])
        try bench.nonAdaptive()
        try bench.cycleAndPlan(OutreachBench.day)
        #expect(try bench.outbox.map(\.channel) == ["sms", "sms"])
        return bench
    }

    @Test func twoMessagesToOneBorrowerInOneRunKeepTheDailyCap() throws {
        let bench = try oneBorrowerTwoCases()
        let summary = try bench.dispatch(OutreachBench.morning)
        #expect(summary.sent == 1 && summary.rescheduled == 1)
        let rows = try bench.outbox
        #expect(rows.map(\.status) == [.sent, .planned])
        #expect(rows[1].rule == "cap.channel_per_day")
        #expect(rows[1].dueAt?.description == "2026-02-02T02:30:00Z")
        #expect(bench.gateway.received.count == 1)
    }

    @Test func aDisputeOfOneCaseDoesNotStopTheBorrowersOtherCase() throws {
        let bench = try oneBorrowerTwoCases()
        // The borrower disputes loan L1 on the portal: a hold on that case only.
        _ = try bench.store.appendEvent(caseKey: 1, event: NewCaseEvent(
            kind: .holdPlaced, at: Instant(iso: "2026-02-01T04:00:00Z")!, actor: Actor(.borrower, "B1"),
            data: ["kind": "dispute", "hold": "dispute", "summary": "The borrower disputed the debt."]))
        #expect(try bench.store.caseSummary(lenderID: "default", id: "C0000002")?.state.holds == [])
        let summary = try bench.dispatch(OutreachBench.morning)
        let rows = try bench.outbox
        #expect(rows.map(\.rule) == ["hold.dispute", "ok"])
        #expect(rows.map(\.status) == [.blocked, .sent])
        #expect(summary.blocked == 1 && summary.sent == 1)
        #expect(bench.gateway.received.map(\.key) == [OutreachBench.key(2) + ":sms"])
    }

    struct LateCase: Sendable, CustomTestStringConvertible {
        let zone: String, jurisdiction: String, currency: String, phone: String
        let day: String
        /// 23:00 local on `day`.
        let lateAt: String
        /// 08:00 local the next morning.
        let nextMorning: String
        var testDescription: String { "\(zone) \(day)" }
    }

    static let lateCases = [
        LateCase(zone: "Asia/Kolkata", jurisdiction: "IN", currency: "INR", phone: "+919876543210",
                 day: "2026-02-01", lateAt: "2026-02-01T17:30:00Z", nextMorning: "2026-02-02T02:30:00Z"),
        // Clocks go forward at 02:00 on 8 March: 23:00 EST is 04:00Z, 08:00 EDT is 12:00Z.
        LateCase(zone: "America/New_York", jurisdiction: "US", currency: "USD", phone: "+12125550143",
                 day: "2026-03-07", lateAt: "2026-03-08T04:00:00Z", nextMorning: "2026-03-08T12:00:00Z"),
        // Clocks go back at 02:00 on 1 November: 23:00 EDT is 03:00Z, 08:00 EST is 13:00Z.
        LateCase(zone: "America/New_York", jurisdiction: "US", currency: "USD", phone: "+12125550143",
                 day: "2026-10-31", lateAt: "2026-11-01T03:00:00Z", nextMorning: "2026-11-01T13:00:00Z"),
    ]

    @Test(arguments: lateCases)
    func aSendAt23LocalWaitsForEightTheNextMorning(_ late: LateCase) throws {
        let bench = try OutreachBench(loans: [Fixtures.loanRow("L1", ["timezone": late.zone, "jurisdiction": late.jurisdiction,
                                                                      "currency": late.currency, "phone": late.phone, "language": "en"])])
        try bench.nonAdaptive()
        try bench.cycleAndPlan(late.day)
        let summary = try bench.dispatch(late.lateAt)
        #expect(summary.rescheduled == 1 && summary.sent == 0)
        let row = try #require(try bench.outbox.first)
        #expect(row.status == .planned)
        #expect(row.dueAt?.description == late.nextMorning)
        #expect(row.attempts == 0)
        #expect(row.rule == "hours.outside_window")
        #expect(row.reasonRecord?["at"] == .string(late.nextMorning))
        #expect(row.reasonRecord?["inputs"]?["scheduled_local"]?.stringValue?.hasSuffix("T08:00") == true)
        #expect(bench.gateway.received.isEmpty)
        // At the rescheduled instant it goes.
        #expect(try bench.dispatch(late.nextMorning).sent == 1)
        #expect(bench.gateway.received.count == 1)
    }

    @Test func aCaseCuredBeforeDispatchDropsItsMessage() throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.nonAdaptive()
        try bench.cycleAndPlan(OutreachBench.day)
        try bench.pay(["L1,2026-02-02,8884.88,R1"])
        #expect(try bench.cycle("2026-02-02").curedToday == 1)
        let summary = try bench.dispatch("2026-02-02T05:00:00Z")
        #expect(summary.dropped == 1 && summary.sent == 0)
        let row = try #require(try bench.outbox.first)
        #expect(row.status == .dropped)
        #expect(row.rule == "case.closed")
        #expect(bench.gateway.received.isEmpty)
    }

    // MARK: Past the gate

    @Test(arguments: [Channel.sms, .whatsapp])
    func theOptOutConfirmationGoesToTheChannelJustLeft(_ channel: Channel) throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.cycle(OutreachBench.day)
        let borrower = try bench.borrower("B-L1")
        let at = Instant(iso: "2026-02-01T17:45:00Z")!   // 23:15 local: outside the contact window too
        #expect(try bench.store.optOut(borrowerKey: borrower.key, channel: channel.rawValue, at: at, source: "inbound:\(channel.rawValue)"))
        // Queued as the inbound STOP handler queues it.
        let template = try #require(DefaultTemplates.template(OutboxMessage.optOutConfirmationTemplate, channel: channel, language: "hi"))
        let rendered = try TemplateRenderer.render(template, ["channel": channel.displayName])
        var message = OutboxMessage(lenderID: "default", borrowerKey: borrower.key, loanKey: nil, caseKey: 1, channel: channel.rawValue,
                                    template: OutboxMessage.optOutConfirmationTemplate, language: "hi", destination: borrower.phone,
                                    body: rendered.body, status: .planned, plannedAt: at,
                                    idempotencyKey: "optout-confirmation:\(borrower.key):\(channel.rawValue):\(at.secondsSinceEpoch)")
        message.purpose = .transactional
        message.variables = ["channel": channel.displayName]
        _ = try bench.store.enqueue(message)

        let summary = try bench.dispatch("2026-02-01T17:45:05Z")
        #expect(summary.sent == 1 && summary.blocked == 0 && summary.failed == 0)
        let row = try #require(try bench.outbox.first)
        #expect(row.status == .sent, "\(row.reason ?? "")")
        #expect(bench.gateway.received(channel).count == 1)
        #expect(bench.gateway.received(channel).first?.to == (channel == .sms ? borrower.phone : String(borrower.phone.dropFirst())))
    }
}
