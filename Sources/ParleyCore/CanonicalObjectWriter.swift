/// Writes one flat JSON object straight to bytes, byte-for-byte what `JSONValue.canonical` gives for the same
/// members, without building the dictionary. The caller adds the keys in canonical (UTF-8 byte) order; debug
/// builds check it.
///
/// It writes through a pointer into a buffer it owns (reserving room once per member) rather than appending to an
/// array byte by byte: it serves the dues endpoint, where the array's per-append checks were most of its cost.
public struct CanonicalObjectWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    private var lastKey: StaticString?

    public init(capacity: Int = 512) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
        base[0] = UInt8(ascii: "{")
        count = 1
    }

    deinit {
        base.deallocate()
    }

    public mutating func add(_ key: StaticString, _ value: Int64) {
        writeKey(key, room: 20)
        // The digits backwards from the end of their width: a sign and at most 19 digits.
        var magnitude = value.magnitude
        var width = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            width += 1
        }
        if value < 0 { put(UInt8(ascii: "-")) }
        var position = count + width
        count = position
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    public mutating func add(_ key: StaticString, _ value: Int) { add(key, Int64(value)) }

    public mutating func add(_ key: StaticString, _ value: String) {
        var value = value
        value.withUTF8 { text in
            let plain = !text.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
            if plain {
                writeKey(key, room: text.count + 2)
                put(UInt8(ascii: "\""))
                put(text)
                put(UInt8(ascii: "\""))
            } else {
                // Rare (ids and codes are plain): the general encoder, then one copy.
                var escaped: [UInt8] = []
                JSONValue.writeString(String(decoding: text, as: UTF8.self), to: &escaped)
                writeKey(key, room: escaped.count)
                escaped.withUnsafeBufferPointer { put($0) }
            }
        }
    }

    /// A string member, or `null` when the value is absent.
    public mutating func add(_ key: StaticString, _ value: String?) {
        guard let value else {
            writeKey(key, room: 4)
            put(UnsafeBufferPointer(start: StaticString("null").utf8Start, count: 4))
            return
        }
        add(key, value)
    }

    /// The finished object.
    public consuming func finish() -> [UInt8] {
        reserve(1)
        put(UInt8(ascii: "}"))
        return Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// `,"key":` (the comma from the second member on), with `room` more bytes reserved for the value.
    private mutating func writeKey(_ key: StaticString, room: Int) {
        assert(lastKey.map { Self.precedes($0, key) } ?? true, "keys out of canonical order at \(key)")
        reserve(key.utf8CodeUnitCount + 4 + room)
        if lastKey != nil { put(UInt8(ascii: ",")) }
        lastKey = key
        put(UInt8(ascii: "\""))
        put(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        put(UInt8(ascii: "\""))
        put(UInt8(ascii: ":"))
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }

    /// Writes into room already reserved.
    private mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    private static func precedes(_ a: StaticString, _ b: StaticString) -> Bool {
        a.withUTF8Buffer { x in b.withUTF8Buffer { y in x.lexicographicallyPrecedes(y) } }
    }
}
