import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an installed clipsonic keeps its data (`scripts/install.sh PREFIX`): the executable is
/// `PREFIX/bin/clipsonic` and the bundle, themes and keys are under `PREFIX/share/clipsonic`.
/// The bundle search and the theme search both start from here.
public enum InstallPrefix {
    /// `PREFIX` for an executable at `PREFIX/bin/<name>`; nil for one elsewhere (a build
    /// folder), whose parent's `share` is not an install's.
    public static func of(_ executable: URL?) -> URL? {
        guard let bin = executable?.deletingLastPathComponent(), bin.lastPathComponent == "bin" else { return nil }
        return bin.deletingLastPathComponent()
    }

    /// `PREFIX/share/clipsonic` for such an executable.
    public static func sharedData(of executable: URL?) -> URL? {
        of(executable)?.appendingPathComponent("share/clipsonic")
    }

    /// The running executable's real path: links resolved, so that a link to an installed
    /// binary (`~/bin/clipsonic`) still finds the install's data.
    public static func runningExecutable() -> URL? {
        guard let path = Bundle.main.executableURL?.path else { return nil }
        return realPath(path)
    }

    /// `path` with every symbolic link resolved; nil if it does not exist.
    public static func realPath(_ path: String) -> URL? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return URL(fileURLWithPath: String(cString: resolved))
    }
}
