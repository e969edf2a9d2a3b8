extension CLIPTokenizer {
    /// Where `encode` cuts `text`, if it does: the text's token count and the words that still
    /// fit, so a warning can say what CLIP read ("... cut after "rain on a tin"").
    public func truncation(of text: String) -> (tokens: Int, kept: String)? {
        let room = contextLength - 2
        let total = encodeBody(Array(text.unicodeScalars)).count
        guard total > room else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace)
        // Token counts grow with the word count, so the longest prefix that fits is found by bisection.
        var low = 0, high = words.count
        while low < high {
            let mid = (low + high + 1) / 2
            if encodeBody(Array(words[..<mid].joined(separator: " ").unicodeScalars)).count <= room { low = mid } else { high = mid - 1 }
        }
        return (total, words[..<low].joined(separator: " "))
    }
}
