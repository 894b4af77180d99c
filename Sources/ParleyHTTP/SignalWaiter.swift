#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into an ordinary return, for graceful shutdown.
public enum SignalWaiter {
    /// Blocks SIGTERM and SIGINT in the calling thread. Call it first thing in
    /// `main`, before any thread starts, so every thread inherits the mask and
    /// the signal can only be taken by `waitForTermination`.
    public static func blockTerminationSignals() {
        var set = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks the calling thread until SIGTERM or SIGINT arrives; returns the signal.
    @discardableResult
    public static func waitForTermination() -> Int32 {
        var set = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    private static func terminationSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
