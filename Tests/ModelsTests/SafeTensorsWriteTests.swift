import Foundation
import XCTest
@testable import Models

/// The writer: byte-compatible with the reference library, atomic, readable back.
final class SafeTensorsWriteTests: XCTestCase {
    typealias F = SafeTensorsTestFile

    func testRewritingAPythonFileReproducesItByteForByte() throws {
        // roundtrip.safetensors comes from safetensors.torch.save_file (training/fixtures/gen_weights.py).
        let original = F.fixtures.appendingPathComponent("roundtrip.safetensors")
        let st = try SafeTensors(contentsOf: original)
        var tensors: [String: Tensor] = [:]
        for name in st.names { tensors[name] = try st.tensor(name) }
        let folder = try F.temporaryFolder(self)
        let copy = folder.appendingPathComponent("copy.safetensors")
        try SafeTensors.write(tensors, metadata: st.metadata, to: copy)
        XCTAssertEqual(try Data(contentsOf: copy), try Data(contentsOf: original))
    }

    func testRoundTripKeepsNamesShapesValuesAndMetadata() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("w.safetensors")
        let tensors: [String: Tensor] = [
            "z.last": Tensor(shape: [2, 3], scalars: [1, -2, 3.5, .infinity, -0.0, 1e-40]),
            "a.first": Tensor(shape: [], scalars: [42]),
            "m.empty": Tensor(zeros: [3, 0]),
            "quote\"and\\slash\n": Tensor(shape: [1], scalars: [7]),
        ]
        try SafeTensors.write(tensors, metadata: ["note": "é \"quoted\"", "b": ""], to: url)
        let st = try SafeTensors(contentsOf: url)
        XCTAssertEqual(st.names, tensors.keys.sorted())
        XCTAssertEqual(st.metadata, ["note": "é \"quoted\"", "b": ""])
        for (name, t) in tensors {
            let back = try st.tensor(name)
            XCTAssertEqual(back.shape, t.shape, name)
            XCTAssertEqual(back.scalars.map(\.bitPattern), t.scalars.map(\.bitPattern), name)
        }
        XCTAssertEqual(st.header.dataStart % 8, 0, "the data area must start 8-byte aligned")
    }

    func testViewsAreWrittenWithTheirOwnElementsOnly() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("v.safetensors")
        let base = Tensor(shape: [3, 2], scalars: [0, 1, 2, 3, 4, 5])
        try SafeTensors.write(["row": base[1], "rows": base.rows(1..<3)], to: url)
        let st = try SafeTensors(contentsOf: url)
        XCTAssertEqual(try st.tensor("row").scalars, [2, 3])
        XCTAssertEqual(try st.tensor("rows").scalars, [2, 3, 4, 5])
        XCTAssertEqual(st.metadata, [:])
    }

    func testWriteReplacesAtomicallyAndLeavesNoTemporaryFiles() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("w.safetensors")
        try SafeTensors.write(["a": Tensor(shape: [1], scalars: [1])], to: url)
        let old = try SafeTensors(contentsOf: url)
        let oldTensor = try old.tensor("a")
        try SafeTensors.write(["a": Tensor(shape: [2], scalars: [5, 6])], to: url)
        // The earlier mapping still sees the complete old file (replaced by rename, not rewritten).
        XCTAssertEqual(oldTensor.scalars, [1])
        XCTAssertEqual(try SafeTensors(contentsOf: url).tensor("a").scalars, [5, 6])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["w.safetensors"])
    }

    func testFailedWriteNamesTheFileAndKeepsTheOldOne() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("w.safetensors")
        try SafeTensors.write(["a": Tensor(shape: [1], scalars: [1])], to: url)
        XCTAssertWeightsError(try SafeTensors.write(["__metadata__": Tensor(zeros: [1])], to: url),
                              contains: [url.path, "reserved"])
        let missing = folder.appendingPathComponent("no/such/folder/w.safetensors")
        XCTAssertWeightsError(try SafeTensors.write(["a": Tensor(zeros: [1])], to: missing),
                              contains: [missing.path, "cannot write"])
        XCTAssertEqual(try SafeTensors(contentsOf: url).tensor("a").scalars, [1])
    }

    func testPythonReadsWhatSwiftWrites() throws {
        // Optional cross-check against the reference reader; skipped where python3 with
        // safetensors is not installed.
        guard let python = ["/root/.pyenv/shims/python3", "/usr/bin/python3", "/usr/local/bin/python3"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("python3 not found")
        }
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("w.safetensors")
        try SafeTensors.write(["b": Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), "a": Tensor(shape: [], scalars: [0.5])],
                              metadata: ["k": "v"], to: url)
        let script = """
        import sys
        try:
            from safetensors import safe_open
        except ImportError:
            sys.exit(77)
        with safe_open(sys.argv[1], "np") as f:
            assert f.metadata() == {"k": "v"}, f.metadata()
            assert f.get_tensor("b").tolist() == [[1, 2], [3, 4]]
            assert f.get_tensor("a").tolist() == 0.5
        print("ok")
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if process.terminationStatus == 77 { throw XCTSkip("python3 has no safetensors module") }
        XCTAssertEqual(process.terminationStatus, 0, output)
        XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "ok")
    }
}
