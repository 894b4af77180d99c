/// A point in time, whole seconds since 1970-01-01T00:00:00Z. Clocks live outside the core.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// The instant at `hour:minute:second` UTC on `date`.
    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        secondsSinceEpoch = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC only).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "Z"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let date = CivilDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              let hour = Int(String(decoding: bytes[11..<13], as: UTF8.self)), (0...23).contains(hour),
              let minute = Int(String(decoding: bytes[14..<16], as: UTF8.self)), (0...59).contains(minute),
              let second = Int(String(decoding: bytes[17..<19], as: UTF8.self)), (0...59).contains(second)
        else { return nil }
        self.init(date: date, hour: hour, minute: minute, second: second)
    }

    /// The UTC calendar day of this instant.
    public var utcDate: CivilDate {
        CivilDate(dayNumber: Int32((secondsSinceEpoch - (((secondsSinceEpoch % 86_400) + 86_400) % 86_400)) / 86_400))
    }

    /// ISO 8601 in UTC, e.g. `2026-12-01T23:59:59Z`.
    public var description: String {
        let seconds = ((secondsSinceEpoch % 86_400) + 86_400) % 86_400
        return utcDate.description + "T" + CivilDate.pad(Int(seconds / 3600), 2) + ":"
            + CivilDate.pad(Int(seconds / 60 % 60), 2) + ":" + CivilDate.pad(Int(seconds % 60), 2) + "Z"
    }

    public func adding(seconds: Int64) -> Instant { Instant(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
}
