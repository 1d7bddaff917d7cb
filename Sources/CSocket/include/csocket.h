#ifndef TCPSCOPE_CSOCKET_H
#define TCPSCOPE_CSOCKET_H

// What glibc hides behind _GNU_SOURCE, what Swift cannot call (variadic ioctl), and the kernel's
// full struct tcp_info, which glibc's <netinet/tcp.h> only declares in an older, shorter form.

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <poll.h>

/// accept4(2): accepts with flags (SOCK_CLOEXEC) in one call, so no exec can see the descriptor
/// before close-on-exec is set.
int csock_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

/// ioctl(2) with an int argument read back into *value (SIOCINQ, SIOCOUTQ, SIOCOUTQNSD).
int csock_ioctl_get_int(int fd, unsigned long request, int *value);

/// ioctl(2) with an int argument passed in (FIONBIO).
int csock_ioctl_set_int(int fd, unsigned long request, int value);

/// fcntl(2) with an int argument (F_DUPFD_CLOEXEC, F_SETFD, F_GETFL, ...).
int csock_fcntl_int(int fd, int cmd, int value);

/// The errno's symbolic name ("ECONNREFUSED"), or NULL when the C library does not know it.
const char *csock_errno_name(int err);

/// The errno's text ("Connection refused"), thread-safe, or NULL when unknown.
const char *csock_errno_text(int err);

/// The getaddrinfo error's symbolic name ("EAI_NONAME"), or NULL.
const char *csock_gai_error_name(int err);

extern const unsigned long CSOCK_SIOCINQ;
extern const unsigned long CSOCK_SIOCOUTQ;
extern const unsigned long CSOCK_SIOCOUTQNSD;
extern const unsigned long CSOCK_FIONBIO;
/// poll(2)'s POLLRDHUP, which glibc only declares with _GNU_SOURCE.
extern const short CSOCK_POLLRDHUP;

/// struct tcp_info as the running kernel's headers define it, flattened (no bit-fields) so that
/// Swift imports every field.
struct csock_tcp_info {
    uint8_t state, ca_state, retransmits, probes, backoff, options;
    uint8_t snd_wscale, rcv_wscale, delivery_rate_app_limited;
    uint32_t rto, ato, snd_mss, rcv_mss;
    uint32_t unacked, sacked, lost, retrans, fackets;
    uint32_t last_data_sent, last_ack_sent, last_data_recv, last_ack_recv;
    uint32_t pmtu, rcv_ssthresh, rtt, rttvar, snd_ssthresh, snd_cwnd, advmss, reordering;
    uint32_t rcv_rtt, rcv_space, total_retrans;
    uint64_t pacing_rate, max_pacing_rate, bytes_acked, bytes_received;
    uint32_t segs_out, segs_in, notsent_bytes, min_rtt, data_segs_in, data_segs_out;
    uint64_t delivery_rate, busy_time, rwnd_limited, sndbuf_limited;
    uint32_t delivered, delivered_ce;
    uint64_t bytes_sent, bytes_retrans;
    uint32_t dsack_dups, reord_seen, rcv_ooopack, snd_wnd;
    /// How many bytes of the kernel's struct were filled in: fields past it read as zero
    /// because an older kernel does not report them.
    uint32_t reported_length;
};

/// getsockopt(TCP_INFO) into the flattened struct; returns 0 or -1 with errno set.
int csock_tcp_info(int fd, struct csock_tcp_info *out);

/// Flattens `length` bytes of a kernel struct tcp_info (as getsockopt or sock_diag's
/// INET_DIAG_INFO gives it) into *out.
void csock_tcp_info_from_bytes(const void *bytes, size_t length, struct csock_tcp_info *out);

/// pidfd_open(2) (syscall 434): a descriptor for process `pid`, readable once it exits.
/// Called through syscall(2) because older C libraries have no wrapper.
int csock_pidfd_open(int pid, unsigned int flags);

/// pidfd_getfd(2) (syscall 438): a close-on-exec copy of descriptor `targetfd` of the process
/// behind `pidfd` (needs PTRACE_MODE_ATTACH_REALCREDS over it).
int csock_pidfd_getfd(int pidfd, int targetfd, unsigned int flags);

#endif
