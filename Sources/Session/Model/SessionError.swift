import Foundation
import Models

/// Everything that can go wrong reading, writing or changing a session or a favourite's sidecar.
/// Each message names the file and, for content errors, the JSON path, and says what to do.
public enum SessionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not JSON at all.
    case malformedJSON(source: String, line: Int, column: Int, reason: String)
    /// Valid JSON, but not the kind of document expected (`found` is its "format", if any).
    case wrongFormat(source: String, expected: String, found: String?)
    /// Written by a newer build whose major format version this build cannot read.
    case newerVersion(source: String, found: Int, supported: Int)
    /// A field has the wrong type or an impossible value, or a required field is missing.
    case invalidValue(source: String, path: JSONPath, problem: String)
    case readFailed(path: String, reason: String)
    /// Nothing was replaced: the previous file, if any, is intact.
    case writeFailed(path: String, reason: String)
    /// A value cannot be written as JSON (a NaN guidance scale, say).
    case encodingFailed(path: String, reason: String)
    /// `SessionStore.create` refuses to replace an existing session.
    case alreadyExists(path: String)
    case takeNotFound(id: UUID)
    case pairNotFound(id: UUID)
    /// An A/B pair needs two different takes.
    case selfPair(takeID: UUID)
    /// The take's audio file is gone, so it cannot be copied to the favourites.
    case audioMissing(takeID: UUID, path: String)
    /// A path in a session file leads outside the session's folder: absolute, climbing with
    /// `..`, or through a symbolic link. `what` names the value ("the audio of take 3").
    case outsideSessionFolder(what: String, path: String, folder: String)
    case invalidRating(Int)
    /// A variation group holds at most `VariationGroup.maximumSize` takes.
    case groupFull(size: Int)
    /// Undo found no deleted take.
    case nothingToUndo
    /// A file the studio moves (a deleted take's audio) could not be moved; nothing else changed.
    case moveFailed(from: String, to: String, reason: String)
    /// A line of the session's journal (see `SessionJournal`) that is damaged or does not fit
    /// the session file beside it. A damaged last line is not this: it is the save a kill cut
    /// short, and is dropped.
    case corruptJournal(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .malformedJSON(source, line, column, reason):
            return "\(source): line \(line), column \(column): \(reason). The file is not valid JSON; "
                + "fix it in a text editor or restore a backup."
        case let .wrongFormat(source, expected, found):
            let what = found.map { "its \"format\" is \"\($0)\"" } ?? "it has no \"format\" field"
            return "\(source): not a \(expected) file (\(what), expected \"\(expected)\")."
        case let .newerVersion(source, found, supported):
            return "\(source): written by a newer CLIPSonic Studio (format version \(found); this build reads "
                + "version \(supported) and older). Update clipsonic to open it; the file was not changed."
        case let .invalidValue(source, path, problem):
            return "\(source): \(path): \(problem)"
        case let .readFailed(path, reason):
            return "cannot read \(path): \(reason)"
        case let .writeFailed(path, reason):
            return "cannot save \(path): \(reason). The previous version of the file is intact; "
                + "free some space or choose a writable folder and save again."
        case let .encodingFailed(path, reason):
            return "cannot save \(path): \(reason)"
        case let .alreadyExists(path):
            return "\(path) already exists; open it instead, or choose another name."
        case let .takeNotFound(id):
            return "no take with id \(id.uuidString) in this session"
        case let .pairNotFound(id):
            return "no A/B pair with id \(id.uuidString) in this session"
        case let .selfPair(takeID):
            return "take \(takeID.uuidString) cannot be compared with itself; pick two different takes"
        case let .audioMissing(takeID, path):
            return "the audio of take \(takeID.uuidString) is missing (\(path)); it cannot be added to the favourites."
        case let .invalidRating(rating):
            return "a rating is 0 (none) to 5, not \(rating)"
        case let .groupFull(size):
            return "a variation group holds at most \(size) takes; generate a new group for more"
        case .nothingToUndo:
            return "nothing to undo: no take has been deleted in this session"
        case let .moveFailed(from, to, reason):
            return "cannot move \(from) to \(to): \(reason); check the folder's permissions and free space"
        case let .corruptJournal(path, line, reason):
            return "\(path), line \(line): \(reason). The journal holds the changes saved since the session file was "
                + "last written whole; restore a backup of both, or move the journal away to open the session without them."
        case let .outsideSessionFolder(what, path, folder):
            return "\(what) \"\(path)\" is outside the session folder \(folder); a session only uses files inside "
                + "its own folder. Move it into the folder and give its path relative to the folder."
        }
    }
}
