/// The default key bindings, compiled in so the studio never starts without keys. The same text
/// as `keys/default.keys` (a test holds them equal), which users copy to start their own file.
extension KeyMap {
    public static let defaultKeyFile = """
# CLIPSonic Studio default key bindings.
#
# Each line binds a key to a command line in a context:   bind CONTEXT KEY COMMAND...
# Contexts: main (the studio), help (the help overlay), common (both; looked up last).
# Keys: a character (g, ?, [), ^X for Ctrl-X, space, tab, enter, escape, backspace, delete,
# insert, up, down, left, right, home, end, page_up, page_down, back_tab, F1-F24.
# Commands are those of the : command line (press ? in the studio for the list).
#
# Your own bindings go in ~/.config/clipsonic/keys (or $XDG_CONFIG_HOME/clipsonic/keys), read
# after this file: "bind main X generate" adds or replaces a binding, "unbind main X" removes one.

# Generating
bind main g generate
bind main a generate-ab
bind main x generate-variations
bind main V vary
bind main s cancel
bind main S skip

# Prompt and conditioning
bind main e edit prompt
bind main E edit negative
bind main i edit image
bind main A edit audio
bind main m toggle mode
bind main M toggle mode -
bind main w set image-weight-=0.1
bind main W set image-weight+=0.1

# Guidance, steps, sampler, seed
bind main [ set guidance-=0.5
bind main ] set guidance+=0.5
bind main { set prior-guidance-=0.5
bind main } set prior-guidance+=0.5
bind main - set steps-=5
bind main + set steps+=5
bind main = set steps+=5
bind main o toggle sampler
bind main L toggle seed-lock
bind main # new-seed
bind main R restore

# Takes
bind main up select-take -1
bind main down select-take +1
bind main k select-take -1
bind main j select-take +1
bind main home select-take first
bind main end select-take last
bind main page_up select-take -10
bind main page_down select-take +10
bind main f star
bind main * star
bind main d delete
bind main u undo
bind main > rate +1
bind main < rate -1
bind main c edit-note

# Finding takes (as in less and cmus: / to search, n and N to jump between matches)
bind main / edit-filter
bind main n find-next
bind main N find-previous
bind main F edit-search

# Playback
bind main enter play
bind main space pause
bind main v player-stop
bind main r toggle repeat
bind main left seek -1
bind main right seek +1
bind main , seek -5
bind main . seek +5

# A/B pairs and variation groups: t steps through them at the same position; in a group 1-8
# hear each variation, in a pair 1 and 2 prefer A or B and 0 neither
bind main t ab-switch
bind main tab ab-switch
bind main 1 pick 1
bind main 2 pick 2
bind main 3 pick 3
bind main 4 pick 4
bind main 5 pick 5
bind main 6 pick 6
bind main 7 pick 7
bind main 8 pick 8
bind main 0 pick 0

# Appearance and the rest
bind main T toggle theme
bind main : command
bind main q quit
bind help q help
bind help escape help
bind help up help-scroll -1
bind help down help-scroll +1
bind help k help-scroll -1
bind help j help-scroll +1
bind help page_up help-scroll -10
bind help page_down help-scroll +10
bind common ? help
bind common F1 help
bind common ^L redraw
"""

    /// The default bindings. The text is checked by the tests, so it has no bad lines.
    public static let defaults: KeyMap = {
        var keyMap = KeyMap()
        keyMap.apply(KeyFile.parse(text: defaultKeyFile, source: "keys/default.keys"))
        return keyMap
    }()
}
