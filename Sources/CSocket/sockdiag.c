#include "csockdiag.h"

#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/inet_diag.h>
#include <netinet/in.h>

#ifndef SOCK_DESTROY
#define SOCK_DESTROY 21
#endif

int csock_diag_open(void) {
    return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
}

long csock_diag_send(int fd, const void *request, size_t length) {
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof kernel);
    kernel.nl_family = AF_NETLINK;
    return sendto(fd, request, length, 0, (const struct sockaddr *)&kernel, sizeof kernel);
}

struct diag_request {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
};

static size_t build(uint16_t type, uint16_t flags, uint32_t sequence, const struct inet_diag_req_v2 *r,
                    void *buffer, size_t capacity) {
    struct diag_request message;
    if (capacity < sizeof message) return 0;
    memset(&message, 0, sizeof message);
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = type;
    message.header.nlmsg_flags = flags;
    message.header.nlmsg_seq = sequence;
    message.request = *r;
    memcpy(buffer, &message, sizeof message);
    return sizeof message;
}

size_t csock_diag_dump_request(uint8_t family, uint32_t states, int memory_and_congestion, const void *bytecode,
                               size_t bytecode_length, uint32_t sequence, void *buffer, size_t capacity) {
    struct inet_diag_req_v2 r;
    memset(&r, 0, sizeof r);
    r.sdiag_family = family;
    r.sdiag_protocol = IPPROTO_TCP;
    r.idiag_states = states;
    // Extension bits are 1 << (attribute - 1).
    r.idiag_ext = 1 << (INET_DIAG_INFO - 1);
    if (memory_and_congestion) r.idiag_ext |= (1 << (INET_DIAG_SKMEMINFO - 1)) | (1 << (INET_DIAG_CONG - 1));
    size_t length = build(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, sequence, &r, buffer, capacity);
    if (length == 0 || bytecode_length == 0) return length;
    // The filter program rides in an INET_DIAG_REQ_BYTECODE attribute after the request.
    size_t attribute = RTA_LENGTH(bytecode_length);
    size_t start = NLMSG_ALIGN(length);
    if (attribute > 0xFFFF || start + RTA_ALIGN(attribute) > capacity) return 0;
    struct rtattr header;
    header.rta_len = (unsigned short)attribute;
    header.rta_type = INET_DIAG_REQ_BYTECODE;
    memset((char *)buffer + length, 0, start + RTA_ALIGN(attribute) - length);
    memcpy((char *)buffer + start, &header, sizeof header);
    memcpy((char *)buffer + start + RTA_LENGTH(0), bytecode, bytecode_length);
    struct nlmsghdr *h = buffer;
    h->nlmsg_len = (uint32_t)(start + RTA_ALIGN(attribute));
    return h->nlmsg_len;
}

size_t csock_diag_destroy_request(const struct csock_diag_socket *s, uint32_t sequence, void *buffer, size_t capacity) {
    struct inet_diag_req_v2 r;
    memset(&r, 0, sizeof r);
    r.sdiag_family = s->family;
    r.sdiag_protocol = IPPROTO_TCP;
    r.idiag_states = (uint32_t)-1;
    r.id.idiag_sport = htons(s->local_port);
    r.id.idiag_dport = htons(s->peer_port);
    memcpy(r.id.idiag_src, s->local_addr, 16);
    memcpy(r.id.idiag_dst, s->peer_addr, 16);
    r.id.idiag_if = s->interface;
    // The cookie makes the kernel destroy this socket and no later one on the same addresses.
    r.id.idiag_cookie[0] = s->cookie[0];
    r.id.idiag_cookie[1] = s->cookie[1];
    return build(SOCK_DESTROY, NLM_F_REQUEST | NLM_F_ACK, sequence, &r, buffer, capacity);
}

static void read_attributes(const struct inet_diag_msg *m, size_t length, struct csock_diag_socket *out) {
    const struct rtattr *a = (const struct rtattr *)(m + 1);
    size_t rest = length - NLMSG_ALIGN(sizeof *m);
    for (; RTA_OK(a, rest); a = RTA_NEXT(a, rest)) {
        const void *data = RTA_DATA(a);
        size_t size = RTA_PAYLOAD(a);
        switch (a->rta_type) {
        case INET_DIAG_INFO:
            csock_tcp_info_from_bytes(data, size, &out->info);
            out->has_info = 1;
            break;
        case INET_DIAG_SKMEMINFO: {
            size_t count = size / sizeof(uint32_t);
            if (count > 9) count = 9;
            memcpy(out->memory, data, count * sizeof(uint32_t));
            out->memory_count = (uint32_t)count;
            out->has_memory = 1;
            break;
        }
        case INET_DIAG_CONG: {
            size_t n = size < sizeof out->congestion - 1 ? size : sizeof out->congestion - 1;
            memcpy(out->congestion, data, n);
            out->congestion[n] = 0;
            break;
        }
        default:
            break;
        }
    }
}

enum csock_diag_item csock_diag_next(const void *buffer, size_t length, size_t *offset, uint32_t sequence,
                                     struct csock_diag_socket *out, int *error) {
    if (*offset >= length) return CSOCK_DIAG_END_OF_BUFFER;
    const struct nlmsghdr *h = (const struct nlmsghdr *)((const char *)buffer + *offset);
    size_t rest = length - *offset;
    if (!NLMSG_OK(h, rest)) {
        *offset = length;
        return CSOCK_DIAG_END_OF_BUFFER;
    }
    *offset += NLMSG_ALIGN(h->nlmsg_len);
    if (h->nlmsg_seq != sequence) return CSOCK_DIAG_SKIP;
    if (h->nlmsg_type == NLMSG_DONE) return CSOCK_DIAG_DONE;
    if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA(h);
        *error = h->nlmsg_len >= NLMSG_LENGTH(sizeof *e) ? -e->error : 0;
        return CSOCK_DIAG_ERROR;
    }
    if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) {
        return CSOCK_DIAG_SKIP;
    }
    const struct inet_diag_msg *m = NLMSG_DATA(h);
    memset(out, 0, sizeof *out);
    out->family = m->idiag_family;
    out->state = m->idiag_state;
    out->timer = m->idiag_timer;
    out->retrans = m->idiag_retrans;
    out->local_port = ntohs(m->id.idiag_sport);
    out->peer_port = ntohs(m->id.idiag_dport);
    memcpy(out->local_addr, m->id.idiag_src, 16);
    memcpy(out->peer_addr, m->id.idiag_dst, 16);
    out->interface = m->id.idiag_if;
    out->cookie[0] = m->id.idiag_cookie[0];
    out->cookie[1] = m->id.idiag_cookie[1];
    out->expires = m->idiag_expires;
    out->recv_queue = m->idiag_rqueue;
    out->send_queue = m->idiag_wqueue;
    out->uid = m->idiag_uid;
    out->inode = m->idiag_inode;
    read_attributes(m, h->nlmsg_len - NLMSG_LENGTH(0), out);
    return CSOCK_DIAG_SOCKET;
}
