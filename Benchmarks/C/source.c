/* The sender every benchmark uses: sends N bytes as fast as it can from a 256 KiB buffer of
 * pseudo-random bytes, shuts its side down, then waits for the sink to close. It prints
 * "bytes N seconds S": S runs from the connection to the sink's close, so it covers every
 * byte being consumed, whoever the sink is, and it is measured the same way for all of them.
 *
 *   source --listen [--bytes N] [--mark M] [--limit SECONDS]   (127.0.0.1:0; prints "port N")
 *   source --connect HOST:PORT [--bytes N] [--mark M] [--limit SECONDS]
 *
 * --mark M prints "mark K" each time another M bytes have been sent, so a watcher can sample
 * the sink while the transfer runs. --tls sends them over TLS 1.3 (AES-128-GCM; see tls.h),
 * ending with close_notify. */
#include "common.h"
#include "tls.h"

enum { BUFFER = 256 * 1024 };

static void usage(void) {
    fprintf(stderr, "usage: source (--listen | --connect HOST:PORT) [--bytes N] [--mark M] [--limit SECONDS] [--tls]\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *connect_to = NULL;
    int listen_here = 0;
    unsigned long long bytes = 2ULL << 30, mark = 0;
    unsigned limit = 300;
    int tls = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--listen")) listen_here = 1;
        else if (!strcmp(argv[i], "--connect") && i + 1 < argc) connect_to = argv[++i];
        else if (!strcmp(argv[i], "--bytes") && i + 1 < argc) bytes = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--mark") && i + 1 < argc) mark = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--tls")) tls = 1;
        else usage();
    }
    if (listen_here == (connect_to != NULL)) usage();
    bench_limit_time(limit);

    static unsigned char buffer[BUFFER];
    unsigned long long x = 0x9E3779B97F4A7C15ULL;  /* xorshift: incompressible, reproducible */
    for (size_t i = 0; i < BUFFER; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        buffer[i] = (unsigned char)x;
    }
    int fd = connect_to ? bench_connect(connect_to) : bench_accept(bench_listen(0));

    /* The handshake is not part of the transfer: the clock starts after it. */
    SSL *ssl = tls ? bench_tls_server(fd) : NULL;
    double start = bench_now();
    unsigned long long sent = 0, next_mark = mark ? mark : ~0ULL;
    while (sent < bytes) {
        size_t offset = (size_t)(sent % BUFFER);
        size_t want = BUFFER - offset;
        if (want > bytes - sent) want = (size_t)(bytes - sent);
        ssize_t n;
        if (ssl) {
            size_t wrote = 0;
            if (SSL_write_ex(ssl, buffer + offset, want, &wrote) != 1) bench_tls_fail("SSL_write");
            n = (ssize_t)wrote;
        } else {
            n = send(fd, buffer + offset, want, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) bench_fail("send");
        }
        sent += (unsigned long long)n;
        while (sent >= next_mark) {
            printf("mark %llu\n", next_mark);
            fflush(stdout);
            next_mark += mark;
        }
    }
    if (ssl) SSL_shutdown(ssl);  /* close_notify: the sink's end of stream */
    if (shutdown(fd, SHUT_WR) != 0) bench_fail("shutdown");
    /* The sink closes after reading everything: its end of stream is ours too. */
    char scratch[4096];
    for (;;) {
        ssize_t n = recv(fd, scratch, sizeof scratch, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  /* 0: closed; ECONNRESET: closed with our data unread, still done */
    }
    double seconds = bench_now() - start;
    close(fd);
    printf("bytes %llu seconds %.6f\n", sent, seconds);
    return 0;
}
