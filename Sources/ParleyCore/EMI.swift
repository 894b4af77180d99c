/// The equated monthly instalment of SPEC.md: round(P·r·(1+r)^n / ((1+r)^n − 1)), r = bps/10000/12; round(P/n) at r = 0.
///
/// Computed exactly: with A = 120000 + bps and B = 120000 the EMI is
/// P·bps·Aⁿ / (120000·(Aⁿ − Bⁿ)), a ratio of integers, so half-up rounding is never
/// at the mercy of floating point. A double estimate is checked and corrected with big integers.
public enum EMI {
    public static func compute(principal: Int64, annualRateBps: Int, tenureMonths: Int) -> Int64 {
        precondition(principal >= 0 && annualRateBps >= 0 && tenureMonths >= 1)
        if annualRateBps == 0 { return Arithmetic.roundHalfUp(principal, Int64(tenureMonths)) }
        if principal == 0 { return 0 }
        let r = Double(annualRateBps) / 120_000
        var growth = 1.0
        for _ in 0..<tenureMonths { growth *= 1 + r }
        let estimate = Double(principal) * r * growth / (growth - 1)
        guard estimate < 9e15 else { return exact(principal: principal, bps: annualRateBps, n: tenureMonths, near: 0) }
        let fraction = estimate - Double(Int64(estimate))
        let candidate = Int64(estimate + 0.5)
        // Far from a half, the double is certainly right (its error is many orders smaller).
        if abs(fraction - 0.5) > 1e-3 && estimate < 1e13 { return candidate }
        return exact(principal: principal, bps: annualRateBps, n: tenureMonths, near: candidate)
    }

    static func exact(principal: Int64, bps: Int, n: Int, near candidate: Int64) -> Int64 {
        let a = BigUInt(UInt64(120_000 + bps)).power(n)
        let b = BigUInt(120_000).power(n)
        let numerator = a.multiplied(by: UInt64(principal)).multiplied(by: UInt64(bps))
        let denominator = a.subtracting(b).multiplied(by: 120_000)
        // floor((2·num + den) / (2·den))
        let top = numerator.multiplied(by: 2).adding(denominator)
        let twiceDen = denominator.multiplied(by: 2)
        var value = max(candidate, 0)
        while value > 0 && top < twiceDen.multiplied(by: UInt64(value)) { value -= 1 }
        while !(top < twiceDen.multiplied(by: UInt64(value + 1))) { value += 1 }
        return value
    }
}
