import Session

/// Everything the studio can do. Every key runs a command line (see `KeyMap`), and the `:`
/// command line takes the same text, so everything is scriptable, as in cmus.
public enum StudioCommand: Sendable, Equatable {
    /// How `set` changes an option.
    public enum SetOperation: Sendable, Equatable {
        case assign(String)
        case increase(String)
        case decrease(String)
        /// `set NAME` alone: show the value.
        case show
    }

    /// Which take `select-take` moves to.
    public enum TakeSelection: Sendable, Equatable {
        case relative(Int)
        /// 1-based, as the take list numbers them.
        case number(Int)
        case first
        case last
    }

    public enum RatingChange: Sendable, Equatable {
        case number(Int)
        case relative(Int)
    }

    public enum SeekTarget: Sendable, Equatable {
        case relative(Double)
        case absolute(Double)
    }

    case set(StudioOption, SetOperation)
    /// Flips a flag or steps a choice (backwards with `-`).
    case toggle(StudioOption, backwards: Bool)
    /// Opens the input line on an option's value; Enter sets it.
    case edit(StudioOption)
    case generate
    /// Prior and zero-shot with one seed, recorded as an A/B pair.
    case generateAB
    /// `variations` takes of the current settings, seeds seed, seed+1, ..., as one group.
    case generateVariations
    /// Key N of the selected take's comparison: in a variation group, hear variation N from the
    /// same position; in an A/B pair, 1 and 2 prefer A or B and 0 neither.
    case pick(Int)
    /// A variation of the selected take: the current settings, starting from its sound.
    case vary
    /// Stop: ends the running generation and drops the queued ones.
    case cancel
    /// Skip: ends the current take; the next mode or queued job starts.
    case skip
    case newSeed
    /// The selected take's settings become the current ones (seed locked).
    case restore
    case selectTake(TakeSelection)
    /// Stars the selected take (copy and sidecar into the favourites), or unstars it (both removed).
    case star
    /// Deletes the selected take: out of the list, its audio into the session folder's `trash/`.
    case deleteTake
    /// Brings back the last deleted take.
    case undoDelete
    /// Sets (`.number`) or moves (`.relative`) the selected take's rating, 0 to 5.
    case rate(RatingChange)
    /// Sets the selected take's note (empty clears it), in the session and its favourite's sidecar.
    case note(String)
    /// Opens the input line on the selected take's note.
    case editNote
    /// Shows only the takes that match (`TakeFilter`); an empty query shows them all again.
    case filter(String)
    /// Opens the input line on the filter's query (`/`).
    case editFilter
    /// Ranks the takes by how well their sound matches the text (the bundle's audio encoder);
    /// empty text goes back to the list in the order the takes were made.
    case search(String)
    /// Opens the input line on a search's text.
    case editSearch
    /// Selects the next (`forward`) or previous take that matches the filter, wrapping around.
    case findMatch(forward: Bool)
    /// Writes the selected take to a file (WAV or FLAC by extension, recipe in its tags);
    /// `replacing` (`export!`) allows replacing an existing file.
    case export(path: String, replacing: Bool)
    case play
    case pause
    case playerStop
    case seek(SeekTarget)
    /// Plays the other take of the selected A/B pair from the same position.
    case abSwitch
    case prefer(ABPreference)
    case help
    case helpScroll(Int)
    case redraw
    /// Opens the `:` command line.
    case commandLine
    case quit
    case bind(KeyBinding)
    case unbind(KeyContext, Key)
}
