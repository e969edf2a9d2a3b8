/// What the input line is for: an option's new value, a command, a take's note, a filter, a
/// search by sound.
enum InputPurpose: Equatable {
    case option(StudioOption)
    case command
    case note
    case filter
    case search
}
