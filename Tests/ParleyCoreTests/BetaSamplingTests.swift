import Foundation
import Testing
@testable import ParleyCore

@Suite("Gamma and Beta sampling")
struct BetaSamplingTests {
    @Test func logarithmMatchesFoundation() {
        var random = SplitMix64(seed: 7)
        var values: [Double] = [1, 2, 0.5, 10, 1e-300, .leastNonzeroMagnitude, 1.414_213_562_373_095, 0.999_999, 1e300, .greatestFiniteMagnitude]
        for _ in 0..<2000 { values.append(Double(random.next() >> 11) * 0x1p-53 * 1000 + 1e-9) }
        for value in values {
            let expected = Foundation.log(value)
            #expect(abs(ElementaryMath.log(value) - expected) <= 2 * max(expected.ulp, Double.ulpOfOne), "log(\(value))")
        }
        #expect(ElementaryMath.log(1) == 0)
        #expect(ElementaryMath.log(0) == -.infinity)
        #expect(ElementaryMath.log(-1).isNaN)
    }

    @Test func exponentialMatchesFoundation() {
        var random = SplitMix64(seed: 8)
        var values: [Double] = [0, 1, -1, 709, -700, -740, 0.5 * ElementaryMath.ln2, -20.25]
        for _ in 0..<2000 { values.append((Double(random.next() >> 11) * 0x1p-53 - 0.5) * 200) }
        for value in values {
            let expected = Foundation.exp(value)
            #expect(abs(ElementaryMath.exp(value) - expected) <= 2 * expected.ulp, "exp(\(value))")
        }
        #expect(ElementaryMath.exp(0) == 1)
        #expect(ElementaryMath.exp(800) == .infinity)
        #expect(ElementaryMath.exp(-800) == 0)
    }

    @Test(arguments: [(1.0, 1.0), (2.0, 5.0), (5.0, 2.0), (0.5, 0.5), (30.0, 70.0), (1.0, 10.0)])
    func betaMeanAndVarianceOver20kDraws(alpha: Double, beta: Double) {
        var random = SplitMix64(seed: 42)
        let draws = (0..<20_000).map { _ in BetaSampling.beta(alpha: alpha, beta: beta, using: &random) }
        #expect(draws.allSatisfy { (0...1).contains($0) })
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        let total = alpha + beta
        #expect(abs(mean - alpha / total) < 0.01, "mean \(mean)")
        let expectedVariance = alpha * beta / (total * total * (total + 1))
        #expect(abs(variance - expectedVariance) < 0.06 * expectedVariance, "variance \(variance)")
    }

    @Test(arguments: [0.3, 1.0, 2.5, 9.0])
    func gammaMeanOver20kDraws(shape: Double) {
        var random = SplitMix64(seed: 1234)
        let draws = (0..<20_000).map { _ in BetaSampling.gamma(shape: shape, using: &random) }
        #expect(draws.allSatisfy { $0 > 0 })
        let mean = draws.reduce(0, +) / Double(draws.count)
        // Five standard errors: the variance of Gamma(k, 1) is k.
        #expect(abs(mean - shape) < 5 * (shape / 20_000).squareRoot(), "mean \(mean)")
    }

    @Test func deterministicForASeed() {
        func draws(_ seed: UInt64) -> [Double] {
            var random = SplitMix64(seed: seed)
            return (0..<50).map { _ in BetaSampling.beta(alpha: 3, beta: 4, using: &random) }
        }
        #expect(draws(99) == draws(99))
        #expect(draws(99) != draws(100))
    }

    @Test func unitIntervalIsOpen() {
        struct Fixed: RandomNumberGenerator {
            let value: UInt64
            mutating func next() -> UInt64 { value }
        }
        var zero = Fixed(value: 0), ones = Fixed(value: .max)
        #expect(BetaSampling.unitInterval(using: &zero) == 0x1p-54)
        #expect(BetaSampling.unitInterval(using: &ones) == 1 - 0x1p-54)
    }
}
