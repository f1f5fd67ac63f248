// OpenSSL's SHA-256, with the CPU's SHA extensions where it has them.
//
// Written against OpenSSL's 1.1.1 API: content hashes call SHA256_Init, _Update and _Final,
// which OpenSSL 3 still ships and marks deprecated only for programs that target its 3.0 API.
// The EVP interface that replaces them starts the provider machinery on first use (reading
// openssl.cnf, registering every algorithm's names), which costs more than hashing a typical
// runbook many times over, and `show` and `lint` pay it on every call. Both hash with the same
// block function.
#define OPENSSL_API_COMPAT 10101
#include <openssl/evp.h>
#include <openssl/sha.h>
