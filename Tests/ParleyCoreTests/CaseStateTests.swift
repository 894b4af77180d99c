import Testing
@testable import ParleyCore

@Suite("Case lifecycle")
struct CaseStateTests {
    let t0 = Instant(date: date("2026-12-01"))

    func event(_ kind: CaseEventKind, hold: HoldKind? = nil) -> NewCaseEvent {
        NewCaseEvent(kind: kind, at: t0, actor: .system("test"), data: hold.map { ["hold": .string($0.rawValue)] } ?? [:])
    }

    func run(_ kinds: [CaseEventKind]) throws -> CaseState {
        var state = try CaseState.start(with: event(.opened))
        for kind in kinds { state = try state.applying(event(kind)) }
        return state
    }

    @Test func wholeJourneyToResolution() throws {
        let state = try run([.contacted, .engaged, .negotiationStarted, .mediationStarted, .agreed, .signed,
                             .implementationStarted, .resolved, .closed])
        #expect(state.status == .closed)
        #expect(state.everAgreed)
        #expect(state.eventCount == 10)
    }

    @Test func journeyToAward() throws {
        let state = try run([.contacted, .engaged, .negotiationStarted, .agreed, .signed, .implementationStarted,
                             .broken, .escalated, .arbitrationStarted, .awarded])
        #expect(state.status == .awarded)
        #expect(state.status.isOpen)
    }

    @Test func brokenPlanReopens() throws {
        let state = try run([.engaged, .agreed, .signed, .implementationStarted, .broken, .reopened])
        #expect(state.status == .triggered)
        #expect(state.everAgreed)
    }

    @Test func repeatedContactKeepsLaterStatus() throws {
        #expect(try run([.contacted, .contacted]).status == .contacted)
        #expect(try run([.engaged, .contacted]).status == .engaged)
    }

    @Test func illegalTransitionsAreRejected() {
        #expect(throws: CaseTransitionError.illegal(event: .signed, from: .triggered)) { try run([.signed]) }
        #expect(throws: CaseTransitionError.illegal(event: .cured, from: .agreed)) { try run([.engaged, .agreed, .cured]) }
        #expect(throws: CaseTransitionError.illegal(event: .awarded, from: .escalated)) { try run([.escalated, .awarded]) }
        #expect(throws: CaseTransitionError.alreadyOpened) { try run([.opened]) }
        #expect(throws: CaseTransitionError.illegal(event: .contacted, from: .cured)) { try run([.cured, .contacted]) }
        #expect(throws: CaseTransitionError.notOpened) { try CaseState.start(with: event(.contacted)) }
    }

    @Test func errorMessagesNameTheEventAndStatus() {
        #expect(CaseTransitionError.illegal(event: .signed, from: .triggered).description
                == "cannot record 'signed' on a case that is 'triggered'")
    }

    @Test func holdsBlockEscalation() throws {
        var state = try CaseState.start(with: event(.opened))
        state = try state.applying(event(.holdPlaced, hold: .dispute))
        #expect(state.displayStatus == "triggered (disputed)")
        #expect(throws: CaseTransitionError.onHold(event: .escalated, holds: [.dispute])) {
            try state.applying(event(.escalated))
        }
        #expect(throws: CaseTransitionError.holdAlreadyPlaced(.dispute)) { try state.applying(event(.holdPlaced, hold: .dispute)) }
        state = try state.applying(event(.holdReleased, hold: .dispute))
        #expect(state.holds.isEmpty)
        #expect(try state.applying(event(.escalated)).status == .escalated)
        #expect(throws: CaseTransitionError.holdNotPlaced(.legal)) { try state.applying(event(.holdReleased, hold: .legal)) }
    }

    @Test func legalHoldFreezesNegotiation() throws {
        let state = try CaseState.start(with: event(.opened)).applying(event(.holdPlaced, hold: .legal))
        #expect(throws: CaseTransitionError.onHold(event: .negotiationStarted, holds: [.legal])) {
            try state.applying(event(.negotiationStarted))
        }
        #expect(try state.applying(event(.withdrawn)).status == .withdrawn)
    }

    @Test func everyStatusIsReachable() throws {
        let paths: [[CaseEventKind]] = [
            [], [.contacted], [.engaged], [.negotiationStarted], [.mediationStarted], [.engaged, .agreed],
            [.engaged, .agreed, .signed], [.engaged, .agreed, .signed, .implementationStarted],
            [.engaged, .agreed, .signed, .implementationStarted, .resolved], [.engaged, .agreed, .broken],
            [.escalated], [.escalated, .arbitrationStarted], [.escalated, .arbitrationStarted, .awarded],
            [.escalated, .arbitrationStarted, .awarded, .closed], [.cured], [.withdrawn],
        ]
        let reached = Set(try paths.map { try run($0).status })
        #expect(reached == Set(CaseStatus.allCases))
    }
}

@Suite("Hash chain")
struct HashChainTests {
    /// A stand-in digest (FNV-1a widened): the chain logic does not depend on which hash is injected.
    static let digest: SHA256Function = { bytes in
        var h: UInt64 = 0xcbf29ce484222325
        var out: [UInt8] = []
        for round in 0..<4 {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            h ^= UInt64(round)
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8((h >> UInt64(shift)) & 0xFF)) }
        }
        return out
    }

    func chain(_ count: Int) -> [CaseEvent] {
        var previous = HashChain.genesis
        return (1...count).map { seq in
            let event = NewCaseEvent(kind: seq == 1 ? .opened : .noted, at: Instant(secondsSinceEpoch: Int64(seq)),
                                     actor: .system("cycle"), rule: "r", inputs: ["dpd": .int(Int64(seq))])
            let sealed = HashChain.seal(event, caseID: "C1", sequence: seq, previousHash: previous, sha256: Self.digest)
            previous = sealed.hash
            return sealed
        }
    }

    @Test func intactChainVerifies() {
        let events = chain(5)
        #expect(HashChain.verify(events, sha256: Self.digest) == nil)
        #expect(events[1].previousHash == events[0].hash)
        #expect(events[0].previousHash == HashChain.genesis)
    }

    @Test func tamperingIsDetected() {
        var events = chain(5)
        let original = events[2]
        var altered = original.event
        altered.inputs = ["dpd": 99]
        events[2] = CaseEvent(caseID: "C1", sequence: 3, event: altered, previousHash: original.previousHash, hash: original.hash)
        #expect(HashChain.verify(events, sha256: Self.digest) == .hashMismatch(sequence: 3))
        var dropped = chain(5)
        dropped.remove(at: 1)
        #expect(HashChain.verify(dropped, sha256: Self.digest) == .sequenceGap(expected: 2, found: 3))
    }

    @Test func theSplicedEncodingEqualsTheCanonicalOne() {
        let events: [NewCaseEvent] = [
            NewCaseEvent(kind: .opened, at: Instant(secondsSinceEpoch: 1_764_547_200), actor: .system("cycle"),
                         rule: "trigger.dpd_reached", inputs: ["dpd": 3, "z": "é\"\n", "a": [1, 2]], data: ["summary": "Ünïcode ✓"]),
            NewCaseEvent(kind: .noted, at: Instant(secondsSinceEpoch: 0), actor: Actor(.borrower, "B\u{1}"), rule: nil,
                         inputs: [:], data: ["nested": ["k": ["x": .null, "y": true]]]),
        ]
        for (index, event) in events.enumerated() {
            let slow = HashChain.canonicalEncoding(caseID: "C\(index)", sequence: index + 1, event: event, previousHash: HashChain.genesis)
            let fast = HashChain.canonicalEncoding(caseID: "C\(index)", sequence: index + 1, event: event, previousHash: HashChain.genesis,
                                                   inputsText: event.inputs.canonical, dataText: event.data.canonical)
            #expect(fast == slow)
        }
    }

    @Test func canonicalEncodingIsSortedAndCompact() {
        let event = NewCaseEvent(kind: .opened, at: Instant(date: date("2026-12-01")), actor: .system("cycle"),
                                 rule: "trigger.dpd_reached", inputs: ["dpd": 3, "as_of": "2026-12-01"])
        let text = HashChain.canonicalEncoding(caseID: "C1", sequence: 1, event: event, previousHash: HashChain.genesis)
        #expect(text == #"{"actor":{"id":"cycle","kind":"system"},"at":"2026-12-01T00:00:00Z","case_id":"C1","data":{},"inputs":{"as_of":"2026-12-01","dpd":3},"prev_hash":""# + HashChain.genesis + #"","rule":"trigger.dpd_reached","seq":1,"type":"opened"}"#)
    }
}
