import Foundation

/// Where the CLI writes: standard output and error, or a capture in tests.
public protocol Console: AnyObject {
    func out(_ text: String)
    func err(_ text: String)
    /// A transient progress line (only shown on a terminal).
    func progress(_ text: String)
    func endProgress()
}

/// The process's own standard streams.
public final class StandardConsole: Console {
    private let showProgress = isatty(2) == 1
    private var progressShown = false

    public init() {}

    public func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    public func err(_ text: String) {
        endProgress()
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    public func progress(_ text: String) {
        guard showProgress else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        progressShown = true
    }

    public func endProgress() {
        guard progressShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        progressShown = false
    }
}

/// Collects output in memory (tests).
public final class CapturingConsole: Console {
    public private(set) var stdout = ""
    public private(set) var stderr = ""
    public init() {}
    public func out(_ text: String) { stdout += text + "\n" }
    public func err(_ text: String) { stderr += text + "\n" }
    public func progress(_ text: String) {}
    public func endProgress() {}
}
