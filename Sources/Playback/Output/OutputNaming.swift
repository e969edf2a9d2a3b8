import Engine
import Foundation

/// File names for takes from a template such as "{date}-{prompt}-{mode}-s{seed}", and the
/// "never overwrite" rule: when the name is taken, "-2", "-3", ... go before the extension.
///
/// Placeholders: {date} (yyyyMMdd-HHmmss), {prompt} (slug of the prompt; of the picture's
/// file name in image mode; of both in mix mode), {image}, {mode}, {seed}, {steps}, {guidance}, {sampler}.
/// Text outside placeholders is slugged the same way, so a template cannot reach other folders.
public struct OutputNaming: Sendable, Equatable {
    public static let defaultTemplate = "{date}-{prompt}-{mode}-s{seed}"
    public static let placeholders = ["date", "prompt", "image", "mode", "seed", "steps", "guidance", "sampler"]

    public let template: String
    /// Longest slug kept from the prompt, in characters; cut at a word boundary when possible.
    public var maxPromptLength: Int
    /// The zone {date} is written in; tests pin it.
    public var timeZone: TimeZone

    public init(template: String = OutputNaming.defaultTemplate, maxPromptLength: Int = 40,
                timeZone: TimeZone = .current) throws(AudioFileError) {
        self.template = template
        self.maxPromptLength = max(maxPromptLength, 1)
        self.timeZone = timeZone
        for piece in try OutputNaming.parse(template) {
            if case .placeholder(let name) = piece, !OutputNaming.placeholders.contains(name) {
                let known = OutputNaming.placeholders.map { "{\($0)}" }.joined(separator: " ")
                throw .badTemplate(template: template, reason: "unknown placeholder {\(name)}; use \(known)")
            }
        }
    }

    /// The name without suffix or extension, e.g. "20240501-101500-dog-barking-prior-s42".
    public func baseName(for request: GenerationRequest, date: Date = Date()) -> String {
        // The template was validated in init, so parsing cannot fail here.
        let pieces = (try? OutputNaming.parse(template)) ?? []
        var parts: [String] = []
        for piece in pieces {
            switch piece {
            case .literal(let text):
                parts.append(OutputNaming.slug(text, maxLength: 200, keepEdges: true))
            case .placeholder(let name):
                parts.append(value(of: name, request: request, date: date))
            }
        }
        var name = parts.joined()
        // Placeholders that came out empty leave doubled or dangling separators.
        while name.contains("--") { name = name.replacingOccurrences(of: "--", with: "-") }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "-_."))
        // 200 leaves room for "-NNNN.flac" under the usual 255-byte file name limit.
        if name.utf8.count > 200 { name = String(name.prefix(200)) }
        return name.isEmpty ? "take" : name
    }

    /// The candidate for a given attempt: 1 is the plain name, n > 1 appends "-n".
    public static func candidate(in folder: URL, baseName: String, attempt: Int, fileExtension: String) -> URL {
        let name = attempt <= 1 ? baseName : "\(baseName)-\(attempt)"
        return folder.appendingPathComponent(name).appendingPathExtension(fileExtension)
    }

    /// The first candidate in `folder` that does not exist yet. Another writer may take it
    /// before you; `AudioFile.write(_:into:naming:...)` closes that gap by linking, not renaming.
    public func availableURL(in folder: URL, for request: GenerationRequest, date: Date = Date(),
                             fileExtension: String = "wav") -> URL {
        let base = baseName(for: request, date: date)
        var attempt = 1
        while true {
            let url = OutputNaming.candidate(in: folder, baseName: base, attempt: attempt, fileExtension: fileExtension)
            if !FileManager.default.fileExists(atPath: url.path) { return url }
            attempt += 1
        }
    }

    /// Lowercase ASCII letters and digits; every other run of characters becomes one "-".
    /// Accents are folded first ("Café" -> "cafe"). Cut at a "-" boundary when one is near.
    public static func slug(_ text: String, maxLength: Int, keepEdges: Bool = false) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let isKept = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || (keepEdges && scalar == "_"))
            if isKept {
                if pendingDash, !slug.isEmpty || keepEdges { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        if pendingDash, keepEdges { slug.append("-") }
        guard slug.count > maxLength else { return slug }
        let cut = String(slug.prefix(maxLength))
        if let dash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: dash) >= maxLength / 2 {
            return String(cut[..<dash])
        }
        return cut.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    private func value(of placeholder: String, request: GenerationRequest, date: Date) -> String {
        switch placeholder {
        case "date":
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            return formatter.string(from: date)
        case "prompt":
            // What the take is of: the picture in image mode (its prompt is unused), both in mix mode.
            let subject = request.subject
            return OutputNaming.slug([subject.picture, subject.prompt].compactMap { $0 }.joined(separator: " "),
                                     maxLength: maxPromptLength)
        case "image": return imageSlug(request)
        case "mode": return request.mode.rawValue
        case "seed": return String(request.seed)
        case "steps": return String(request.steps)
        case "guidance": return OutputNaming.slug(String(request.guidanceScale), maxLength: 12).replacingOccurrences(of: "-", with: "p")
        case "sampler": return OutputNaming.slug(request.sampler.rawValue, maxLength: 20)
        default: return ""
        }
    }

    private func imageSlug(_ request: GenerationRequest) -> String {
        guard let image = request.imagePath else { return "" }
        let stem = URL(fileURLWithPath: image).deletingPathExtension().lastPathComponent
        return OutputNaming.slug(stem, maxLength: maxPromptLength)
    }

    private enum Piece: Equatable {
        case literal(String)
        case placeholder(String)
    }

    private static func parse(_ template: String) throws(AudioFileError) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw .badTemplate(template: template, reason: "\"{\" without a closing \"}\"")
            }
            pieces.append(.placeholder(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return pieces
    }
}
