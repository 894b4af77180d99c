import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

@Suite("The daily cycle")
struct DailyCycleTests {
    let scratch = Scratch()
    let store: SQLiteStore

    init() throws {
        store = try SQLiteStore(path: scratch.file("parley.db"), sha256: Sodium.sha256)
        // L1 pays nothing; L2 pays the first instalment on time; L3 starts later.
        _ = try Importer(store: store, lenderID: "default").importLoans(path: scratch.write("loans.csv", Fixtures.loans([
            Fixtures.loanRow("L1"), Fixtures.loanRow("L2"), Fixtures.loanRow("L3", ["first_due_on": "2026-03-15"]),
        ])))
        _ = try Importer(store: store, lenderID: "default").importPayments(path: scratch.write("p.csv", Fixtures.payments([
            "L2,2026-01-31,8884.88,R1",
        ])))
    }

    func cycle(_ day: String) throws -> CycleSummary {
        var cycle = DailyCycle(store: store, lenderID: "default")
        cycle.batchSize = 2
        return try cycle.run(asOf: CivilDate(iso: day)!)
    }

    @Test func opensACaseAtTheTriggerWithItsReasons() throws {
        let summary = try cycle("2026-02-01")
        #expect(summary.loansChecked == 3 && summary.openedToday == 1 && summary.openCases == 1)
        #expect(summary.byBucket[.dpd1to30] == 1 && summary.byBucket[.current] == 2)
        let cases = try store.cases(CaseQuery(lenderID: "default"))
        #expect(cases.map(\.loanID) == ["L1"])
        let event = try #require(try store.events(caseKey: cases[0].key).first)
        #expect(event.kind == .opened && event.rule == "trigger.dpd_reached")
        #expect(event.inputs["dpd"] == 1 && event.inputs["total_overdue"] == 888_488 && event.inputs["trigger_dpd"] == 1)
        #expect(event.at.description == "2026-02-01T00:00:00Z")
        #expect(event.actor == .system("cycle"))
    }

    @Test func rerunningTheSameDayChangesNothing() throws {
        _ = try cycle("2026-02-01")
        let before = try store.events(caseKey: 1)
        let again = try cycle("2026-02-01")
        #expect(again.openedThisRun == 0 && again.openedToday == 1 && again.runsToday == 2)
        #expect(try store.events(caseKey: 1) == before)
        #expect(try store.cases(CaseQuery(lenderID: "default")).count == 1)
    }

    @Test func paymentCuresThePreAgreementCase() throws {
        _ = try cycle("2026-02-01")
        _ = try Importer(store: store, lenderID: "default").importPayments(path: scratch.write("p2.csv", Fixtures.payments([
            "L1,2026-02-02,8884.88,R2",
        ])))
        let summary = try cycle("2026-02-02")
        #expect(summary.curedToday == 1 && summary.openCases == 0)
        let events = try store.events(caseKey: 1)
        #expect(events.map(\.kind) == [.opened, .cured])
        #expect(events[1].rule == "cure.brought_current" && events[1].inputs["dpd"] == 0)
        #expect(HashChain.verify(events, sha256: Sodium.sha256) == nil)
        // A later default opens a new case for the same loan.
        let later = try cycle("2026-03-01")
        #expect(later.openedToday == 2) // L1 (instalment 2) and L2 (instalment 2)
        #expect(try store.cases(CaseQuery(lenderID: "default")).count == 3)
    }

    @Test func policyTriggerIsHonoured() throws {
        var policy = LenderPolicy()
        policy.triggerDPD = 5
        try store.savePolicy(policy, lenderID: "default")
        #expect(try cycle("2026-02-04").openedToday == 0)
        #expect(try cycle("2026-02-05").openedToday == 1)
    }

    @Test func anEarlierDayIsRefused() throws {
        _ = try cycle("2026-02-05")
        #expect(throws: AppError.cycleOutOfOrder(requested: CivilDate(iso: "2026-02-01")!, latest: CivilDate(iso: "2026-02-05")!)) {
            try cycle("2026-02-01")
        }
    }

    @Test func duesServiceUsesTheLenderPolicy() throws {
        let dues = try DuesService(store: store).dues(lenderID: "default", loanID: "L1", asOf: CivilDate(iso: "2026-02-04")!)
        #expect(dues.feesOverdue == 50_000 && dues.totalOverdue == 938_488)
        #expect(dues.json["total_overdue"] == 938_488)
        #expect(dues.json["bucket"] == "1-30")
        #expect(throws: AppError.self) { try DuesService(store: store).dues(lenderID: "default", loanID: "nope", asOf: CivilDate(iso: "2026-02-04")!) }
    }

    @Test func sha256IsLibsodiums() {
        #expect(Sodium.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Sodium.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
