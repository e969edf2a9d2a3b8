/// `bigvgan.bigvgan.AMPBlock2`: for each dilation d, `x = convs[l](act[l](x)) + x`.
struct AMPBlock2: AMPBlock {
    let convs: [BigVGANConv1d]
    let activations: [AntiAliasedActivation]

    init(_ source: BigVGANTensorSource, _ name: String, channels: Int, kernel: Int, dilations: [Int],
         configuration: BigVGANConfiguration) throws(WeightsError) {
        var c: [BigVGANConv1d] = [], acts: [AntiAliasedActivation] = []
        for (l, d) in dilations.enumerated() {
            c.append(try BigVGANConv1d(source, "\(name).convs.\(l)", inChannels: channels,
                                       outChannels: channels, kernel: kernel, dilation: d))
        }
        for l in dilations.indices {
            acts.append(try AntiAliasedActivation(source, "\(name).activations.\(l)", channels: channels,
                                                  kind: configuration.activation,
                                                  logScale: configuration.snakeLogScale))
        }
        convs = c
        activations = acts
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        var x = x
        for l in convs.indices {
            let xt = convs[l](activations[l](x))
            addInPlace(xt, x)
            x = xt
        }
        return x
    }
}
