import Foundation

/// The repository's themes/ folder, found from this file's path (tests use no bundle resources).
let projectThemesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

/// A complete, valid theme file's text with `replacing` lines swapped in by key.
func themeText(replacing overrides: [String: String] = [:], dropping dropped: Set<String> = []) -> String {
    let lines: [(String, String)] = [
        ("background", "default"), ("text", "white"), ("dim_text", "244"), ("accent", "#5fafff"),
        ("status_fg", "252"), ("status_bg", "236"), ("selection_fg", "black"), ("selection_bg", "75"),
        ("progress", "71"), ("error", "bright-red"), ("warning", "214"), ("favourite", "220"),
        ("spectrogram", "black blue cyan yellow white"),
    ]
    return lines.filter { !dropped.contains($0.0) }
        .map { "\($0.0) = \(overrides[$0.0] ?? $0.1)" }.joined(separator: "\n") + "\n"
}

/// A fresh folder, removed when the process ends its test.
func makeThemeFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clipsonic-theme-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
