#ifndef TCPSCOPE_CCURSES_H
#define TCPSCOPE_CCURSES_H
#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#endif
