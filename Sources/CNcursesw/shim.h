#ifndef CLIPSONIC_CNCURSESW_SHIM_H
#define CLIPSONIC_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
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
static inline WINDOW *cs_curscr(void) { return curscr; }
/// newterm on the process's own stdout/stdin; NULL (instead of exiting, as initscr does) when
/// TERM is unusable.
static inline SCREEN *cs_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline int cs_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cs_get_wch(wint_t *c) { return wget_wch(stdscr, c); }
/// One cell: up to CCHARW_MAX wide characters (a base and combining marks), attributes and an
/// extended colour pair (setcchar reads the int through `opts` when it is not NULL).
static inline int cs_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, wch, attrs, 0, &pair) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}
/// A terminfo string capability, or NULL when the terminal lacks it (tigetstr returns -1 or 0).
static inline const char *cs_tigetstr(const char *cap) {
    char *s = tigetstr(cap);
    return (s == (char *)-1) ? NULL : s;
}
/* POSIX (XSI); glibc declares it only when _XOPEN_SOURCE is set before its first header. */
int wcwidth(wchar_t c);
static inline int cs_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
static inline const char *cs_codeset(void) { return nl_langinfo(CODESET); }
#endif
