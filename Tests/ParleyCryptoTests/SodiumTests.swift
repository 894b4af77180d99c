import Testing
@testable import ParleyCrypto

@Suite("libsodium primitives")
struct SodiumTests {
    @Test func sha256KnownVectors() {
        #expect(Sodium.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Sodium.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func hmacRFC4231Case2() {
        let mac = Sodium.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Sodium.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func constantTimeCompare() {
        #expect(Sodium.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Sodium.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Sodium.constantTimeEqual([1, 2], [1, 2, 3]))
    }

    @Test func randomTokensAreDistinctAndURLSafe() {
        let a = Sodium.randomToken(), b = Sodium.randomToken()
        #expect(a != b && a.count == 43)
        #expect(a.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 })
        #expect(Sodium.base64url([0xFB, 0xFF]) == "-_8")
        #expect((0..<1000).allSatisfy { _ in Sodium.randomUniform(10) < 10 })
    }

    @Test func argon2idHashesVerify() {
        let hasher = PasswordHasher(opsLimit: 1, memLimitBytes: 8 * 1024 * 1024)
        let stored = hasher.hash("correct horse ☃")
        #expect(stored.hasPrefix("$argon2id$v=19$m=8192,t=1,p=1$"))
        #expect(hasher.verify("correct horse ☃", against: stored))
        #expect(!hasher.verify("correct horse", against: stored))
        #expect(!hasher.verify("x", against: "plain"))
        #expect(hasher.hash("same") != hasher.hash("same")) // salted
    }
}
