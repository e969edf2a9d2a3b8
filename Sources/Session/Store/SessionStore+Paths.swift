import Foundation

/// The files and folders a session names, each kept inside the session folder (see
/// `SessionFolder`): what starring, playing and generating may read and write.
extension SessionStore {
    /// Takes whose audio cannot be played or starred, in session order: the file is missing,
    /// or the session names a file outside its folder (see `warnings`).
    public var missingAudio: [Take.ID] { pathAudit().missing }

    /// What the user should be told about the session's paths: folders it names outside its
    /// folder (ignored, the defaults are used) and takes whose audio lies outside (unusable).
    /// The file itself is not changed, so a session shared from elsewhere stays as it was.
    public var warnings: [String] { pathAudit().warnings }

    /// Both of the above and the takes whose audio is outside, in one pass over the takes that
    /// lists each folder once: what the studio shows when a session opens (issue #17).
    public func pathAudit() -> SessionPathAudit {
        var audit = SessionPathAudit()
        for folder in [Folder.favourites, .output] {
            if let warning = resolvedFolder(folder).warning { audit.warnings.append(warning) }
        }
        var survey = SessionFolderSurvey(boundary, listed: openingListing.map { [$0.path: $0.listing] } ?? [:])
        openingListing = nil
        session.takes.forEachInPlace { index, take in
            switch survey.check(take.audioPath, what: "the audio of take \(index + 1)") {
            case .present:
                break
            case .absent:
                audit.missing.append(take.id)
            case .refused(let error):
                audit.missing.append(take.id)
                audit.outside.insert(take.id)
                audit.warnings.append("take \(index + 1): \(error) It stays in the list but cannot be played or starred.")
            }
        }
        return audit
    }

    /// The take's audio file, if the session names one inside its folder.
    public func audioURL(of take: Take) throws(SessionError) -> URL {
        let number = session.takeIndex(take.id).map { "take \($0 + 1)" } ?? "take \(take.id.uuidString)"
        return try boundary.resolve(take.audioPath, what: "the audio of \(number)")
    }

    /// Each take's audio file in a session read from `sessionFile` (`load(at:)`), in the
    /// session's order: resolved as `audioURL(of:)` resolves it, never outside the session's
    /// folder, or the reason it cannot be read (outside the folder, missing). For a program that
    /// reads a session without opening a store (`clipsonic search`).
    public static func audioFiles(of session: StudioSession,
                                  sessionFile: URL) -> [(take: Take, file: Result<URL, SessionError>)] {
        let boundary = SessionFolder(sessionFile.deletingLastPathComponent())
        return session.takes.enumerated().map { index, take in
            do throws(SessionError) {
                let url = try boundary.resolve(take.audioPath, what: "the audio of take \(index + 1)")
                guard FileManager.default.fileExists(atPath: url.path) else {
                    return (take, .failure(.readFailed(path: url.path, reason: "the audio of take \(index + 1) is missing")))
                }
                return (take, .success(url))
            } catch {
                return (take, .failure(error))
            }
        }
    }

    /// Where starred takes are copied: the session's `favouritesFolder`, or `favourites` if
    /// that names a place outside the session folder.
    public func favouritesFolderURL() throws(SessionError) -> URL { try resolvedFolder(.favourites).url.get() }

    /// Where new takes are written: the session's `outputFolder`, or `takes` if that names a
    /// place outside the session folder.
    public func outputFolderURL() throws(SessionError) -> URL { try resolvedFolder(.output).url.get() }

    private enum Folder { case favourites, output }

    /// A folder the session names, or its default with a warning when the named one is
    /// outside; an error when even the default leads outside (a symbolic link put there).
    private func resolvedFolder(_ folder: Folder) -> (url: Result<URL, SessionError>, warning: String?) {
        let (stored, fallback, field) = folder == .favourites
            ? (session.favouritesFolder, StudioSession.defaultFavouritesFolder, "favouritesFolder")
            : (session.settings.outputFolder, StudioSettings.defaultOutputFolder, "settings.outputFolder")
        do {
            return (.success(try boundary.resolve(stored, what: field)), nil)
        } catch {
            guard case .outsideSessionFolder = error else { return (.failure(error), nil) }
            let warning = "\(fileURL.lastPathComponent): \(error) Using \(fallback)/ instead; a folder outside the "
                + "session is never taken from a session file."
            do { return (.success(try boundary.resolve(fallback, what: field)), warning) } catch {
                return (.failure(error), warning)
            }
        }
    }
}
