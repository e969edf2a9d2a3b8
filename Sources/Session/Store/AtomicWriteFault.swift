/// Test-only: a step of `AtomicFile.write` to fail on purpose, with the error a full disk or a
/// dying disk would give there, so every failure path can be shown to keep the old file.
enum AtomicWriteFault: Sendable, Equatable {
    case createTemporary
    case write
    case sync
    case rename
}
