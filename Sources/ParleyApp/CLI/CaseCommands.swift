import ParleyCore
import ParleyCrypto
import ParleyStore

/// `parley case list|show|verify`.
struct CaseCommands {
    let console: any Console
    let store: any Store
    let lenderID: String

    func list(_ command: ParsedCommand) throws {
        var query = CaseQuery(lenderID: lenderID)
        if let status = command.option("status") {
            if status == "open" {
                query.openOnly = true
            } else if let known = CaseStatus(rawValue: status) {
                query.status = known
            } else {
                throw CommandUsageError("unknown status \"\(status)\" (one of: open, \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        query.loanID = command.option("loan")
        if let limit = try command.int("limit") {
            guard limit >= 1 && limit <= 1_000_000 else { throw CommandUsageError("--limit must be between 1 and 1000000") }
            query.limit = limit
        }
        if let after = command.option("after") {
            guard let key = CaseSummary.key(fromDisplayID: after) else { throw CommandUsageError("--after \"\(after)\" is not a case id") }
            query.afterKey = key
        }
        let cases = try store.cases(query)
        if command.flag("json") {
            console.out(JSONValue.array(cases.map(\.json)).canonical)
        } else {
            console.out("CASE      LOAN            BORROWER        STATUS                 OPENED                EVENTS")
            for summary in cases {
                console.out([pad(summary.id, 9), pad(summary.loanID, 15), pad(summary.borrowerID, 15),
                             pad(summary.state.displayStatus, 22), pad(summary.state.openedAt.description, 21),
                             String(summary.state.eventCount)].joined(separator: " "))
            }
        }
    }

    func show(_ command: ParsedCommand) throws {
        let summary = try find(command)
        let events = try store.events(caseKey: summary.key)
        if command.flag("json") {
            var json = summary.json.objectValue ?? [:]
            json["events"] = .array(events.map(\.json))
            console.out(JSONValue.object(json).canonical)
            return
        }
        console.out("Case \(summary.id) — loan \(summary.loanID), borrower \(summary.borrowerID)")
        console.out("Status: \(summary.state.displayStatus); opened \(summary.state.openedAt); \(summary.state.eventCount) events")
        console.out("Timeline:")
        for event in events {
            console.out("  \(event.sequence). \(event.at)  \(event.kind.rawValue)  by \(event.actor)")
            if let summaryText = event.data["summary"]?.stringValue { console.out("     \(summaryText)") }
            if let rule = event.rule {
                console.out("     rule \(rule); inputs \(event.inputs.canonical)")
            }
        }
        console.out("Chain head: \(summary.state.lastHash)")
    }

    func verify(_ command: ParsedCommand) throws {
        let summary = try find(command)
        let events = try store.events(caseKey: summary.key)
        let broken = HashChain.verify(events, sha256: Sodium.sha256)
        let headMatches = events.last?.hash == summary.state.lastHash
        if command.flag("json") {
            console.out((["case_id": .string(summary.id), "events": .int(Int64(events.count)),
                          "intact": .bool(broken == nil && headMatches),
                          "problem": broken.map { .string($0.description) } ?? (headMatches ? .null : "the case's recorded head differs from its last event")] as JSONValue).canonical)
        } else if let broken {
            console.out("Case \(summary.id): chain BROKEN — \(broken)")
        } else if !headMatches {
            console.out("Case \(summary.id): chain BROKEN — the case's recorded head differs from its last event")
        } else {
            console.out("Case \(summary.id): chain intact (\(events.count) events, head \(summary.state.lastHash))")
        }
        if broken != nil || !headMatches { throw AppError.invalidInput("case \(summary.id) failed verification") }
    }

    private func find(_ command: ParsedCommand) throws -> CaseSummary {
        let id = try command.requiredPositional("CASE_ID")
        guard let summary = try store.caseSummary(lenderID: lenderID, id: id) else {
            throw AppError.notFound("no case \"\(id)\" for lender \(lenderID)")
        }
        return summary
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
