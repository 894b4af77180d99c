import ParleyCore

/// The `Date:` header form of an instant, in UTC: `Tue, 01 Dec 2026 23:59:59 +0000` (RFC 5322 §3.3).
enum RFC5322Date {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ instant: Instant) -> String {
        let date = instant.utcDate
        let seconds = Int(((instant.secondsSinceEpoch % 86_400) + 86_400) % 86_400)
        return "\(weekdays[date.weekdayIndex]), \(pad(date.day, 2)) \(months[date.month - 1]) \(pad(date.year, 4)) "
            + "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)) +0000"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
