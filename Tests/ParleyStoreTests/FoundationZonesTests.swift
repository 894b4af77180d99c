import Foundation
import Testing
import ParleyCore
@testable import ParleyStore

/// Offsets come from a cache of spans between transitions; it must agree with the system's tzdata everywhere.
@Suite("Time-zone offsets from the span cache")
struct FoundationZonesTests {
    @Test(arguments: FoundationZones.known)
    func cachedOffsetsEqualTheSystemsAcrossTenYears(zone: String) throws {
        let zones = FoundationZones(preloading: [zone])
        var random = SplitMix64(seed: UInt64(zone.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        let start: Int64 = 1_577_836_800, end: Int64 = 1_893_456_000  // 2020-01-01 … 2030-01-01 UTC
        var instants = (0..<3_000).map { _ in start + Int64(random.next() % UInt64(end - start)) }
        // Every transition of the decade, and the seconds either side of it.
        let timeZone = try #require(TimeZone(identifier: zone))
        var cursor = Date(timeIntervalSince1970: TimeInterval(start))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < TimeInterval(end) {
            let at = Int64(next.timeIntervalSince1970)
            instants += [at - 3_601, at - 1, at, at + 1, at + 3_599]
            cursor = next
        }
        // Asked in a shuffled order, so spans are learned from both sides.
        instants.shuffle(using: &random)
        for seconds in instants {
            let expected = try #require(FoundationZones.uncachedOffset(seconds, zone: zone))
            let local = zones.local(Instant(secondsSinceEpoch: seconds), zone: zone)
            let wall = Int64(local.date.dayNumber) * 86_400 + Int64(local.minuteOfDay) * 60
            #expect(wall == (seconds + expected) - ((seconds + expected) % 60 + 60) % 60, "\(zone) at \(seconds)")
        }
    }
}
