import Foundation
import XCTest
@testable import Models

/// Fixtures written by training/fixtures/gen_prior.py (dalle2-pytorch 1.1.0).
enum PriorFixtures {
    static func config(_ name: String) throws -> PriorConfig {
        let data = try Data(contentsOf: fixtureURL("prior/\(name)/prior.json"))
        return try JSONDecoder().decode(PriorConfig.self, from: data)
    }

    static func network(_ name: String) throws -> DiffusionPriorNetwork {
        let config = try config(name)
        let tensors = try SafeTensors(contentsOf: fixtureURL("prior/\(name)/prior.safetensors"))
        return try DiffusionPriorNetwork(weights: PriorWeights(config: config.net, safetensors: tensors))
    }

    static func parity() throws -> SafeTensors {
        try SafeTensors(contentsOf: fixtureURL("prior/parity.safetensors"))
    }

    /// A float tensor of whole numbers (timesteps, buckets) as Ints.
    static func integers(_ t: Tensor) -> [Int] { t.scalars.map { Int($0) } }
}
