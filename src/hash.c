/* hash.c: SHA-256 through libcrypto's EVP interface. */
#include "config.h"

#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void to_hex(const unsigned char *md, unsigned int n,
		   char hex[SHA256_HEX_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned int i = 0; i < n && i < 32; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[SHA256_HEX_LEN] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	to_hex(md, n, hex);
}

struct sha256 {
	EVP_MD_CTX *ctx;
};

struct sha256 *sha256_new(void)
{
	struct sha256 *h = malloc(sizeof(*h));

	if (!h)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || !EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(h->ctx);
		free(h);
		return NULL;
	}
	return h;
}

void sha256_add(struct sha256 *h, const void *data, size_t len)
{
	EVP_DigestUpdate(h->ctx, data, len);
}

void sha256_end(struct sha256 *h, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestFinal_ex(h->ctx, md, &n);
	to_hex(md, n, hex);
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

struct sha256_many {
	EVP_MD_CTX *ctx;
	const EVP_MD *md;	/* many_md's */
};

/* SHA-256 fetched once a process (kept to its end: libcrypto's own
 * tables outlive it alike).  OpenSSL 3 looks the digest up, under a
 * lock, at every EVP_DigestInit_ex given EVP_sha256(), and a fetch
 * costs as much as hashing a journal of a few dozen events: the
 * timeline, status and verify each take a sha256_many. */
static EVP_MD *many_md;
static pthread_once_t many_once = PTHREAD_ONCE_INIT;

static void many_fetch(void)
{
	many_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

struct sha256_many *sha256_many_new(void)
{
	struct sha256_many *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	pthread_once(&many_once, many_fetch);
	h->ctx = EVP_MD_CTX_new();
	h->md = many_md;
	if (!h->ctx || !h->md) {
		sha256_many_free(h);
		return NULL;
	}
	return h;
}

void sha256_many_hex(struct sha256_many *h, const void *a, size_t alen,
		     const void *b, size_t blen,
		     char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestInit_ex(h->ctx, h->md, NULL);
	EVP_DigestUpdate(h->ctx, a, alen);
	EVP_DigestUpdate(h->ctx, b, blen);
	EVP_DigestFinal_ex(h->ctx, md, &n);
	to_hex(md, n, hex);
}

void sha256_many_free(struct sha256_many *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char chunk[65536];
	EVP_MD_CTX *ctx;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(ctx);
		close(fd);
		errno = ENOMEM;
		return -1;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			EVP_MD_CTX_free(ctx);
			close(fd);
			errno = saved;
			return -1;
		}
		EVP_DigestUpdate(ctx, chunk, (size_t)r);
	}
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	close(fd);
	to_hex(md, n, hex);
	return 0;
}
