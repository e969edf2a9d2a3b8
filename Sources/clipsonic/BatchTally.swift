import Models

/// What a batch did, printed at the end however it ended: done, failed, and not run (skipped
/// after a failure without --keep-going, or after an interrupt).
struct BatchTally: CustomStringConvertible {
    let jobs: Int
    var done = 0
    var failed = 0
    /// Jobs stopped part-way by an interrupt.
    var interrupted = 0

    var skipped: Int { jobs - done - failed - interrupted }

    var description: String {
        "\(done) done, \(failed) failed, \(skipped + interrupted) skipped (of \(jobs))"
    }

    var json: [String: JSONValue] {
        ["done": .int(done), "failed": .int(failed), "skipped": .int(skipped + interrupted), "jobs": .int(jobs)]
    }
}
