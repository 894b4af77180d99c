@testable import ParleyCore
// Main keeps `FoundationZones` in ParleyStore; this mini-package keeps the test copy it started from.
#if canImport(ParleyStore)
import ParleyStore
#endif

/// Builders shared by the planner suites.
enum PlannerFixtures {
    static let zones = FoundationZones.shared
    static let everyAddress = ContactPoints(hasPhone: true, hasEmail: true, hasPushToken: true)

    static func instant(_ text: String) -> Instant { Instant(iso: text)! }

    static func policy(adaptive: Bool) -> OutreachPolicy {
        var policy = OutreachPolicy.standard
        policy.adaptive = adaptive
        return policy
    }

    static func subject(day: Int, on localDate: String = "2026-03-10", now: String = "2026-03-10T00:00:00Z",
                        jurisdiction: Jurisdiction = .india, zone: String = "Asia/Kolkata",
                        contact: ContactPoints = everyAddress, optedOut: Set<Channel> = [],
                        consented: Set<Channel> = [.whatsapp], behaviour: ContactBehaviour = ContactBehaviour()) -> OutreachSubject {
        OutreachSubject(day: day, localDate: CivilDate(iso: localDate)!, now: instant(now), contact: contact,
                        borrower: BorrowerContactState(jurisdiction: jurisdiction, timeZone: zone, optedOut: optedOut,
                                                       consented: consented),
                        behaviour: behaviour, segment: Segment(jurisdiction: jurisdiction, dpd: day + 1, language: "hi"))
    }

    /// Plans and unwraps a send; nil when the planner returned anything else.
    static func planned(_ subject: OutreachSubject, adaptive: Bool = false, stats: SegmentStats = SegmentStats(),
                        seed: UInt64 = 1) -> PlannedOutreach? {
        var random = SplitMix64(seed: seed)
        return OutreachPlanner.plan(subject, policy: policy(adaptive: adaptive), stats: stats, zones: zones, random: &random)?.planned
    }
}
