/// A coding key for any object member or array index met while decoding a `JSONValue`.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init(intValue: Int) { stringValue = "\(intValue)"; self.intValue = intValue }
    init(_ key: CodingKey) { stringValue = key.stringValue; intValue = key.intValue }

    /// `audio.sample_rate`, `unet.config.channel_mult[2]`: the path as users read it in errors.
    static func render(_ path: [CodingKey]) -> String {
        var out = ""
        for key in path {
            // Array positions (ours spell "2", Foundation's "Index 2") print as subscripts.
            if let i = key.intValue, key.stringValue == "\(i)" || key.stringValue == "Index \(i)" {
                out += "[\(i)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out
    }
}
