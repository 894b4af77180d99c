/// Draws from Gamma and Beta distributions using only the injected random source.
///
/// Gamma uses Marsaglia and Tsang's squeeze method ("A simple method for generating gamma
/// variables", 2000), exact for shape ≥ 1 and lifted to shape < 1 by Gamma(a) = Gamma(a + 1) · U^(1/a).
/// Beta(α, β) is X / (X + Y) for X ~ Gamma(α), Y ~ Gamma(β).
public enum BetaSampling {
    /// One draw from Beta(alpha, beta); both must be positive and finite.
    public static func beta(alpha: Double, beta: Double, using random: inout some RandomNumberGenerator) -> Double {
        precondition(alpha > 0 && beta > 0 && alpha.isFinite && beta.isFinite, "Beta needs positive finite parameters")
        let x = gamma(shape: alpha, using: &random)
        let y = gamma(shape: beta, using: &random)
        // Both can underflow to 0 for tiny shapes; fall back to the coin flip the limit describes.
        if x + y == 0 { return unitInterval(using: &random) < alpha / (alpha + beta) ? 1 : 0 }
        return x / (x + y)
    }

    /// One draw from Gamma(shape, 1); shape must be positive and finite.
    public static func gamma(shape: Double, using random: inout some RandomNumberGenerator) -> Double {
        precondition(shape > 0 && shape.isFinite, "Gamma needs a positive finite shape")
        if shape < 1 {
            let boosted = gamma(shape: shape + 1, using: &random)
            return boosted * ElementaryMath.exp(ElementaryMath.log(unitInterval(using: &random)) / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1.0 / (9.0 * d).squareRoot()
        while true {
            let x = standardNormal(using: &random)
            let base = 1 + c * x
            guard base > 0 else { continue }
            let v = base * base * base
            let u = unitInterval(using: &random)
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if ElementaryMath.log(u) < 0.5 * x2 + d * (1 - v + ElementaryMath.log(v)) { return d * v }
        }
    }

    /// A standard normal draw by Marsaglia's polar method (no trigonometry needed).
    static func standardNormal(using random: inout some RandomNumberGenerator) -> Double {
        while true {
            let u = 2 * unitInterval(using: &random) - 1
            let v = 2 * unitInterval(using: &random) - 1
            let s = u * u + v * v
            guard s > 0 && s < 1 else { continue }
            return u * (-2 * ElementaryMath.log(s) / s).squareRoot()
        }
    }

    /// A uniform draw strictly inside (0, 1), from the top 53 bits of one 64-bit output.
    static func unitInterval(using random: inout some RandomNumberGenerator) -> Double {
        (Double(random.next() >> 11) + 0.5) * 0x1p-53
    }
}
