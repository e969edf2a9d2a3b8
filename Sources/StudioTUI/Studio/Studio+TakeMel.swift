import Foundation
import Session

extension Studio {
    /// The selected take's mel, computed from its audio file the first time it is shown and
    /// kept; or why it cannot be shown, remembered so a broken file is not read on every frame.
    func melOfSelectedTake() -> Result<SpectrogramImage, StudioError>? {
        guard let id = selectedTakeID else { return nil }
        if let mel = takeMels[id] { return .success(mel) }
        if let problem = melProblems[id] { return .failure(problem) }
        let result = loadAudio(id).flatMap { buffer in Result { () throws(StudioError) in try TakeMel.image(of: buffer) } }
        switch result {
        case .success(let mel):
            takeMels[id] = mel
        case .failure(let problem):
            melProblems[id] = problem
        }
        return result
    }

    /// Forgets what was read of a take (its audio, mel, or why they failed): after a delete or an
    /// undo the file may be elsewhere or back.
    func forgetAudio(of id: Take.ID) {
        audioCache[id] = nil
        takeMels[id] = nil
        melProblems[id] = nil
    }
}
