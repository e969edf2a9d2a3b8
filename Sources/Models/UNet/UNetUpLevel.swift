/// One level of the U-Net's way up (`up.{l}`): res_blocks + 1 residual blocks, each fed the
/// concatenation of the running activation and one skip connection, each followed by
/// self-attention at attention levels, then nearest x2 + conv except at the finest level.
struct UNetUpLevel: Sendable {
    let res: [UNetResBlock]
    let attn: [UNetAttentionBlock]
    let upsample: UNetConv2d?
}
