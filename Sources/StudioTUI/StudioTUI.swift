import Engine
/// Placeholder module file until the StudioTUI part lands; keeps the target buildable.
