import Foundation
import ParleyCore
import Synchronization

/// Resolves IANA zones with Foundation's `TimeZone` (the system's tzdata), with the gap and overlap policy
/// of `LocalTimeZoneResolver`. Zones named at creation are looked up once; others on each use.
public struct FoundationZones: LocalTimeZoneResolver {
    public static let shared = FoundationZones()

    private let cache: [String: TimeZone]
    private let intervals = OffsetIntervals()

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
        intervals.offset(at: seconds, in: zone)
    }

    /// The offset straight from the system's tzdata, bypassing the interval cache (for tests that check the cache).
    static func uncachedOffset(_ seconds: Int64, zone identifier: String) -> Int64? {
        TimeZone(identifier: identifier).map { Int64($0.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))) }
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

/// Spans of time in which a zone's offset does not change, learned as they are asked for: from an instant to the
/// zone's next transition. Foundation's offset lookup costs microseconds, and the gate and the planner ask for the
/// same few spans thousands of times a run; a lookup inside a known span is a scan of a short array.
final class OffsetIntervals: Sendable {
    private struct Span {
        let start: Int64, end: Int64, offset: Int64
    }

    private let spans = Mutex<[String: [Span]]>([:])
    /// A zone with no transition ahead is trusted for this long before it is asked again.
    private static let horizon: Int64 = 86_400 * 31

    func offset(at seconds: Int64, in zone: TimeZone) -> Int64 {
        let identifier = zone.identifier
        if let known = spans.withLock({ $0[identifier]?.first { $0.start <= seconds && seconds < $0.end } }) {
            return known.offset
        }
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let offset = Int64(zone.secondsFromGMT(for: date))
        let next = zone.nextDaylightSavingTimeTransition(after: date).map { Int64($0.timeIntervalSince1970.rounded(.up)) }
        let end = min(next ?? Int64.max, seconds + Self.horizon)
        spans.withLock { all in
            var zoneSpans = all[identifier] ?? []
            if zoneSpans.count >= 64 { zoneSpans.removeFirst(zoneSpans.count - 63) }
            zoneSpans.append(Span(start: seconds, end: max(end, seconds + 1), offset: offset))
            all[identifier] = zoneSpans
        }
        return offset
    }
}

