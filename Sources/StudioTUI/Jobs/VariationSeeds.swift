import Engine

/// The seeds of K variations: the first seed, then the next ones, wrapping within the seed
/// parameter's range, so a group is remade from its first seed alone (the CLI's
/// `--variations K --seed S` gives the studio's group for seed S).
public enum VariationSeeds {
    public static func seeds(from first: UInt64, count: Int) -> [UInt64] {
        let range = RequestParameters.seedRange
        let span = range.upperBound - range.lowerBound + 1
        let base = min(max(first, range.lowerBound), range.upperBound) - range.lowerBound
        return (0..<UInt64(max(count, 1))).map { range.lowerBound + (base + $0) % span }
    }
}
