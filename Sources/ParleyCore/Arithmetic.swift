/// Exact rounding helpers for the loan arithmetic of SPEC.md (half-up to the minor unit).
enum Arithmetic {
    /// round(numerator / denominator), half-up for a positive denominator: ties go away from zero
    /// (as decimal ROUND_HALF_UP does); negative values only arise from over-amortising schedules.
    static func roundHalfUp(_ numerator: Int64, _ denominator: Int64) -> Int64 {
        if numerator < 0 { return -roundHalfUp(-numerator, denominator) }
        // In 64 bits when 2·num + den cannot overflow (every real balance): both are non-negative, so the
        // division truncates, which is the floor.
        if denominator > 0, denominator <= Int64.max / 2, numerator <= (Int64.max - denominator) / 2 {
            return (2 * numerator + denominator) / (2 * denominator)
        }
        let doubled = numerator.multipliedFullWidth(by: 2)
        // 2·num + den, then floor-divide by 2·den; done in 128 bits to avoid overflow.
        let wide = Int128(doubled.high) << 64 | Int128(doubled.low)
        let top = wide + Int128(denominator)
        let bottom = Int128(denominator) * 2
        var quotient = top / bottom
        if top % bottom != 0 && (top < 0) { quotient -= 1 }
        return Int64(quotient)
    }

    /// Interest for one month on `balance` at `annualRateBps`: round(balance · bps / 10000 / 12).
    static func monthlyInterest(balance: Int64, annualRateBps: Int) -> Int64 {
        roundHalfUp(balance * Int64(annualRateBps), 120_000)
    }
}

/// A minimal unsigned big integer: just what the exact EMI needs (multiply by a word, add, subtract, compare).
struct BigUInt: Comparable {
    var limbs: [UInt64] // little-endian, no trailing zero limbs

    init(_ value: UInt64) { limbs = value == 0 ? [] : [value] }

    func multiplied(by factor: UInt64) -> BigUInt {
        guard factor != 0, !limbs.isEmpty else { return BigUInt(0) }
        var result = BigUInt(0)
        result.limbs.reserveCapacity(limbs.count + 1)
        var carry: UInt64 = 0
        for limb in limbs {
            let product = limb.multipliedFullWidth(by: factor)
            let (low, overflow) = product.low.addingReportingOverflow(carry)
            result.limbs.append(low)
            carry = product.high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { result.limbs.append(carry) }
        return result
    }

    func adding(_ other: BigUInt) -> BigUInt {
        var result = BigUInt(0)
        var carry: UInt64 = 0
        for index in 0..<max(limbs.count, other.limbs.count) {
            let a = index < limbs.count ? limbs[index] : 0
            let b = index < other.limbs.count ? other.limbs[index] : 0
            let (sum1, o1) = a.addingReportingOverflow(b)
            let (sum2, o2) = sum1.addingReportingOverflow(carry)
            result.limbs.append(sum2)
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        if carry != 0 { result.limbs.append(carry) }
        return result
    }

    /// self − other; requires self ≥ other.
    func subtracting(_ other: BigUInt) -> BigUInt {
        var result = BigUInt(0)
        var borrow: UInt64 = 0
        for index in 0..<limbs.count {
            let b = index < other.limbs.count ? other.limbs[index] : 0
            let (d1, o1) = limbs[index].subtractingReportingOverflow(b)
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            result.limbs.append(d2)
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        while result.limbs.last == 0 { result.limbs.removeLast() }
        return result
    }

    func power(_ exponent: Int) -> BigUInt {
        precondition(limbs.count <= 1)
        let base = limbs.first ?? 0
        var result = BigUInt(1)
        for _ in 0..<exponent { result = result.multiplied(by: base) }
        return result
    }

    static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count }
        for index in stride(from: lhs.limbs.count - 1, through: 0, by: -1) where lhs.limbs[index] != rhs.limbs[index] {
            return lhs.limbs[index] < rhs.limbs[index]
        }
        return false
    }
}
