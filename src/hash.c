/* hash.c: SHA-256 through libcrypto's own SHA-256 functions.
 *
 * Not through EVP: OpenSSL 3's EVP starts the library at its first use
 * (reads openssl.cnf, loads the default provider, registers every
 * algorithm's name), 0.5 ms of CPU, a tenth of `check`, to hash a
 * checklist of a few hundred bytes (issue 16).  SHA256_Init/Update/Final
 * are the same code (SHA-NI, AVX2 where the CPU has them), called
 * directly, with nothing to start: deprecated in OpenSSL 3.0 in favour of
 * EVP, still there in every 3.x.  The digests are the same bytes.
 */
#include "config.h"

/* Before any OpenSSL header: SHA256_Init and co. are deprecated (3.0). */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void to_hex(const unsigned char md[SHA256_DIGEST_LENGTH],
		   char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[SHA256_HEX_LEN] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256_CTX ctx;

	SHA256_Init(&ctx);
	SHA256_Update(&ctx, data, len);
	SHA256_Final(md, &ctx);
	to_hex(md, hex);
}

struct sha256 {
	SHA256_CTX ctx;
};

struct sha256 *sha256_new(void)
{
	struct sha256 *h = malloc(sizeof(*h));

	if (!h)
		return NULL;
	SHA256_Init(&h->ctx);
	return h;
}

void sha256_add(struct sha256 *h, const void *data, size_t len)
{
	SHA256_Update(&h->ctx, data, len);
}

void sha256_end(struct sha256 *h, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Final(md, &h->ctx);
	to_hex(md, hex);
	free(h);
}

struct sha256_many {
	SHA256_CTX ctx;		/* one context, started again for each hash */
};

struct sha256_many *sha256_many_new(void)
{
	return calloc(1, sizeof(struct sha256_many));
}

void sha256_many_hex(struct sha256_many *h, const void *a, size_t alen,
		     const void *b, size_t blen,
		     char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256_Init(&h->ctx);
	SHA256_Update(&h->ctx, a, alen);
	SHA256_Update(&h->ctx, b, blen);
	SHA256_Final(md, &h->ctx);
	to_hex(md, hex);
}

void sha256_many_free(struct sha256_many *h)
{
	free(h);
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	char chunk[65536];
	SHA256_CTX ctx;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	SHA256_Init(&ctx);
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		SHA256_Update(&ctx, chunk, (size_t)r);
	}
	SHA256_Final(md, &ctx);
	close(fd);
	to_hex(md, hex);
	return 0;
}
