import Foundation
import ParleyCore
import ParleyStore

/// `parley optout` and `parley hold set|clear`: the operator's side of consent and holds.
struct ContactCommands {
    let console: any Console
    let store: SQLiteStore
    let lenderID: String

    func run(_ command: ParsedCommand) throws {
        let borrowerID = try command.requiredOption("borrower")
        guard let borrower = try store.borrower(lenderID: lenderID, borrowerID: borrowerID) else {
            throw AppError.notFound("no borrower \"\(borrowerID)\" for lender \(lenderID)")
        }
        let now = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        let actor = Actor(.staff, "cli")
        var changed = false
        var cases: [String] = []
        switch command.path {
        case ["optout"]:
            let text = try command.requiredOption("channel")
            guard let channel = Channel(rawValue: text) else {
                throw CommandUsageError("unknown channel \"\(text)\" (whatsapp, sms, email or push)")
            }
            try store.transaction {
                changed = try store.optOut(borrowerKey: borrower.key, channel: channel.rawValue, at: now, source: "operator")
                guard changed else { return }
                for open in try openCases(borrower) {
                    _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(
                        kind: .noted, at: now, actor: actor,
                        data: ["kind": "opt_out", "channel": .string(channel.rawValue),
                               "summary": .string("The borrower opted out of \(channel.rawValue); no further messages on it.")]))
                    cases.append(open.id)
                }
            }
            report(changed ? "Opted out of \(channel.rawValue)." : "Already opted out of \(channel.rawValue).", changed, cases, command)
        case ["hold", "set"], ["hold", "clear"]:
            let text = try command.requiredOption("kind")
            guard let kind = HoldKind(rawValue: text) else {
                throw CommandUsageError("unknown hold kind \"\(text)\" (dispute, hardship, legal, deceased or cease)")
            }
            let placing = command.path[1] == "set"
            try store.transaction {
                changed = placing ? try store.placeHold(borrowerKey: borrower.key, kind: kind, at: now, by: actor.description)
                                  : try store.clearHold(borrowerKey: borrower.key, kind: kind)
                for open in try openCases(borrower) where open.state.holds.contains(kind) != placing {
                    _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(
                        kind: placing ? .holdPlaced : .holdReleased, at: now, actor: actor,
                        data: ["hold": .string(kind.rawValue),
                               "summary": .string(placing ? "A \(kind.rawValue) hold was placed by an operator." : "The \(kind.rawValue) hold was released by an operator.")]))
                    cases.append(open.id)
                }
            }
            let verb = placing ? "placed" : "cleared"
            report(changed || !cases.isEmpty ? "Hold \(kind.rawValue) \(verb)." : "Nothing to do: the hold was \(placing ? "already in force" : "not in force").",
                   changed || !cases.isEmpty, cases, command)
        default: break
        }
    }

    private func openCases(_ borrower: StoredBorrower) throws -> [CaseSummary] {
        try store.loans(borrowerKey: borrower.key).flatMap { loan -> [CaseSummary] in
            var query = CaseQuery(lenderID: lenderID)
            query.openOnly = true
            query.loanID = loan.record.loanID
            return try store.cases(query)
        }
    }

    private func report(_ message: String, _ changed: Bool, _ cases: [String], _ command: ParsedCommand) {
        if command.flag("json") {
            console.out((["changed": .bool(changed), "cases": .array(cases.map { .string($0) })] as JSONValue).canonical)
        } else {
            console.out(message + (cases.isEmpty ? "" : " Recorded on \(cases.joined(separator: ", "))."))
        }
    }
}
