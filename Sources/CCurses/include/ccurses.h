#ifndef TCPSCOPE_CCURSES_H
#define TCPSCOPE_CCURSES_H

// What the Terminal module needs but Swift cannot import: curses' function-like and cast macros
// (COLOR_PAIR, A_*, KEY_F, WACS_*), which the importer drops, and the two GNU-only calls the UI
// thread's wait uses (ppoll, pipe2). Each gets a tiny real function. Nothing here holds state.

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE; without this define curses.h hides the wide API
// and clang reports "'_win_st' has different definitions in different modules".
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <poll.h>
#include <signal.h>

// Attributes (attr_t bit masks).
attr_t tcs_a_normal(void);
attr_t tcs_a_bold(void);
attr_t tcs_a_dim(void);
attr_t tcs_a_reverse(void);
attr_t tcs_a_underline(void);
attr_t tcs_a_standout(void);

/// The attribute bits that select colour pair `n` (COLOR_PAIR).
attr_t tcs_color_pair(int n);

/// The key code of function key Fn (KEY_F(n)).
int tcs_key_f(int n);

/// The COLORS and COLOR_PAIRS globals, which Swift 6 refuses to read directly.
/// Meaningful only after start_color().
int tcs_colors(void);
int tcs_color_pairs(void);

// Wide line-drawing characters from the terminal's alternate character set (WACS_*).
// Valid only between initscr() and endwin(); the pointers belong to ncurses.
const cchar_t *tcs_wacs_hline(void);
const cchar_t *tcs_wacs_vline(void);
const cchar_t *tcs_wacs_ulcorner(void);
const cchar_t *tcs_wacs_urcorner(void);
const cchar_t *tcs_wacs_llcorner(void);
const cchar_t *tcs_wacs_lrcorner(void);
const cchar_t *tcs_wacs_ltee(void);
const cchar_t *tcs_wacs_rtee(void);
const cchar_t *tcs_wacs_ttee(void);
const cchar_t *tcs_wacs_btee(void);
const cchar_t *tcs_wacs_plus(void);

/// ppoll(2), which glibc declares only under _GNU_SOURCE. `timeout_ms` < 0 waits forever;
/// `mask` is the signal mask in force while waiting (NULL keeps the current one).
/// The UI thread needs it so that SIGWINCH can interrupt the wait but never slip in just
/// before it (see InputWaiter.swift).
int tcs_ppoll(struct pollfd *fds, nfds_t count, int timeout_ms, const sigset_t *mask);

/// pipe2(O_NONBLOCK | O_CLOEXEC), also GNU-only: both flags set atomically, so no exec in another
/// thread can inherit the descriptors. Returns 0 or -1 with errno.
int tcs_wake_pipe(int fds[2]);

/// Whether the terminal type `term` can move the cursor to a given place (terminfo's `cup`),
/// read from the terminfo database before initscr() (which would print its own message and
/// exit for a type it does not know): 1 yes, 0 no, -1 no such type (or no database). The
/// entry loaded for the question is freed again. setupterm() and the TERMINAL type live in
/// term.h, which this header does not pull into Swift.
int tcs_cursor_addressing(const char *term);

#endif
