import Foundation
import Models
import Playback

/// `generate` and `batch` write each take beside its destination and rename it into place (see
/// `AtomicFile`); a run killed mid-write leaves the hidden temporary file (`.NAME.wav.tmp-3f2a`)
/// in the output folder. The next run there removes those its writer has abandoned, keeping any
/// that a run still going may own.
enum LeftoverTemporaries {
    /// Removes abandoned temporary files of audio takes in each of `folders` (once each), and says
    /// so on standard error, where a `--json` summary on standard output is not disturbed.
    static func removeTakeTemporaries(in folders: [URL]) {
        var seen = Set<String>()
        for folder in folders where seen.insert(folder.standardizedFileURL.path).inserted {
            let sweep = AtomicFile.removeAbandonedTemporaries(in: folder) { name in
                AudioContainer(fileExtension: URL(fileURLWithPath: name).pathExtension) != nil
            }
            if !sweep.removed.isEmpty {
                let count = sweep.removed.count
                let path = folder.path.isEmpty ? "." : folder.path
                FileHandle.standardError.write(Data(("removed \(count) temporary file\(count == 1 ? "" : "s") "
                    + "that an interrupted run left in \(path)\n").utf8))
            }
        }
    }

    /// The folders the temporary files of `destinations` are made in: beside the file (or beside
    /// the file a symbolic link leads to, where a replacement is written), or the naming folder.
    static func folders(of destinations: [TakeDestination]) -> [URL] {
        destinations.map { destination in
            switch destination {
            case let .file(url, replacing):
                let target = replacing ? ((try? AtomicFile.finalTarget(of: url)) ?? url) : url
                return target.deletingLastPathComponent()
            case let .folder(folder, _):
                return folder
            }
        }
    }
}
