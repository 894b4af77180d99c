internal import CSodium

/// Argon2id password hashes in libsodium's self-describing string format (`$argon2id$v=19$m=…,t=…,p=1$…`).
public struct PasswordHasher: Sendable {
    public let opsLimit: UInt64
    public let memLimitBytes: Int

    /// OWASP's Argon2id floor (19 MiB, 2 passes): interactive logins stay well under a second on two cores.
    public static let standard = PasswordHasher(opsLimit: 2, memLimitBytes: 19 * 1024 * 1024)

    public init(opsLimit: UInt64, memLimitBytes: Int) {
        self.opsLimit = opsLimit
        self.memLimitBytes = memLimitBytes
    }

    public func hash(_ password: String) -> String {
        Sodium.requireReady()
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let length = UInt64(password.utf8.count)
        let status = password.withCString { chars in
            crypto_pwhash_str_alg(&out, chars, length, opsLimit, memLimitBytes, crypto_pwhash_ALG_ARGON2ID13)
        }
        precondition(status == 0, "crypto_pwhash_str failed (out of memory)")
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func verify(_ password: String, against stored: String) -> Bool {
        Sodium.requireReady()
        guard stored.hasPrefix("$argon2id$") else { return false }
        var hashChars = Array(stored.utf8CString)
        let length = UInt64(password.utf8.count)
        return password.withCString { chars in crypto_pwhash_str_verify(&hashChars, chars, length) == 0 }
    }
}
