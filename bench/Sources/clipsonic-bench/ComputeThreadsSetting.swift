import Models

/// The thread count every side of a benchmark uses (the engine's shared setting).
enum ComputeThreadsSetting {
    static var count: Int { ComputeThreads.count }
}
