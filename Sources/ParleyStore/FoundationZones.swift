import Foundation
import ParleyCore

/// Resolves IANA zones with Foundation's `TimeZone` (the system's tzdata), with the gap and overlap policy
/// of `LocalTimeZoneResolver`. Zones named at creation are looked up once; others on each use.
public struct FoundationZones: LocalTimeZoneResolver {
    public static let shared = FoundationZones()

    private let cache: [String: TimeZone]

    public init(preloading identifiers: [String] = FoundationZones.known) {
        var cache: [String: TimeZone] = [:]
        for identifier in identifiers {
            guard let zone = TimeZone(identifier: identifier) else { preconditionFailure("unknown zone \(identifier)") }
            cache[identifier] = zone
        }
        self.cache = cache
    }

    public static let known = ["Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "America/New_York", "America/Chicago",
                        "America/Los_Angeles", "America/Phoenix", "Europe/London", "Europe/Berlin", "Australia/Lord_Howe",
                        "Pacific/Auckland", "UTC"]

    private func timeZone(_ identifier: String) -> TimeZone {
        if let zone = cache[identifier] { return zone }
        guard let zone = TimeZone(identifier: identifier) else { preconditionFailure("unknown zone \(identifier) (zones are checked on import)") }
        return zone
    }

    private func offset(_ seconds: Int64, _ zone: TimeZone) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    public func local(_ instant: Instant, zone: String) -> LocalDateTime {
        let wall = instant.secondsSinceEpoch + offset(instant.secondsSinceEpoch, timeZone(zone))
        let day = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        return LocalDateTime(date: CivilDate(dayNumber: Int32(day)), minuteOfDay: Int((wall - day * 86_400) / 60))
    }

    public func instant(_ local: LocalDateTime, zone: String) -> Instant {
        let tz = timeZone(zone)
        let wall = Int64(local.date.dayNumber) * 86_400 + Int64(local.minuteOfDay) * 60
        // Every offset in force within a day of the wall time, read as if it were UTC.
        let offsets = Set([wall - 86_400, wall - 43_200, wall, wall + 43_200, wall + 86_400].map { offset($0, tz) })
        let valid = offsets.map { wall - $0 }.filter { offset($0, tz) == wall - $0 }
        if let earliest = valid.min() { return Instant(secondsSinceEpoch: earliest) }
        // A gap: the wall time was skipped. The first valid instant after it is the transition.
        var low = wall - offsets.max()!, high = wall - offsets.min()!
        let before = offset(low, tz)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(middle, tz) == before { low = middle } else { high = middle }
        }
        return Instant(secondsSinceEpoch: high)
    }
}
