// wcwidth(3) is declared only with _XOPEN_SOURCE, which Swift's Glibc module is not built with,
// so the Canvas harness reaches it through this one function.
#define _XOPEN_SOURCE 700
#define _GNU_SOURCE
#include "FuzzSupport.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

int fuzz_wcwidth(unsigned int scalar) {
    // wcwidth answers for the thread's locale; the fuzzer runs inputs on one thread.
    static locale_t utf8;
    if (utf8 == (locale_t)0) {
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
        if (utf8 == (locale_t)0) {
            fputs("fuzz: the C.UTF-8 locale is missing, so character widths cannot be checked\n", stderr);
            abort();
        }
        uselocale(utf8);
    }
    return wcwidth((wchar_t)scalar);
}
