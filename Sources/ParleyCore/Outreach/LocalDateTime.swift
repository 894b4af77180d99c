/// A wall-clock reading in some zone: a civil date and the minute of that day (0 ..< 1440).
public struct LocalDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let date: CivilDate
    public let minuteOfDay: Int

    public init(date: CivilDate, minuteOfDay: Int) {
        precondition((0..<1440).contains(minuteOfDay), "minuteOfDay must be in 0..<1440, got \(minuteOfDay)")
        self.date = date
        self.minuteOfDay = minuteOfDay
    }

    public init(date: CivilDate, hour: Int, minute: Int) {
        self.init(date: date, minuteOfDay: hour * 60 + minute)
    }

    /// `YYYY-MM-DDTHH:MM` (no zone: it is a local reading).
    public var description: String { date.description + "T" + LocalDateTime.clock(minuteOfDay) }

    /// `HH:MM` for a minute of the day; 1440 prints as `24:00`.
    public static func clock(_ minuteOfDay: Int) -> String {
        CivilDate.pad(minuteOfDay / 60, 2) + ":" + CivilDate.pad(minuteOfDay % 60, 2)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.minuteOfDay) < (rhs.date, rhs.minuteOfDay)
    }
}

/// Converts between instants and the wall clock of an IANA zone. Injected so the core stays pure;
/// the app implements it with Foundation's `TimeZone`, which knows the DST rules.
public protocol LocalTimeZoneResolver: Sendable {
    /// The local wall-clock reading of `instant` in `zone`, seconds truncated.
    func local(_ instant: Instant, zone: String) -> LocalDateTime
    /// The instant the wall clock of `zone` reads `local` (second 0 of that minute).
    /// In a gap (spring forward) it returns the first valid instant after the missing time,
    /// which is the transition itself; in an overlap (fall back) it returns the earlier instant.
    func instant(_ local: LocalDateTime, zone: String) -> Instant
}
