/* hash.h: SHA-256 (OpenSSL's libcrypto) as lowercase hex. */
#ifndef RELCHECK_HASH_H
#define RELCHECK_HASH_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);
/* Hashes a file, streaming.  0, or -1 with errno set. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1]);

#endif
