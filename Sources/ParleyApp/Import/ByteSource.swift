#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Where a `CSVReader` gets its bytes: a file descriptor it owns, or an in-memory array.
final class ByteSource {
    private enum Origin {
        case file(Int32)
        case memory([UInt8])
    }

    private let origin: Origin
    private var offset = 0

    init(path: String) throws(CSVError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVError(kind: .io("cannot open \(path): \(ByteSource.lastErrorText())"), line: 0) }
        origin = .file(fd)
    }

    init(bytes: [UInt8]) {
        origin = .memory(bytes)
    }

    deinit {
        if case .file(let fd) = origin { _ = close(fd) }
    }

    /// Copies up to `buffer.count` bytes into `buffer`; 0 means end of input.
    func fill(_ buffer: UnsafeMutableBufferPointer<UInt8>, line: Int) throws(CSVError) -> Int {
        guard buffer.count > 0 else { return 0 }
        switch origin {
        case .memory(let bytes):
            let count = min(buffer.count, bytes.count - offset)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBufferPointer { source in
                buffer.baseAddress!.update(from: source.baseAddress! + offset, count: count)
            }
            offset += count
            return count
        case .file(let fd):
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count >= 0 { return count }
                if errno == EINTR { continue }
                throw CSVError(kind: .io("read failed: \(ByteSource.lastErrorText())"), line: line)
            }
        }
    }

    static func lastErrorText() -> String {
        String(cString: strerror(errno))
    }
}
