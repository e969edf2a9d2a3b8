#ifndef CLIPSONIC_CNCURSESW_SHIM_H
#define CLIPSONIC_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot see C macros with arguments, nor some globals reliably: wrap them.
static inline WINDOW *cs_stdscr(void) { return stdscr; }
static inline int cs_cols(void) { return COLS; }
static inline int cs_lines(void) { return LINES; }
static inline int cs_colors(void) { return COLORS; }
static inline int cs_color_pairs(void) { return COLOR_PAIRS; }
static inline int cs_maxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int cs_maxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline attr_t cs_a_bold(void) { return A_BOLD; }
static inline attr_t cs_a_reverse(void) { return A_REVERSE; }
static inline attr_t cs_a_dim(void) { return A_DIM; }
static inline attr_t cs_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cs_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cs_key_f(int n) { return KEY_F(n); }
static inline int cs_addstr(const char *s) { return addstr(s); }
static inline int cs_mvaddstr(int y, int x, const char *s) { return mvaddstr(y, x, s); }
static inline int cs_mvaddnstr(int y, int x, const char *s, int n) { return mvaddnstr(y, x, s, n); }
#endif
