import Engine
import Foundation
import Session

/// What a large session costs the studio (issue #17): opening a session of 100,000 takes, and
/// saving one key press (a rating, a star flag, a note) in it. Targets: open ≤ 1 s, a key press
/// saved ≤ 20 ms. The session lives in a temporary folder, on the disk the temporary folder is on.
enum SessionBench {
    static let takeCount = 100_000
    static let presses = 100
    /// Openings measured; `CLIPSONIC_BENCH_OPENS=N` for a steadier median on a noisy machine.
    static var openings: Int {
        max(1, Int(ProcessInfo.processInfo.environment["CLIPSONIC_BENCH_OPENS"] ?? "") ?? 3)
    }

    static func run() -> [BenchRow] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-bench-session-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(StudioSession.defaultFileName)
        do {
            let session = makeSession()
            // The takes' files are there, as in a studio's session: opening looks through the
            // takes folder for audio the session does not list (crash recovery).
            let files = try seconds { try makeTakeFiles(of: session, in: folder) }
            print("session: \(2 * takeCount) empty take and sidecar files made in \(milliseconds(files))")
            let create = try seconds { _ = try SessionStore.create(at: file, session: session) }
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            print("session: \(takeCount) takes, \(size / 1_000_000) MB, created in \(milliseconds(create))")
            var opens: [Double] = []
            // What the studio does before its first screen: open (journal, recovery) and look
            // at where every take's audio is.
            // Where it goes: reading the files into a session (parse, decode, checks), then
            // what opening adds (journal, recovery), then the audit.
            var reads: [Double] = [], stores: [Double] = [], audits: [Double] = []
            for _ in 0..<openings {
                var opened: SessionStore?
                reads.append(try seconds { _ = try SessionStore.load(at: file) })
                stores.append(try seconds { opened = try SessionStore.open(at: file) })
                audits.append(seconds { _ = opened?.pathAudit() })
                opens.append(stores[stores.count - 1] + audits[audits.count - 1])
            }
            let store = try SessionStore.open(at: file)
            var generator = SplitMix(seed: 17)
            var saves: [Double] = []
            for press in 0..<presses {
                let id = store.session.takes[Int(generator.next() % UInt64(takeCount))].id
                saves.append(try seconds {
                    switch press % 3 {
                    case 0: try store.setRating(press % 6, forTake: id)
                    case 1: try store.update { session throws(SessionError) in try session.setFavourite(press % 2 == 0, forTake: id) }
                    default: try store.setNote("press \(press)", forTake: id)
                    }
                })
            }
            // Opening again replays whatever the saves left beside the session file.
            let reopen = try seconds { _ = try SessionStore.open(at: file).pathAudit() }
            print("session: open median \(milliseconds(median(opens))), worst \(milliseconds(opens.max() ?? 0)); "
                  + "after \(presses) presses \(milliseconds(reopen))")
            print("session: of which reading the files \(milliseconds(median(reads))), opening (reading, journal, recovery) "
                  + "\(milliseconds(median(stores))), the paths' audit \(milliseconds(median(audits))) (medians)")
            print("session: key press saved, median \(milliseconds(median(saves))), worst \(milliseconds(saves.max() ?? 0))")
            return [
                BenchRow(name: "session: open \(takeCount) takes (median of \(openings))", seconds: median(opens),
                         gflops: 1 / median(opens), reference: "target 1 s (opens/s)", referenceGflops: 1),
                BenchRow(name: "session: one key press saved, \(takeCount) takes (median of \(presses))",
                         seconds: median(saves), gflops: 1 / median(saves), reference: "target 20 ms (saves/s)",
                         referenceGflops: 50),
                BenchRow(name: "session: one key press saved, \(takeCount) takes (worst of \(presses))",
                         seconds: saves.max() ?? 0, gflops: 1 / (saves.max() ?? 1), reference: "target 20 ms (saves/s)",
                         referenceGflops: 50),
            ]
        } catch {
            print("  (session benchmark failed: \(error))")
            return []
        }
    }

    /// Takes like the studio's: a prompt, a WAV and its sidecar under takes/, timings, some notes.
    static func makeSession() -> StudioSession {
        var generator = SplitMix(seed: 3)
        let start = SessionTimestamp.normalized(Date(timeIntervalSince1970: 1_780_000_000))
        let takes = (0..<takeCount).map { index -> Take in
            let request = GenerationRequest(prompt: "rain on a tin roof \(index)",
                                            seed: generator.next() >> 32, duration: 5)
            return Take(id: UUID(), request: request, audioPath: "takes/take-\(index).wav",
                        sidecarPath: "takes/take-\(index).json",
                        timings: StageTimings(encoding: 0.125, prior: 1.5, denoising: 12.25, vocoding: 0.75),
                        created: start.addingTimeInterval(Double(index) * 7.5), duration: 5,
                        note: index % 10 == 0 ? "keep this one" : "", rating: index % 6)
        }
        return StudioSession(bundlePath: "models/mini", created: start, takes: takes)
    }

    /// Empty files where the takes' audio and sidecars would be: what opening looks at is their
    /// names and kinds, not their contents.
    static func makeTakeFiles(of session: StudioSession, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("takes"), withIntermediateDirectories: true)
        for take in session.takes {
            for path in [take.audioPath, take.sidecarPath].compactMap({ $0 }) {
                let descriptor = open(folder.appendingPathComponent(path).path, O_CREAT | O_WRONLY | O_EXCL, 0o644)
                guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
                close(descriptor)
            }
        }
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }
}

/// A small seeded generator, so that every run presses the same takes.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
