// ppoll is a GNU extension: the define must precede every system header.
#define _GNU_SOURCE 1
#include "ccurses.h"
#include <ncursesw/term.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

attr_t tcs_a_normal(void) { return A_NORMAL; }
attr_t tcs_a_bold(void) { return A_BOLD; }
attr_t tcs_a_dim(void) { return A_DIM; }
attr_t tcs_a_reverse(void) { return A_REVERSE; }
attr_t tcs_a_underline(void) { return A_UNDERLINE; }
attr_t tcs_a_standout(void) { return A_STANDOUT; }

attr_t tcs_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

int tcs_key_f(int n) { return KEY_F(n); }

int tcs_colors(void) { return COLORS; }
int tcs_color_pairs(void) { return COLOR_PAIRS; }

const cchar_t *tcs_wacs_hline(void) { return WACS_HLINE; }
const cchar_t *tcs_wacs_vline(void) { return WACS_VLINE; }
const cchar_t *tcs_wacs_ulcorner(void) { return WACS_ULCORNER; }
const cchar_t *tcs_wacs_urcorner(void) { return WACS_URCORNER; }
const cchar_t *tcs_wacs_llcorner(void) { return WACS_LLCORNER; }
const cchar_t *tcs_wacs_lrcorner(void) { return WACS_LRCORNER; }
const cchar_t *tcs_wacs_ltee(void) { return WACS_LTEE; }
const cchar_t *tcs_wacs_rtee(void) { return WACS_RTEE; }
const cchar_t *tcs_wacs_ttee(void) { return WACS_TTEE; }
const cchar_t *tcs_wacs_btee(void) { return WACS_BTEE; }
const cchar_t *tcs_wacs_plus(void) { return WACS_PLUS; }

int tcs_ppoll(struct pollfd *fds, nfds_t count, int timeout_ms, const sigset_t *mask) {
    if (timeout_ms < 0) {
        return ppoll(fds, count, NULL, mask);
    }
    struct timespec timeout = {
        .tv_sec = timeout_ms / 1000,
        .tv_nsec = (long)(timeout_ms % 1000) * 1000000L,
    };
    return ppoll(fds, count, &timeout, mask);
}

int tcs_wake_pipe(int fds[2]) { return pipe2(fds, O_NONBLOCK | O_CLOEXEC); }

int tcs_cursor_addressing(const char *term) {
    int status = 0;
    if (setupterm(term, STDOUT_FILENO, &status) != OK) return -1;
    const char *cup = tigetstr("cup");
    int can = cup != NULL && cup != (const char *)-1 && *cup != '\0';
    TERMINAL *entry = set_curterm(NULL);
    if (entry != NULL) del_curterm(entry);
    return can;
}
