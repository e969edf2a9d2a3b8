import Engine
/// Placeholder module file until the Playback part lands; keeps the target buildable.
