#ifndef TCPSCOPE_CSOCKDIAG_H
#define TCPSCOPE_CSOCKDIAG_H

// NETLINK_SOCK_DIAG for TCP: the request a dump or a SOCK_DESTROY sends, and one reply message
// flattened into a struct Swift can import (the kernel's are full of nested attributes).

#include <stddef.h>
#include <stdint.h>
#include "csocket.h"

/// One TCP socket as inet_diag reports it, with the attributes asked for.
struct csock_diag_socket {
    uint8_t family, state, timer, retrans;
    uint16_t local_port, peer_port;        // host byte order
    uint8_t local_addr[16], peer_addr[16]; // IPv4 in the first 4 bytes
    uint32_t interface, cookie[2];
    uint32_t expires, recv_queue, send_queue, uid, inode;
    /// Set when the attribute was in the reply.
    uint8_t has_info, has_memory;
    struct csock_tcp_info info;
    /// INET_DIAG_SKMEMINFO, in the kernel's order (SK_MEMINFO_RMEM_ALLOC ... SK_MEMINFO_DROPS).
    uint32_t memory[9];
    uint32_t memory_count;
    /// INET_DIAG_CONG: the congestion control's name, NUL-terminated, empty when absent.
    char congestion[16];
};

/// The inet_diag dump request for TCP sockets of `family` (AF_INET or AF_INET6) in any state
/// of the `states` bit mask (1 << TCP_ESTABLISHED ...), asking for TCP_INFO and, when
/// `memory_and_congestion` is non-zero, the socket's memory and congestion control (each costs
/// the kernel work per socket). `bytecode` (may be empty) is an inet_diag filter program
/// (INET_DIAG_REQ_BYTECODE): the kernel then reports only the sockets it accepts.
/// Returns the request's length, or 0 if `capacity` is too small.
size_t csock_diag_dump_request(uint8_t family, uint32_t states, int memory_and_congestion, const void *bytecode,
                               size_t bytecode_length, uint32_t sequence, void *buffer, size_t capacity);

/// The SOCK_DESTROY request for the socket `s` names (its addresses, ports and cookie).
size_t csock_diag_destroy_request(const struct csock_diag_socket *s, uint32_t sequence, void *buffer, size_t capacity);

/// A NETLINK_SOCK_DIAG socket, close-on-exec; -1 with errno set on failure.
int csock_diag_open(void);

/// Sends `length` bytes of a request to the kernel (sendto with the kernel's netlink address).
long csock_diag_send(int fd, const void *request, size_t length);

/// What `csock_diag_next` found at *offset.
enum csock_diag_item {
    CSOCK_DIAG_END_OF_BUFFER = 0, ///< nothing more in this buffer: receive again
    CSOCK_DIAG_SOCKET = 1,        ///< *out holds one socket
    CSOCK_DIAG_DONE = 2,          ///< NLMSG_DONE: the dump is complete
    CSOCK_DIAG_ERROR = 3,         ///< NLMSG_ERROR: *error holds the errno (0 is an acknowledgement)
    CSOCK_DIAG_SKIP = 4,          ///< a message of another kind or sequence, or malformed: skipped
};

/// Walks the netlink messages in `buffer[0..<length]` from *offset, advancing it past the one
/// it returns. Messages whose sequence is not `sequence` are skipped.
enum csock_diag_item csock_diag_next(const void *buffer, size_t length, size_t *offset, uint32_t sequence,
                                     struct csock_diag_socket *out, int *error);

#endif
