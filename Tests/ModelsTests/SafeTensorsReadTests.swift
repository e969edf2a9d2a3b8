import Foundation
import XCTest
@testable import Models

/// Reading files written by the reference Python library, and memory mapping.
final class SafeTensorsReadTests: XCTestCase {
    typealias F = SafeTensorsTestFile

    var dtypesURL: URL { F.fixtures.appendingPathComponent("dtypes.safetensors") }

    /// Bit patterns, so that NaN, -0 and subnormals compare exactly.
    func bits(_ t: Tensor) -> [UInt32] { t.scalars.map(\.bitPattern) }

    func testEveryDTypeMatchesTorchsFloat32ConversionExactly() throws {
        // Fixture: training/fixtures/gen_weights.py; "<name>_as_f32" is torch's `t[name].float()`.
        let st = try SafeTensors(contentsOf: dtypesURL)
        XCTAssertEqual(st.metadata, ["generator": "gen_weights.py"])
        let expectedDTypes: [String: SafeTensorsDType] = [
            "f16": .f16, "bf16": .bf16, "f64": .f64, "f8_e4m3": .f8e4m3, "f8_e5m2": .f8e5m2, "i64": .i64,
            "i32": .i32, "i16": .i16, "i8": .i8, "u8": .u8, "bool": .bool]
        for (name, dtype) in expectedDTypes {
            XCTAssertEqual(try st.info(name).dtype, dtype, name)
            let converted = try st.tensor(name)
            let reference = try st.tensor(name + "_as_f32")
            XCTAssertEqual(converted.shape, reference.shape, name)
            XCTAssertEqual(bits(converted), bits(reference), "\(name) differs from torch's float32 conversion")
        }
    }

    func testF16AndBF16SpecialValues() throws {
        let st = try SafeTensors(contentsOf: dtypesURL)
        let f16 = try st.tensor("f16").scalars
        // gen_weights.py specials_f16(): 0, -0, 1, 65504, -65504, 2^-14, 2^-24, -2^-24, 0x155 * 2^-24, inf, -inf, nan
        XCTAssertEqual(Array(f16.prefix(11)), [0, -0, 1, 65504, -65504, 0x1p-14, 0x1p-24, -0x1p-24,
                                               Float(0x155) * 0x1p-24, .infinity, -.infinity])
        XCTAssertEqual(f16[1].sign, .minus)
        XCTAssertTrue(f16[11].isNaN)
        let bf16 = try st.tensor("bf16").scalars
        XCTAssertEqual(try st.info("bf16").shape, [2, 4, 4])
        XCTAssertEqual(Array(bf16.prefix(10)), [0, -0, 1, Float(bitPattern: 0x7F7F_0000), -Float(bitPattern: 0x7F7F_0000),
                                                0x1p-126, Float(bitPattern: 0x0001_0000), -Float(bitPattern: 0x0001_0000),
                                                .infinity, -.infinity])
        XCTAssertTrue(bf16[10].isNaN)
    }

    func testScalarAndEmptyTensors() throws {
        let st = try SafeTensors(contentsOf: dtypesURL)
        let scalar = try st.tensor("scalar")
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.scalars, [2.5])
        XCTAssertEqual(try st.tensor("empty").shape, [0, 3])
    }

    func testMappedF32IsBorrowedNotCopied() throws {
        let st = try SafeTensors(contentsOf: dtypesURL)
        let info = try st.info("f32")
        let t = try st.tensor("f32")
        let expected = try XCTUnwrap(st.bytes.base) + st.header.dataStart + info.byteRange.lowerBound
        XCTAssertEqual(UnsafeRawPointer(t.pointer), expected, "F32 data must be used in place")
        XCTAssertTrue(t.storage.base == UnsafeMutableRawPointer(mutating: expected).assumingMemoryBound(to: Float.self))
        // Two reads share the same memory.
        XCTAssertEqual(try st.tensor("f32").pointer, t.pointer)
    }

    /// Handing a mapping's pages back (the engine does between stages) loses nothing: a tensor
    /// borrowed from it reads the same values afterwards, from the page cache.
    func testReleasedPagesReadTheSameValues() throws {
        let st = try SafeTensors(contentsOf: dtypesURL)
        let t = try st.tensor("f32")
        let before = bits(t)
        st.bytes.releaseResidentPages()
        XCTAssertEqual(bits(t), before)
        XCTAssertEqual(bits(try st.tensor("f32")), before)
        st.bytes.releaseResidentPages(of: UnsafeRawPointer(t.pointer), byteCount: t.count * 4)
        XCTAssertEqual(bits(t), before)
        // A converted tensor is a copy in the program's own memory: asked to release it, the
        // mapping leaves it alone (MADV_DONTNEED would zero it).
        let copy = try st.tensor("f16")
        let copied = bits(copy)
        XCTAssertTrue(copied.contains { $0 != 0 })
        st.bytes.releaseResidentPages(of: UnsafeRawPointer(copy.pointer), byteCount: copy.count * 4)
        XCTAssertEqual(bits(copy), copied)
        let page = Tensor(zeros: [4096])
        for i in 0..<page.count { page.pointer[i] = Float(i) }
        st.bytes.releaseResidentPages(of: UnsafeRawPointer(page.pointer), byteCount: page.count * 4)
        XCTAssertEqual(page.pointer[4095], 4095)
    }

    func testTensorOutlivesTheSafeTensorsValue() throws {
        var t: Tensor?
        do {
            let st = try SafeTensors(contentsOf: dtypesURL)
            t = try st.tensor("f32")
        }
        // The storage keeps the mapping alive.
        XCTAssertEqual(try XCTUnwrap(t).count, 15)
        XCTAssertTrue(try XCTUnwrap(t).scalars.allSatisfy(\.isFinite))
    }

    func testEmptyFileOnDisk() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("empty.safetensors")
        FileManager.default.createFile(atPath: url.path, contents: Data())
        XCTAssertWeightsError(try SafeTensors(contentsOf: url), contains: [url.path, "truncated", "0 bytes"])
    }

    func testTruncatedFileOnDisk() throws {
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("cut.safetensors")
        let whole = try Data(contentsOf: dtypesURL)
        try whole.prefix(whole.count - 100).write(to: url)
        XCTAssertWeightsError(try SafeTensors(contentsOf: url), contains: [url.path, "truncated", "the data area has only"])
    }

    func testMissingFileAndDirectory() throws {
        let folder = try F.temporaryFolder(self)
        let missing = folder.appendingPathComponent("none.safetensors")
        XCTAssertWeightsError(try SafeTensors(contentsOf: missing), contains: [missing.path, "cannot read", "No such file"])
        XCTAssertWeightsError(try SafeTensors(contentsOf: folder), contains: [folder.path, "not a regular file"])
    }

    func testLargeFileOpensWithoutReadingItsData() throws {
        // A 300 MB F32 tensor in a sparse file: opening maps it and parses the header only.
        let folder = try F.temporaryFolder(self)
        let url = folder.appendingPathComponent("big.safetensors")
        let count = 75_000_000
        let header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[\(count)],\"data_offsets\":[0,\(count * 4)]}}"
        let bytes = F.bytes(header: header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8))
        FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(bytes.count + count * 4))
        try handle.close()

        let start = DispatchTime.now()
        let st = try SafeTensors(contentsOf: url)
        let t = try st.tensor("w")
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        print("opened a 300 MB safetensors file and took its tensor in \(String(format: "%.3f", ms)) ms")
        XCTAssertEqual(t.count, count)
        XCTAssertEqual(t.pointer[count - 1], 0)
    }
}
