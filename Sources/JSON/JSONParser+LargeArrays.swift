/// A large array parsed on all cores: a session of 100,000 takes is one array of 60 MB, and
/// building its tree was most of opening it (issue #17). See `JSONParser+Pieces` for how the
/// array is split and why the split can only speed the parse, never change its outcome.
extension JSONParser {
    /// The array at `index` (its `[`), or nil (with `index` unchanged) when it is better parsed
    /// in sequence: too small, on one core, or not valid JSON (the sequential parse then says
    /// why, as it would have).
    mutating func parseLargeArray() -> [JSONValue]? {
        guard Self.cores > 1, let layout = Self.arrayLayout(in: bytes, at: index),
              layout.close - layout.open >= splitArraysFrom, layout.count >= 2 * Self.cores,
              let elements = Self.mapElements(in: bytes, layout, depth: depth, { $1 })
        else { return nil }
        index = layout.close + 1
        return elements
    }
}
