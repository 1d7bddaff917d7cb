#ifndef TCPSCOPE_COPENSSL_SHIM_H
#define TCPSCOPE_COPENSSL_SHIM_H
// The system's OpenSSL 3 (libssl-dev): the functions Swift can call as they are. Its macros
// (SSL_set_tlsext_host_name, SSL_CTX_set_mode, the SSL_OP_* 64-bit masks, safestack) are
// wrapped in CTls.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#endif
