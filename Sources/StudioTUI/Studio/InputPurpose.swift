/// What the input line is for: an option's new value, a command, or a take's note.
enum InputPurpose: Equatable {
    case option(StudioOption)
    case command
    case note
}
