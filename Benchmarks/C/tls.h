/* TLS for the TLS benchmark rows: the source as a TLS 1.3 server with a certificate made in
 * memory, the sink as a client that checks nothing (the figure is the cost of the bytes, not
 * of verification). Both sides use AES-128-GCM, the cipher the goal names. Header-only, so
 * source.c and sink.c stay one file each. */
#ifndef BENCH_TLS_H
#define BENCH_TLS_H
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include "common.h"

static inline void bench_tls_fail(const char *what) {
    ERR_print_errors_fp(stderr);
    fprintf(stderr, "%s failed\n", what);
    exit(1);
}

static inline SSL_CTX *bench_tls_context(int server) {
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (!ctx) bench_tls_fail("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    if (SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256") != 1) bench_tls_fail("SSL_CTX_set_ciphersuites");
    return ctx;
}

/* The server side over an accepted socket: a P-256 key and a self-signed certificate. */
static inline SSL *bench_tls_server(int fd) {
    SSL_CTX *ctx = bench_tls_context(1);
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *cert = X509_new();
    if (!key || !cert) bench_tls_fail("key");
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0);
    X509_set_issuer_name(cert, X509_get_subject_name(cert));
    if (!X509_sign(cert, key, EVP_sha256())) bench_tls_fail("X509_sign");
    if (SSL_CTX_use_certificate(ctx, cert) != 1 || SSL_CTX_use_PrivateKey(ctx, key) != 1) bench_tls_fail("use certificate");
    SSL *ssl = SSL_new(ctx);
    if (!ssl || SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1) bench_tls_fail("SSL_accept");
    return ssl;
}

/* The client side over a connected socket. */
static inline SSL *bench_tls_client(int fd) {
    SSL *ssl = SSL_new(bench_tls_context(0));
    if (!ssl || SSL_set_fd(ssl, fd) != 1 || SSL_connect(ssl) != 1) bench_tls_fail("SSL_connect");
    return ssl;
}
#endif
