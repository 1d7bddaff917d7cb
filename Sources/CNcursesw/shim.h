#ifndef TCPSCOPE_CNCURSESW_SHIM_H
#define TCPSCOPE_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600; without a define curses.h hides the wide API.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#endif
