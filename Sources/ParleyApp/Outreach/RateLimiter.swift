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

/// Sender threads that live for a whole dispatch run: at most `width` sends at once, on threads of their own (sends
/// block on the network, so they must not sit on the cooperative pool). `submit` queues work and returns at once;
/// `take` hands back the outcomes finished so far, so the caller records them while later work is queued or on the
/// wire, and the threads never wait for the caller between chunks.
final class SenderPool<Result: Sendable>: Sendable {
    private struct State {
        var queue: [(ticket: Int, work: @Sendable () -> Result)] = []
        var head = 0
        var results: [(ticket: Int, result: Result)] = []
        var nextTicket = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let workAvailable = DispatchSemaphore(value: 0)
    private let resultAvailable = DispatchSemaphore(value: 0)
    private let width: Int

    init(width: Int) {
        self.width = max(1, width)
        for _ in 0..<self.width {
            let thread = Thread { [self] in self.serve() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func serve() {
        while true {
            workAvailable.wait()
            let next = state.withLock { state -> (ticket: Int, work: @Sendable () -> Result)? in
                guard !state.closed, state.head < state.queue.count else { return nil }
                let item = state.queue[state.head]
                state.head += 1
                if state.head == state.queue.count {
                    state.queue.removeAll(keepingCapacity: true)
                    state.head = 0
                }
                return item
            }
            guard let next else { return }
            let result = next.work()
            state.withLock { $0.results.append((next.ticket, result)) }
            resultAvailable.signal()
        }
    }

    /// Queues `jobs` in order; returns their tickets.
    func submit(_ jobs: [@Sendable () -> Result]) -> Range<Int> {
        let tickets = state.withLock { state -> Range<Int> in
            let first = state.nextTicket
            for job in jobs {
                state.queue.append((state.nextTicket, job))
                state.nextTicket += 1
            }
            return first..<state.nextTicket
        }
        for _ in jobs { workAvailable.signal() }
        return tickets
    }

    /// The outcomes finished since the last call, waiting up to `seconds` for one when none is ready.
    func take(waitingUpTo seconds: Double) -> [(ticket: Int, result: Result)] {
        if seconds > 0, state.withLock({ $0.results.isEmpty }) {
            _ = resultAvailable.wait(timeout: .now() + seconds)
        }
        return state.withLock { state in
            let done = state.results
            state.results.removeAll(keepingCapacity: true)
            return done
        }
    }

    /// Stops the threads once each finishes the send in its hands; work still queued is not started.
    func close() {
        state.withLock { $0.closed = true }
        for _ in 0..<width { workAvailable.signal() }
    }
}
