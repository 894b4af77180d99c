/// Natural logarithm and exponential for the samplers. The core has no Foundation (and so no libm),
/// and writing them out keeps draws bit-for-bit the same on every platform for a given seed.
enum ElementaryMath {
    static let ln2 = 0.693_147_180_559_945_309_417
    // ln 2 split so that k × ln2High is exact for the |k| exp needs (fdlibm's constants).
    private static let ln2High = 6.931_471_803_691_238_164_90e-01
    private static let ln2Low = 1.908_214_929_270_587_700_02e-10

    /// ln(x) for x > 0; -infinity at 0, NaN below 0, +infinity at +infinity.
    static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return .infinity }
        // x = m × 2^e with m in [√½, √2), then ln m = 2 artanh((m − 1)/(m + 1)), |s| ≤ 0.172.
        var exponent = Int(x.exponent)
        var mantissa = x.significand
        if mantissa > 1.414_213_562_373_095_048_80 {
            mantissa /= 2
            exponent += 1
        }
        let s = (mantissa - 1) / (mantissa + 1)
        let s2 = s * s
        // Horner form of s + s³/3 + s⁵/5 + … (21 terms), smallest first.
        var series = 0.0
        for k in stride(from: 41, through: 1, by: -2) { series = 1 / Double(k) + series * s2 }
        return Double(exponent) * ln2 + 2 * s * series
    }

    /// e^x; 0 below about -745, +infinity above about 709.8.
    static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 709.782_712_893_384 { return .infinity }
        if x < -745.2 { return 0 }
        // x = k ln 2 + r with |r| ≤ ½ ln 2, e^r by its Taylor series, then scaled by 2^k.
        let k = (x / ln2).rounded()
        let r = (x - k * ln2High) - k * ln2Low
        // Horner form from the smallest term up: 1 + r(1 + r/2(1 + r/3(…))).
        var sum = 1.0
        for n in stride(from: 27, through: 1, by: -1) { sum = 1 + sum * r / Double(n) }
        // Two steps so that 2^k stays representable for subnormal results.
        let half = Int(k) / 2
        return sum * Double(sign: .plus, exponent: half, significand: 1)
            * Double(sign: .plus, exponent: Int(k) - half, significand: 1)
    }
}
