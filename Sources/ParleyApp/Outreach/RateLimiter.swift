import Foundation
import Synchronization

/// A token bucket per provider: at most `ratePerSecond` sends a second on average, with bursts of up to
/// one second's worth. `acquire` blocks the calling sender thread until a token is free.
public final class RateLimiter: Sendable {
    public let ratePerSecond: Double
    private let state: Mutex<(tokens: Double, updated: UInt64)>

    public init(ratePerSecond: Double) {
        precondition(ratePerSecond > 0, "a rate must be positive")
        self.ratePerSecond = ratePerSecond
        state = Mutex((tokens: max(1, ratePerSecond), updated: DispatchTime.now().uptimeNanoseconds))
    }

    /// Takes one token, sleeping as long as the bucket needs to refill.
    public func acquire() {
        while true {
            let wait = state.withLock { bucket -> Double in
                let now = DispatchTime.now().uptimeNanoseconds
                let elapsed = Double(now &- bucket.updated) / 1e9
                bucket.tokens = min(max(1, ratePerSecond), bucket.tokens + elapsed * ratePerSecond)
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
/// the cooperative pool) and returns the results in job order.
enum SenderThreads {
    static func run<Result: Sendable>(width: Int, _ jobs: [@Sendable () -> Result]) -> [Result] {
        guard !jobs.isEmpty else { return [] }
        let next = Atomic<Int>(0)
        let results = Mutex<[Result?]>(Array(repeating: nil, count: jobs.count))
        let group = DispatchGroup()
        for _ in 0..<min(width, jobs.count) {
            group.enter()
            let thread = Thread {
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < jobs.count else { break }
                    let result = jobs[index]()
                    results.withLock { $0[index] = result }
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        return results.withLock { $0.map { $0! } }
    }
}
