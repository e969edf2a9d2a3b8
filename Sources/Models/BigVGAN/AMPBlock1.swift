/// `bigvgan.bigvgan.AMPBlock1`: for each dilation d,
/// `x = convs2[l](act[2l+1](convs1[l](act[2l](x)))) + x`, where `convs1[l]` has dilation d and
/// `convs2[l]` dilation 1, every activation anti-aliased.
struct AMPBlock1: AMPBlock {
    let convs1: [BigVGANConv1d]
    let convs2: [BigVGANConv1d]
    let activations: [AntiAliasedActivation]

    init(_ source: BigVGANTensorSource, _ name: String, channels: Int, kernel: Int, dilations: [Int],
         configuration: BigVGANConfiguration) throws(WeightsError) {
        var c1: [BigVGANConv1d] = [], c2: [BigVGANConv1d] = []
        for (l, d) in dilations.enumerated() {
            c1.append(try BigVGANConv1d(source, "\(name).convs1.\(l)", inChannels: channels,
                                        outChannels: channels, kernel: kernel, dilation: d))
        }
        for l in dilations.indices {
            c2.append(try BigVGANConv1d(source, "\(name).convs2.\(l)", inChannels: channels,
                                        outChannels: channels, kernel: kernel))
        }
        var acts: [AntiAliasedActivation] = []
        for a in 0..<(2 * dilations.count) {
            acts.append(try AntiAliasedActivation(source, "\(name).activations.\(a)", channels: channels,
                                                  kind: configuration.activation,
                                                  logScale: configuration.snakeLogScale))
        }
        convs1 = c1
        convs2 = c2
        activations = acts
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var x = x
        for l in convs1.indices {
            let xt = convs2[l](activations[2 * l + 1](convs1[l](activations[2 * l](x))))
            addInPlace(xt, x)
            x = xt
        }
        return x
    }
}
