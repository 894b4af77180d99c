import Synchronization
import ParleyStore

/// SQLite connections for the server's worker threads: each request borrows one for its duration.
public final class StorePool: Sendable {
    /// A connection checked out to exactly one thread at a time.
    final class Lease: @unchecked Sendable {
        // Safe: a lease is either in the pool (touched under the pool's lock) or held by one request.
        let store: SQLiteStore
        init(_ store: SQLiteStore) { self.store = store }
    }

    private let idle = Mutex<[Lease]>([])
    private let open: @Sendable () throws -> SQLiteStore

    public init(open: @escaping @Sendable () throws -> SQLiteStore) {
        self.open = open
    }

    /// Runs `body` with a connection no other thread is using.
    public func with<T>(_ body: (SQLiteStore) throws -> T) throws -> T {
        let lease = try idle.withLock { $0.popLast() } ?? Lease(open())
        defer { idle.withLock { $0.append(lease) } }
        return try body(lease.store)
    }
}
