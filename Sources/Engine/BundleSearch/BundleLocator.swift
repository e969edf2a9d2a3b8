import Foundation
import Models
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the model bundle a command runs on when none is named, so that `clipsonic` works from
/// any folder once installed. In order:
///
/// 1. `--bundle DIR` (the caller passes it as `explicit`), taken as given;
/// 2. `$CLIPSONIC_BUNDLE`, taken as given;
/// 3. `$XDG_DATA_HOME/clipsonic/bundles/mini` (XDG's default: `~/.local/share`);
/// 4. `/usr/local/share/clipsonic/bundles/mini`;
/// 5. `<prefix>/share/clipsonic/bundles/mini` when the executable, links resolved, is
///    `<prefix>/bin/clipsonic` (an install under another prefix);
/// 6. `models/mini` in the current folder (a checkout of the repository).
///
/// A named bundle is not checked here, so that opening it gives the loader's precise error
/// ("bundle.json is missing"); the searched places count only when they hold a `bundle.json`.
/// The environment, the folders and the file test are injectable, for tests.
public struct BundleLocator: Sendable {
    /// One place searched, with where it came from in words, for the not-found message.
    public struct Candidate: Equatable, Sendable {
        public var url: URL
        public var origin: String
    }

    /// The name of the default bundle in the shared data folders.
    public static let defaultName = "mini"

    public var environment: [String: String]
    public var currentFolder: URL
    /// The running executable with every symbolic link resolved; nil when unknown.
    public var executable: URL?
    /// Whether a folder holds a bundle; by default, whether its `bundle.json` is a file.
    public var isBundle: @Sendable (URL) -> Bool

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                currentFolder: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                executable: URL? = InstallPrefix.runningExecutable(),
                isBundle: @escaping @Sendable (URL) -> Bool = BundleLocator.hasManifest) {
        self.environment = environment
        self.currentFolder = currentFolder
        self.executable = executable
        self.isBundle = isBundle
    }

    /// The bundle to use: `explicit` (from `--bundle`) or `$CLIPSONIC_BUNDLE` as given, else the
    /// first searched place that holds one.
    public func locate(explicit: String? = nil) throws(BundleNotFoundError) -> URL {
        if let explicit, !explicit.isEmpty { return resolve(explicit) }
        if let named = environment["CLIPSONIC_BUNDLE"], !named.isEmpty { return resolve(named) }
        let places = searchedPlaces()
        guard let found = places.first(where: { isBundle($0.url) }) else { throw BundleNotFoundError(searched: places) }
        return found.url
    }

    /// A path as the user typed it, against `currentFolder` when relative.
    private func resolve(_ path: String) -> URL {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentFolder.appendingPathComponent(path)
        return url.standardizedFileURL
    }

    /// Steps 3 to 6 above, without repeats.
    public func searchedPlaces() -> [Candidate] {
        let tail = "clipsonic/bundles/\(Self.defaultName)"
        var places: [Candidate] = []
        if let data = XDGBaseDirectory.data.resolve(environment: environment) {
            places.append(Candidate(url: data.url.appendingPathComponent(tail),
                                    origin: data.fromVariable ? "$XDG_DATA_HOME" : "the user's data folder"))
        }
        places.append(Candidate(url: URL(fileURLWithPath: "/usr/local/share/\(tail)"), origin: "the system's data folder"))
        if let shared = InstallPrefix.sharedData(of: executable) {
            places.append(Candidate(url: shared.appendingPathComponent("bundles/\(Self.defaultName)"),
                                    origin: "beside the executable"))
        }
        places.append(Candidate(url: currentFolder.appendingPathComponent("models/\(Self.defaultName)").standardizedFileURL,
                                origin: "the current folder"))
        var seen = Set<String>()
        return places.filter { seen.insert($0.url.standardizedFileURL.path).inserted }
    }

    public static func hasManifest(_ folder: URL) -> Bool {
        var info = stat()
        return stat(folder.appendingPathComponent("bundle.json").path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
