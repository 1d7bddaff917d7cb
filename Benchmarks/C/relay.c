/* The reference relay: listens on 127.0.0.1:0 (prints "port N"), accepts one client, connects
 * to the upstream and copies both ways with a recv/send loop, one thread per direction, through
 * a 256 KiB buffer each. End of stream becomes shutdown(SHUT_WR) on the other side; it exits
 * when both directions have ended. No capture: the least a relay can do with recv and send. */
#include "common.h"
#include <pthread.h>

#define BUFFER (256 * 1024)

struct direction { int from, to; };

static void *copy(void *arg) {
    struct direction *d = arg;
    static __thread unsigned char buffer[BUFFER];
    for (;;) {
        ssize_t n = recv(d->from, buffer, BUFFER, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = send(d->to, buffer + done, (size_t)(n - done), MSG_NOSIGNAL);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) return NULL;
            done += w;
        }
    }
    shutdown(d->to, SHUT_WR);
    return NULL;
}

int main(int argc, char **argv) {
    const char *upstream = NULL;
    unsigned limit = 600;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--upstream") && i + 1 < argc) upstream = argv[++i];
        else if (!strcmp(argv[i], "--limit") && i + 1 < argc) limit = (unsigned)atoi(argv[++i]);
        else upstream = NULL, i = argc;
    }
    if (!upstream) {
        fprintf(stderr, "usage: relay --upstream HOST:PORT [--limit SECONDS]\n");
        return 2;
    }
    bench_limit_time(limit);
    int client = bench_accept(bench_listen(0));
    double start = bench_now();
    int server = bench_connect(upstream);
    struct direction up = { client, server }, down = { server, client };
    pthread_t a, b;
    if (pthread_create(&a, NULL, copy, &up) || pthread_create(&b, NULL, copy, &down)) bench_fail("pthread_create");
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    close(client);
    close(server);
    printf("seconds %.6f\n", bench_now() - start);
    return 0;
}
