import Foundation

/// How files are recorded in a session: relative to the session file's folder when inside it, so
/// that a session folder can be moved or copied whole, and absolute otherwise (the bundle).
/// `resolve` trusts the path: files that the studio copies or writes go through
/// `SessionStore`, which keeps them inside the session folder.
public enum SessionPath {
    public static func stored(_ file: URL, sessionFolder: URL) -> String {
        let fileParts = file.standardizedFileURL.pathComponents
        let folderParts = sessionFolder.standardizedFileURL.pathComponents
        if fileParts.count > folderParts.count, Array(fileParts.prefix(folderParts.count)) == folderParts {
            return fileParts.dropFirst(folderParts.count).joined(separator: "/")
        }
        return file.standardizedFileURL.path
    }

    public static func resolve(_ stored: String, sessionFolder: URL) -> URL {
        if stored.hasPrefix("/") { return URL(fileURLWithPath: stored).standardizedFileURL }
        return sessionFolder.appendingPathComponent(stored).standardizedFileURL
    }
}
