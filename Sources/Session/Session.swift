import Engine
/// Placeholder module file until the Session part lands; keeps the target buildable.
