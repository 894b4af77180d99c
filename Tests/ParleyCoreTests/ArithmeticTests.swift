import Testing
@testable import ParleyCore

@Suite("Money, dates and exact arithmetic")
struct ArithmeticTests {
    @Test(arguments: [(5, 10, Int64(1)), (4, 10, 0), (15, 10, 2), (25, 10, 3), (-5, 10, -1), (-4, 10, 0), (-6, 10, -1)])
    func roundHalfUp(numerator: Int64, denominator: Int64, expected: Int64) {
        #expect(Arithmetic.roundHalfUp(numerator, denominator) == expected)
    }

    /// The 64-bit path must give what exact rounding gives, including next to where it hands over to 128 bits.
    @Test func roundHalfUpAgreesWithExactRoundingAtEveryMagnitude() {
        func exact(_ numerator: Int64, _ denominator: Int64) -> Int64 {
            let sign: Int128 = numerator < 0 ? -1 : 1
            let top = Int128(numerator) * sign * 2 + Int128(denominator)
            return Int64(sign * (top / (Int128(denominator) * 2)))
        }
        var random = SplitMix64(seed: 11)
        var cases: [(Int64, Int64)] = [(Int64.max, 120_000), (Int64.max - 1, 3), ((Int64.max - 120_000) / 2, 120_000),
                                       ((Int64.max - 120_000) / 2 + 1, 120_000), (0, Int64.max), (7, Int64.max / 2 + 1)]
        for _ in 0..<20_000 {
            let magnitude = Int64(random.next() >> (1 + random.next() % 63))
            let denominator = Int64(bitPattern: random.next() >> (1 + random.next() % 62)) | 1
            cases.append((random.next() % 2 == 0 ? magnitude : -magnitude, denominator))
        }
        for (numerator, denominator) in cases {
            #expect(Arithmetic.roundHalfUp(numerator, denominator) == exact(numerator, denominator), "\(numerator) / \(denominator)")
        }
    }

    @Test func interestHalfPaisaRoundsUp() {
        // 60,000 × 1 bps / 1,20,000 = 0.5 → 1
        #expect(Arithmetic.monthlyInterest(balance: 60_000, annualRateBps: 1) == 1)
        #expect(Arithmetic.monthlyInterest(balance: 59_999, annualRateBps: 1) == 0)
    }

    @Test(arguments: [(Int64(25_000_000), 1450, 36, Int64(860_524)), (123_456_789, 999, 7, 18_228_854), (100, 1, 360, 0)])
    func emiMatchesExactFractions(principal: Int64, bps: Int, months: Int, expected: Int64) {
        #expect(EMI.compute(principal: principal, annualRateBps: bps, tenureMonths: months) == expected)
        #expect(EMI.exact(principal: principal, bps: bps, n: months, near: expected + 3) == expected)
    }

    @Test(arguments: ["250000.00", "250000", "250000.5", "0.07", "250000.000"])
    func parsesAmounts(text: String) throws {
        let expected: [String: Int64] = ["250000.00": 25_000_000, "250000": 25_000_000, "250000.5": 25_000_050,
                                         "0.07": 7, "250000.000": 25_000_000]
        #expect(try Money.parseMinor(text, digits: 2) == expected[text])
    }

    @Test func rejectsBadAmounts() {
        #expect(throws: AmountError.negative("-1.00")) { try Money.parseMinor("-1.00", digits: 2) }
        #expect(throws: AmountError.notANumber("12a")) { try Money.parseMinor("12a", digits: 2) }
        #expect(throws: AmountError.tooManyDecimals("1.001", allowed: 2)) { try Money.parseMinor("1.001", digits: 2) }
        #expect(throws: AmountError.empty) { try Money.parseMinor("", digits: 2) }
        #expect(throws: AmountError.notANumber("1.2.3")) { try Money.parseMinor("1.2.3", digits: 2) }
    }

    @Test func formatsAmounts() {
        #expect(Money(minor: 888_488, currency: .inr).decimalText == "8884.88")
        #expect(Money(minor: 5, currency: .usd).decimalText == "0.05")
        #expect(Money.format(minor: 500, digits: 0) == "500")
    }

    @Test func civilDates() {
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2026-13-01") == nil)
        #expect(CivilDate(iso: "26-01-01") == nil)
        #expect(date("1970-01-01").dayNumber == 0)
        #expect(date("2026-03-01").days(since: date("2026-02-01")) == 28)
        #expect(date("2025-12-31").adding(days: 1).description == "2026-01-01")
        #expect(date("2026-01-31").adding(months: 13).description == "2027-02-28")
        #expect(date("2026-12-04").weekdayIndex == 4) // a Friday
        #expect(Instant(date: date("2026-12-01"), hour: 23, minute: 59, second: 59).description == "2026-12-01T23:59:59Z")
        #expect(Instant(iso: "2026-12-01T10:30:00Z")?.description == "2026-12-01T10:30:00Z")
    }
}
