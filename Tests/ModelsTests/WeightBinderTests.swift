import XCTest
@testable import Models

/// Strict binding: every expected tensor with its shape, nothing left over.
final class WeightBinderTests: XCTestCase {
    let source = "models/x/unet.safetensors"

    func makeBinder() throws -> WeightBinder {
        let f = SafeTensorsTestFile.self
        let header = #"{"unet.down.0.conv.weight":{"dtype":"F32","shape":[4,1,1,1],"data_offsets":[0,16]},"#
            + #""unet.down.0.conv.bias":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},"#
            + #""unet.out.weight":{"dtype":"F32","shape":[1],"data_offsets":[20,24]},"#
            + #""unet.steps":{"dtype":"I64","shape":[1],"data_offsets":[24,32]}}"#
        let data = f.floats([1, 2, 3, 4]) + [0x00, 0x3C, 0x00, 0xC0] + f.floats([9]) + [5, 0, 0, 0, 0, 0, 0, 0]
        return WeightBinder(try SafeTensors.parse(bytes: f.bytes(header: header, data: data), source: source))
    }

    func testTakeAllAndFinish() throws {
        let b = try makeBinder()
        let down = b.scoped("unet").scoped("down.0")
        XCTAssertEqual(try down.take("conv.weight", shape: [4, 1, 1, 1]).scalars, [1, 2, 3, 4])
        XCTAssertEqual(try down.take("conv.bias", shape: [2]).scalars, [1, -2])
        XCTAssertEqual(try b.take("unet.out.weight", shape: [1]).scalars, [9])
        b.skip(["unet.steps", "unet.not.there"])
        try b.finish()
    }

    /// The reader hands back what the file holds (an F16 infinity stays infinite); the binder,
    /// which gives weights to networks, refuses it by name.
    func testANonFiniteWeightIsRefusedByTheBinderNotTheReader() throws {
        let f = SafeTensorsTestFile.self
        let header = #"{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#
        let file = try SafeTensors.parse(bytes: f.bytes(header: header, data: [0x00, 0x3C, 0x00, 0x7C]), source: source)
        XCTAssertEqual(try file.tensor("w").scalars, [1, .infinity])
        XCTAssertWeightsError(try WeightBinder(file).take("w", shape: [2]),
                              contains: [source, "tensor w holds inf at element 1"])
    }

    func testMissingTensor() throws {
        let b = try makeBinder().scoped("unet.down.1")
        XCTAssertWeightsError(try b.take("conv.weight", shape: [4, 1, 1, 1]),
                              contains: [source, "tensor unet.down.1.conv.weight is missing"])
        XCTAssertNil(try b.takeIfPresent("conv.bias", shape: [2]))
    }

    func testWrongShape() throws {
        let b = try makeBinder()
        XCTAssertWeightsError(try b.scoped("unet.down.0").take("conv.weight", shape: [4, 2, 1, 1]),
                              contains: ["models/x/unet.safetensors: tensor unet.down.0.conv.weight has shape "
                                         + "[4,1,1,1], expected [4,2,1,1]"])
        XCTAssertWeightsError(try b.takeIfPresent("unet.out.weight", shape: []),
                              contains: [source, "unet.out.weight has shape [1], expected []"])
    }

    func testIntegerTensorIsNotAWeight() throws {
        XCTAssertWeightsError(try makeBinder().take("unet.steps", shape: [1]),
                              contains: [source, "tensor unet.steps has dtype I64, expected a floating-point dtype"])
    }

    func testUnexpectedTensors() throws {
        let b = try makeBinder()
        _ = try b.take("unet.out.weight", shape: [1])
        XCTAssertWeightsError(try b.finish(),
                              contains: [source, "unexpected tensors: unet.down.0.conv.bias, unet.down.0.conv.weight, unet.steps"])
        // A scoped finish only looks under its prefix.
        let down = b.scoped("unet.down.0")
        _ = try down.take("conv.weight", shape: [4, 1, 1, 1])
        XCTAssertWeightsError(try down.finish(), contains: [source, "unexpected tensors: unet.down.0.conv.bias;"])
    }

    func testLongListsAreShortened() {
        let error = WeightsError.unexpectedTensors(file: source, names: (0..<25).map { "t\($0)" })
        XCTAssertTrue(error.description.contains("t9 and 15 more"), error.description)
    }
}
