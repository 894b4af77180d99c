internal import CSodium

/// libsodium, initialised once. Every primitive Parley uses comes from here.
public enum Sodium {
    /// Initialises libsodium (idempotent and thread-safe per its documentation).
    static let ready: Bool = sodium_init() >= 0

    /// SHA-256 of `bytes`.
    public static let sha256: @Sendable ([UInt8]) -> [UInt8] = { bytes in
        precondition(ready, "libsodium failed to initialise")
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                crypto_hash_sha256(output.baseAddress!, input.baseAddress, UInt64(input.count))
            }
        }
        precondition(status == 0, "crypto_hash_sha256 failed")
        return digest
    }

    /// SHA-256 as lowercase hex.
    public static func sha256Hex(_ text: String) -> String {
        let digest = sha256(Array(text.utf8))
        return digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
