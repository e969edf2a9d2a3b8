import ArgumentParser
import Engine
import Foundation
import Models
import Playback
import Session

/// `clipsonic search SESSION TEXT`: a session's takes ranked by how well their sound matches a
/// text, heard by the bundle's audio encoder. The session is only read (it may be open in the
/// studio), and a take's file is read only if it lies inside the session folder.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank a session's takes by how well their sound matches a text (needs a bundle with an audio encoder).",
        discussion: """
            Each take's audio is read, turned into the bundle's log-mel and embedded by the audio \
            encoder; the text is embedded through the prior (seed 0) when the bundle has one, else \
            by CLIP's text tower. Takes are listed best first with the cosine between the two. A \
            take whose file is missing or lies outside the session folder is listed as skipped.
            """)

    @Argument(help: "A session folder (its session.json is read) or a session file.")
    var session: String

    @Argument(help: "What to look for, e.g. \"a bell\".")
    var text: String

    @Option(help: "List only the N best takes.")
    var top: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Model bundle folder (default: the session's bundle, else found as for every command).",
                                            valueName: "dir"))
    var bundle: String?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1, found \(top)") }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("give a text to search for, e.g. clipsonic search SESSION \"a bell\"")
        }
    }

    func run() throws {
        let file = sessionFile
        let loaded: StudioSession
        do { loaded = try SessionStore.load(at: file) } catch {
            throw CLIError("\(error)", exitCode: CLIError.dataError)
        }
        let engine: GenerationEngine
        do { engine = try GenerationEngine(bundleAt: try bundleURL(for: loaded, sessionFile: file), hashStore: .standard()) } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
        engine.audioReader = AudioFile.engineReader
        guard engine.hasAudioEncoder else {
            throw CLIError("search hears takes with an audio encoder, and bundle \(engine.bundle.displayName) has none; "
                           + "pass --bundle DIR with a bundle that has an audio_encoder component (clipsonic info DIR lists them)")
        }
        let files = SessionStore.audioFiles(of: loaded, sessionFile: file)
        let candidates = files.enumerated().map { index, entry in
            switch entry.file {
            case .success(let url): SoundSearch<Int>.Candidate(id: index, source: .file(url.path))
            case .failure(let error): SoundSearch<Int>.Candidate(id: index, source: .refused(error.description))
            }
        }
        let interrupt = InterruptWatch()
        let result: SoundSearch<Int>
        do { result = try engine.search(text: text, candidates: candidates, control: interrupt.control) } catch {
            throw CLIError("\(error)")
        }
        let shown = top.map { Array(result.ranked.prefix($0)) } ?? result.ranked
        if json {
            print(JSONWriter.text(.object([
                "query": .string(text),
                "session": .string(file.path),
                "bundle": .string(engine.bundle.manifest.name),
                "takes": .array(shown.enumerated().map { place, hit in
                    .object(describe(files[hit.id].take, number: hit.id + 1).merging([
                        "rank": .int(place + 1), "score": .number(TakeRecipe.scoreText(hit.score)),
                    ]) { $1 })
                }),
                "skipped": .array(result.skipped.map { skip in
                    .object(describe(files[skip.id].take, number: skip.id + 1).merging(["reason": .string(skip.reason)]) { $1 })
                }),
            ]), style: .pretty))
        } else {
            print("\"\(text)\" in \(file.path): \(result.ranked.count) take\(result.ranked.count == 1 ? "" : "s") heard, "
                  + "bundle \(engine.bundle.manifest.name)")
            for (place, hit) in shown.enumerated() {
                let take = files[hit.id].take
                print(String(format: "%3d. %@  take %d  %@  (%@, seed %llu) %@", place + 1, TakeRecipe.scoreText(hit.score),
                             hit.id + 1, take.audioPath, take.request.mode.rawValue, take.request.seed, take.request.prompt))
            }
            for skip in result.skipped { print("skipped take \(skip.id + 1): \(skip.reason)") }
        }
        if interrupt.interrupted { throw CLIError("interrupted", exitCode: interrupt.exitCode) }
    }

    /// A session folder means its `session.json`.
    var sessionFile: URL {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: session)
        if FileManager.default.fileExists(atPath: session, isDirectory: &isDirectory), isDirectory.boolValue {
            return url.appendingPathComponent(StudioSession.defaultFileName)
        }
        return url
    }

    /// `--bundle`, else the session's own bundle if it is still there, else the usual search.
    private func bundleURL(for session: StudioSession, sessionFile: URL) throws -> URL {
        if bundle == nil {
            let own = SessionPath.resolve(session.bundlePath, sessionFolder: sessionFile.deletingLastPathComponent())
            if FileManager.default.fileExists(atPath: own.appendingPathComponent("bundle.json").path) { return own }
        }
        do { return try BundleLocator().locate(explicit: bundle) } catch { throw CLIError(error.description) }
    }

    /// What identifies a take in the JSON output.
    private func describe(_ take: Take, number: Int) -> [String: JSONValue] {
        ["take": .int(number), "id": .string(take.id.uuidString), "file": .string(take.audioPath),
         "mode": .string(take.request.mode.rawValue), "seed": .int(Int(take.request.seed)), "prompt": .string(take.request.prompt)]
    }
}
