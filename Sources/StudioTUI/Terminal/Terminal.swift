import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ncurses screen: started once, shows canvases, reads keys without blocking, and is put back
/// exactly as it was by `stop()` (or, on a crash, by `TerminalRestore`).
final class Terminal {
    private(set) var rows: Int = 0
    private(set) var cols: Int = 0
    private var colors: ColorPairs
    private let hasColors: Bool
    private var isStopped = false
    private var cursorVisible = false

    private init(hasColors: Bool, colorCount: Int, maximumPairs: Int) {
        self.hasColors = hasColors
        colors = ColorPairs(colorCount: colorCount, maximumPairs: maximumPairs)
        rows = Int(cs_lines())
        cols = Int(cs_cols())
    }

    /// Takes over the terminal. The locale must already be set (see `LocaleCheck`).
    static func start() throws(StudioError) -> Terminal {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        TerminalRestore.saveAttributes()
        // newterm, unlike initscr, returns NULL instead of exiting when TERM is unusable.
        guard cs_newterm() != nil else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw .terminal("TERM=\(term) is not a terminal type this system knows; try TERM=xterm-256color")
        }
        cbreak()
        noecho()
        nonl()
        keypad(cs_stdscr(), true)
        nodelay(cs_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        let hasColors = has_colors()
        if hasColors {
            start_color()
            use_default_colors()
        }
        TerminalRestore.captureResetSequence()
        TerminalRestore.installCrashHandlers()
        return Terminal(hasColors: hasColors, colorCount: hasColors ? Int(cs_colors()) : 0,
                        maximumPairs: hasColors ? Int(cs_color_pairs()) : 0)
    }

    /// Gives the terminal back: normal screen, cursor, echo, line mode. Safe to call twice.
    func stop() {
        guard !isStopped else { return }
        isStopped = true
        curs_set(1)
        endwin()
        TerminalRestore.removeCrashHandlers()
        TerminalRestore.restoreNow()
    }

    /// Reads the size from the terminal after SIGWINCH and tells ncurses.
    func updateSize() {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 {
            resizeterm(Int32(size.ws_row), Int32(size.ws_col))
        }
        rows = Int(cs_lines())
        cols = Int(cs_cols())
    }

    /// Everything typed since the last call.
    func readInput() -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        var character: wint_t = 0
        while true {
            let result = cs_get_wch(&character)
            if result == ERR { break }
            if result == cs_key_code_yes() {
                if Int32(character) == KEY_RESIZE {
                    rows = Int(cs_lines()); cols = Int(cs_cols())
                    inputs.append(.resize)
                } else if let key = Terminal.key(code: Int32(character)) {
                    inputs.append(.key(key))
                }
            } else if let scalar = Unicode.Scalar(UInt32(character)) {
                inputs.append(.key(Key.character(scalar).normalized))
            }
        }
        return inputs
    }

    /// Forces a full repaint on the next `show` (Ctrl-L, a new theme).
    func invalidate() {
        clearok(cs_curscr(), true)
        colors.reset()
    }

    /// Draws `canvas` (which should match `rows` × `cols`) and places the cursor.
    func show(_ canvas: Canvas, cursor: (row: Int, col: Int)?) {
        let height = min(canvas.rows, rows), width = min(canvas.cols, cols)
        var wide = [wchar_t](repeating: 0, count: 6)
        for row in 0..<height {
            for col in 0..<width {
                let cell = canvas[row, col]
                if cell.isContinuation { continue }
                var count = 0
                for scalar in cell.character.unicodeScalars where count < 5 {
                    wide[count] = wchar_t(bitPattern: scalar.value)
                    count += 1
                }
                wide[count] = 0
                let (attributes, pair) = attributesAndPair(cell.style)
                _ = cs_put_cell(Int32(row), Int32(col), wide, attributes, pair)
            }
        }
        if let cursor {
            if !cursorVisible { curs_set(1); cursorVisible = true }
            move(Int32(cursor.row), Int32(cursor.col))
        } else if cursorVisible {
            curs_set(0); cursorVisible = false
        }
        wnoutrefresh(cs_stdscr())
        doupdate()
    }

    private func attributesAndPair(_ style: CellStyle) -> (attr_t, Int32) {
        var attributes: attr_t = 0
        if style.bold { attributes |= cs_a_bold() }
        if style.underline { attributes |= cs_a_underline() }
        if style.reverse { attributes |= cs_a_reverse() }
        guard hasColors else {
            // Without colours, anything on a coloured background (bars, the selection) is reversed.
            if style.background != .terminalDefault { attributes |= cs_a_reverse() }
            return (attributes, 0)
        }
        return (attributes, colors.pair(foreground: style.foreground, background: style.background))
    }

    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .special(.up)
        case KEY_DOWN: return .special(.down)
        case KEY_LEFT: return .special(.left)
        case KEY_RIGHT: return .special(.right)
        case KEY_HOME: return .special(.home)
        case KEY_END: return .special(.end)
        case KEY_PPAGE: return .special(.pageUp)
        case KEY_NPAGE: return .special(.pageDown)
        case KEY_IC: return .special(.insert)
        case KEY_DC: return .special(.delete)
        case KEY_BACKSPACE: return .special(.backspace)
        case KEY_BTAB: return .special(.backTab)
        case KEY_ENTER: return .enter
        default:
            for n in 1...24 where cs_key_f(Int32(n)) == code { return .function(n) }
            return nil
        }
    }
}
