import Foundation
import Testing
import ParleyChannels
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

/// The cycle's outreach pass: one message per open case on each cadence day, idempotent, honouring opt-ins and
/// opt-outs, with its reasons; and `parley template preview`.
@Suite("Outreach planning", .serialized)
struct OutreachPlanningTests {
    let scratch = Scratch()
    var db: String { scratch.file("parley.db") }

    static let link = "http://127.0.0.1:8080/p/PERSONAL-LINK-ISSUED-AT-SEND"

    func parley(_ arguments: [String]) throws -> Binary.Result {
        let result = try Binary.run(arguments + ["--db", db])
        #expect(result.status == 0, "parley \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    func json(_ arguments: [String]) throws -> JSONValue {
        try JSONParser.parse(try parley(arguments + ["--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func importLoans(_ count: Int) throws {
        let rows = (1...count).map { n in
            Fixtures.loanRow("L\(n)", borrower: "B\(n)", ["phone": "+9198765\(String(10_000 + n).suffix(5))"])
        }
        _ = try parley(["import", "loans", scratch.write("loans.csv", Fixtures.loans(rows))])
    }

    func outbox() throws -> [JSONValue] { try json(["outbox", "list"]).arrayValue ?? [] }

    // MARK: Cadence

    @Test func eachCadenceDayPlansOneMessagePerOpenCase() throws {
        let bench = try OutreachBench(indianLoans: 3)
        let expected: [(day: String, template: String?)] = [
            ("2026-02-01", "missed_emi"), ("2026-02-02", "invitation"), ("2026-02-03", nil), ("2026-02-04", "reminder"),
            ("2026-02-05", nil), ("2026-02-06", nil), ("2026-02-07", nil), ("2026-02-08", "reminder"),
        ]
        let steps = Dictionary(uniqueKeysWithValues: OutreachPolicy.standard.cadence.map { ($0.template.rawValue + "@\($0.day)", $0) })
        for (index, (day, template)) in expected.enumerated() {
            try bench.cycle(day)
            let before = try bench.outbox.count
            let summary = try bench.plan(day)
            let new = Array(try bench.outbox.dropFirst(before))
            #expect(summary.casesChecked == 3)
            #expect(summary.planned + summary.rescheduled == (template == nil ? 0 : 3), "\(day)")
            #expect(new.map(\.template) == Array(repeating: template ?? "", count: template == nil ? 0 : 3), "\(day)")
            #expect(new.map(\.caseKey) == (template == nil ? [] : [1, 2, 3]), "\(day)")
            guard let template, let step = steps[template + "@\(index)"] else { continue }
            for message in new {
                #expect(message.logicalKey == OutreachBench.logicalKey(caseKey: message.caseKey!, day: day, template: template))
                #expect(message.idempotencyKey == message.logicalKey! + ":" + message.channel)
                // Adaptive (the standard policy): a step channel the borrower can be reached on (no WhatsApp opt-in, no app).
                #expect(["sms", "email"].contains(message.channel), "\(day): \(message.channel)")
                #expect(step.channels.map(\.rawValue).contains(message.channel))
                #expect(message.status == .planned)
                #expect(message.plannedAt.utcDate == CivilDate(iso: day)!)
            }
        }
    }

    @Test func rerunningTheCycleLeavesTheSameOutbox() throws {
        try importLoans(4)
        let first = try json(["cycle", "--as-of", "2026-02-01"])
        #expect(first["outreach"]?["planned"] == 4)
        let planned = try parley(["outbox", "list", "--json"]).stdout
        let again = try json(["cycle", "--as-of", "2026-02-01"])
        #expect(again["outreach"]?["planned"] == 0 && again["outreach"]?["already_planned"] == 4)
        #expect(try parley(["outbox", "list", "--json"]).stdout == planned)
        // The day after plans the next step, once.
        _ = try json(["cycle", "--as-of", "2026-02-02"])
        let next = try parley(["outbox", "list", "--json"]).stdout
        _ = try json(["cycle", "--as-of", "2026-02-02"])
        #expect(try parley(["outbox", "list", "--json"]).stdout == next)
        #expect(try outbox().compactMap { $0["template"]?.stringValue } == Array(repeating: "missed_emi", count: 4)
                + Array(repeating: "invitation", count: 4))
    }

    // MARK: Channels

    @Test func aWhatsAppOptInGetsWhatsAppUnderANonAdaptivePolicy() throws {
        try importLoans(2)
        _ = try parley(["policy", "set", scratch.write("policy.json", #"{"outreach":{"adaptive":false}}"#)])
        let store = try SQLiteStore(path: db, sha256: Sodium.sha256)
        let b1 = try #require(try store.borrower(lenderID: "default", borrowerID: "B1"))
        #expect(try store.consent(borrowerKey: b1.key, channel: "whatsapp", at: Instant(iso: "2026-01-20T10:00:00Z")!, source: "portal"))
        _ = try json(["cycle", "--as-of", "2026-02-01"])
        let rows = try outbox()
        #expect(rows.map { $0["borrower_id"] } == ["B1", "B2"])
        #expect(rows.map { $0["channel"] } == ["whatsapp", "sms"])
        #expect(rows.map { $0["fallbacks"] } == [["sms", "email"], ["email"]])
        #expect(rows.map { $0["decision"]?["rule"] } == ["cadence.day0", "preference.only_reachable"])
        #expect(rows.map { $0["due_at"] } == ["2026-02-01T03:30:00Z", "2026-02-01T03:30:00Z"])
        #expect(rows[0]["body"]?.stringValue?.hasPrefix("प्रिय Asha Rao, 2026-01-31 को देय आपकी Default lender EMI Rs 8884.88") == true)
    }

    @Test func anOptedOutChannelIsNeverPlanned() throws {
        try importLoans(12)
        for n in 1...12 { _ = try parley(["optout", "--borrower", "B\(n)", "--channel", "sms"]) }
        _ = try parley(["optout", "--borrower", "B12", "--channel", "email"])
        for day in ["2026-02-01", "2026-02-02", "2026-02-04", "2026-02-08"] { _ = try json(["cycle", "--as-of", day]) }
        let rows = try outbox()
        #expect(rows.count == 48)
        let planned = rows.filter { $0["status"] != "blocked" }
        #expect(planned.count == 44)
        #expect(!planned.contains { $0["channel"] == "sms" })
        #expect(!rows.contains { $0["fallbacks"]?.arrayValue?.contains("sms") == true })
        // B12 (no SMS, no email, no WhatsApp opt-in, no app) can be reached on nothing: each step is recorded as
        // blocked under the step's first channel, and never sent.
        let b12 = rows.filter { $0["borrower_id"] == "B12" }
        #expect(b12.map { $0["status"] } == ["blocked", "blocked", "blocked", "blocked"])
        #expect(b12.map { $0["decision"]?["rule"] } == Array(repeating: "preference.no_reachable_channel", count: 4))
        #expect(b12.map { $0["channel"] } == ["whatsapp", "whatsapp", "sms", "whatsapp"])
    }

    @Test func theReasonNamesTheRuleAndThePlan() throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.nonAdaptive()
        try bench.cycleAndPlan("2026-02-01")
        let message = try #require(try bench.outbox.first)
        let reason = try #require(message.reasonRecord)
        #expect(reason["rule"] == "preference.only_reachable")
        #expect(reason["summary"] == .string("Day 0 missed-EMI notice by SMS at 09:00–11:00: the first channel of the step the borrower "
                                             + "can be reached on (no WhatsApp opt-in)."))
        // The row keeps the channel, fall-backs, window and the gate's verdict; the case event keeps the whole plan.
        let brief = try #require(reason["inputs"])
        #expect(brief["channel"] == "sms" && brief["fallbacks"] == ["email"] && brief["window"] == "09:00–11:00")
        #expect(brief["gate"]?["decision"] == "allow" && brief["gate"]?["rule"] == "ok" && brief["gate"]?["inputs"] != nil)
        let event = try #require(try bench.store.events(caseKey: 1).last)
        #expect(event.kind == .noted && event.rule == "preference.only_reachable")
        #expect(event.data["kind"] == "outreach_planned" && event.data["outbox_id"] == .int(message.id))
        let plan = event.inputs
        #expect(plan["decision"] == nil)
        #expect(plan["day"] == 0 && plan["template"] == "missed_emi" && plan["channel"] == "sms" && plan["purpose"] == "collection")
        #expect(plan["fallbacks"] == ["email"] && plan["window"] == 0 && plan["window_span"] == "09:00–11:00")
        #expect(plan["planned_at"] == "2026-02-01T03:30:00Z")
        #expect(plan["rule"] == "preference.only_reachable")
        #expect(plan["inputs"]?["rules_applied"] == ["cadence.day0", "preference.only_reachable"])
        #expect(plan["inputs"]?["excluded"] == ["whatsapp": "no_consent", "push": "no_push_token"])
        #expect(plan["inputs"]?["adaptive"] == false)
        #expect(plan["gate"]?["decision"] == "allow" && plan["gate"]?["rule"] == "ok")
        #expect(plan["gate"]?["inputs"]?["requested_local"] == "2026-02-01T09:00")
    }

    @Test func theCaseTimelineStaysInTimeOrder() throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.nonAdaptive()
        try bench.cycleAndPlan("2026-02-01")
        try bench.dispatch("2026-02-01T05:00:00Z")
        let events = try bench.store.events(caseKey: 1)
        #expect(events.map(\.kind) == [.opened, .noted, .contacted])
        let times = events.map(\.at.description)
        #expect(times == times.sorted(), "the timeline goes back in time: \(times)")
        // Nothing is sent before the case it is about was opened.
        let message = try #require(try bench.outbox.first)
        #expect(try #require(message.sentAt) >= events[0].at, "sent \(message.sentAt!) before the case opened at \(events[0].at)")
    }

    // MARK: Template preview

    @Test func templatePreviewRendersTheLoansRealFigures() throws {
        try importLoans(1)
        _ = try json(["cycle", "--as-of", "2026-02-01"])
        // On 4 February the late fee has joined the missed instalment.
        let store = try SQLiteStore(path: db, sha256: Sodium.sha256)
        let dues = try DuesService(store: store).dues(lenderID: "default", loanID: "L1", asOf: CivilDate(iso: "2026-02-04")!)
        #expect(dues.totalOverdue == 938_488)
        let amount = "Rs " + Money(minor: dues.totalOverdue, currency: dues.currency).decimalText
        #expect(amount == "Rs 9384.88")

        let preview = ["template", "preview", "--case", "C0000001", "--template", "missed_emi", "--channel", "sms", "--as-of", "2026-02-04"]
        #expect(try parley(preview + ["--language", "en"]).stdout
                == "Dear Asha Rao, your Default lender EMI of \(amount) due on 2026-01-31 is unpaid. See your options: \(Self.link)\n")
        // The borrower's own language by default.
        #expect(try parley(preview).stdout
                == "प्रिय Asha Rao, 2026-01-31 को देय आपकी Default lender EMI \(amount) का भुगतान नहीं हुआ है। अपने विकल्प देखें: \(Self.link)\n")

        let gateway = try OutreachGateway()
        let providers = scratch.write("providers.json", gateway.configuration())
        let json = try self.json(preview + ["--language", "en", "--providers", providers])
        #expect(json["case_id"] == "C0000001" && json["template"] == "missed_emi" && json["channel"] == "sms" && json["language"] == "en")
        #expect(json["variables"]?["amount"] == .string(amount))
        #expect(json["dlt"] == ["content_template_id": "parley-missed_emi-en", "principal_entity_id": "1101000000000000077",
                                "sender": "PRLYTS",
                                "registered_text": "Dear {#var#}, your {#var#} EMI of {#var#} due on {#var#} is unpaid. See your options: {#var#}"])
        let hindi = try self.json(preview)
        #expect(hindi["language"] == "hi")
        #expect(hindi["dlt"]?["content_template_id"] == "parley-missed_emi-hi")
        #expect(hindi["dlt"]?["principal_entity_id"] == "PARLEY-PE-ID")
        // Other channels carry no DLT registration.
        let email = try self.json(["template", "preview", "--case", "C0000001", "--template", "missed_emi", "--channel", "email",
                                   "--as-of", "2026-02-04", "--language", "en"])
        #expect(email["dlt"] == nil && email["subject"] == "Your EMI is unpaid")
        #expect(gateway.received.isEmpty)
    }
}
