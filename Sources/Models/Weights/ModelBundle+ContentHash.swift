import Foundation

extension ModelBundle {
    /// SHA-256 over bundle.json and every file it names, in the order bundle.json lists them:
    /// what a take's recipe records, so a remake can tell whether it runs on the same weights.
    /// Reads every byte of the weights (about 0.4 s a GB here with the CPU's SHA instructions), so
    /// callers compute it once, and the engine's front ends keep it between runs (`BundleHashStore`).
    public func contentHash() throws(WeightsError) -> String {
        var hash = SHA256()
        for file in hashedFiles {
            guard let handle = FileHandle(forReadingAtPath: file.path) else {
                throw .unreadable(file: file.path, reason: "cannot open it to hash the bundle")
            }
            defer { try? handle.close() }
            while true {
                let chunk: Data
                do { chunk = try handle.read(upToCount: 8 << 20) ?? Data() } catch {
                    throw .unreadable(file: file.path, reason: error.localizedDescription)
                }
                if chunk.isEmpty { break }
                chunk.withUnsafeBytes { hash.update($0) }
            }
        }
        return hash.finalizeHex()
    }

    /// The files `contentHash()` reads, in its order.
    public var hashedFiles: [URL] {
        var files = [url.appendingPathComponent("bundle.json")]
        for (_, component) in manifest.components {
            for (_, name) in component.files { files.append(fileURL(name)) }
        }
        return files
    }
}
