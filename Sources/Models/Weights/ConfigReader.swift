/// Reads the fields of a network config from bundle.json, each against the range it may take.
///
/// Every size a network is built from (widths, depths, kernel sizes, step counts) comes through
/// here, so a hostile or damaged bundle.json (`num_hidden_layers: 1000000000`, `hidden_size: 0`,
/// `frames: 9223372036854775807`) is refused with the file, the field's JSON path, its value and
/// the allowed range, before any count is multiplied or any buffer is sized from it. The ranges
/// hold every published model of each kind (CLIP ViT-bigG, BigVGAN-v2 at 44 kHz) with room to
/// spare; the memory estimate then decides whether a config that fits them fits this machine.
public struct ConfigReader<Key: CodingKey> {
    public let container: KeyedDecodingContainer<Key>

    public init(_ container: KeyedDecodingContainer<Key>) { self.container = container }

    /// The error for `key`: its JSON path is the container's path plus the key.
    public func failure(_ key: Key, _ detail: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: detail))
    }

    /// The whole number at `key` (or `fallback` when absent), within `range`.
    public func int(_ key: Key, default fallback: Int? = nil, in range: ClosedRange<Int>) throws -> Int {
        let value: Int
        if let fallback {
            value = try container.decodeIfPresent(Int.self, forKey: key) ?? fallback
        } else {
            value = try container.decode(Int.self, forKey: key)
        }
        try check(key, value, in: range)
        return value
    }

    /// An optional whole number within `range` when present.
    public func optionalInt(_ key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = try container.decodeIfPresent(Int.self, forKey: key) else { return nil }
        try check(key, value, in: range)
        return value
    }

    /// A list of whole numbers: its length within `count`, each element within `each`.
    public func ints(_ key: Key, default fallback: [Int]? = nil, count: ClosedRange<Int>,
                     each: ClosedRange<Int>) throws -> [Int] {
        let values: [Int]
        if let fallback {
            values = try container.decodeIfPresent([Int].self, forKey: key) ?? fallback
        } else {
            values = try container.decode([Int].self, forKey: key)
        }
        try checkList(key, values, count: count, each: each)
        return values
    }

    /// A finite real number within `range` (the project's JSON parser already refuses 1e400;
    /// a value from any other decoder is held to the same).
    public func real(_ key: Key, default fallback: Double? = nil, in range: ClosedRange<Double>) throws -> Double {
        let value: Double
        if let fallback {
            value = try container.decodeIfPresent(Double.self, forKey: key) ?? fallback
        } else {
            value = try container.decode(Double.self, forKey: key)
        }
        try check(key, value, in: range)
        return value
    }

    public func optionalReal(_ key: Key, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
        try check(key, value, in: range)
        return value
    }

    public func check(_ key: Key, _ value: Int, in range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw failure(key, "must be from \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
    }

    public func check(_ key: Key, _ value: Double, in range: ClosedRange<Double>) throws {
        guard value.isFinite, range.contains(value) else {
            throw failure(key, "must be a number from \(range.lowerBound) to \(range.upperBound), found \(value)")
        }
    }

    public func checkList(_ key: Key, _ values: [Int], count: ClosedRange<Int>, each: ClosedRange<Int>) throws {
        guard count.contains(values.count) else {
            throw failure(key, "must list from \(count.lowerBound) to \(count.upperBound) numbers, found \(values.count)")
        }
        if let bad = values.firstIndex(where: { !each.contains($0) }) {
            throw failure(key, "element \(bad) must be from \(each.lowerBound) to \(each.upperBound), found \(values[bad])")
        }
    }
}
