internal import CCurl

/// A `curl_slist` (header lines, SMTP recipients), freed in `deinit`. Keep it alive until the transfer ends.
final class CurlStringList {
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ items: [String]) throws(CurlSetupError) {
        for item in items {
            guard let appended = curl_slist_append(pointer, item) else {
                curl_slist_free_all(pointer)
                throw CurlSetupError(code: Int(CURLE_OUT_OF_MEMORY.rawValue), detail: "curl_slist_append failed")
            }
            pointer = appended
        }
    }

    deinit { curl_slist_free_all(pointer) }
}
