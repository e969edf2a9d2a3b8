import CALSA
import Foundation

/// ALSA's error text, kept off stderr (where it would tear the curses screen) and quoted in
/// typed errors instead.
enum ALSADiagnostics {
    private static let installed: Bool = {
        clipsonic_alsa_silence_errors()
        return true
    }()

    /// Routes ALSA's messages to the per-thread buffer; runs once per process.
    static func install() {
        _ = installed
    }

    /// "Unknown PCM nonsense (No such file or directory)": ALSA's last message on this thread,
    /// if any, with the error code's text.
    static func reason(_ status: Int32) -> String {
        var message = [CChar](repeating: 0, count: 512)
        clipsonic_alsa_take_last_message(&message, message.count)
        let bytes = message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let detail = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let code = status < 0 ? String(cString: snd_strerror(status)) : "unknown error"
        var text = detail.isEmpty ? code : "\(detail) (\(code))"
        if status == -ENOENT, detail.isEmpty || detail.hasPrefix("Unknown PCM default") {
            text += "; this machine has no sound card ALSA can use"
        }
        return text
    }
}
