import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

/// SIGKILLs the real `parley dispatch` while it hands a few hundred SMS to a slow gateway, then runs it to completion:
/// no message reaches the gateway twice and none is lost.
@Suite("Dispatch survives SIGKILL", .serialized)
struct DispatchKillTests {
    let scratch = Scratch()
    static let loans = 300
    static let now = "2026-02-01T05:00:00Z"

    /// Rows a dispatcher still has to deal with: claimed and never settled, or planned and due.
    func unfinished(_ db: String) throws -> Int64 {
        try SQLiteDatabase(path: db).scalarInt("""
            SELECT count(*) FROM outbox WHERE status = 'sending' OR (status = 'planned' AND due_at <= ?)
            """, [.integer(Instant(iso: Self.now)!.secondsSinceEpoch)]) ?? -1
    }

    func count(_ db: String, _ status: String) throws -> Int64 {
        try SQLiteDatabase(path: db).scalarInt("SELECT count(*) FROM outbox WHERE status = ?", [.text(status)]) ?? -1
    }

    @Test func killedMidSendAndRerunSendsEachMessageAtMostOncePerChannel() throws {
        let db = scratch.file("parley.db")
        let gateway = try OutreachGateway(delayMilliseconds: 20)
        let providers = scratch.write("providers.json", gateway.configuration(ratePerSecond: 1000))
        let rows = (1...Self.loans).map { n in
            Fixtures.loanRow("L\(n)", ["phone": "+9198765\(String(10_000 + n).suffix(5))", "email": "b\(n)@example.in"])
        }
        #expect(try Binary.run(["import", "loans", scratch.write("loans.csv", Fixtures.loans(rows)), "--db", db]).status == 0)
        #expect(try Binary.run(["policy", "set", scratch.write("policy.json", #"{"outreach":{"adaptive":false}}"#), "--db", db]).status == 0)
        let cycle = try Binary.run(["cycle", "--as-of", "2026-02-01", "--providers", providers, "--db", db, "--json"])
        #expect(cycle.status == 0, "\(cycle.stderr)")
        #expect(try JSONParser.parse(cycle.stdout)["outreach"]?["planned"] == .int(Int64(Self.loans)))
        #expect(try unfinished(db) == Int64(Self.loans))

        var generator = SystemRandomNumberGenerator()
        var kills = 0, midRun = 0
        for _ in 0..<5 {
            guard try unfinished(db) > 0 else { break }
            let reachedBefore = gateway.received.count
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.parley)
            process.arguments = ["dispatch", "--now", Self.now, "--providers", providers, "--db", db]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(Double.random(in: 0.3...1.2, using: &generator) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            guard process.terminationReason == .uncaughtSignal else { continue }
            kills += 1
            // Mid-run: this run reached the gateway, and work was left when it died.
            if try unfinished(db) > 0 && gateway.received.count > reachedBefore { midRun += 1 }
        }
        let final = try Binary.run(["dispatch", "--now", Self.now, "--providers", providers, "--db", db, "--json"])
        #expect(final.status == 0, "\(final.stderr)")
        print("dispatch kill test: \(kills) kills, \(midRun) mid-run; final run \(final.stdout)")
        #expect(midRun >= 1, "no kill landed mid-run (\(kills) kills)")

        // The gateway saw each idempotency key (Exotel's CustomField) at most once.
        let sms = gateway.received(.sms)
        let repeated = gateway.countsByKey.filter { $0.value > 1 }
        #expect(repeated.isEmpty, "sent twice: \(repeated.keys.sorted().prefix(5))")
        #expect(try unfinished(db) == 0)
        #expect(try count(db, "sending") == 0)

        // Every logical message: its SMS sent; or the SMS failed as interrupted and a fail-over row on email, which
        // was sent or (killed in turn, with no channel left) failed as interrupted too. Never two rows sent.
        let store = try SQLiteStore(path: db, sha256: Sodium.sha256)
        let all = try store.outbox(lenderID: nil, loanID: nil, limit: 10_000).map(\.message)
        let byLogical = Dictionary(grouping: all) { $0.logicalKey ?? $0.idempotencyKey }
        #expect(byLogical.count == Self.loans)
        let receivedKeys = Set(sms.map(\.key))
        var smsSent = 0, smsInterrupted = 0, smsInterruptedButReceived = 0, emailSent = 0, emailInterrupted = 0
        for (logical, group) in byLogical {
            let trail = "\(logical): \(group.map { "\($0.channel) \($0.status) \($0.rule ?? "")" })"
            #expect(group.filter { $0.status == .sent }.count <= 1, "\(trail)")
            #expect((1...2).contains(group.count), "\(trail)")
            let first = group[0]
            #expect(first.channel == "sms" && first.idempotencyKey == logical + ":sms", "\(trail)")
            if first.status == .sent {
                #expect(group.count == 1, "\(trail)")
                #expect(receivedKeys.contains(first.idempotencyKey), "\(logical) recorded sent but never reached the gateway")
                smsSent += 1
                continue
            }
            #expect(first.status == .failed && first.rule == "dispatch.interrupted", "\(trail)")
            smsInterrupted += 1
            if receivedKeys.contains(first.idempotencyKey) { smsInterruptedButReceived += 1 }
            guard group.count == 2 else { continue }
            let next = group[1]
            #expect(next.channel == "email" && next.idempotencyKey == logical + ":email" && next.fallbacks == [], "\(trail)")
            if next.status == .sent { emailSent += 1 } else {
                #expect(next.status == .failed && next.rule == "dispatch.interrupted", "\(trail)")
                emailInterrupted += 1
            }
        }
        #expect(smsInterrupted == emailSent + emailInterrupted, "an interrupted SMS without its fail-over row")
        #expect(sms.count == smsSent + smsInterruptedButReceived)
        print("dispatch kill test: \(sms.count) SMS reached the gateway; \(smsSent) recorded sent; \(smsInterrupted) failed as "
              + "interrupted (\(smsInterruptedButReceived) of them had reached the gateway), failed over to email: \(emailSent) "
              + "sent, \(emailInterrupted) interrupted in turn (never sent)")
    }
}
