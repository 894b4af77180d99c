import Foundation
import ParleyChannels
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

/// A loan book in a scratch SQLite store with its cases opened and the day's outreach planned, ready for a
/// dispatcher that sends to an `OutreachGateway`.
final class OutreachBench {
    let scratch = Scratch()
    let store: SQLiteStore
    let gateway: OutreachGateway
    static let baseURL = "https://parley.test"

    /// Imports `loans` (rows from `Fixtures.loanRow`) for lender `default` and optional payments.
    init(loans: [String], payments: [String] = [], gateway: OutreachGateway? = nil) throws {
        store = try SQLiteStore(path: scratch.file("parley.db"), sha256: Sodium.sha256)
        self.gateway = try gateway ?? OutreachGateway()
        _ = try Importer(store: store, lenderID: "default").importLoans(path: scratch.write("loans.csv", Fixtures.loans(loans)))
        if !payments.isEmpty { try pay(payments) }
    }

    /// `count` loans L1…, each with its own borrower B-Ln and phone number, in India.
    convenience init(indianLoans count: Int, gateway: OutreachGateway? = nil) throws {
        try self.init(loans: (1...count).map { n in
            Fixtures.loanRow("L\(n)", ["phone": "+9198765\(String(10_000 + n).suffix(5))", "email": "b\(n)@example.in"])
        }, gateway: gateway)
    }

    func pay(_ rows: [String]) throws {
        _ = try Importer(store: store, lenderID: "default").importPayments(path: scratch.write("p-\(UUID().uuidString).csv",
                                                                                              Fixtures.payments(rows)))
    }

    /// The policy from a JSON document, as `parley policy set` takes it.
    func policy(_ json: String) throws {
        try store.savePolicy(try LenderPolicy.parse(json), lenderID: "default")
    }

    /// Follows the cadence's channel order and first window (no sampling).
    func nonAdaptive() throws { try policy(#"{"outreach":{"adaptive":false}}"#) }

    /// Runs the daily cycle (opens and cures cases) without planning.
    @discardableResult
    func cycle(_ day: String) throws -> CycleSummary {
        try DailyCycle(store: store, lenderID: "default").run(asOf: CivilDate(iso: day)!)
    }

    /// Plans the day's outreach as `parley cycle` does after the cycle.
    @discardableResult
    func plan(_ day: String) throws -> PlanningSummary {
        try OutreachPlanning(store: store, lenderID: "default", baseURL: Self.baseURL, providers: try providers())
            .run(asOf: CivilDate(iso: day)!)
    }

    func cycleAndPlan(_ day: String) throws {
        try cycle(day)
        try plan(day)
    }

    func borrower(_ id: String) throws -> StoredBorrower {
        guard let found = try store.borrower(lenderID: "default", borrowerID: id) else { throw AppError.notFound(id) }
        return found
    }

    func consentToWhatsApp(_ borrowerID: String, at: String = "2026-01-01T00:00:00Z") throws {
        _ = try store.consent(borrowerKey: try borrower(borrowerID).key, channel: "whatsapp", at: Instant(iso: at)!, source: "test")
    }

    /// The providers of the gateway's configuration, with rate limiters as `parley dispatch` builds them.
    func providers(ratePerSecond: Int = 1000, requireDLT: Bool = true) throws -> OutreachProviders {
        OutreachProviders(try ProviderSet(json: gateway.configuration(ratePerSecond: ratePerSecond, requireDLT: requireDLT),
                                          environment: [:]))
    }

    /// One dispatcher run starting at `now`; by default it does not wait for retries falling due later.
    @discardableResult
    func dispatch(_ now: String, maxWait: Double = 0, ratePerSecond: Int = 1000, requireDLT: Bool = true,
                  concurrency: Int = 8) throws -> DispatchSummary {
        var options = Dispatcher.Options()
        options.maxWaitSeconds = maxWait
        options.concurrency = concurrency
        return try Dispatcher(store: store, providers: try providers(ratePerSecond: ratePerSecond, requireDLT: requireDLT),
                              baseURL: Self.baseURL, now: Instant(iso: now)!, options: options).run()
    }

    /// Every outbox row, oldest first.
    var outbox: [OutboxMessage] {
        get throws { try store.outbox(lenderID: nil, loanID: nil, limit: 10_000).map(\.message) }
    }

    func rows(logicalKey: String) throws -> [OutboxMessage] { try store.outboxEntries(logicalKey: logicalKey).map(\.message) }

    /// The logical key planning gives case `caseKey`'s message of `day` and `template`.
    static func logicalKey(caseKey: Int64, day: String, template: String) -> String {
        "outreach:\(caseKey):\(day):\(template)"
    }
}

extension OutboxMessage {
    /// The structured reason (rule, summary, inputs) the row carries.
    var reasonRecord: JSONValue? { reason.flatMap { try? JSONParser.parse($0) } }
    var rule: String? { reasonRecord?["rule"]?.stringValue }
}

extension OutreachBench {
    /// The dispatcher tests' planning day, and 10:30 in Kolkata that day: inside the window, after the 09:00 plan.
    static let day = "2026-02-01"
    static let morning = "2026-02-01T05:00:00Z"

    /// The logical key of case `caseKey`'s message planned on `day`.
    static func key(_ caseKey: Int64, _ template: String = "missed_emi", day: String = day) -> String {
        logicalKey(caseKey: caseKey, day: day, template: template)
    }

    /// L1 (B-L1) reachable on WhatsApp, L2 (B-L2) on SMS only; the cadence followed in order; day 0 planned.
    static func plannedPair() throws -> OutreachBench {
        let bench = try OutreachBench(indianLoans: 2)
        try bench.nonAdaptive()
        try bench.consentToWhatsApp("B-L1")
        try bench.cycleAndPlan(day)
        return bench
    }
}
