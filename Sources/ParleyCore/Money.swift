/// An amount in integer minor units (paise, cents) of one currency.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public var minor: Int64
    public let currency: Currency

    public init(minor: Int64, currency: Currency) {
        self.minor = minor
        self.currency = currency
    }

    /// Major-unit decimal text with exactly the currency's digits, e.g. `2500.00`.
    public var decimalText: String { Money.format(minor: minor, digits: currency.minorDigits) }

    public var description: String { "\(currency.code) \(decimalText)" }

    public static func format(minor: Int64, digits: Int) -> String {
        let negative = minor < 0
        let magnitude = minor.magnitude
        guard digits > 0 else { return (negative ? "-" : "") + String(magnitude) }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        var fraction = String(magnitude % scale)
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        return (negative ? "-" : "") + String(magnitude / scale) + "." + fraction
    }
}

/// Why a decimal amount was refused.
public enum AmountError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case negative(String)
    case tooManyDecimals(String, allowed: Int)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty: return "amount is empty"
        case .notANumber(let text): return "\"\(text)\" is not a decimal amount"
        case .negative(let text): return "amount \(text) is negative"
        case .tooManyDecimals(let text, let allowed):
            return "amount \(text) has more than \(allowed) decimal places"
        case .tooLarge(let text): return "amount \(text) is too large"
        }
    }
}

extension Money {
    /// Parses a non-negative major-unit decimal (`250000`, `250000.5`, `250000.50`) into minor units.
    public static func parseMinor(_ text: some StringProtocol, digits: Int) throws(AmountError) -> Int64 {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .empty }
        if bytes[0] == UInt8(ascii: "-") { throw .negative(String(text)) }
        var whole: Int64 = 0, fraction: Int64 = 0, fractionDigits = 0
        var seenPoint = false, seenDigit = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { throw .notANumber(String(text)) }
                seenPoint = true
                continue
            }
            let digit = Int64(byte) - 48
            guard (0...9).contains(digit) else { throw .notANumber(String(text)) }
            seenDigit = true
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= digits else {
                    if digit == 0 { continue } // trailing zeros beyond precision are harmless
                    throw .tooManyDecimals(String(text), allowed: digits)
                }
                fraction = fraction * 10 + digit
            } else {
                let (product, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                guard !overflow1, !overflow2, sum <= 1_000_000_000_000_000 else { throw .tooLarge(String(text)) }
                whole = sum
            }
        }
        guard seenDigit else { throw .notANumber(String(text)) }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        for _ in min(fractionDigits, digits)..<digits { fraction *= 10 }
        let (total, overflow) = whole.multipliedReportingOverflow(by: scale)
        guard !overflow else { throw .tooLarge(String(text)) }
        return total + fraction
    }
}
