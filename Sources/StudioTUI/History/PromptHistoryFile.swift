import Foundation
import Models

/// Where the prompt history lives and how it is read and written: `$XDG_DATA_HOME/clipsonic/
/// prompt-history.json` (XDG's default `~/.local/share`), written atomically after each prompt.
/// A file that cannot be read is left as it is, and the history is not saved this run, so a
/// damaged file is never replaced by a shorter one without the user knowing.
public final class PromptHistoryFile {
    public static let maximumFileSize = 4 << 20

    public let url: URL
    public private(set) var history: PromptHistory
    /// False when the file exists but could not be read: nothing is written over it.
    public private(set) var isWritable: Bool

    /// The usual place, from the environment; nil when neither XDG_DATA_HOME (absolute) nor HOME is set.
    public static func standardURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        XDGBaseDirectory.data.url(environment: environment)?.appendingPathComponent("clipsonic/prompt-history.json")
    }

    /// Reads the history at `url`; a missing file is an empty history. Returns why the file could
    /// not be read, if it could not, for the studio to say.
    public init(url: URL) {
        self.url = url
        var problem: String?
        do {
            let data = try RegularFile.contents(url.path, limit: Self.maximumFileSize)
            history = try PromptHistory.parse(data: data, source: url.path)
        } catch let error as RegularFileError where error.code == ENOENT {
            history = PromptHistory()
        } catch {
            history = PromptHistory()
            problem = "prompt history not used this run: \(error). Fix or remove the file to keep a history."
        }
        loadProblem = problem
        isWritable = problem == nil
    }

    /// Why the file was not read, if it was not.
    public let loadProblem: String?

    /// Records `prompt` and saves; returns why the save failed, if it did.
    @discardableResult
    public func record(_ prompt: String) -> String? {
        let before = history
        history.record(prompt)
        guard isWritable, history != before else { return nil }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.replace(url, with: history.encoded())
            return nil
        } catch {
            return "prompt history not saved (\(url.path)): \(error)"
        }
    }
}
