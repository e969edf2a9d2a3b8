import Engine
import Foundation

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
        let file = try AtomicFile(besides: first)
        try encode(buffer, container: container, options: options, into: file, path: first.path)
        let written = try file.commit(toFirstFree: { attempt in
            OutputNaming.candidate(in: folder, baseName: base, attempt: attempt, fileExtension: fileExtension).path
        })
        return URL(fileURLWithPath: written)
    }
}
