import ParleyCore

extension CaseSummary {
    public var json: JSONValue {
        [
            "id": .string(id), "lender_id": .string(lenderID), "loan_id": .string(loanID), "borrower_id": .string(borrowerID),
            "status": .string(state.status.rawValue), "holds": .array(state.holds.sorted().map { .string($0.rawValue) }),
            "opened_at": .string(state.openedAt.description), "updated_at": .string(state.updatedAt.description),
            "event_count": .int(Int64(state.eventCount)), "head_hash": .string(state.lastHash),
        ]
    }
}
