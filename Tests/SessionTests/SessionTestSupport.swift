import Engine
import Foundation
@testable import Session
import XCTest

/// A fresh folder under the system's temporary folder, removed when the test ends.
func makeTemporaryFolder(_ test: XCTestCase, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("clipsonic-session-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock {
        // Restore write permission first in case a test made the folder read-only.
        _ = chmod(folder.path, 0o755)
        try? FileManager.default.removeItem(at: folder)
    }
    return folder
}

/// A fixed point in time at session precision.
let sampleDate = SessionTimestamp.parse("2024-05-01T12:30:00.250Z") ?? Date(timeIntervalSince1970: 0)

/// A session with every field set to something other than its default.
func makeFullSession() -> StudioSession {
    let request = GenerationRequest(prompt: "rain on a tin roof", imagePath: "/pictures/roof.png", mode: .mix,
                                    imageWeight: 0.25, negativePrompt: "wind", guidanceScale: 4.5,
                                    priorGuidanceScale: 2, priorCandidates: 3, steps: 30, sampler: .ddim,
                                    seed: 4_294_967_295, duration: 4.5)
    let takeA = Take(id: UUID(uuidString: "00000000-0000-0000-0000-00000000000A") ?? UUID(), request: request,
                     audioPath: "takes/rain.wav", sidecarPath: "takes/rain.json",
                     timings: StageTimings(encoding: 0.125, prior: 1.5, denoising: 12.25, vocoding: 0.75),
                     created: sampleDate, duration: 4.5, isFavourite: true, favouriteCopyPath: "favourites/rain.wav",
                     note: "keep \"this\" one\nsecond line ☔")
    var otherRequest = request
    otherRequest.mode = .zeroShot
    otherRequest.imagePath = nil
    let takeB = Take(id: UUID(uuidString: "00000000-0000-0000-0000-00000000000B") ?? UUID(), request: otherRequest,
                     audioPath: "/elsewhere/rain-zs.flac", created: sampleDate.addingTimeInterval(61.5), duration: 4)
    let pair = ABPair(id: UUID(uuidString: "00000000-0000-0000-0000-0000000000AB") ?? UUID(),
                      takeA: takeA.id, takeB: takeB.id, preferred: .b, switchCount: 7)
    let settings = StudioSettings(request: request, seedPolicy: .locked, themeName: "high-contrast",
                                  deviceName: "hw:1,0", outputFolder: "/music/clipsonic")
    return StudioSession(bundlePath: "models/mini", created: sampleDate, modified: sampleDate.addingTimeInterval(120),
                         settings: settings, takes: [takeA, takeB], abPairs: [pair],
                         favouritesFolder: "stars", seedHistory: [1, 42, 4_294_967_295])
}

/// The bytes of a JSON document written as a Swift string.
func bytes(_ text: String) -> Data { Data(text.utf8) }

/// Parses `text` as a session and returns the error's message, failing the test if it parses.
func sessionErrorMessage(_ text: String, source: String = "session.json",
                         file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        _ = try StudioSession.parse(data: bytes(text), source: source)
        XCTFail("expected the session to be refused", file: file, line: line)
        return ""
    } catch {
        return error.description
    }
}

/// A minimal valid session document with `takes` spliced in.
func sessionJSON(takes: String = "[]", extra: String = "") -> String {
    """
    {"format": "clipsonic-session", "version": 1, "bundlePath": "models/mini",
     "created": "2024-05-01T12:30:00.250Z", "takes": \(takes)\(extra)}
    """
}

/// A take whose fields are all valid; `request` replaces its request object.
func takeJSON(id: String = "00000000-0000-0000-0000-000000000001", request: String = "{\"seed\": 7}") -> String {
    """
    {"id": "\(id)", "request": \(request), "audioPath": "takes/a.wav", "created": "2024-05-01T12:30:00Z"}
    """
}
