import ParleyCore

/// Amounts as a borrower reads them: ₹1,00,000.00 (Indian grouping), $1,000.00, £1,000.00.
enum MoneyText {
    static func format(_ minor: Int64, _ currency: Currency) -> String {
        let plain = Money(minor: minor, currency: currency).decimalText
        let negative = plain.hasPrefix("-")
        let digits = negative ? String(plain.dropFirst()) : plain
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Array(parts[0])
        var grouped = ""
        if currency.code == "INR" && whole.count > 3 {
            let head = whole.dropLast(3), tail = String(whole.suffix(3))
            var pairs: [String] = []
            var rest = Array(head)
            while rest.count > 2 { pairs.insert(String(rest.suffix(2)), at: 0); rest.removeLast(2) }
            if !rest.isEmpty { pairs.insert(String(rest), at: 0) }
            grouped = pairs.joined(separator: ",") + "," + tail
        } else {
            var chunks: [String] = []
            var rest = whole
            while rest.count > 3 { chunks.insert(String(rest.suffix(3)), at: 0); rest.removeLast(3) }
            chunks.insert(String(rest), at: 0)
            grouped = chunks.joined(separator: ",")
        }
        let number = parts.count > 1 ? grouped + "." + parts[1] : grouped
        let symbol: String
        switch currency.code {
        case "INR": symbol = "₹"
        case "USD": symbol = "$"
        case "GBP": symbol = "£"
        case "EUR": symbol = "€"
        default: symbol = currency.code + " "
        }
        return (negative ? "-" : "") + symbol + number
    }
}
