#define _GNU_SOURCE
#include "csocket.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <netdb.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <linux/tcp.h>

#ifndef SIOCOUTQNSD
#define SIOCOUTQNSD 0x894B
#endif

const unsigned long CSOCK_SIOCINQ = SIOCINQ;
const unsigned long CSOCK_SIOCOUTQ = SIOCOUTQ;
const unsigned long CSOCK_SIOCOUTQNSD = SIOCOUTQNSD;
const unsigned long CSOCK_FIONBIO = FIONBIO;
const short CSOCK_POLLRDHUP = POLLRDHUP;

int csock_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

int csock_ioctl_get_int(int fd, unsigned long request, int *value) {
    return ioctl(fd, request, value);
}

int csock_ioctl_set_int(int fd, unsigned long request, int value) {
    return ioctl(fd, request, &value);
}

int csock_fcntl_int(int fd, int cmd, int value) {
    return fcntl(fd, cmd, value);
}

const char *csock_errno_name(int err) {
    return strerrorname_np(err);
}

const char *csock_errno_text(int err) {
    return strerrordesc_np(err);
}

const char *csock_gai_error_name(int err) {
    switch (err) {
    case EAI_BADFLAGS: return "EAI_BADFLAGS";
    case EAI_NONAME: return "EAI_NONAME";
    case EAI_AGAIN: return "EAI_AGAIN";
    case EAI_FAIL: return "EAI_FAIL";
    case EAI_FAMILY: return "EAI_FAMILY";
    case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
    case EAI_SERVICE: return "EAI_SERVICE";
    case EAI_MEMORY: return "EAI_MEMORY";
    case EAI_SYSTEM: return "EAI_SYSTEM";
    case EAI_OVERFLOW: return "EAI_OVERFLOW";
    case EAI_NODATA: return "EAI_NODATA";
    case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
    default: return NULL;
    }
}

int csock_tcp_info(int fd, struct csock_tcp_info *out) {
    struct tcp_info ti;
    socklen_t len = sizeof ti;
    memset(&ti, 0, sizeof ti);
    memset(out, 0, sizeof *out);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0) {
        return -1;
    }
    csock_tcp_info_from_bytes(&ti, len, out);
    return 0;
}

void csock_tcp_info_from_bytes(const void *bytes, size_t length, struct csock_tcp_info *out) {
    // The kernel may report fewer bytes (an older kernel) or more (a newer one) than this
    // build's struct: copy what both know, and leave the rest zero.
    struct tcp_info ti;
    size_t len = length < sizeof ti ? length : sizeof ti;
    memset(&ti, 0, sizeof ti);
    memset(out, 0, sizeof *out);
    memcpy(&ti, bytes, len);
    out->reported_length = (uint32_t)len;
    out->state = ti.tcpi_state;
    out->ca_state = ti.tcpi_ca_state;
    out->retransmits = ti.tcpi_retransmits;
    out->probes = ti.tcpi_probes;
    out->backoff = ti.tcpi_backoff;
    out->options = ti.tcpi_options;
    out->snd_wscale = ti.tcpi_snd_wscale;
    out->rcv_wscale = ti.tcpi_rcv_wscale;
    out->delivery_rate_app_limited = ti.tcpi_delivery_rate_app_limited;
    out->rto = ti.tcpi_rto;
    out->ato = ti.tcpi_ato;
    out->snd_mss = ti.tcpi_snd_mss;
    out->rcv_mss = ti.tcpi_rcv_mss;
    out->unacked = ti.tcpi_unacked;
    out->sacked = ti.tcpi_sacked;
    out->lost = ti.tcpi_lost;
    out->retrans = ti.tcpi_retrans;
    out->fackets = ti.tcpi_fackets;
    out->last_data_sent = ti.tcpi_last_data_sent;
    out->last_ack_sent = ti.tcpi_last_ack_sent;
    out->last_data_recv = ti.tcpi_last_data_recv;
    out->last_ack_recv = ti.tcpi_last_ack_recv;
    out->pmtu = ti.tcpi_pmtu;
    out->rcv_ssthresh = ti.tcpi_rcv_ssthresh;
    out->rtt = ti.tcpi_rtt;
    out->rttvar = ti.tcpi_rttvar;
    out->snd_ssthresh = ti.tcpi_snd_ssthresh;
    out->snd_cwnd = ti.tcpi_snd_cwnd;
    out->advmss = ti.tcpi_advmss;
    out->reordering = ti.tcpi_reordering;
    out->rcv_rtt = ti.tcpi_rcv_rtt;
    out->rcv_space = ti.tcpi_rcv_space;
    out->total_retrans = ti.tcpi_total_retrans;
    out->pacing_rate = ti.tcpi_pacing_rate;
    out->max_pacing_rate = ti.tcpi_max_pacing_rate;
    out->bytes_acked = ti.tcpi_bytes_acked;
    out->bytes_received = ti.tcpi_bytes_received;
    out->segs_out = ti.tcpi_segs_out;
    out->segs_in = ti.tcpi_segs_in;
    out->notsent_bytes = ti.tcpi_notsent_bytes;
    out->min_rtt = ti.tcpi_min_rtt;
    out->data_segs_in = ti.tcpi_data_segs_in;
    out->data_segs_out = ti.tcpi_data_segs_out;
    out->delivery_rate = ti.tcpi_delivery_rate;
    out->busy_time = ti.tcpi_busy_time;
    out->rwnd_limited = ti.tcpi_rwnd_limited;
    out->sndbuf_limited = ti.tcpi_sndbuf_limited;
    out->delivered = ti.tcpi_delivered;
    out->delivered_ce = ti.tcpi_delivered_ce;
    out->bytes_sent = ti.tcpi_bytes_sent;
    out->bytes_retrans = ti.tcpi_bytes_retrans;
    out->dsack_dups = ti.tcpi_dsack_dups;
    out->reord_seen = ti.tcpi_reord_seen;
    out->rcv_ooopack = ti.tcpi_rcv_ooopack;
    out->snd_wnd = ti.tcpi_snd_wnd;
}

#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int csock_pidfd_open(int pid, unsigned int flags) {
    return (int)syscall(SYS_pidfd_open, pid, flags);
}

int csock_pidfd_getfd(int pidfd, int targetfd, unsigned int flags) {
    return (int)syscall(SYS_pidfd_getfd, pidfd, targetfd, flags);
}
