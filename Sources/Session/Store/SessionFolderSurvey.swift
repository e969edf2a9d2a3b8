import Foundation

/// Many of a session's stored paths checked at once, each to the same answer `SessionFolder.resolve`
/// and a file-existence check would give, but at the cost of a lookup for the plain form a
/// session writes ("takes/take-12.wav"): each folder is resolved and listed once (issue #17).
/// A path in any other form, and a name that is a symbolic link or not a plain file or folder,
/// goes through `resolve` itself.
struct SessionFolderSurvey {
    enum Finding {
        case present
        case absent
        case refused(SessionError)
    }

    private let boundary: SessionFolder
    /// Each plain parent ("takes", "" for the folder itself): inside the boundary and listed,
    /// inside but unlistable (nil listing), or not plainly inside (nil entry: use `resolve`).
    private var parents: [Substring: Parent?] = [:]

    private struct Parent {
        let listing: FolderListing?
        /// The folder is not there (a session whose takes folder was deleted): nor is any name in it.
        let isMissing: Bool
    }

    /// Folders listed already, by resolved path (see `SessionStore.openingListing`).
    private let listed: [String: FolderListing]

    init(_ boundary: SessionFolder, listed: [String: FolderListing] = [:]) {
        self.boundary = boundary
        self.listed = listed
    }

    /// The plain form: relative, no empty, `.` or `..` component. Returns the parent part and
    /// the name.
    static func plainParts(_ stored: String) -> (parent: Substring, name: Substring)? {
        // Walked as UTF-8 (the separator and dots are ASCII): walking Characters was most of
        // looking through 200,000 names when a session of 100,000 takes opens (issue #17).
        let utf8 = stored.utf8
        guard let first = utf8.first, first != UInt8(ascii: "/") else { return nil }
        var parentEnd = utf8.startIndex
        var componentStart = utf8.startIndex
        var index = utf8.startIndex
        while true {
            let atEnd = index == utf8.endIndex
            if atEnd || utf8[index] == UInt8(ascii: "/") {
                let length = utf8.distance(from: componentStart, to: index)
                if length == 0 { return nil }
                if length <= 2, utf8[componentStart] == UInt8(ascii: "."),
                   length == 1 || utf8[utf8.index(after: componentStart)] == UInt8(ascii: ".") { return nil }
                if atEnd { return (stored[stored.startIndex..<parentEnd], stored[componentStart..<index]) }
                parentEnd = index
                componentStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
    }

    /// Where `stored` stands; `what` names it in a refusal ("the audio of take 3").
    mutating func check(_ stored: String, what: @autoclosure () -> String) -> Finding {
        if let (parentPart, name) = Self.plainParts(stored), let parent = parent(parentPart) {
            if parent.isMissing { return .absent }
            switch parent.listing?.kinds[String(name)] {
            case nil where parent.listing != nil: return .absent
            case .regular?, .directory?: return .present
            default: break  // a link, something else, or a folder that could not be listed
            }
        }
        do {
            let url = try boundary.resolve(stored, what: what())
            return FileManager.default.fileExists(atPath: url.path) ? .present : .absent
        } catch {
            return .refused(error)
        }
    }

    /// The parent folder, resolved and listed the first time it is asked for.
    private mutating func parent(_ part: Substring) -> Parent? {
        if let known = parents[part] { return known }
        let found: Parent?
        if let url = try? boundary.resolve(part.isEmpty ? "." : String(part), what: "a folder") {
            let listing = listed[url.path] ?? FolderListing(path: url.path)
            found = Parent(listing: listing, isMissing: listing == nil && !FileManager.default.fileExists(atPath: url.path))
        } else {
            found = nil
        }
        parents[part] = .some(found)
        return found
    }
}
