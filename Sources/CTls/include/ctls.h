#ifndef TCPSCOPE_CTLS_H
#define TCPSCOPE_CTLS_H

// What the TLS layer needs from OpenSSL 3 but Swift cannot import: macros (SNI, modes, the
// 64-bit SSL_OP_* masks), safestack walks, and text that OpenSSL only prints into a BIO. Also
// the BIO the TLS layer runs on: send/recv on the stream's own descriptor, never blocking and
// never raising SIGPIPE (SSL_set_fd's socket BIO uses write(2), which does both).
//
// The OpenSSL types are only declared here, so this header does not pull OpenSSL's headers
// into a second module beside COpenSSL; Swift sees each as an OpaquePointer either way.

#include <stddef.h>
#include <stdint.h>

struct ssl_st;
struct ssl_ctx_st;
struct x509_st;

/// Makes `ctx` ready for the TLS layer: partial writes and a moving write buffer allowed (a
/// write retried after EAGAIN comes from a new buffer), no compression, and an unexpected end
/// of the TCP stream reported as an error rather than ignored.
void ctls_ctx_prepare(struct ssl_ctx_st *ctx);

/// Sends `name` as SNI (SSL_set_tlsext_host_name). 1 on success.
int ctls_set_sni(struct ssl_st *ssl, const char *name);

/// Gives `ssl` a BIO over descriptor `fd`: recv/send with MSG_DONTWAIT (and MSG_NOSIGNAL), so
/// every SSL call returns at once with WANT_READ/WANT_WRITE instead of blocking; errno is left
/// as the system call set it. The descriptor stays the caller's. 1 on success.
int ctls_attach_socket(struct ssl_st *ssl, int fd);

/// Writes every key `ctx`'s connections make to `fd` as NSS key log lines
/// (SSL_CTX_set_keylog_callback), one write(2) per line; -1 stops. The descriptor stays the
/// caller's and must outlive the context's connections.
void ctls_ctx_set_keylog_fd(struct ssl_ctx_st *ctx, int fd);

/// The certificate's subject or issuer in RFC 2253 form, its validity bounds as OpenSSL
/// prints them (`Jan  1 00:00:00 2030 GMT`), and its subject alternative names
/// (`DNS:localhost, IP Address:127.0.0.1`). Each writes at most `size` bytes, NUL-terminated,
/// and returns the length (0 when absent).
int ctls_cert_subject(struct x509_st *cert, char *buf, int size);
int ctls_cert_issuer(struct x509_st *cert, char *buf, int size);
int ctls_cert_not_before(struct x509_st *cert, char *buf, int size);
int ctls_cert_not_after(struct x509_st *cert, char *buf, int size);
int ctls_cert_alt_names(struct x509_st *cert, char *buf, int size);

/// Gives `ctx` a certificate made now, signed by its own new P-256 key: CN `common_name`,
/// naming localhost, 127.0.0.1 and ::1, valid for a day. For a TLS server with no files of its
/// own (`selfsigned`): clients trust it only with `insecure`. 1 on success.
int ctls_ctx_use_self_signed(struct ssl_ctx_st *ctx, const char *common_name);

/// Seconds from now to the certificate's notAfter (negative when expired); 0 with *ok = 0 when
/// it cannot be told.
long ctls_cert_seconds_left(struct x509_st *cert, int *ok);

/// Makes a client context remember, on each connection, that the server asked for a client
/// certificate while the connection had none to give (SSL_CTX_set_client_cert_cb).
void ctls_ctx_note_certificate_request(struct ssl_ctx_st *ctx);

/// 1 when the server asked `ssl` for a client certificate and it had none (see above).
int ctls_certificate_requested_without_one(const struct ssl_st *ssl);

/// The oldest error on this thread's OpenSSL error queue as text (ERR_error_string_n), taken
/// off the queue with every other; 0 when the queue was empty.
int ctls_take_error(char *buf, int size);

#endif
