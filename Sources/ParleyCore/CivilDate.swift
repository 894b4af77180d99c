/// A calendar date without time or zone (proleptic Gregorian), stored as days since 1970-01-01.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01.
    public let dayNumber: Int32

    public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Returns nil when the components do not form a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(year: year, month: month) else { return nil }
        self.dayNumber = Int32(CivilDate.days(year: year, month: month, day: day))
    }

    /// Parses strict ISO `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + Int32(days)) }

    /// Adds calendar months, clamping the day to the last day of the target month (31 Jan + 1 month = 28/29 Feb).
    public func adding(months: Int) -> CivilDate {
        let (year, month, day) = components
        return CivilDate.clamped(monthIndex: year * 12 + (month - 1) + months, day: day)
    }

    /// Day `day` of the month `monthIndex` months after January of year 0, clamped to that month's last day.
    static func clamped(monthIndex: Int, day: Int) -> CivilDate {
        let year = monthIndex / 12, month = monthIndex % 12 + 1
        return CivilDate(dayNumber: Int32(CivilDate.days(year: year, month: month, day: min(day, CivilDate.daysIn(year: year, month: month)))))
    }

    /// Whole days from `other` to `self` (positive when `self` is later).
    public func days(since other: CivilDate) -> Int { Int(dayNumber - other.dayNumber) }

    /// ISO 8601 `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        guard (0...9999).contains(year) else {
            return CivilDate.pad(year, 4) + "-" + CivilDate.pad(month, 2) + "-" + CivilDate.pad(day, 2)
        }
        // YYYY-MM-DD written in place: dates are formatted on every API response and event.
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ value: Int, at offset: Int, width: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            out[4] = UInt8(ascii: "-")
            put(month, at: 5, width: 2)
            out[7] = UInt8(ascii: "-")
            put(day, at: 8, width: 2)
            return 10
        }
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekdayIndex: Int { ((Int(dayNumber) % 7) + 7 + 3) % 7 }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date YYYY-MM-DD: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
