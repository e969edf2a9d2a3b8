import Engine
import Dispatch
import Models

/// A session's takes, in the order they were made: an array of takes to every reader and writer,
/// held in chunks of about `chunkSize` takes (issue #17).
///
/// A save keeps the session as it was beside the changed copy, to journal the difference. With
/// one array of 100,000 takes, changing one take copied all of them (a retain per string) and
/// finding the change compared all of them: about 50 ms a key press. Chunks make the copy one
/// chunk, and tell what cannot have changed without looking: two lists that hold the same chunk
/// storage at the same positions hold the same takes there (see `sharedRuns`).
public struct TakeList: Sendable {
    /// Small enough that copying a chunk is cheap next to the journal's flush, large enough
    /// that a session of 100,000 takes has only about a hundred of them.
    static let chunkSize = 1024

    /// Never an empty chunk; none longer than twice `chunkSize`.
    private var chunks: [[Take]]
    /// Where each chunk starts in the list.
    private var starts: [Int]
    public private(set) var count: Int

    public init() {
        chunks = []; starts = []; count = 0
    }

    /// `chunks` already within the bounds (none empty, none over twice `chunkSize`).
    private init(chunks: [[Take]]) {
        self.chunks = chunks; starts = []; count = 0
        reindex()
    }

    public init<S: Sequence>(_ takes: S) where S.Element == Take {
        chunks = Self.chunked(Array(takes)); starts = []; count = 0
        reindex()
    }

    private static func chunked(_ takes: [Take]) -> [[Take]] {
        if takes.isEmpty { return [] }
        if takes.count <= 2 * chunkSize { return [takes] }
        return stride(from: 0, to: takes.count, by: chunkSize).map { Array(takes[$0..<Swift.min($0 + chunkSize, takes.count)]) }
    }

    private mutating func reindex() {
        var start = 0
        starts = chunks.map { chunk in
            defer { start += chunk.count }
            return start
        }
        count = start
    }

    /// The chunk holding `position` (the last chunk for `position == count`) and where in it.
    private func locate(_ position: Int) -> (chunk: Int, offset: Int) {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return (low, position - starts[low])
    }
}

extension TakeList: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public func index(after i: Int) -> Int { i + 1 }
    public func index(before i: Int) -> Int { i - 1 }

    public subscript(position: Int) -> Take {
        get {
            precondition(position >= 0 && position < count, "take index \(position) out of range 0..<\(count)")
            let (chunk, offset) = locate(position)
            return chunks[chunk][offset]
        }
        set {
            precondition(position >= 0 && position < count, "take index \(position) out of range 0..<\(count)")
            let (chunk, offset) = locate(position)
            chunks[chunk][offset] = newValue
        }
    }

    /// Walks the chunks, rather than finding each position's chunk, for the linear scans
    /// (`take(_:)`, filters, encoding) that run over every take.
    public struct Iterator: IteratorProtocol {
        fileprivate var chunks: IndexingIterator<[[Take]]>
        fileprivate var current: IndexingIterator<[Take]>

        public mutating func next() -> Take? {
            while true {
                if let take = current.next() { return take }
                guard let chunk = chunks.next() else { return nil }
                current = chunk.makeIterator()
            }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(chunks: chunks.makeIterator(), current: [].makeIterator())
    }

    /// Each take with its position, read in place: a scan that reads a field or two of every
    /// take (recovery, the audit of paths) skips the copy of the whole take that iterating
    /// makes, a retain and a release of each of its strings (issue #17).
    public func forEachInPlace(_ body: (Int, borrowing Take) throws -> Void) rethrows {
        for (chunk, takes) in chunks.enumerated() {
            try takes.withUnsafeBufferPointer { takes in
                for offset in takes.indices { try body(starts[chunk] + offset, takes[offset]) }
            }
        }
    }

    public func firstIndex(where predicate: (Take) throws -> Bool) rethrows -> Int? {
        for (chunk, takes) in chunks.enumerated() {
            if let offset = try takes.firstIndex(where: predicate) { return starts[chunk] + offset }
        }
        return nil
    }
}

extension TakeList: RangeReplaceableCollection {
    /// Works on the chunks the range touches only, so that the others stay shared with copies
    /// of the list: adding a take at the end, or deleting one, copies one chunk.
    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
        where C.Element == Take {
        precondition(subrange.lowerBound >= 0 && subrange.upperBound <= count,
                     "take range \(subrange) out of range 0..<\(count)")
        guard !chunks.isEmpty else {
            chunks = Self.chunked(Array(newElements))
            return reindex()
        }
        let first = locate(subrange.lowerBound)
        let last = subrange.isEmpty ? first.chunk : locate(subrange.upperBound - 1).chunk
        let base = starts[first.chunk]
        var takes: [Take]
        if first.chunk == last {
            takes = chunks[last]
            // Dropped from the outer list first, so that the chunk's storage is not shared and
            // changes in place when no copy of the list holds it.
            chunks[last] = []
        } else {
            takes = Array(chunks[first.chunk...last].joined())
        }
        takes.replaceSubrange(subrange.lowerBound - base..<subrange.upperBound - base, with: newElements)
        chunks.replaceSubrange(first.chunk...last, with: Self.chunked(takes))
        reindex()
    }
}

extension TakeList: ExpressibleByArrayLiteral {
    public init(arrayLiteral takes: Take...) { self.init(takes) }
}

extension TakeList: Equatable {
    public static func == (a: TakeList, b: TakeList) -> Bool {
        guard a.count == b.count else { return false }
        let shared = a.sharedRuns(with: b, offset: 0)
        var position = 0
        while position < a.count {
            if let run = shared.run(containing: position) { position = run.upperBound; continue }
            if a[position] != b[position] { return false }
            position += 1
        }
        return true
    }
}

extension TakeList: CustomStringConvertible {
    public var description: String { Array(self).description }
}

/// Written and read as a JSON array of takes, as when the list was an array.
extension TakeList: Codable {
    /// Each take is read by `Take.fastDecoded` where it can be, else through `Decodable`, with
    /// the decoder's options (which reports the error, at the take's path, as before).
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        guard case .array(let elements) = json else {
            self.init(try [Take](from: decoder))  // not an array: the decoder says so
            return
        }
        let legacy = decoder.userInfo[.acceptingLegacyRequestKeys] as? Bool ?? false
        let fast = Self.fastDecodedChunks(elements, legacyRequestKeys: legacy)
        var chunks: [[Take]] = []
        chunks.reserveCapacity(fast.count)
        var container = try decoder.unkeyedContainer()
        for (chunkIndex, fastChunk) in fast.enumerated() {
            var chunk: [Take] = []
            chunk.reserveCapacity(fastChunk.count)
            for (offset, fastTake) in fastChunk.enumerated() {
                if let fastTake {
                    chunk.append(fastTake)
                    continue
                }
                // The container catches up only here, so that the fast takes cost it nothing.
                let index = chunkIndex * Self.chunkSize + offset
                while container.currentIndex < index { _ = try container.decode(JSONValue.self) }
                chunk.append(try container.decode(Take.self))
            }
            chunks.append(chunk)
        }
        self.init(chunks: chunks)
    }

    /// The elements read by `Take.fastDecoded`, in chunks of `chunkSize`, nil where a take needs
    /// the decoder. Chunks are read on all cores: reading 100,000 takes was half of opening such
    /// a session (issue #17), and nothing else runs while a session opens.
    private static func fastDecodedChunks(_ elements: [JSONValue], legacyRequestKeys: Bool) -> [[Take?]] {
        let chunkCount = (elements.count + chunkSize - 1) / chunkSize
        var chunks = [[Take?]](repeating: [], count: chunkCount)
        chunks.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            let read: @Sendable (Int) -> Void = { chunk in
                let range = chunk * chunkSize..<Swift.min((chunk + 1) * chunkSize, elements.count)
                out[chunk] = range.map { Take.fastDecoded(elements[$0], legacyRequestKeys: legacyRequestKeys) }
            }
            if chunkCount > 1 {
                DispatchQueue.concurrentPerform(iterations: chunkCount, execute: read)
            } else if chunkCount == 1 {
                read(0)
            }
        }
        return chunks
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for take in self { try container.encode(take) }
    }
}

extension TakeList {
    /// The positions of `self` whose take `other` holds at that position plus `offset` in the
    /// very same chunk storage: equal without being compared. Found chunk by chunk, so a change
    /// to one take of 100,000 leaves about a thousand takes to compare.
    func sharedRuns(with other: TakeList, offset: Int) -> SharedRuns {
        var runs: [Range<Int>] = []
        for (index, chunk) in chunks.enumerated() {
            let start = starts[index], otherStart = start + offset
            guard otherStart >= 0, otherStart < other.count else { continue }
            let match = other.locate(otherStart)
            guard match.offset == 0, Self.sameStorage(chunk, other.chunks[match.chunk]) else { continue }
            if let last = runs.last, last.upperBound == start {
                runs[runs.count - 1] = last.lowerBound..<start + chunk.count
            } else {
                runs.append(start..<start + chunk.count)
            }
        }
        return SharedRuns(runs: runs)
    }

    /// How the takes are split, for tests of the chunks' bounds.
    var chunkLengths: [Int] { chunks.map(\.count) }

    /// Two live arrays with the same element storage and length hold the same elements.
    private static func sameStorage(_ a: [Take], _ b: [Take]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// Sorted, separate runs of positions.
    struct SharedRuns {
        let runs: [Range<Int>]

        func run(containing position: Int) -> Range<Int>? {
            var low = 0, high = runs.count
            while low < high {
                let middle = (low + high) / 2
                if runs[middle].upperBound <= position { low = middle + 1 } else { high = middle }
            }
            return low < runs.count && runs[low].contains(position) ? runs[low] : nil
        }
    }
}
