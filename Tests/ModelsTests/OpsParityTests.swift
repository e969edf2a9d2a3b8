import Foundation
import XCTest
@testable import Models

/// Every tensor operation against PyTorch on the cases in Tests/Fixtures/ops/ops.safetensors,
/// written by training/fixtures/gen_ops.py (which holds each case's PyTorch call).
final class OpsParityTests: XCTestCase {
    struct Case {
        let name: String
        let params: [String: Any]
        let file: SafeTensors
        func t(_ role: String) throws -> Tensor { try file.tensor("\(name).\(role)") }
        func opt(_ role: String) throws -> Tensor? {
            file.names.contains("\(name).\(role)") ? try file.tensor("\(name).\(role)") : nil
        }
        func int(_ k: String) -> Int { params[k] as? Int ?? 0 }
        func size2(_ k: String) -> Size2 {
            let v = params[k] as? [Int] ?? [0, 0]
            return Size2(v[0], v[1])
        }
        func bool(_ k: String) -> Bool { params[k] as? Bool ?? false }
        func float(_ k: String) -> Float? { (params[k] as? NSNumber).map { $0.floatValue } }
    }

    static let knownOps: Set<String> = [
        "linear", "matmul", "conv1d", "conv2d", "conv_transpose1d", "pad1d", "group_norm", "layer_norm",
        "attention", "softmax", "gelu", "gelu_tanh", "quick_gelu", "silu", "sigmoid", "snake", "snake_beta",
        "sinusoidal", "upsample_nearest", "avg_pool", "concat", "slice", "permute", "add", "sub", "mul", "div",
    ]

    func cases() throws -> [Case] {
        let file = try SafeTensors(contentsOf: fixtureURL("ops/ops.safetensors"))
        return try file.metadata.keys.sorted().map { name in
            let json = try JSONSerialization.jsonObject(with: Data((file.metadata[name] ?? "").utf8))
            return Case(name: name, params: json as? [String: Any] ?? [:], file: file)
        }
    }

    /// Runs `body` on every case of `ops`, failing if the fixture has none.
    func check(_ ops: Set<String>, file: StaticString = #filePath, line: UInt = #line,
               _ body: (Case) throws -> Tensor) throws {
        let selected = try cases().filter { ops.contains($0.params["op"] as? String ?? "") }
        XCTAssertFalse(selected.isEmpty, "no fixture cases for \(ops)", file: file, line: line)
        for c in selected {
            let actual = try body(c), expected = try c.t("out")
            assertClose(actual, expected, c.name, file: file, line: line)
            if ProcessInfo.processInfo.environment["CLIPSONIC_PARITY_REPORT"] != nil, actual.shape == expected.shape {
                print("parity \(c.name): max relative error \(maxRelativeError(actual, expected))")
            }
        }
    }

    func testEveryFixtureCaseHasAnOpTest() throws {
        for c in try cases() {
            XCTAssertTrue(Self.knownOps.contains(c.params["op"] as? String ?? ""), "untested op in case \(c.name)")
        }
    }

    func testLinear() throws {
        try check(["linear"]) { c in Ops.linear(try c.t("x"), weight: try c.t("weight"), bias: try c.opt("bias")) }
    }

    func testMatmul() throws {
        try check(["matmul"]) { c in
            Ops.matmul(try c.t("a"), try c.t("b"), transposeA: c.bool("transpose_a"), transposeB: c.bool("transpose_b"))
        }
    }

    func testConv1d() throws {
        try check(["conv1d"]) { c in
            Ops.conv1d(try c.t("x"), weight: try c.t("weight"), bias: try c.opt("bias"), stride: c.int("stride"),
                       padding: c.int("padding"), dilation: c.int("dilation"), groups: c.int("groups"))
        }
    }

    func testConv2d() throws {
        try check(["conv2d"]) { c in
            Ops.conv2d(try c.t("x"), weight: try c.t("weight"), bias: try c.opt("bias"), stride: c.size2("stride"),
                       padding: c.size2("padding"), dilation: c.size2("dilation"), groups: c.int("groups"))
        }
    }

    func testConvTranspose1d() throws {
        try check(["conv_transpose1d"]) { c in
            Ops.convTranspose1d(try c.t("x"), weight: try c.t("weight"), bias: try c.opt("bias"),
                                stride: c.int("stride"), padding: c.int("padding"),
                                outputPadding: c.int("output_padding"), dilation: c.int("dilation"),
                                groups: c.int("groups"))
        }
    }

    func testPad1d() throws {
        try check(["pad1d"]) { c in
            let mode: PadMode = switch c.params["mode"] as? String {
            case "reflect": .reflect
            case "replicate": .replicate
            default: .zeros
            }
            return Ops.pad1d(try c.t("x"), left: c.int("left"), right: c.int("right"), mode: mode)
        }
    }

    func testGroupNorm() throws {
        try check(["group_norm"]) { c in
            Ops.groupNorm(try c.t("x"), groups: c.int("groups"), weight: try c.opt("weight"),
                          bias: try c.opt("bias"), eps: c.float("eps") ?? 1e-5)
        }
    }

    func testLayerNorm() throws {
        try check(["layer_norm"]) { c in
            Ops.layerNorm(try c.t("x"), weight: try c.opt("weight"), bias: try c.opt("bias"), eps: c.float("eps") ?? 1e-5)
        }
    }

    func testAttention() throws {
        try check(["attention"]) { c in
            Ops.attention(query: try c.t("q"), key: try c.t("k"), value: try c.t("v"), scale: c.float("scale"),
                          causal: c.bool("causal"), keyPaddingMask: try c.opt("mask"), bias: try c.opt("bias"))
        }
    }

    func testSoftmax() throws {
        try check(["softmax"]) { c in Ops.softmax(try c.t("x"), axis: c.int("axis")) }
    }

    func testActivations() throws {
        try check(["gelu"]) { c in Ops.gelu(try c.t("x")) }
        try check(["gelu_tanh"]) { c in Ops.geluTanh(try c.t("x")) }
        try check(["quick_gelu"]) { c in Ops.quickGELU(try c.t("x")) }
        try check(["silu"]) { c in Ops.silu(try c.t("x")) }
        try check(["sigmoid"]) { c in Ops.sigmoid(try c.t("x")) }
    }

    func testSnake() throws {
        try check(["snake"]) { c in Ops.snake(try c.t("x"), alpha: try c.t("alpha"), logScale: c.bool("log_scale")) }
        try check(["snake_beta"]) { c in
            Ops.snakeBeta(try c.t("x"), alpha: try c.t("alpha"), beta: try c.t("beta"), logScale: c.bool("log_scale"))
        }
    }

    func testSinusoidalEmbedding() throws {
        try check(["sinusoidal"]) { c in
            Ops.sinusoidalEmbedding(try c.t("t"), dim: c.int("dim"), maxPeriod: c.float("max_period") ?? 10000,
                                    freqShift: c.float("freq_shift") ?? 0, sinFirst: c.bool("sin_first"))
        }
    }

    func testResampling() throws {
        try check(["upsample_nearest"]) { c in Ops.upsampleNearest(try c.t("x"), scale: c.int("scale")) }
        try check(["avg_pool"]) { c in Ops.avgPool(try c.t("x"), kernel: c.int("kernel")) }
    }

    func testConcatSlicePermute() throws {
        try check(["concat"]) { c in Ops.concat([try c.t("a"), try c.t("b"), try c.t("c")], axis: c.int("axis")) }
        try check(["slice"]) { c in Ops.slice(try c.t("x"), axis: c.int("axis"), range: c.int("start")..<c.int("end")) }
        try check(["permute"]) { c in Ops.permute(try c.t("x"), c.params["order"] as? [Int] ?? []) }
    }

    func testBroadcastingArithmetic() throws {
        try check(["add"]) { c in try c.t("a") + (try c.t("b")) }
        try check(["sub"]) { c in try c.t("a") - (try c.t("b")) }
        try check(["mul"]) { c in try c.t("a") * (try c.t("b")) }
        try check(["div"]) { c in try c.t("a") / (try c.t("b")) }
    }
}
