import Engine
import Foundation
import Session

extension Studio {
    /// `:export PATH`: the selected take, whole, with its recipe in the tags.
    func exportSelectedTake(to path: String, replacing: Bool) {
        guard let take = selectedTake, let index = selectedIndex else { report("no take selected", .warning); return }
        let destination = TakeExport.destination(path, base: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        do {
            let audio: URL
            do { audio = try store.audioURL(of: take) } catch { throw StudioError.audio("cannot export take \(index + 1): \(error)") }
            try TakeExport.write(from: audio, to: destination, replacing: replacing,
                                 fallback: TakeRecipe(request: take.request, bundle: bundleName, bundleHash: nil))
            report("take \(index + 1) exported to \(destination.path)")
        } catch {
            report("\(error)", .error)
        }
    }
}
