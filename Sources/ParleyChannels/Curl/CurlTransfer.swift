internal import CCurl

/// The buffers of one transfer, which libcurl's callbacks fill (response) and drain (upload).
///
/// The callbacks are non-capturing C closures; they reach this object through an unretained `Unmanaged`
/// pointer, valid because `run(on:)` keeps the transfer alive until `curl_easy_perform` has returned.
final class CurlTransfer {
    private(set) var body: [UInt8] = []
    private(set) var headers = HTTPClientHeaders()
    /// Set when the response grew past `maxBodyBytes`; the write callback then aborts the transfer.
    private(set) var exceededLimit = false
    private let maxBodyBytes: Int
    private let upload: [UInt8]
    private var uploadOffset = 0

    init(maxBodyBytes: Int, upload: [UInt8] = []) {
        self.maxBodyBytes = maxBodyBytes
        self.upload = upload
    }

    /// Installs the response callbacks (and the upload callback when `uploading`), performs the transfer and
    /// returns libcurl's result.
    func run(on easy: CurlEasy, uploading: Bool = false) throws(CurlSetupError) -> CURLcode {
        let context = UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
        try easy.set(CURLOPT_WRITEFUNCTION, callback: { buffer, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: buffer, count: size * count))
        })
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: { buffer, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: buffer, count: size * count))
            return size * count
        })
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
        if uploading {
            try easy.set(CURLOPT_READFUNCTION, callback: { buffer, size, count, context in
                guard let context, let buffer else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.sendUpload(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
            })
            try easy.set(CURLOPT_READDATA, pointer: context)
        }
        return withExtendedLifetime(self) { easy.perform() }
    }

    private func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        guard body.count + chunk.count <= maxBodyBytes else {
            exceededLimit = true
            return 0
        }
        body.append(contentsOf: chunk)
        return chunk.count
    }

    /// One header line per call. A new status line (after `100 Continue`) starts the header set afresh.
    private func receiveHeaderLine(_ chunk: UnsafeRawBufferPointer) {
        let line = String(decoding: chunk, as: UTF8.self).trimmingSpaces()
        if line.hasPrefix("HTTP/") {
            headers = HTTPClientHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        headers.add(String(line[..<colon]).trimmingSpaces(), String(line[line.index(after: colon)...]).trimmingSpaces())
    }

    private func sendUpload(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(buffer.count, upload.count - uploadOffset)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[uploadOffset..<uploadOffset + count]))
        }
        uploadOffset += count
        return count
    }
}
