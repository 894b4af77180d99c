/// Writes one flat JSON object straight to bytes, byte-for-byte what `JSONValue.canonical` gives for the same
/// members, without building the dictionary. The caller adds the keys in canonical (UTF-8 byte) order; debug
/// builds check it.
public struct CanonicalObjectWriter {
    private var bytes: [UInt8]
    private var lastKey: StaticString?

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    public mutating func add(_ key: StaticString, _ value: Int64) {
        writeKey(key)
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var width = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        var position = bytes.count + width
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        bytes.withUnsafeMutableBufferPointer { out in
            repeat {
                position -= 1
                out[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
        }
    }

    public mutating func add(_ key: StaticString, _ value: Int) { add(key, Int64(value)) }

    public mutating func add(_ key: StaticString, _ value: String) {
        writeKey(key)
        JSONValue.writeString(value, to: &bytes)
    }

    /// A string member, or `null` when the value is absent.
    public mutating func add(_ key: StaticString, _ value: String?) {
        guard let value else {
            writeKey(key)
            bytes.append(contentsOf: "null".utf8)
            return
        }
        add(key, value)
    }

    /// The finished object.
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func writeKey(_ key: StaticString) {
        assert(lastKey.map { Self.precedes($0, key) } ?? true, "keys out of canonical order at \(key)")
        if lastKey != nil { bytes.append(UInt8(ascii: ",")) }
        lastKey = key
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private static func precedes(_ a: StaticString, _ b: StaticString) -> Bool {
        a.withUTF8Buffer { x in b.withUTF8Buffer { y in x.lexicographicallyPrecedes(y) } }
    }
}
