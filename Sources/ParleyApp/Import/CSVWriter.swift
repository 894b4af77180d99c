#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Writes CSV rows to a file through a buffer (about 1 MiB by default), quoting fields as RFC 4180 requires.
///
/// Owns its file descriptor. Call `close()` to see write errors; `deinit` flushes and closes on a best-effort basis.
public final class CSVWriter {
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let bufferSize: Int
    /// Rows written so far (including any header).
    public private(set) var rows = 0

    /// Creates or truncates `path`.
    public init(path: String, bufferSize: Int = 1 << 20) throws(CSVError) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CSVError(kind: .io("cannot create \(path): \(ByteSource.lastErrorText())"), line: 0) }
        self.bufferSize = max(bufferSize, 1)
        buffer.reserveCapacity(self.bufferSize + 4096)
    }

    deinit {
        if fd >= 0 {
            try? flush()
            closeDescriptor(fd)
        }
    }

    /// Appends one row, each field escaped, ending in LF.
    public func writeRow(_ fields: [String]) throws(CSVError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(Byte.comma) }
            CSVWriter.appendEscaped(field, to: &buffer)
        }
        buffer.append(Byte.lf)
        rows += 1
        if buffer.count >= bufferSize { try flush() }
    }

    /// Writes out everything buffered.
    public func flush() throws(CSVError) {
        guard fd >= 0 else { throw CSVError(kind: .io("write after close"), line: rows) }
        var written = 0
        while written < buffer.count {
            let count = buffer.withUnsafeBytes { bytes in
                write(fd, bytes.baseAddress! + written, bytes.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw CSVError(kind: .io("write failed: \(ByteSource.lastErrorText())"), line: rows)
            }
            written += count
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    public func close() throws(CSVError) {
        guard fd >= 0 else { return }
        defer {
            closeDescriptor(fd)
            fd = -1
        }
        try flush()
    }

    /// The field as it must appear in a CSV file: quoted, with quotes doubled, when it holds a comma, quote, CR or LF.
    public static func escape(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        var bytes: [UInt8] = []
        appendEscaped(field, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func needsQuotes(_ field: String) -> Bool {
        field.utf8.contains { $0 == Byte.comma || $0 == Byte.quote || $0 == Byte.cr || $0 == Byte.lf }
    }

    static func appendEscaped(_ field: String, to bytes: inout [UInt8]) {
        guard needsQuotes(field) else {
            bytes.append(contentsOf: field.utf8)
            return
        }
        bytes.append(Byte.quote)
        for byte in field.utf8 {
            bytes.append(byte)
            if byte == Byte.quote { bytes.append(Byte.quote) }
        }
        bytes.append(Byte.quote)
    }
}

/// Outside the class, where `close` means the C function rather than `CSVWriter.close()`.
private func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
