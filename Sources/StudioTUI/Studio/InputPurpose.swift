/// What the input line is for: an option's new value, or a command.
enum InputPurpose: Equatable {
    case option(StudioOption)
    case command
}
