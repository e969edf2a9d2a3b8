import Engine
import Foundation
@testable import Session
import XCTest

/// `pathAudit` answers, for every form a stored path can take, what resolving each path and
/// asking the file system would: the plain form from one listing of its folder (the one opening
/// made, then fresh ones), every other form through `SessionFolder.resolve` (issue #17).
final class SessionPathAuditTests: XCTestCase {
    private var folder = URL(fileURLWithPath: "/")
    private var outside = URL(fileURLWithPath: "/")

    override func setUpWithError() throws {
        let root = try makeTemporaryFolder(self)
        folder = root.appendingPathComponent("session")
        outside = root.appendingPathComponent("outside")
        let takes = folder.appendingPathComponent("takes")
        try FileManager.default.createDirectory(at: takes.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        for name in ["present.wav", "sub/deep.wav", "gone-soon.wav"] {
            try Data("audio".utf8).write(to: takes.appendingPathComponent(name))
        }
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.wav"))
        try FileManager.default.createSymbolicLink(atPath: takes.appendingPathComponent("escape.wav").path,
                                                   withDestinationPath: outside.appendingPathComponent("secret.wav").path)
        try FileManager.default.createSymbolicLink(atPath: takes.appendingPathComponent("inside-link.wav").path,
                                                   withDestinationPath: "present.wav")
    }

    private func open(_ paths: [String]) throws -> (SessionStore, [Take]) {
        let takes = paths.map { Take(request: GenerationRequest(prompt: "rain"), audioPath: $0, created: sampleDate) }
        let session = StudioSession(bundlePath: "models/mini", created: sampleDate, takes: takes)
        let file = folder.appendingPathComponent("session.json")
        try session.encoded(source: file.path).write(to: file)
        return (try SessionStore.open(at: file), takes)
    }

    func testEveryFormOfPathIsJudgedAsResolvingWouldJudgeIt() throws {
        let paths = [
            "takes/present.wav",          // plain, there
            "takes/missing.wav",          // plain, not there
            "takes/sub/deep.wav",         // plain, in a folder below
            "./takes/present.wav",        // another spelling of a file that is there
            "takes//present.wav",         // another spelling
            "takes/inside-link.wav",      // a link that stays inside
            "takes/escape.wav",           // a link that leads outside: refused
            "../outside/secret.wav",      // climbs out: refused
            outside.appendingPathComponent("secret.wav").path,  // absolute, outside: refused
            "nowhere/x.wav",              // a folder that is not there
            "takes/gone-soon.wav",
        ]
        let (store, takes) = try open(paths)
        let audit = store.pathAudit()
        let missing = Set(audit.missing)
        let expectedMissing: Set<String> = ["takes/missing.wav", "takes/escape.wav", "../outside/secret.wav",
                                            outside.appendingPathComponent("secret.wav").path, "nowhere/x.wav"]
        let expectedOutside: Set<String> = ["takes/escape.wav", "../outside/secret.wav", outside.appendingPathComponent("secret.wav").path]
        for take in takes {
            XCTAssertEqual(missing.contains(take.id), expectedMissing.contains(take.audioPath), "missing? \(take.audioPath)")
            XCTAssertEqual(audit.outside.contains(take.id), expectedOutside.contains(take.audioPath), "outside? \(take.audioPath)")
        }
        XCTAssertEqual(audit.warnings.count, expectedOutside.count, "\(audit.warnings)")
        // The listing opening made serves one audit; the next one sees the folder as it is now.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("takes/gone-soon.wav"))
        let gone = try XCTUnwrap(takes.last?.id)
        XCTAssertTrue(store.pathAudit().missing.contains(gone))
        XCTAssertEqual(store.missingAudio, audit.missing + [gone])
    }

    func testATakesFolderThatIsGoneMakesEveryTakeInItMissing() throws {
        try FileManager.default.removeItem(at: folder.appendingPathComponent("takes"))
        let (store, takes) = try open(["takes/present.wav", "takes/sub/deep.wav"])
        XCTAssertEqual(store.pathAudit().missing, takes.map(\.id))
        XCTAssertEqual(store.pathAudit().warnings, [])
    }

    /// The plain form is split by the path's bytes: a parent and a name, refused for an absolute
    /// path and for an empty, `.` or `..` component anywhere.
    func testPlainPartsSplitsByBytes() {
        let split: [(String, String, String)] = [
            ("takes/a.wav", "takes", "a.wav"), ("a.wav", "", "a.wav"), ("x/y/z.flac", "x/y", "z.flac"),
            ("tàkes/été 🎵.wav", "tàkes", "été 🎵.wav"), ("...", "", "..."), (".hidden", "", ".hidden"),
            ("a/..b", "a", "..b"), ("a/.b./c", "a/.b.", "c"),
        ]
        for (path, parent, name) in split {
            let parts = SessionFolderSurvey.plainParts(path)
            XCTAssertEqual(parts.map { String($0.parent) }, parent, path)
            XCTAssertEqual(parts.map { String($0.name) }, name, path)
        }
        for refused in ["", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "../a", "a/..", "a/../b", ".", ".."] {
            XCTAssertNil(SessionFolderSurvey.plainParts(refused), refused)
        }
        // Recovery's byte-wise shortcut names exactly the files plainParts puts in the folder.
        let paths = split.map(\.0) + ["takes/a.wav", "takes/.", "takes/..", "takes/", "takes//a.wav", "takes/sub/a.wav",
                                       "takes/...", "takes/.x", "takesx/a.wav", "/takes/a.wav", "takes/é.wav", "x/takes/a.wav"]
        for path in paths {
            let expected = SessionFolderSurvey.plainParts(path).flatMap { $0.parent == "takes" ? String($0.name) : nil }
            XCTAssertEqual(SessionStore.plainName(path, after: Array("takes/".utf8)), expected, path)
            let atTop = SessionFolderSurvey.plainParts(path).flatMap { $0.parent.isEmpty ? String($0.name) : nil }
            XCTAssertEqual(SessionStore.plainName(path, after: []), atTop, path)
        }
    }
}
