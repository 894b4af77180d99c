/// SHA-256, supplied by the caller so the core stays free of C (libsodium in the app).
public typealias SHA256Function = @Sendable ([UInt8]) -> [UInt8]

/// The hash chain over a case's events: each hash is SHA-256 over the canonical encoding of the event
/// together with the previous event's hash.
public enum HashChain {
    /// The previous hash of a case's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical bytes hashed for an event: sorted-key JSON without whitespace.
    public static func canonicalEncoding(caseID: String, sequence: Int, event: NewCaseEvent, previousHash: String) -> String {
        let value: JSONValue = [
            "case_id": .string(caseID),
            "seq": .int(Int64(sequence)),
            "type": .string(event.kind.rawValue),
            "at": .string(event.at.description),
            "actor": event.actor.json,
            "rule": event.rule.map { .string($0) } ?? .null,
            "inputs": event.inputs,
            "data": event.data,
            "prev_hash": .string(previousHash),
        ]
        return value.canonical
    }

    /// The same bytes as `canonicalEncoding`, put together around the already-encoded `inputs` and `data` (the store
    /// writes those texts too, so each is encoded once). The members are in canonical (UTF-8) key order.
    public static func canonicalEncoding(caseID: String, sequence: Int, event: NewCaseEvent, previousHash: String,
                                         inputsText: String, dataText: String) -> String {
        "{\"actor\":" + event.actor.json.canonical
            + ",\"at\":" + JSONValue.string(event.at.description).canonical
            + ",\"case_id\":" + JSONValue.string(caseID).canonical
            + ",\"data\":" + dataText
            + ",\"inputs\":" + inputsText
            + ",\"prev_hash\":" + JSONValue.string(previousHash).canonical
            + ",\"rule\":" + (event.rule.map { JSONValue.string($0) } ?? .null).canonical
            + ",\"seq\":" + String(sequence)
            + ",\"type\":" + JSONValue.string(event.kind.rawValue).canonical + "}"
    }

    /// Places an event on the chain after `previousHash`.
    public static func seal(_ event: NewCaseEvent, caseID: String, sequence: Int, previousHash: String,
                            sha256: SHA256Function) -> CaseEvent {
        seal(event, caseID: caseID, sequence: sequence, previousHash: previousHash, inputsText: event.inputs.canonical,
             dataText: event.data.canonical, sha256: sha256)
    }

    /// `seal` with the event's `inputs` and `data` already in canonical text.
    public static func seal(_ event: NewCaseEvent, caseID: String, sequence: Int, previousHash: String, inputsText: String,
                            dataText: String, sha256: SHA256Function) -> CaseEvent {
        let text = canonicalEncoding(caseID: caseID, sequence: sequence, event: event, previousHash: previousHash,
                                     inputsText: inputsText, dataText: dataText)
        return CaseEvent(caseID: caseID, sequence: sequence, event: event, previousHash: previousHash,
                         hash: hex(sha256(Array(text.utf8))))
    }

    /// Where a chain first fails to verify.
    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case sequenceGap(expected: Int, found: Int)
        case previousHashMismatch(sequence: Int)
        case hashMismatch(sequence: Int)

        public var description: String {
            switch self {
            case .sequenceGap(let expected, let found): return "expected event \(expected), found \(found)"
            case .previousHashMismatch(let sequence): return "event \(sequence) does not link to the event before it"
            case .hashMismatch(let sequence): return "event \(sequence) was altered: its hash does not match its content"
            }
        }
    }

    /// Checks a case's events in order; nil when the chain is intact.
    public static func verify(_ events: [CaseEvent], sha256: SHA256Function) -> Break? {
        var previous = genesis
        for (offset, event) in events.enumerated() {
            guard event.sequence == offset + 1 else { return .sequenceGap(expected: offset + 1, found: event.sequence) }
            guard event.previousHash == previous else { return .previousHashMismatch(sequence: event.sequence) }
            let resealed = seal(event.event, caseID: event.caseID, sequence: event.sequence, previousHash: previous, sha256: sha256)
            guard resealed.hash == event.hash else { return .hashMismatch(sequence: event.sequence) }
            previous = event.hash
        }
        return nil
    }

    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    /// Lowercase hex of bytes in memory (a digest on the stack, say), without copying them into an array.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = hexDigit(byte >> 4)
                out[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
