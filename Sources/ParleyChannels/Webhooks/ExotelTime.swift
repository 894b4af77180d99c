import ParleyCore

/// Exotel's timestamps: `YYYY-MM-DD HH:mm:ss` in India Standard Time, the zone of its API and callbacks.
enum ExotelTime {
    /// IST is UTC+05:30 all year.
    static let offsetSeconds: Int64 = 5 * 3600 + 30 * 60

    /// Parses `2024-01-15 14:30:45` (IST) or ISO 8601 UTC `2024-01-15T09:00:45Z`; nil otherwise.
    static func instant(_ text: String) -> Instant? {
        let bytes = Array(text.utf8)
        if bytes.count == 19, bytes[10] == UInt8(ascii: " ") {
            let iso = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11...], as: UTF8.self) + "Z"
            return Instant(iso: iso)?.adding(seconds: -offsetSeconds)
        }
        return Instant(iso: text)
    }

    /// Exotel writes an unset time as the epoch in IST (`1970-01-01 05:30:00`).
    static func isUnset(_ instant: Instant) -> Bool { instant.secondsSinceEpoch == 0 }
}
