#include "ctls.h"
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <openssl/rand.h>
#include <openssl/bn.h>

void ctls_ctx_prepare(SSL_CTX *ctx) {
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION);
}

int ctls_set_sni(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

// The BIO: one descriptor, kept as the BIO's data (fd + 1, so 0 means none).

static int socket_fd(BIO *bio) {
    return (int)(intptr_t)BIO_get_data(bio) - 1;
}

static int would_block(int code) {
    return code == EAGAIN || code == EWOULDBLOCK || code == EINTR;
}

static int bio_write(BIO *bio, const char *data, size_t length, size_t *written) {
    BIO_clear_retry_flags(bio);
    ssize_t n = send(socket_fd(bio), data, length, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) {
        if (would_block(errno)) BIO_set_retry_write(bio);
        return 0;
    }
    *written = (size_t)n;
    return 1;
}

static int bio_read(BIO *bio, char *data, size_t length, size_t *got) {
    BIO_clear_retry_flags(bio);
    ssize_t n = recv(socket_fd(bio), data, length, MSG_DONTWAIT);
    if (n < 0) {
        if (would_block(errno)) BIO_set_retry_read(bio);
        return 0;
    }
    if (n == 0) BIO_set_flags(bio, BIO_FLAGS_IN_EOF);
    *got = (size_t)n;
    return n > 0;
}

static long bio_ctrl(BIO *bio, int cmd, long num, void *ptr) {
    (void)num;
    (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH: return 1;
    case BIO_CTRL_EOF: return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0;
    default: return 0;
    }
}

static int bio_create(BIO *bio) {
    BIO_set_init(bio, 1);
    return 1;
}

static BIO_METHOD *socket_method(void) {
    // Made once; OpenSSL 3 initialises itself thread-safely, and a second method made by a
    // racing thread would only leak a few bytes.
    static BIO_METHOD *method;
    BIO_METHOD *m = __atomic_load_n(&method, __ATOMIC_ACQUIRE);
    if (m) return m;
    m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "tcpscope socket");
    if (!m) return NULL;
    BIO_meth_set_write_ex(m, bio_write);
    BIO_meth_set_read_ex(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    BIO_METHOD *expected = NULL;
    if (!__atomic_compare_exchange_n(&method, &expected, m, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        BIO_meth_free(m);
        return expected;
    }
    return m;
}

int ctls_attach_socket(SSL *ssl, int fd) {
    BIO_METHOD *method = socket_method();
    if (!method) return 0;
    BIO *bio = BIO_new(method);
    if (!bio) return 0;
    BIO_set_data(bio, (void *)(intptr_t)(fd + 1));
    SSL_set_bio(ssl, bio, bio);
    return 1;
}

// The key log: the descriptor is the context's app data (fd + 1).

static void keylog_line(const SSL *ssl, const char *line) {
    SSL_CTX *ctx = SSL_get_SSL_CTX(ssl);
    int fd = (int)(intptr_t)SSL_CTX_get_app_data(ctx) - 1;
    if (fd < 0) return;
    size_t length = strlen(line);
    char buffer[1024];
    if (length + 1 > sizeof buffer) return;  // NSS lines are under 300 bytes
    memcpy(buffer, line, length);
    buffer[length] = '\n';
    // One write of the whole line: with O_APPEND, lines from several processes never mix.
    ssize_t n;
    do { n = write(fd, buffer, length + 1); } while (n < 0 && errno == EINTR);
}

void ctls_ctx_set_keylog_fd(SSL_CTX *ctx, int fd) {
    SSL_CTX_set_app_data(ctx, (void *)(intptr_t)(fd + 1));
    SSL_CTX_set_keylog_callback(ctx, fd >= 0 ? keylog_line : NULL);
}

// Certificate text.

static int bio_text(BIO *bio, char *buf, int size) {
    if (size <= 0) return 0;
    int n = BIO_read(bio, buf, size - 1);
    if (n < 0) n = 0;
    buf[n] = 0;
    BIO_free(bio);
    return n;
}

static int name_text(X509_NAME *name, char *buf, int size) {
    if (size > 0) buf[0] = 0;
    if (!name) return 0;
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio) return 0;
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    return bio_text(bio, buf, size);
}

int ctls_cert_subject(X509 *cert, char *buf, int size) { return name_text(X509_get_subject_name(cert), buf, size); }
int ctls_cert_issuer(X509 *cert, char *buf, int size) { return name_text(X509_get_issuer_name(cert), buf, size); }

static int time_text(const ASN1_TIME *time, char *buf, int size) {
    if (size > 0) buf[0] = 0;
    if (!time) return 0;
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio) return 0;
    ASN1_TIME_print(bio, time);
    return bio_text(bio, buf, size);
}

int ctls_cert_not_before(X509 *cert, char *buf, int size) { return time_text(X509_get0_notBefore(cert), buf, size); }
int ctls_cert_not_after(X509 *cert, char *buf, int size) { return time_text(X509_get0_notAfter(cert), buf, size); }

int ctls_cert_alt_names(X509 *cert, char *buf, int size) {
    if (size > 0) buf[0] = 0;
    int index = X509_get_ext_by_NID(cert, NID_subject_alt_name, -1);
    if (index < 0) return 0;
    X509_EXTENSION *ext = X509_get_ext(cert, index);
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio) return 0;
    if (X509V3_EXT_print(bio, ext, 0, 0) != 1) {
        BIO_free(bio);
        return 0;
    }
    return bio_text(bio, buf, size);
}

long ctls_cert_seconds_left(X509 *cert, int *ok) {
    int days = 0, seconds = 0;
    *ok = ASN1_TIME_diff(&days, &seconds, NULL, X509_get0_notAfter(cert));
    return *ok ? (long)days * 86400 + seconds : 0;
}

int ctls_take_error(char *buf, int size) {
    unsigned long code = ERR_get_error();
    if (size > 0) buf[0] = 0;
    if (code == 0) return 0;
    ERR_error_string_n(code, buf, (size_t)size);
    ERR_clear_error();
    return (int)strlen(buf);
}

// A self-signed certificate made in memory, for a server that has none of its own.

int ctls_ctx_use_self_signed(SSL_CTX *ctx, const char *common_name) {
    int ok = 0;
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *cert = X509_new();
    X509_EXTENSION *names = NULL;
    if (!key || !cert) goto done;
    // A random serial: two certificates made in one second must still differ.
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) goto done;
    serial[0] &= 0x7f;
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, NULL);
    if (!number) goto done;
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert));
    BN_free(number);
    if (!X509_set_version(cert, 2)) goto done;
    if (!X509_gmtime_adj(X509_getm_notBefore(cert), -60)) goto done;
    if (!X509_gmtime_adj(X509_getm_notAfter(cert), 86400)) goto done;
    if (!X509_set_pubkey(cert, key)) goto done;
    X509_NAME *name = X509_get_subject_name(cert);
    if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)common_name, -1, -1, 0)) goto done;
    if (!X509_set_issuer_name(cert, name)) goto done;
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, cert, cert, NULL, NULL, 0);
    names = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1");
    if (!names || !X509_add_ext(cert, names, -1)) goto done;
    if (!X509_sign(cert, key, EVP_sha256())) goto done;
    ok = SSL_CTX_use_certificate(ctx, cert) == 1 && SSL_CTX_use_PrivateKey(ctx, key) == 1;
done:
    X509_EXTENSION_free(names);
    X509_free(cert);
    EVP_PKEY_free(key);
    return ok;
}

// A client certificate the server asked for: OpenSSL calls this only when the server sent a
// CertificateRequest and the connection has no certificate of its own. The connection's app
// data remembers it, so a refusal can say why.

static int note_certificate_request(SSL *ssl, X509 **cert, EVP_PKEY **key) {
    (void)cert;
    (void)key;
    SSL_set_app_data(ssl, (void *)1);
    return 0;  // no certificate: the handshake goes on without one
}

void ctls_ctx_note_certificate_request(SSL_CTX *ctx) {
    SSL_CTX_set_client_cert_cb(ctx, note_certificate_request);
}

int ctls_certificate_requested_without_one(const SSL *ssl) {
    return SSL_get_app_data(ssl) != NULL;
}
