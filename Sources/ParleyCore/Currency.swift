/// An ISO 4217 currency with its number of minor-unit digits.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let minorDigits: Int

    /// The currencies Parley accepts; unknown codes are rejected at import.
    static let known: [String: Int] = [
        "INR": 2, "USD": 2, "GBP": 2, "EUR": 2, "AED": 2, "SGD": 2, "AUD": 2, "CAD": 2,
        "BDT": 2, "LKR": 2, "NPR": 2, "PKR": 2, "ZAR": 2, "KES": 2, "NGN": 2, "MYR": 2,
        "IDR": 2, "PHP": 2, "BRL": 2, "MXN": 2, "CHF": 2, "SAR": 2, "QAR": 2,
        "JPY": 0, "KRW": 0, "VND": 0, "KWD": 3, "BHD": 3, "OMR": 3,
    ]

    public init?(code: some StringProtocol) {
        guard let digits = Currency.known[String(code)] else { return nil }
        self.code = String(code)
        self.minorDigits = digits
    }

    /// 10^minorDigits.
    public var minorPerMajor: Int64 {
        var value: Int64 = 1
        for _ in 0..<minorDigits { value *= 10 }
        return value
    }

    public var description: String { code }

    public static let inr = Currency(code: "INR")!
    public static let usd = Currency(code: "USD")!
    public static let gbp = Currency(code: "GBP")!
}
