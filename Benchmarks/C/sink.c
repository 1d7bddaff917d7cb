/* The reference sink: the fastest plain way to consume a TCP stream, which tcpscope's follow
 * mode is measured against. recv into a 256 KiB buffer until end of stream, then print
 * "bytes N seconds S" (from connection to end of stream).
 *
 *   sink --connect HOST:PORT [--ring] [--limit SECONDS]
 *   sink --listen PORT       [--ring] [--limit SECONDS]   (prints "port N" first; 0 = any)
 *
 * --ring also copies every byte into a 1 MiB ring, the work a capturing tool must do at least
 * once if it cannot receive straight into its ring: the second reference point.
 * --ring-direct receives straight into the 1 MiB ring instead (each recv up to 256 KiB, never
 * past the ring's end), as tcpscope's follow mode does: the limit for a capture of that size. */
#include "common.h"

enum { BUFFER = 256 * 1024, RING = 1024 * 1024 };

static void usage(void) {
    fprintf(stderr, "usage: sink (--connect HOST:PORT | --listen PORT) [--ring | --ring-direct] [--limit SECONDS]\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *connect_to = NULL;
    int listen_port = -1, ring_copy = 0, ring_direct = 0;
    unsigned limit = 300;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--connect") && i + 1 < argc) connect_to = argv[++i];
        else if (!strcmp(argv[i], "--listen") && i + 1 < argc) listen_port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--ring")) ring_copy = 1;
        else if (!strcmp(argv[i], "--ring-direct")) ring_direct = 1;
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = (unsigned)atoi(argv[++i]);
        else usage();
    }
    if ((connect_to == NULL) == (listen_port < 0) || (ring_copy && ring_direct)) usage();
    bench_limit_time(limit);

    static unsigned char buffer[BUFFER];
    /* Cache-line aligned, as tcpscope's ring is. */
    unsigned char *ring = ring_copy || ring_direct ? aligned_alloc(64, RING) : NULL;
    if ((ring_copy || ring_direct) && !ring) bench_fail("aligned_alloc");
    int fd = connect_to ? bench_connect(connect_to) : bench_accept(bench_listen(listen_port));

    double start = bench_now();
    unsigned long long total = 0;
    size_t position = 0;
    for (;;) {
        size_t want = ring_direct && RING - position < BUFFER ? RING - position : BUFFER;
        ssize_t n = recv(fd, ring_direct ? ring + position : buffer, want, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) bench_fail("recv");
        if (n == 0) break;
        if (ring_copy) {
            /* Two pieces when the copy wraps past the ring's end. */
            size_t first = (size_t)n < RING - position ? (size_t)n : RING - position;
            memcpy(ring + position, buffer, first);
            memcpy(ring, buffer + first, (size_t)n - first);
        }
        position = (position + (size_t)n) % RING;
        total += (unsigned long long)n;
    }
    double seconds = bench_now() - start;
    close(fd);
    /* Printing a ring byte keeps the compiler from dropping the copies. */
    printf("bytes %llu seconds %.6f%s\n", total, seconds, ring && ring[position] == 0x5a ? " " : "");
    free(ring);
    return 0;
}
