import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The checks a sound file passes before libsndfile is given it.
///
/// libsndfile guesses the format from the bytes and reads some twenty of them; the studio reads
/// WAV and FLAC only, so anything else is refused here and never reaches the other parsers.
/// And libsndfile 1.2.0 (Debian 12) loops forever on a WAV file whose LIST chunk claims more
/// bytes than the file holds (fuzz/corpus/audio/hang-list-overrun.wav, 97 bytes: `clipsonic
/// info` spun at 100% CPU), so the chunk table of a WAV file is walked here first and a chunk
/// that does not fit is refused.
enum AudioFileHeader {
    /// More chunks than any WAV writer makes; walking a crafted file of empty chunks stops here.
    static let maximumChunks = 4096

    /// Why the file on `descriptor` is no WAV or FLAC that libsndfile may read, or nil.
    static func problem(descriptor: Int32) -> String? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return "cannot read its size: \(String(cString: strerror(errno)))" }
        let reader = Reader(descriptor: descriptor, size: Int(info.st_size))
        guard let head = reader.bytes(at: 0, count: 12) else { return "it is \(reader.size) bytes, too short for WAV or FLAC" }
        let magic = String(decoding: head[0..<4], as: UTF8.self)
        if magic == "fLaC" { return nil }
        if magic.hasPrefix("ID3") { return flacAfterTag(head, reader) }
        let form = String(decoding: head[8..<12], as: UTF8.self)
        guard ["RIFF", "RIFX", "RF64"].contains(magic), form == "WAVE" else {
            return "it is neither WAV nor FLAC (it starts with \(Self.shown(head[0..<4])))"
        }
        return chunkProblem(reader, bigEndian: magic == "RIFX", from: 12, to: reader.size, topLevel: true)
    }

    /// FLAC after an ID3v2 tag (some taggers add one): the tag's syncsafe size, then "fLaC".
    private static func flacAfterTag(_ head: [UInt8], _ reader: Reader) -> String? {
        let size = head[6...9].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
        let footer = head[5] & 0x10 != 0 ? 10 : 0
        guard let magic = reader.bytes(at: 10 + size + footer, count: 4), magic == Array("fLaC".utf8) else {
            return "it starts with an ID3 tag that no FLAC stream follows; the studio reads WAV and FLAC only"
        }
        return nil
    }

    /// Every chunk header in [start, end) must describe a chunk that ends by `end`; a LIST
    /// chunk's own chunks likewise within it, before or after the data. The data chunk may run
    /// past the end (a recording cut short, or RF64's and streaming writers' 0xFFFFFFFF):
    /// libsndfile reads what is there.
    private static func chunkProblem(_ reader: Reader, bigEndian: Bool, from start: Int, to end: Int,
                                     topLevel: Bool) -> String? {
        var position = start, count = 0
        while position + 8 <= end {
            count += 1
            guard count <= maximumChunks else { return "it has more than \(maximumChunks) chunks" }
            guard let header = reader.bytes(at: position, count: 8) else { return "it cannot be read at byte \(position)" }
            let id = header[0..<4], raw = header[4..<8]
            let size = Int(raw.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let length = bigEndian ? Int(raw.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) : size
            // A data chunk that runs past the end ends the walk (nothing can follow it); one that
            // fits is stepped over, since libsndfile reads the chunks after it too.
            if topLevel && id.elementsEqual("data".utf8) && length > end - position - 8 { return nil }
            guard length <= end - position - 8 else {
                return "its \(shown(id)) chunk at byte \(position) claims \(length) bytes but only \(end - position - 8) follow; "
                    + "the file is damaged"
            }
            if topLevel && id.elementsEqual("LIST".utf8) && length >= 4,
               let problem = chunkProblem(reader, bigEndian: bigEndian, from: position + 12, to: position + 8 + length,
                                          topLevel: false) {
                return problem
            }
            position += 8 + length + (length & 1)
        }
        return nil
    }

    /// Four bytes as text when they are printable (`"LIST"`), else in hex.
    static func shown(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.allSatisfy { (0x20...0x7E).contains($0) }
            ? "\"\(String(decoding: bytes, as: UTF8.self))\""
            : bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
    }

    private struct Reader {
        let descriptor: Int32
        let size: Int

        /// `count` bytes at `offset`, or nil past the end or on a read error.
        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            guard offset >= 0, count <= size - offset else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            return read == count ? buffer : nil
        }
    }
}
