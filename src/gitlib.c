/* gitlib.c: libgit2, initialised once per process, on first use, and
 * without the certificate work no relcheck check needs.
 *
 * libgit2 1.5 as Debian builds it (the mbedTLS backend) parses every
 * certificate of the system's CA bundle inside git_libgit2_init(): the
 * path is fixed when libgit2 is compiled and no option turns it off.
 * That was 3.4 ms of CPU and most of the start-up of `check` (issue 16).
 * relcheck never talks TLS through libgit2 (remotes over the network are
 * read with `git ls-remote`, check-git.c), so while gitlib_init() runs
 * git_libgit2_init(), the two mbedTLS calls that load certificates are
 * answered here with "no such file", and libgit2 goes on with an empty
 * trust store: any TLS it did make would fail its certificate check
 * (closed, never open).  Outside that window both calls go to mbedTLS
 * unchanged, so git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS) loads
 * a bundle as documented: a future caller that needs TLS through libgit2
 * calls it first.  With a libgit2 built on OpenSSL the two functions are
 * never called.
 *
 * git_libgit2_init() also calls libssh2_init(0), and libssh2 (built on
 * OpenSSL) then starts OpenSSL's engines and registers every cipher and
 * digest: 0.3 ms of `check`, for SSH that relcheck never speaks through
 * libgit2 either (`git ls-remote` does).  So while gitlib_init() runs it,
 * libssh2_init is asked for LIBSSH2_INIT_NO_CRYPTO: libssh2 leaves the
 * crypto library alone, and OpenSSL 3, which starts itself at its first
 * use, would start then if an SSH session ever were opened.  Outside that
 * window libssh2_init goes to libssh2 unchanged.
 */
#include "config.h"

#include "gitlib.h"

#include <dlfcn.h>
#include <git2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

/* MBEDTLS_ERR_X509_FILE_IO_ERROR: what mbedTLS says of a missing file. */
#define NO_SUCH_BUNDLE (-0x2900)

static atomic_bool in_init;
static atomic_bool ready;
static pthread_once_t once = PTHREAD_ONCE_INIT;

struct mbedtls_x509_crt;	/* mbedTLS's; never looked into here */
typedef int (*load_fn)(struct mbedtls_x509_crt *, const char *);

/* The same symbol in the next object of the lookup order: mbedTLS's. */
static int forward(const char *name, struct mbedtls_x509_crt *chain,
		   const char *path)
{
	load_fn real = (load_fn)(void (*)(void))dlsym(RTLD_NEXT, name);

	return real ? real(chain, path) : NO_SUCH_BUNDLE;
}

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path);
int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain,
				const char *path);

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain,
				const char *path)
{
	if (atomic_load(&in_init))
		return NO_SUCH_BUNDLE;
	return forward("mbedtls_x509_crt_parse_file", chain, path);
}

int mbedtls_x509_crt_parse_path(struct mbedtls_x509_crt *chain,
				const char *path)
{
	if (atomic_load(&in_init))
		return NO_SUCH_BUNDLE;
	return forward("mbedtls_x509_crt_parse_path", chain, path);
}

/* libssh2's LIBSSH2_INIT_NO_CRYPTO (libssh2.h, since 1.2.5). */
#define SSH2_INIT_NO_CRYPTO 0x0001

typedef int (*ssh2_init_fn)(int);

int libssh2_init(int flags);

int libssh2_init(int flags)
{
	ssh2_init_fn real =
		(ssh2_init_fn)(void (*)(void))dlsym(RTLD_NEXT, "libssh2_init");

	if (atomic_load(&in_init))
		flags |= SSH2_INIT_NO_CRYPTO;
	/* Only libssh2's users call this, so libssh2 is there behind. */
	return real ? real(flags) : -1;
}

static void shutdown_at_exit(void)
{
	git_libgit2_shutdown();
}

static void init_once(void)
{
	int rc;

	atomic_store(&in_init, true);
	rc = git_libgit2_init();
	atomic_store(&in_init, false);
	/* A failed init leaves nothing to shut down: each later libgit2
	 * call says why it cannot work.  atexit() fails only past its 32
	 * handlers: libgit2's memory then simply ends with the process. */
	if (rc >= 0)
		(void)atexit(shutdown_at_exit);
	atomic_store(&ready, true);
}

void gitlib_init(void)
{
	if (!atomic_load(&ready))
		pthread_once(&once, init_once);
}
