import Engine
import Foundation
import Models

extension AudioFile {
    /// Saves a take into `folder` under a name from `naming`, never replacing a file: if the
    /// name is taken, "-2", "-3", ... are tried. The tags default to the recipe's. Returns
    /// the URL written.
    public static func write(_ buffer: AudioBuffer, into folder: URL, naming: OutputNaming,
                             recipe: TakeRecipe, date: Date = Date(), fileExtension: String = "wav",
                             sampleFormat: AudioSampleFormat = .int16, tags: AudioTags? = nil) throws(AudioFileError) -> URL {
        let base = naming.baseName(for: recipe.request, date: date)
        let first = OutputNaming.candidate(in: folder, baseName: base, attempt: 1, fileExtension: fileExtension)
        let container = try AudioContainer.of(first)
        let options = WriteOptions(sampleFormat: sampleFormat, tags: tags ?? AudioTags(recipe: recipe, date: date),
                                   replaceExisting: false)
        try validate(buffer, container: container, format: sampleFormat, path: first.path)
        let file = try stage(first, replacing: false)
        try encode(buffer, container: container, options: options, into: file, path: first.path)
        do {
            return try file.commit(toFirstFree: { attempt in
                OutputNaming.candidate(in: folder, baseName: base, attempt: attempt, fileExtension: fileExtension)
            })
        } catch {
            throw error.code == EEXIST ? .alreadyExists(path: error.path) : .writeFailed(path: error.path, reason: error.reason)
        }
    }
}
