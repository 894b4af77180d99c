internal import CSodium
import ParleyCore

/// libsodium, initialised once. Every primitive Parley uses comes from here.
public enum Sodium {
    /// Initialises libsodium (idempotent and thread-safe per its documentation).
    static let ready: Bool = sodium_init() >= 0

    static func requireReady() {
        precondition(ready, "libsodium failed to initialise")
    }

    /// SHA-256 of `bytes`.
    public static let sha256: @Sendable ([UInt8]) -> [UInt8] = { bytes in
        requireReady()
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                crypto_hash_sha256(output.baseAddress!, input.baseAddress, UInt64(input.count))
            }
        }
        precondition(status == 0, "crypto_hash_sha256 failed")
        return digest
    }

    /// SHA-256 of the UTF-8 text, as lowercase hex. Hashes the string's bytes in place and writes the hex straight
    /// into the result: it runs on every authenticated request (session and API-key lookups).
    public static func sha256Hex(_ text: String) -> String {
        requireReady()
        var text = text
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let status = withUnsafeMutableBytes(of: &digest) { output in
            text.withUTF8 { input in
                crypto_hash_sha256(output.baseAddress!.assumingMemoryBound(to: UInt8.self), input.baseAddress, UInt64(input.count))
            }
        }
        precondition(status == 0, "crypto_hash_sha256 failed")
        return withUnsafeBytes(of: &digest) { HashChain.hex($0) }
    }

    /// HMAC-SHA256 of `message` under `key` (any length; keys longer than a block are hashed per RFC 2104).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        requireReady()
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        // An empty buffer has no base address; pad with a byte but pass the true length.
        let keyStorage = key.isEmpty ? [0] : key, messageStorage = message.isEmpty ? [0] : message
        keyStorage.withUnsafeBufferPointer { k in
            _ = crypto_auth_hmacsha256_init(&state, k.baseAddress!, key.count)
        }
        messageStorage.withUnsafeBufferPointer { m in
            _ = crypto_auth_hmacsha256_update(&state, m.baseAddress!, UInt64(message.count))
        }
        mac.withUnsafeMutableBufferPointer { out in
            _ = crypto_auth_hmacsha256_final(&state, out.baseAddress!)
        }
        return mac
    }

    /// Compares in time independent of where the inputs differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in sodium_memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// Cryptographically secure random bytes.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        requireReady()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBufferPointer { randombytes_buf($0.baseAddress!, count) }
        return bytes
    }

    /// A uniform random number in 0..<upperBound.
    public static func randomUniform(_ upperBound: UInt32) -> UInt32 {
        requireReady()
        return randombytes_uniform(upperBound)
    }

    /// A random token of `bytes` bytes, base64url without padding (for links, sessions, keys).
    public static func randomToken(bytes: Int = 32) -> String { base64url(randomBytes(bytes)) }

    /// Lowercase hex, the same encoding the hash chain uses.
    public static func hex(_ bytes: [UInt8]) -> String { HashChain.hex(bytes) }

    public static func base64url(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out = [UInt8]()
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
