import XCTest
@testable import Models

/// The parser's validation, on hand-made files whose headers lie in every way the format allows.
final class SafeTensorsParseTests: XCTestCase {
    let source = "models/x/unet.safetensors"
    typealias F = SafeTensorsTestFile

    func parse(_ bytes: [UInt8]) throws -> SafeTensors {
        try SafeTensors.parse(bytes: bytes, source: source)
    }

    func testValidFileWithMetadata() throws {
        let header = #"{"__metadata__":{"k":"v"},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]},"#
            + #""a":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}"#
        let st = try parse(F.bytes(header: header, data: F.floats([1, 2, 3, 4])))
        XCTAssertEqual(st.names, ["a", "b"])
        XCTAssertEqual(st.metadata, ["k": "v"])
        XCTAssertEqual(try st.info("a").shape, [1, 2])
        XCTAssertEqual(try st.info("a").dtype, .f32)
        XCTAssertEqual(try st.tensor("a").scalars, [1, 2])
        XCTAssertEqual(try st.tensor("b").scalars, [3, 4])
    }

    func testEmptyFileIsTruncated() {
        XCTAssertWeightsError(try parse([]), contains: [source, "truncated", "0 bytes"])
    }

    func testFileShorterThanLengthFieldIsTruncated() {
        XCTAssertWeightsError(try parse([1, 2, 3]), contains: [source, "truncated", "3 bytes"])
    }

    func testHeaderLongerThanFileIsTruncated() {
        let bytes = F.bytes(header: "{}", length: 1000)
        XCTAssertWeightsError(try parse(bytes), contains: [source, "truncated", "says 1000 bytes", "only 2 bytes"])
    }

    func testTruncatedData() {
        let header = #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        let bytes = F.bytes(header: header, data: F.floats([1, 2, 3]))
        XCTAssertWeightsError(try parse(bytes), contains: [source, "truncated", "tensor w", "[0, 16)", "only 12 bytes"])
    }

    func testHeaderOver100MBIsRejectedWithoutAllocating() {
        // Only the length field claims 100 MB + 1; the file itself is 10 bytes.
        let bytes = F.bytes(header: "{}", length: 100_000_001)
        XCTAssertWeightsError(try parse(bytes), contains: [source, "100000001", "100 MB"])
        let huge = F.bytes(header: "{}", length: UInt64.max)
        XCTAssertWeightsError(try parse(huge), contains: [source, "exceeds the 100 MB limit"])
    }

    func testOffsetsInconsistentWithShape() {
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#
        XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1, 2, 3, 4]))),
                              contains: [source, "tensor w", "span 16 bytes", "F32 shape [3] needs 12"])
    }

    func testOffsetsThatEndBeforeTheyBegin() {
        let header = #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#
        XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1, 2, 3]))),
                              contains: [source, "tensor w", "end before they begin"])
    }

    func testOverlappingTensors() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1, 2, 3]))),
                              contains: [source, "tensors a and b overlap", "[0, 8)", "[4, 12)"])
    }

    func testTensorInsideAnotherOverlaps() {
        let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"#
            + #""b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"#
            + #""c":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1, 2, 3, 4]))),
                              contains: [source, "tensors a and b overlap"])
    }

    func testEmptyTensorsAndGapsAreAllowed() throws {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""e":{"dtype":"F16","shape":[0,5],"data_offsets":[2,2]},"#
            + #""b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        let st = try parse(F.bytes(header: header, data: F.floats([1, 2, 3])))
        XCTAssertEqual(try st.tensor("e").shape, [0, 5])
        XCTAssertEqual(try st.tensor("b").scalars, [3])
    }

    func testUnknownDType() {
        let header = #"{"w":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}}"#
        XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1]))),
                              contains: [source, "tensor w", "unknown dtype \"F12\""])
    }

    func testMalformedJSON() {
        for header in [#"{"w":{"dtype":"F32""#, "{,}", "[1, 2]", "not json", #"{"a":1}x"#, "{\"a\":01}"] {
            XCTAssertWeightsError(try parse(F.bytes(header: header)),
                                  contains: [source, "malformed safetensors header"])
        }
    }

    func testDuplicateTensorNamesAreMalformed() {
        let entry = #"{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#
        XCTAssertWeightsError(try parse(F.bytes(header: "{\"w\":\(entry),\"w\":\(entry)}", data: F.floats([1]))),
                              contains: [source, "duplicate key \"w\""])
    }

    func testNegativeAndNonIntegerDimensions() {
        let cases = [(#"[-1]"#, "shape[0] is -1"), (#"[1.5]"#, "shape[0] is a number"),
                     (#"["2"]"#, "shape[0] is a string"), (#"[1e0]"#, "shape[0] is a number"),
                     (#"2"#, "shape is an integer")]
        for (shape, problem) in cases {
            let header = "{\"w\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,4]}}"
            XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1]))),
                                  contains: [source, "tensor w", problem])
        }
    }

    func testMissingAndMistypedFields() {
        let cases = [(#"{"shape":[1],"data_offsets":[0,4]}"#, "dtype is missing"),
                     (#"{"dtype":"F32","data_offsets":[0,4]}"#, "shape is missing"),
                     (#"{"dtype":"F32","shape":[1]}"#, "data_offsets is missing"),
                     (#"{"dtype":"F32","shape":[1],"data_offsets":[0]}"#, "data_offsets has 1 values"),
                     (#"{"dtype":3,"shape":[1],"data_offsets":[0,4]}"#, "dtype is an integer"),
                     (#"[]"#, "entry is an array")]
        for (entry, problem) in cases {
            XCTAssertWeightsError(try parse(F.bytes(header: "{\"w\":\(entry)}", data: F.floats([1]))),
                                  contains: [source, "tensor w", problem])
        }
    }

    func testMetadataMustBeStrings() {
        XCTAssertWeightsError(try parse(F.bytes(header: #"{"__metadata__":{"n":1}}"#)),
                              contains: [source, "__metadata__.n is an integer, expected a string"])
    }

    func testShapeWhoseElementCountOverflows() {
        let header = #"{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#
        XCTAssertWeightsError(try parse(F.bytes(header: header, data: F.floats([1]))),
                              contains: [source, "tensor w", "too many elements"])
    }

    func testMissingTensor() throws {
        let st = try parse(F.bytes(header: "{}"))
        XCTAssertWeightsError(try st.tensor("nope"), contains: [source, "tensor nope is missing"])
    }

    func testHeaderPaddedWithSpacesAndEscapedNames() throws {
        let header = #"{"a\u00e9\n":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}   "#
        let st = try parse(F.bytes(header: header, data: F.floats([7])))
        XCTAssertEqual(st.names, ["aé\n"])
        XCTAssertEqual(try st.tensor("aé\n").scalars, [7])
    }

    func testUnalignedF32IsCopiedCorrectly() throws {
        // A 3-byte header puts the data area at byte 11: F32 data is misaligned and must be copied.
        let header = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        let padded = header + String(repeating: " ", count: (8 - (header.utf8.count + 8) % 8) % 8 + 3)
        let st = try parse(F.bytes(header: padded, data: F.floats([1.5, -2])))
        let t = try st.tensor("w")
        XCTAssertEqual(t.scalars, [1.5, -2])
        let fileBytes = st.bytes.buffer
        XCTAssertFalse(fileBytes.baseAddress.map { UnsafeRawPointer(t.pointer) >= $0
            && UnsafeRawPointer(t.pointer) < $0 + fileBytes.count } ?? true, "misaligned data must be copied")
    }
}
