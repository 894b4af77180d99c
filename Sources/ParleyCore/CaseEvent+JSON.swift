extension CaseEvent {
    public var json: JSONValue {
        [
            "seq": .int(Int64(sequence)), "type": .string(kind.rawValue), "at": .string(at.description),
            "actor": actor.json, "rule": rule.map { .string($0) } ?? .null, "inputs": inputs, "data": data,
            "prev_hash": .string(previousHash), "hash": .string(hash),
        ]
    }
}
