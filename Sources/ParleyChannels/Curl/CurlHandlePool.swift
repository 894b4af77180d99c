import Synchronization

/// Idle easy handles kept for reuse, so that each keeps its connections alive between transfers.
///
/// A caller takes a handle for one transfer and gives it back; concurrent callers on different threads each get
/// their own. Handles beyond `capacity` are dropped (and cleaned up) when given back.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlEasy]>([])
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func checkOut() throws(CurlSetupError) -> CurlEasy {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return try CurlEasy()
    }

    func checkIn(_ handle: CurlEasy) {
        handle.forgetTransfer()
        idle.withLock { handles in
            if handles.count < capacity { handles.append(handle) }
        }
    }

    /// Runs `body` with a handle of its own and returns the handle to the pool afterwards.
    func withHandle<T>(_ body: (CurlEasy) -> T) -> Result<T, CurlSetupError> {
        let handle: CurlEasy
        do { handle = try checkOut() } catch { return .failure(error) }
        defer { checkIn(handle) }
        return .success(body(handle))
    }

    var idleCount: Int { idle.withLock { $0.count } }
}
