import ParleyCore
import ParleyCrypto

/// The WhatsApp Business Cloud API webhook: the GET verification handshake, the `X-Hub-Signature-256`
/// check, and the notification payload (`WhatsAppWebhook+Parse.swift`). Pure: no storage, no clock.
public enum WhatsAppWebhook {
    /// The header Meta signs each POST with (the server passes header names lower-cased).
    public static let signatureHeader = "x-hub-signature-256"

    /// The GET handshake Meta makes when the webhook URL is configured:
    /// `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
    ///
    /// Returns the `hub.challenge` to echo as the 200 body; any failure is an error the server answers with 403.
    /// The token is compared in constant time, and an empty configured token never matches.
    public static func verificationChallenge(query: [String: String], verifyToken: String) -> Result<String, WebhookError> {
        guard let mode = query["hub.mode"] else { return .failure(.verificationFailed(reason: "hub.mode is missing")) }
        guard mode == "subscribe" else {
            return .failure(.verificationFailed(reason: "hub.mode must be \"subscribe\""))
        }
        guard let token = query["hub.verify_token"] else {
            return .failure(.verificationFailed(reason: "hub.verify_token is missing"))
        }
        guard WebhookSecret.matches(token, configured: verifyToken) else {
            return .failure(.verificationFailed(reason: "hub.verify_token does not match the configured token"))
        }
        guard let challenge = query["hub.challenge"], !challenge.isEmpty else {
            return .failure(.verificationFailed(reason: "hub.challenge is missing"))
        }
        return .success(challenge)
    }

    /// Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of the raw `body` under the app secret.
    ///
    /// The signature covers the bytes exactly as received, so the server must pass the body before any parsing.
    /// A missing header, another algorithm (`sha1=`), bad hex, a wrong length or an empty app secret all
    /// give false. Hex digits are accepted in either case; the MACs are compared in constant time.
    public static func verifySignature(body: [UInt8], header: String?, appSecret: String) -> Bool {
        guard !appSecret.isEmpty, let header else { return false }
        let prefix = "sha256="
        guard header.hasPrefix(prefix), let claimed = hexBytes(header.dropFirst(prefix.count)), claimed.count == 32 else {
            return false
        }
        let expected = Sodium.hmacSHA256(key: Array(appSecret.utf8), message: body)
        return Sodium.constantTimeEqual(claimed, expected)
    }

    /// Decodes hex (either case); nil for an odd length or a non-hex character.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = FormURLEncoded.hexValue(digits[index]), let low = FormURLEncoded.hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
