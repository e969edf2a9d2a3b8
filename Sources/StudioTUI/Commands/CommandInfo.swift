/// A command's name, usage and one-line summary: the command table the parser, the help overlay
/// and error messages share.
public struct CommandInfo: Sendable, Equatable {
    public let name: String
    public let usage: String
    public let summary: String

    /// Every command, in the order the help overlay lists them.
    public static let all: [CommandInfo] = [
        CommandInfo(name: "generate", usage: "generate", summary: "generate a take with the current settings"),
        CommandInfo(name: "generate-ab", usage: "generate-ab", summary: "generate prior and zero-shot with one seed, as an A/B pair"),
        CommandInfo(name: "generate-variations", usage: "generate-variations", summary: "generate `variations` takes of one prompt with seeds seed, seed+1, ..., as one group"),
        CommandInfo(name: "pick", usage: "pick 0-8", summary: "in a variation group, hear variation N at the same position; in an A/B pair, 1/2 prefer A/B, 0 neither"),
        CommandInfo(name: "vary", usage: "vary", summary: "a variation of the selected take (set strength: how far it departs)"),
        CommandInfo(name: "cancel", usage: "cancel", summary: "stop the running generation and the queued ones"),
        CommandInfo(name: "skip", usage: "skip", summary: "skip the current take of the running generation"),
        CommandInfo(name: "set", usage: "set OPTION=VALUE | set OPTION+=N | set OPTION-=N | set OPTION", summary: "change or show an option"),
        CommandInfo(name: "toggle", usage: "toggle OPTION [-]", summary: "flip an on/off option or step through a choice"),
        CommandInfo(name: "edit", usage: "edit OPTION", summary: "edit an option's value on the input line"),
        CommandInfo(name: "new-seed", usage: "new-seed", summary: "draw a new seed for the next take"),
        CommandInfo(name: "restore", usage: "restore", summary: "use the selected take's settings (seed locked)"),
        CommandInfo(name: "select-take", usage: "select-take +N | -N | N | first | last", summary: "move the selection in the take list"),
        CommandInfo(name: "star", usage: "star", summary: "star the selected take (copied to the favourites with a sidecar), or unstar it (both removed)"),
        CommandInfo(name: "delete", usage: "delete", summary: "delete the selected take (its audio goes to the session's trash/)"),
        CommandInfo(name: "undo", usage: "undo", summary: "bring back the last deleted take"),
        CommandInfo(name: "rate", usage: "rate 0-5 | +N | -N", summary: "rate the selected take, 0 (none) to 5"),
        CommandInfo(name: "note", usage: "note TEXT", summary: "note on the selected take, kept in the session and its favourite's sidecar (no text clears it)"),
        CommandInfo(name: "edit-note", usage: "edit-note", summary: "edit the selected take's note on the input line"),
        CommandInfo(name: "filter", usage: "filter WORDS", summary: "show only takes whose prompt has WORDS; also mode:NAME, * (starred), r>=N (rating); no words: all"),
        CommandInfo(name: "edit-filter", usage: "edit-filter", summary: "type a filter for the take list (words, mode:, *, r>=N; ~TEXT ranks by sound)"),
        CommandInfo(name: "search", usage: "search TEXT", summary: "rank the takes by how well their sound matches TEXT (needs a bundle with an audio encoder); no text: back to the made order"),
        CommandInfo(name: "edit-search", usage: "edit-search", summary: "type a text to search the takes' sound for"),
        CommandInfo(name: "find-next", usage: "find-next", summary: "select the next take the filter matches"),
        CommandInfo(name: "find-previous", usage: "find-previous", summary: "select the previous take the filter matches"),
        CommandInfo(name: "export", usage: "export PATH | export! PATH", summary: "write the selected take to PATH (.wav or .flac, recipe in its tags); export! replaces a file"),
        CommandInfo(name: "play", usage: "play", summary: "play the selected take from the start"),
        CommandInfo(name: "pause", usage: "pause", summary: "pause or resume playback"),
        CommandInfo(name: "player-stop", usage: "player-stop", summary: "stop playback"),
        CommandInfo(name: "seek", usage: "seek +S | -S | S", summary: "seek by or to S seconds"),
        CommandInfo(name: "ab-switch", usage: "ab-switch", summary: "switch between the takes of an A/B pair, keeping the position"),
        CommandInfo(name: "prefer", usage: "prefer a | b | none", summary: "record which take of the A/B pair you prefer"),
        CommandInfo(name: "help", usage: "help", summary: "show or hide this help"),
        CommandInfo(name: "help-scroll", usage: "help-scroll +N | -N", summary: "scroll the help"),
        CommandInfo(name: "redraw", usage: "redraw", summary: "redraw the screen"),
        CommandInfo(name: "command", usage: "command", summary: "open the command line"),
        CommandInfo(name: "quit", usage: "quit", summary: "save and quit"),
        CommandInfo(name: "bind", usage: "bind CONTEXT KEY COMMAND...", summary: "bind a key to a command"),
        CommandInfo(name: "unbind", usage: "unbind CONTEXT KEY", summary: "remove a key binding"),
    ]

    public static func named(_ name: String) -> CommandInfo? { all.first { $0.name == name } }
}
