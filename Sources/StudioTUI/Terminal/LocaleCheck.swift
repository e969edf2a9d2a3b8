import CNcursesw
import Foundation

/// The studio draws with UTF-8 (blocks, stars, box lines) and reads UTF-8 prompts, so it needs a
/// UTF-8 locale; a C or Latin-1 locale gets a clear message instead of garbage on screen.
public enum LocaleCheck {
    /// Sets the locale from the environment and checks its character set.
    public static func requireUTF8() throws(StudioError) {
        setlocale(LC_ALL, "")
        let codeset = String(cString: cs_codeset())
        guard isUTF8(codeset) else { throw .notUTF8Locale(codeset: codeset) }
    }

    public static func isUTF8(_ codeset: String) -> Bool {
        let normalized = codeset.lowercased().replacingOccurrences(of: "-", with: "")
        return normalized == "utf8"
    }
}
