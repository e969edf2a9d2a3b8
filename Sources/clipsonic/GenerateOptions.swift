import ArgumentParser
import Engine

private typealias P = RequestParameters

/// The generation parameters as command-line options, one per row of the parameter table:
/// the flag is `--NAME`, the help and limits are the table's, and values are read by the
/// table's parser. Each is text until checked, so "--guidance -1" reaches the range check
/// instead of being taken for a flag, and an option left out leaves the request's value alone
/// (a default, or the value in the take given to `--from`).
struct GenerateOptions: ParsableArguments {
    @Option(name: .customLong(P.mode.name), parsing: .unconditional, help: Self.help(P.mode)) var mode: String?
    @Option(name: .customLong(P.image.name), parsing: .unconditional, help: Self.help(P.image)) var image: String?
    @Option(name: .customLong(P.audio.name), parsing: .unconditional, help: Self.help(P.audio)) var audio: String?
    @Option(name: .customLong(P.imageWeight.name), parsing: .unconditional, help: Self.help(P.imageWeight)) var imageWeight: String?
    @Option(name: .customLong(P.negative.name), parsing: .unconditional, help: Self.help(P.negative)) var negative: String?
    @Option(name: .customLong(P.negativeStrength.name), parsing: .unconditional, help: Self.help(P.negativeStrength)) var negativeStrength: String?
    @Option(name: .customLong(P.guidance.name), parsing: .unconditional, help: Self.help(P.guidance)) var guidance: String?
    @Option(name: .customLong(P.priorGuidance.name), parsing: .unconditional, help: Self.help(P.priorGuidance)) var priorGuidance: String?
    @Option(name: .customLong(P.priorCandidates.name), parsing: .unconditional, help: Self.help(P.priorCandidates)) var priorCandidates: String?
    @Option(name: .customLong(P.priorWeights.name), parsing: .unconditional, help: Self.help(P.priorWeights)) var priorWeights: String?
    @Option(name: .customLong(P.precision.name), parsing: .unconditional, help: Self.help(P.precision)) var precision: String?
    @Option(name: .customLong(P.steps.name), parsing: .unconditional, help: Self.help(P.steps)) var steps: String?
    @Option(name: .customLong(P.sampler.name), parsing: .unconditional, help: Self.help(P.sampler)) var sampler: String?
    @Option(name: .customLong(P.seed.name), parsing: .unconditional, help: Self.help(P.seed)) var seed: String?
    @Option(name: .customLong(P.duration.name), parsing: .unconditional, help: Self.help(P.duration)) var duration: String?
    @Flag(name: .customLong(P.loop.name), inversion: .prefixedNo, help: ArgumentHelp(P.loop.helpWithLimits)) var loop: Bool?
    @Option(name: .customLong(P.fromAudio.name), parsing: .unconditional, help: Self.help(P.fromAudio)) var fromAudio: String?
    @Option(name: .customLong(P.strength.name), parsing: .unconditional, help: Self.help(P.strength)) var strength: String?

    static func help(_ parameter: RequestParameter) -> ArgumentHelp {
        ArgumentHelp(parameter.helpWithLimits, valueName: parameter.valueName)
    }

    /// The options given, with the table row each belongs to.
    var given: [(parameter: RequestParameter, text: String)] {
        let all: [(RequestParameter, String?)] = [
            (P.mode, mode), (P.image, image), (P.audio, audio), (P.imageWeight, imageWeight), (P.negative, negative),
            (P.negativeStrength, negativeStrength),
            (P.guidance, guidance), (P.priorGuidance, priorGuidance), (P.priorCandidates, priorCandidates),
            (P.priorWeights, priorWeights), (P.precision, precision), (P.steps, steps), (P.sampler, sampler), (P.seed, seed), (P.duration, duration),
            (P.loop, loop.map { $0 ? "on" : "off" }), (P.fromAudio, fromAudio), (P.strength, strength),
        ]
        return all.compactMap { p, text in text.map { (p, $0) } }
    }

    /// Names of the parameters this struct has an option for (the tests check it covers the table).
    static var optionNames: [String] {
        [P.mode, P.image, P.audio, P.imageWeight, P.negative, P.negativeStrength, P.guidance, P.priorGuidance, P.priorCandidates,
         P.priorWeights, P.precision, P.steps, P.sampler, P.seed, P.duration, P.loop, P.fromAudio, P.strength].map(\.name)
    }

    /// Sets every given option in `request`, checked by the table.
    func apply(to request: inout GenerationRequest) throws(RequestError) {
        for (parameter, text) in given { parameter.assign(try parameter.parse(text), to: &request) }
    }

    func validate() throws {
        var scratch = GenerationRequest()
        do { try apply(to: &scratch) } catch { throw ValidationError(error.description) }
    }
}
