#if canImport(Glibc)
import Glibc
#endif
import ParleyCore

/// The wall clock, for adapters that stamp what they send (the email `Date`). Tests inject their own.
public enum SystemClock {
    public static let now: @Sendable () -> Instant = {
        Instant(secondsSinceEpoch: Int64(time(nil)))
    }
}
