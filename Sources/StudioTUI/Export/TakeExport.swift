import Engine
import Foundation
import Models
import Playback

/// Writes a take's audio to a file the user names, WAV or FLAC by its extension, with the take's
/// recipe in the tags (`clipsonic info FILE` reads it back, `generate --from FILE` remakes it).
/// The file appears whole or not at all (`AudioFile.write` stages it beside the destination and
/// renames it into place), and an existing file is replaced only when asked.
public enum TakeExport {
    /// `path` as typed: `~` is the home folder; a relative path is relative to `base` (the folder
    /// the studio was started in).
    public static func destination(_ path: String, base: URL) -> URL {
        if path == "~" || path.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"].map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            return path == "~" ? home : home.appendingPathComponent(String(path.dropFirst(2))).standardizedFileURL
        }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return base.appendingPathComponent(path).standardizedFileURL
    }

    /// Writes `audio` (the take's file, already checked to lie in its session) to `destination`.
    /// The recipe is the one in the take's own tags when they hold one (with the bundle's hash),
    /// else `fallback`; the date is the take's own.
    public static func write(from audio: URL, to destination: URL, replacing: Bool,
                             fallback: TakeRecipe) throws(StudioError) {
        let exists = "\(destination.path) already exists; use :export! PATH to replace it, or another name"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw .audio("\(destination.path) is a folder; give a file name ending in .wav or .flac") }
            if !replacing { throw .audio(exists) }
        }
        do {
            _ = try AudioContainer.of(destination)
            try RegularFile.requireRegular(audio.path)
            let buffer = try AudioFile.read(audio)
            let source = (try? AudioFile.readMetadata(audio))?.tags
            var tags = AudioTags(recipe: source?.recipe ?? fallback)
            // The export says when the take was made, not when it was copied, so exporting a
            // take twice gives the same file.
            if let made = source?.date, !made.isEmpty { tags.date = made }
            // A writer killed before its rename leaves a hidden temporary file; it is ours to remove.
            if let target = try? AtomicFile.finalTarget(of: destination) { AtomicFile.removeStaleTemporaries(besides: target) }
            try AudioFile.write(buffer, to: destination, options: .init(sampleFormat: .int16, tags: tags,
                                                                      replaceExisting: replacing))
        } catch let error as AudioFileError {
            if case .alreadyExists = error { throw .audio(exists) }
            throw .audio("cannot export to \(destination.path): \(error)")
        } catch {
            throw .audio("cannot export \(audio.path): \(error)")
        }
    }
}
