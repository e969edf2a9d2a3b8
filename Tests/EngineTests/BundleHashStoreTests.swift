import XCTest
@testable import Engine
import Models

/// The bundle hashes kept between runs: used while the files are the ones hashed, recomputed
/// when one changes, and never in the way when the store itself is damaged or unwritable.
final class BundleHashStoreTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hash-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// A copy of the tiny bundle of its own, so that changing a file touches no other test.
    private func bundleCopy() throws -> ModelBundle {
        let folder = scratch.appendingPathComponent("bundle")
        try FileManager.default.copyItem(at: try TinyBundle.url.get(), to: folder)
        return try ModelBundle.open(at: folder)
    }

    func testAKeptHashIsUsedUntilAFileChanges() throws {
        let bundle = try bundleCopy()
        let store = BundleHashStore(url: scratch.appendingPathComponent("cache/bundle-hashes.json"))
        let truth = try bundle.contentHash()
        XCTAssertEqual(store.hash(of: bundle), truth)
        XCTAssertEqual(store.load().map(\.hash), [truth], "kept, in a folder made for it")

        // Kept hashes are read, not recomputed: one written over in the file comes back as it is.
        let planted = String(repeating: "a", count: 64)
        try rewriteKeptHash(in: store, to: planted)
        XCTAssertEqual(store.hash(of: bundle), planted)
        // What is not a SHA-256 in hex never reaches a recipe: the bundle is hashed again.
        for foreign in ["A" + String(planted.dropFirst()), String(planted.dropFirst()), planted + "\\n"] {
            try rewriteKeptHash(in: store, to: foreign)
            XCTAssertEqual(store.hash(of: bundle), truth, foreign)
            try rewriteKeptHash(in: store, to: planted)
        }

        // Rewriting a weight file, even with the same bytes, changes its change time: hashed again.
        let weights = try XCTUnwrap(bundle.hashedFiles.first { $0.pathExtension == "safetensors" })
        let bytes = try Data(contentsOf: weights)
        try bytes.write(to: weights)
        XCTAssertEqual(store.hash(of: bundle), truth)
        XCTAssertEqual(store.load().map(\.hash), [truth], "the bundle's one record replaced, not added to")

        var changed = bytes
        changed[changed.count - 1] ^= 0xFF
        try changed.write(to: weights)
        let after = store.hash(of: bundle)
        XCTAssertNotEqual(after, truth)
        XCTAssertEqual(after, try bundle.contentHash())
    }

    func testADamagedOrUnwritableStoreCostsAHashNotATake() throws {
        let bundle = try bundleCopy()
        let truth = try bundle.contentHash()
        let file = scratch.appendingPathComponent("bundle-hashes.json")
        for damage in ["{\"version\": 1, \"bundles\": [", "not json", "{\"version\": 2, \"bundles\": []}", ""] {
            try Data(damage.utf8).write(to: file)
            let store = BundleHashStore(url: file)
            XCTAssertEqual(store.hash(of: bundle), truth, damage)
            XCTAssertEqual(store.load().map(\.hash), [truth], "written anew over \(damage.debugDescription)")
        }
        // Its folder cannot be made (a file stands where it would be): the hash all the same.
        let blocked = BundleHashStore(url: file.appendingPathComponent("inside/bundle-hashes.json"))
        XCTAssertEqual(blocked.hash(of: bundle), truth)
    }

    func testTheStandardPlaceFollowsXDG() {
        XCTAssertEqual(BundleHashStore.standard(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"])?.url.path,
                       "/c/clipsonic/bundle-hashes.json")
        XCTAssertEqual(BundleHashStore.standard(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])?.url.path,
                       "/h/.cache/clipsonic/bundle-hashes.json", "XDG says a relative XDG_CACHE_HOME is ignored")
        XCTAssertNil(BundleHashStore.standard(environment: [:]))
    }

    private func rewriteKeptHash(in store: BundleHashStore, to hash: String) throws {
        let text = try String(contentsOf: store.url, encoding: .utf8)
        let kept = try XCTUnwrap(store.load().first?.hash)
        try text.replacingOccurrences(of: kept, with: hash).write(to: store.url, atomically: true, encoding: .utf8)
    }
}
