import Testing
@testable import ParleyCore

/// The API writes dues straight to bytes; every byte must equal the canonical encoding of the `json` value.
@Suite("Canonical encoding written directly")
struct CanonicalEncodingTests {
    @Test func duesBytesEqualTheCanonicalJSONAcrossRandomLoans() {
        var random = SplitMix64(seed: 42)
        for round in 0..<500 {
            let terms = LoanTerms(principal: Int64(random.next() % 50_000_000) + 1, annualRateBps: Int(random.next() % 4_000),
                                  tenureMonths: Int(random.next() % 60) + 1,
                                  firstDueOn: CivilDate(dayNumber: Int32(19_000 + Int(random.next() % 1_000))))
            let payments = (0..<Int(random.next() % 12)).map { _ in
                LedgerPayment(paidOn: CivilDate(dayNumber: Int32(19_000 + Int(random.next() % 1_500))), amount: Int64(random.next() % 2_000_000) + 1)
            }
            let asOf = CivilDate(dayNumber: Int32(19_000 + Int(random.next() % 2_500)))
            let dues = Dues.compute(loanID: round.isMultiple(of: 7) ? "L\"quoted\\\(round)" : "L\(round)", currency: round.isMultiple(of: 2) ? .inr : .usd,
                                    terms: terms, payments: payments, rules: LedgerRules(graceDays: 3, lateFee: 50_000), asOf: asOf)
            #expect(String(decoding: dues.canonicalJSON, as: UTF8.self) == dues.json.canonical)
        }
    }

    @Test func writerMatchesCanonicalIntegersStringsAndNull() {
        var writer = CanonicalObjectWriter(capacity: 1)  // grows on every member
        writer.add("a", Int64.min)
        writer.add("b", Int64.max)
        writer.add("c", 0)
        writer.add("d", -7)
        writer.add("e", "tab\there \u{1} \"q\" é")
        writer.add("f", nil as String?)
        let expected: JSONValue = ["a": .int(.min), "b": .int(.max), "c": 0, "d": -7, "e": "tab\there \u{1} \"q\" é", "f": .null]
        #expect(String(decoding: writer.finish(), as: UTF8.self) == expected.canonical)
    }

    @Test func datesFormatWithFourDigitYearsAndPadding() {
        #expect(CivilDate(iso: "0001-02-03")!.description == "0001-02-03")
        #expect(CivilDate(iso: "2026-12-04")!.description == "2026-12-04")
        #expect(CivilDate(iso: "9999-12-31")!.description == "9999-12-31")
        #expect(HashChain.hex([0x00, 0x0f, 0xa5, 0xff]) == "000fa5ff")
    }
}
