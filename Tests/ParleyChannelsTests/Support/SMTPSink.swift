import Foundation

/// `smtp_sink.py` (aiosmtpd) run as a child process: a real SMTP server on 127.0.0.1 that stores what it accepts.
final class SMTPSink {
    struct Received {
        let mailFrom: String
        let recipients: [String]
        let tls: Bool
        let authenticated: Bool
        let raw: [UInt8]
    }

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    let directory: URL
    private let process = Process()
    private let input = Pipe()

    /// Starts the sink; throws (failing the test) when Python or aiosmtpd is missing.
    init(startTLS: Bool = false, auth: (user: String, password: String)? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("smtp_sink.py")
        var arguments = ["python3", script.path, "--directory", directory.path]
        if startTLS { arguments.append("--starttls") }
        if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        // The sink exits when this pipe closes, so it never outlives the test process.
        process.standardInput = input
        try process.run()
        let line = Self.firstLine(output.fileHandleForReading)
        guard let line, let port = Int(line) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw StartError(description: "smtp_sink.py did not start: \(line ?? "no output") \(stderr) "
                             + "(the SMTP tests need Python 3 and aiosmtpd: pip install aiosmtpd)")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The self-signed certificate made for `--starttls`, to trust as the CA file.
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }

    /// Messages accepted so far, in order.
    func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("message-") && $0.hasSuffix(".json") }
            .sorted { Int($0.dropFirst(8).dropLast(5))! < Int($1.dropFirst(8).dropLast(5))! }
        return try names.map { name in
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name))) as! [String: Any]
            let raw = try Data(contentsOf: directory.appendingPathComponent(String(name.dropLast(5)) + ".eml"))
            return Received(mailFrom: meta["mail_from"] as! String, recipients: meta["rcpt_tos"] as! [String],
                            tls: meta["tls"] as! Bool, authenticated: meta["authenticated"] as! Bool, raw: Array(raw))
        }
    }

    private static func firstLine(_ handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 1)
            guard let byte = chunk.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
