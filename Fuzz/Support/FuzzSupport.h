// C helpers for the harnesses, imported with -import-objc-header (see scripts/fuzz).
#ifndef TCPSCOPE_FUZZ_SUPPORT_H
#define TCPSCOPE_FUZZ_SUPPORT_H

/// The columns the C library says `scalar` takes on a UTF-8 terminal (wcwidth(3) in the
/// C.UTF-8 locale): 1 or 2, 0 for combining and zero-width characters, -1 for controls and for
/// code points its Unicode tables do not know. Aborts when the C.UTF-8 locale is missing.
int fuzz_wcwidth(unsigned int scalar);

#endif
