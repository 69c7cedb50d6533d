/* hash.h: SHA-256 (OpenSSL's libcrypto) as lowercase hex. */
#ifndef RELCHECK_HASH_H
#define RELCHECK_HASH_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);
/* A hash fed in pieces: sha256_new (NULL when libcrypto cannot start
 * one), sha256_add as often as needed, sha256_end to get the hex and
 * free it.  The caller owns the struct until sha256_end. */
struct sha256;
struct sha256 *sha256_new(void);
void sha256_add(struct sha256 *h, const void *data, size_t len);
void sha256_end(struct sha256 *h, char hex[SHA256_HEX_LEN + 1]);
/* Many short hashes in a row (a journal's lines): one context, the
 * digest looked up once.  sha256_many_new is NULL when libcrypto cannot
 * start one; sha256_many_hex gives the hash of a followed by b. */
struct sha256_many;
struct sha256_many *sha256_many_new(void);
void sha256_many_hex(struct sha256_many *h, const void *a, size_t alen,
		     const void *b, size_t blen,
		     char hex[SHA256_HEX_LEN + 1]);
void sha256_many_free(struct sha256_many *h);
/* Hashes a file, streaming.  0, or -1 with errno set. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1]);

#endif
