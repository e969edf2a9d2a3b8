/// What the studio keeps of takes it has read (their audio, their mel pictures): the most
/// recently used, up to a budget of bytes, so a session of hundreds of takes played one after
/// another does not keep them all in memory (the soak measured 172 KB a take kept for good).
/// The `keepAtLeast` most recent stay whatever their size, so an A/B pair of long takes still
/// switches without reading a file. Reading a take again costs milliseconds.
final class RecentCache<Key: Hashable, Value> {
    private var entries: [Key: (value: Value, cost: Int, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    private(set) var totalCost = 0
    let budget: Int
    let keepAtLeast: Int
    private let cost: (Value) -> Int

    init(budget: Int, keepAtLeast: Int = 2, cost: @escaping (Value) -> Int) {
        self.budget = budget
        self.keepAtLeast = keepAtLeast
        self.cost = cost
    }

    var count: Int { entries.count }

    /// Reading a value makes it the most recently used.
    subscript(key: Key) -> Value? {
        get {
            guard var entry = entries[key] else { return nil }
            clock += 1
            entry.used = clock
            entries[key] = entry
            return entry.value
        }
        set {
            if let old = entries.removeValue(forKey: key) { totalCost -= old.cost }
            guard let value = newValue else { return }
            clock += 1
            let c = cost(value)
            entries[key] = (value, c, clock)
            totalCost += c
            evict()
        }
    }

    /// The least recently used go first; a scan, as the cache holds a few dozen entries.
    private func evict() {
        while totalCost > budget, entries.count > keepAtLeast,
              let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
            totalCost -= oldest.value.cost
            entries.removeValue(forKey: oldest.key)
        }
    }
}
