import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A document read in pieces: where an object's members and an array's elements lie, found by
/// one quick pass that tracks only strings and brackets, and each piece parsed on its own, on
/// all cores, by the strict parser (issue #17: a session of 100,000 takes is one array of 60 MB).
///
/// The pieces are an optimisation only: a pass or a piece that meets anything unusual answers
/// nil, and the caller parses the whole text in sequence, which alone decides what is valid and
/// which error is reported first. A piece is parsed at its depth in the document, so the nesting
/// limit holds as it does for the whole.
extension JSONParser {
    /// An array's elements, by position in the text.
    public struct ArrayLayout: Sendable {
        /// Offsets of the `[` and the matching `]`.
        public let open: Int, close: Int
        /// Offsets just past the `[` and past each `,` between elements.
        let starts: [Int]

        public var count: Int { starts.count }

        /// The bytes of element `element`, with the whitespace around it.
        public func range(of element: Int) -> Range<Int> {
            starts[element]..<(element + 1 < starts.count ? starts[element + 1] - 1 : close)
        }
    }

    /// The layout of the array whose `[` is at `offset`; nil for an unterminated array or
    /// brackets that do not pair.
    public static func arrayLayout(in bytes: UnsafeRawBufferPointer, at offset: Int) -> ArrayLayout? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "[") else { return nil }
        var starts = [offset + 1]
        var position = offset + 1
        while true {
            guard let delimiter = delimiter(in: bytes, from: position) else { return nil }
            switch bytes[delimiter] {
            case UInt8(ascii: ","):
                starts.append(delimiter + 1)
                position = delimiter + 1
            case UInt8(ascii: "]"):
                let empty = starts.count == 1 && (offset + 1..<delimiter).allSatisfy { isWhitespace(bytes[$0]) }
                return ArrayLayout(open: offset, close: delimiter, starts: empty ? [] : starts)
            default:
                return nil
            }
        }
    }

    /// A member found by `objectMembers`: its value's bytes and, for an array, its layout.
    public struct Member: Sendable {
        public let key: String
        public let value: Range<Int>
        public let array: ArrayLayout?
    }

    /// The members of the object whose `{` is at `offset`: each key, parsed, the bytes of its
    /// value (with whitespace) and, when the value is an array, its layout (so that a large
    /// array is looked through once). Nil for an empty object, a duplicate key, or anything
    /// unusual.
    public static func objectMembers(in bytes: UnsafeRawBufferPointer, at offset: Int) -> [Member]? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "{") else { return nil }
        var parser = JSONParser(bytes)
        parser.index = offset + 1
        var members: [Member] = []
        var keys = Set<String>()
        while true {
            parser.skipWhitespace()
            guard parser.peek(UInt8(ascii: "\"")), let key = try? parser.parseString(), keys.insert(key).inserted else { return nil }
            parser.skipWhitespace()
            guard parser.peek(UInt8(ascii: ":")) else { return nil }
            let start = parser.index + 1
            parser.index = start
            parser.skipWhitespace()
            var array: ArrayLayout?
            if parser.peek(UInt8(ascii: "[")) {
                guard let layout = arrayLayout(in: bytes, at: parser.index) else { return nil }
                array = layout
            }
            guard let end = delimiter(in: bytes, from: array.map { $0.close + 1 } ?? start) else { return nil }
            members.append(Member(key: key, value: start..<end, array: array))
            switch bytes[end] {
            case UInt8(ascii: ","): parser.index = end + 1
            case UInt8(ascii: "}"): return members
            default: return nil
            }
        }
    }

    /// The one value in `range` (whitespace around it allowed), parsed at `depth` levels of
    /// nesting; nil if the range holds anything else.
    public static func value(in bytes: UnsafeRawBufferPointer, range: Range<Int>, depth: Int) -> JSONValue? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        var parser = JSONParser(bytes)
        parser.depth = depth
        parser.index = range.lowerBound
        parser.skipWhitespace()
        guard parser.index < range.upperBound, let value = try? parser.parseValue() else { return nil }
        parser.skipWhitespace()
        return parser.index == range.upperBound ? value : nil
    }

    /// Each element of `layout`, parsed at `depth` and passed to `transform` with its position,
    /// on all cores in runs of about equal bytes; nil if any element does not parse. Each
    /// element's tree lives only while `transform` runs, unless `transform` keeps it.
    public static func mapElements<T: Sendable>(in bytes: UnsafeRawBufferPointer, _ layout: ArrayLayout, depth: Int,
                                                _ transform: @Sendable (Int, JSONValue) -> T) -> [T]? {
        nonisolated(unsafe) let text = bytes
        return withoutActuallyEscaping(transform) { transform in
            mapElementBytes(in: text, layout) { element, range in
                value(in: text, range: range, depth: depth).map { transform(element, $0) }
            }
        }
    }

    /// Each element of `layout`, by its position and bytes (with the whitespace around it),
    /// passed to `transform` on all cores in runs of about equal bytes; nil as soon as
    /// `transform` answers nil for any. Each result is written straight into its place in the
    /// array returned: gathering runs and joining them copied every element once more, and
    /// for 100,000 takes that copy, and freeing what it copied, cost a tenth of opening a
    /// session (issue #17).
    public static func mapElementBytes<T: Sendable>(in bytes: UnsafeRawBufferPointer, _ layout: ArrayLayout,
                                                    _ transform: @Sendable (Int, Range<Int>) -> T?) -> [T]? {
        let count = layout.count
        let pieces = min(cores, max(1, count / 64))
        var bounds = [0]
        for piece in 1..<max(pieces, 1) {
            let target = layout.open + (layout.close - layout.open) * piece / pieces
            var first = bounds[piece - 1]
            while first < count && layout.starts[first] < target { first += 1 }
            bounds.append(first)
        }
        bounds.append(count)
        let runs = bounds
        // How many elements each run has written, from its first on.
        var written = [Int](repeating: 0, count: pieces)
        var complete = false
        let elements = [T](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            withoutActuallyEscaping(transform) { transform in
                written.withUnsafeMutableBufferPointer { written in
                    nonisolated(unsafe) let out = buffer, done = written
                    let work: @Sendable (Int) -> Void = { piece in
                        for element in runs[piece]..<runs[piece + 1] {
                            guard let result = transform(element, layout.range(of: element)) else { return }
                            (out.baseAddress! + element).initialize(to: result)
                            done[piece] += 1
                        }
                    }
                    if pieces > 1 { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) } else { work(0) }
                }
            }
            complete = (0..<pieces).allSatisfy { written[$0] == runs[$0 + 1] - runs[$0] }
            if complete {
                initializedCount = count
            } else {
                for piece in 0..<pieces where written[piece] > 0 { (buffer.baseAddress! + runs[piece]).deinitialize(count: written[piece]) }
                initializedCount = 0
            }
        }
        return complete ? elements : nil
    }

    /// The offset of the first `,`, `]` or `}` at nesting level 0 from `position` on, outside
    /// strings; nil if the text ends first.
    private static func delimiter(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        // A count, not a stack of brackets: a `[` closed by `}` can only hide inside a piece,
        // and the strict parse of that piece refuses it.
        var depth = 0
        var position = start
        let count = bytes.count
        while position < count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard let close = closingQuote(in: bytes, after: position) else { return nil }
                position = close
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 { return position }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 { return position }
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// The offset of the `"` that closes the string opened at `open`: found with `memchr` (most
    /// of a session's bytes are inside strings), skipping quotes escaped by an odd run of
    /// backslashes.
    private static func closingQuote(in bytes: UnsafeRawBufferPointer, after open: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var from = open + 1
        while from < bytes.count {
            guard let found = memchr(base + from, Int32(UInt8(ascii: "\"")), bytes.count - from) else { return nil }
            let quote = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while quote - backslashes - 1 > open && bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote }
            from = quote + 1
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// The cores a parse may use.
    static var cores: Int {
        max(1, min(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 8))
    }
}
