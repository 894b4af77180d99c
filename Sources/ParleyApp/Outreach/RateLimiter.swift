import Foundation
import Synchronization

/// A token bucket per provider: at most `ratePerSecond` sends a second, evenly paced, with bursts of at most 50 ms
/// worth (one token at low rates), so no one-second window ever holds more than the rate plus that burst.
/// `acquire` blocks the calling sender thread until a token is free.
public final class RateLimiter: Sendable {
    public let ratePerSecond: Double
    private let capacity: Double
    private let state: Mutex<(tokens: Double, updated: UInt64)>

    public init(ratePerSecond: Double) {
        precondition(ratePerSecond > 0, "a rate must be positive")
        self.ratePerSecond = ratePerSecond
        capacity = max(1, (ratePerSecond * 0.05).rounded(.down))
        state = Mutex((tokens: 1, updated: DispatchTime.now().uptimeNanoseconds))
    }

    /// Takes one token, sleeping as long as the bucket needs to refill.
    public func acquire() {
        while true {
            let wait = state.withLock { bucket -> Double in
                let now = DispatchTime.now().uptimeNanoseconds
                let elapsed = Double(now &- bucket.updated) / 1e9
                bucket.tokens = min(capacity, bucket.tokens + elapsed * ratePerSecond)
                bucket.updated = now
                if bucket.tokens >= 1 {
                    bucket.tokens -= 1
                    return 0
                }
                return (1 - bucket.tokens) / ratePerSecond
            }
            if wait == 0 { return }
            usleep(useconds_t(max(50, min(1_000_000, wait * 1e6))))
        }
    }
}

/// Runs jobs on up to `width` threads of their own (sends block on the network, so they must not sit on
/// the cooperative pool). Starting returns at once; `take` hands over the results finished so far, so the caller can
/// record them while the rest are still on the wire.
final class SenderThreads<Result: Sendable>: Sendable {
    private let finished = Mutex<(results: [(index: Int, result: Result)], remaining: Int)>(([], 0))
    private let signal = DispatchSemaphore(value: 0)

    init(width: Int, _ jobs: [@Sendable () -> Result]) {
        finished.withLock { $0.remaining = jobs.count }
        let next = Arc(Atomic<Int>(0))
        for _ in 0..<min(width, jobs.count) {
            let thread = Thread { [self] in
                while true {
                    let index = next.value.add(1, ordering: .relaxed).oldValue
                    guard index < jobs.count else { break }
                    let result = jobs[index]()
                    finished.withLock { $0.results.append((index, result)); $0.remaining -= 1 }
                    signal.signal()
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// The results finished since the last call (waiting up to `seconds` for at least one), and whether every job is done.
    func take(waitingUpTo seconds: Double) -> (done: [(index: Int, result: Result)], finished: Bool) {
        if finished.withLock({ $0.results.isEmpty && $0.remaining > 0 }) {
            _ = signal.wait(timeout: .now() + seconds)
        }
        return finished.withLock { state in
            let done = state.results
            state.results.removeAll(keepingCapacity: true)
            return (done, state.remaining == 0)
        }
    }
}

/// A shared box for a non-copyable value.
final class Arc<Value: ~Copyable & Sendable>: Sendable {
    let value: Value
    init(_ value: consuming Value) { self.value = value }
}
