#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing
@testable import ParleyHTTP

@Suite struct SignalWaiterTests {
    @Test func returnsWhenTheWaitingThreadReceivesSIGTERM() throws {
        let received = Mutex<Int32>(0)
        let waiterThread = Mutex<pthread_t?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            // The signal is blocked on this thread only and sent to this thread only,
            // so the rest of the test process never sees it.
            SignalWaiter.blockTerminationSignals()
            waiterThread.withLock { $0 = pthread_self() }
            let signal = SignalWaiter.waitForTermination()
            received.withLock { $0 = signal }
            done.signal()
        }.start()
        var thread: pthread_t?
        for _ in 0..<200 where thread == nil {
            thread = waiterThread.withLock { $0 }
            if thread == nil { usleep(5_000) }
        }
        let target = try #require(thread)
        #expect(pthread_kill(target, SIGTERM) == 0)
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(received.withLock { $0 } == SIGTERM)
    }
}
