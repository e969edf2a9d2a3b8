/// One level of the U-Net's way down (`down.{l}`): residual blocks, each followed by
/// self-attention at attention levels, then a stride-2 conv except at the coarsest level.
struct UNetDownLevel: Sendable {
    let res: [UNetResBlock]
    let attn: [UNetAttentionBlock]
    let downsample: UNetConv2d?
}
