/// How prompt text is cleaned before byte-level BPE. The two choices are the two references a
/// CLIP checkpoint may have been paired with; they agree on plain prompts and differ on HTML
/// entities, curly quotes, ligatures, full-width forms, control characters and final sigma.
public enum CLIPTextCleaning: String, Codable, Sendable, CaseIterable {
    /// OpenAI CLIP's `simple_tokenizer.py` (also open_clip's and dalle2-pytorch's): ftfy's
    /// `fix_text` (the subset in `FtfyTextFixer`), `html.unescape` twice, whitespace collapsed,
    /// `str.lower()`. CLIP and the LAION diffusion prior were trained on text cleaned this way.
    case openAI = "openai"
    /// Hugging Face transformers 5.x `CLIPTokenizer` (the `tokenizers` backend): NFC, every
    /// whitespace run replaced by one space, per-character lower case.
    case huggingFace = "huggingface"

    /// The cleaned text, ready for `CLIPPreTokenizer`.
    func clean(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        switch self {
        case .openAI:
            var t = FtfyTextFixer.fixText(text)
            t = HTMLUnescape.python(HTMLUnescape.python(t))
            t = PythonText.collapseWhitespace(t)  // covers both .strip() calls
            return PythonText.lower(t)
        case .huggingFace:
            // `\s+` -> " " (Unicode White_Space), then lower case.
            var collapsed: [Unicode.Scalar] = []
            collapsed.reserveCapacity(text.count)
            var inRun = false
            for c in PythonText.nfc(text) {
                let space = c.properties.isWhitespace
                if !space { collapsed.append(c) } else if !inRun { collapsed.append(" ") }
                inRun = space
            }
            return PythonText.lowerWithoutContext(collapsed)
        }
    }
}
