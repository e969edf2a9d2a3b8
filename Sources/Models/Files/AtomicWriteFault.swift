/// Test-only: a step of an atomic write to fail on purpose, with the error a full disk or a dying
/// disk would give there, so that every failure path can be shown to keep the old file.
public enum AtomicWriteFault: Sendable, Equatable {
    /// Creating the temporary file fails with EACCES.
    case createTemporary
    /// The first write into the temporary file fails with ENOSPC.
    case write
    /// Flushing the temporary file fails with EIO.
    case sync
    /// Renaming it over the destination fails with EIO.
    case rename
}
