/// No bundle was named and none was found: every place searched, and how to point at one.
public struct BundleNotFoundError: Error, Equatable, Sendable, CustomStringConvertible {
    public var searched: [BundleLocator.Candidate]

    public init(searched: [BundleLocator.Candidate]) { self.searched = searched }

    public var description: String {
        var lines = ["no model bundle found (a folder with bundle.json); looked in:"]
        for place in searched { lines.append("  \(place.url.path)  (\(place.origin))") }
        lines.append("Point at one with --bundle DIR or CLIPSONIC_BUNDLE=DIR, or install the mini bundle with "
                     + "scripts/install.sh [PREFIX].")
        return lines.joined(separator: "\n")
    }
}
