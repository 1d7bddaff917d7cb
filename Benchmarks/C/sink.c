/* The reference sink: the fastest plain way to consume a TCP stream, which tcpscope's follow
 * mode is measured against. recv into a 256 KiB buffer until end of stream, then print
 * "bytes N seconds S" (from connection to end of stream).
 *
 *   sink --connect HOST:PORT [--ring] [--limit SECONDS]
 *   sink --listen PORT       [--ring] [--limit SECONDS]   (prints "port N" first; 0 = any)
 *   sink --connect HOST:PORT --hex FILE                   (hex of every byte into FILE)
 *
 * --ring also copies every byte into a 1 MiB ring, the work a capturing tool must do at least
 * once if it cannot receive straight into its ring: the second reference point.
 * --ring-direct receives straight into the 1 MiB ring instead (each recv up to 256 KiB, never
 * past the ring's end), as tcpscope's follow mode does: the limit for a capture of that size.
 * --hex FILE also writes every byte received as two lower-case hex digits (a 256-entry table)
 * into a 1 MiB buffer written to FILE whenever it fills: the least work a transcript that
 * holds every byte in hex can do, the reference for `follow` with `--transcript`. */
#include "common.h"
#include "tls.h"

enum { BUFFER = 256 * 1024, RING = 1024 * 1024, HEX_BUFFER = 1024 * 1024 };

/* Two digits a byte, in the order they are written. */
static char hex_table[256][2];

static void hex_prepare(void) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 256; i++) {
        hex_table[i][0] = digits[i >> 4];
        hex_table[i][1] = digits[i & 15];
    }
}

static void write_all(int fd, const unsigned char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) bench_fail("write");
        bytes += n;
        count -= (size_t)n;
    }
}

/* Appends `count` bytes as hex to the buffer, writing it to `fd` each time it fills. */
static void hex_out(int fd, unsigned char *out, size_t *used, const unsigned char *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (*used + 2 > HEX_BUFFER) {
            write_all(fd, out, *used);
            *used = 0;
        }
        memcpy(out + *used, hex_table[bytes[i]], 2);
        *used += 2;
    }
}

static void usage(void) {
    fprintf(stderr, "usage: sink (--connect HOST:PORT | --listen PORT) [--ring | --ring-direct] [--hex FILE] [--limit SECONDS] [--tls]\n");
    exit(2);
}

int main(int argc, char **argv) {
    const char *connect_to = NULL;
    int listen_port = -1, ring_copy = 0, ring_direct = 0, tls = 0;
    unsigned limit = 300;
    const char *hex_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--connect") && i + 1 < argc) connect_to = argv[++i];
        else if (!strcmp(argv[i], "--listen") && i + 1 < argc) listen_port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--ring")) ring_copy = 1;
        else if (!strcmp(argv[i], "--ring-direct")) ring_direct = 1;
        else if (!strcmp(argv[i], "--hex") && i + 1 < argc) hex_path = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "--tls")) tls = 1;
        else usage();
    }
    if ((connect_to == NULL) == (listen_port < 0) || (ring_copy && ring_direct)) usage();
    bench_limit_time(limit);

    static unsigned char buffer[BUFFER];
    /* Cache-line aligned, as tcpscope's ring is. */
    unsigned char *ring = ring_copy || ring_direct ? aligned_alloc(64, RING) : NULL;
    if ((ring_copy || ring_direct) && !ring) bench_fail("aligned_alloc");
    int hex_fd = -1;
    unsigned char *hex = NULL;
    size_t hex_used = 0;
    if (hex_path) {
        hex_prepare();
        hex_fd = open(hex_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (hex_fd < 0) bench_fail("open");
        hex = malloc(HEX_BUFFER);
        if (!hex) bench_fail("malloc");
    }
    int fd = connect_to ? bench_connect(connect_to) : bench_accept(bench_listen(listen_port));

    SSL *ssl = tls ? bench_tls_client(fd) : NULL;
    double start = bench_now();
    unsigned long long total = 0;
    size_t position = 0;
    for (;;) {
        size_t want = ring_direct && RING - position < BUFFER ? RING - position : BUFFER;
        ssize_t n;
        if (ssl) {
            /* The SSL_read loop the TLS figures compare against: one record per call. */
            size_t got = 0;
            if (SSL_read_ex(ssl, ring_direct ? ring + position : buffer, want, &got) != 1) break;
            n = (ssize_t)got;
        } else {
            n = recv(fd, ring_direct ? ring + position : buffer, want, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) bench_fail("recv");
        }
        if (n == 0) break;
        if (ring_copy) {
            /* Two pieces when the copy wraps past the ring's end. */
            size_t first = (size_t)n < RING - position ? (size_t)n : RING - position;
            memcpy(ring + position, buffer, first);
            memcpy(ring, buffer + first, (size_t)n - first);
        }
        if (hex) hex_out(hex_fd, hex, &hex_used, ring_direct ? ring + position : buffer, (size_t)n);
        position = (position + (size_t)n) % RING;
        total += (unsigned long long)n;
    }
    if (hex) {
        write_all(hex_fd, hex, hex_used);
        if (close(hex_fd) != 0) bench_fail("close");
        free(hex);
    }
    double seconds = bench_now() - start;
    close(fd);
    /* Printing a ring byte keeps the compiler from dropping the copies. */
    printf("bytes %llu seconds %.6f%s\n", total, seconds, ring && ring[position] == 0x5a ? " " : "");
    free(ring);
    return 0;
}
