internal import CCurl

/// Why libcurl could not be configured: an option the library refused or a handle it could not create.
struct CurlSetupError: Error, Equatable {
    let code: Int
    let detail: String
}

/// One libcurl easy handle with its error buffer; cleaned up in `deinit`.
///
/// `@unchecked Sendable`: libcurl requires that an easy handle is used by one thread at a time. `CurlHandlePool`
/// hands each handle to exactly one caller, who gives it back when the transfer is over, so no two threads ever
/// touch it at once; the pool's `Mutex` orders the hand-over.
final class CurlEasy: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init() throws(CurlSetupError) {
        guard CurlGlobal.ready else { throw CurlSetupError(code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_global_init failed") }
        guard let handle = curl_easy_init() else {
            throw CurlSetupError(code: Int(CURLE_FAILED_INIT.rawValue), detail: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears every option of the previous transfer (live connections and caches stay), then sets the ones
    /// every transfer needs: the error buffer and no signals (libcurl's rule for multi-threaded programs).
    func prepare() throws(CurlSetupError) {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer))
        try set(CURLOPT_NOSIGNAL, 1)
    }

    /// Drops the finished transfer's options, so the handle keeps no pointer to freed header lists or bodies
    /// while it waits in the pool; its connections stay open.
    func forgetTransfer() { curl_easy_reset(handle) }

    func set(_ option: CURLoption, _ value: Int) throws(CurlSetupError) {
        try check(parley_curl_setopt_long(handle, option, value), option)
    }

    /// A string option; libcurl copies it.
    func set(_ option: CURLoption, _ value: String) throws(CurlSetupError) {
        try check(parley_curl_setopt_string(handle, option, value), option)
    }

    /// A pointer option; the caller keeps the memory alive until the transfer ends.
    func set(_ option: CURLoption, pointer: UnsafeRawPointer?) throws(CurlSetupError) {
        try check(parley_curl_setopt_pointer(handle, option, pointer), option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(CurlSetupError) {
        try check(parley_curl_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, callback: parley_curl_data_callback) throws(CurlSetupError) {
        try check(parley_curl_setopt_function(handle, option, callback), option)
    }

    /// Runs the transfer on the calling thread; blocks until it ends or times out.
    func perform() -> CURLcode { curl_easy_perform(handle) }

    func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        return parley_curl_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    func doubleInfo(_ info: CURLINFO) -> Double {
        var value = 0.0
        return parley_curl_getinfo_double(handle, info, &value) == CURLE_OK ? value : 0
    }

    /// libcurl's message for the last failure: the detailed error buffer when it has one.
    func errorDetail(_ code: CURLcode) -> String {
        let detailed = String(cString: errorBuffer)
        return detailed.isEmpty ? String(cString: curl_easy_strerror(code)) : detailed.trimmingSpaces()
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlSetupError) {
        guard code == CURLE_OK else {
            throw CurlSetupError(code: Int(code.rawValue),
                                 detail: "option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

/// `curl_global_init`, exactly once, before the first handle (it is not thread-safe; a static `let` is).
enum CurlGlobal {
    static let ready: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
}
