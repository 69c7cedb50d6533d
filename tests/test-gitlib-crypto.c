/* test-gitlib-crypto.c: gitlib_init() starts libgit2 without libssh2's
 * crypto start-up (src/gitlib.c): libssh2_init, called by
 * git_libgit2_init(), gets LIBSSH2_INIT_NO_CRYPTO, so OpenSSL's engines
 * are never loaded (libssh2 loads them all, ENGINE_load_builtin_engines,
 * when it starts its crypto), and OpenSSL has no engine at all.  And
 * mbedtls_havege_init, skipped while libgit2 starts, is mbedTLS's own
 * afterwards. */
#include "config.h"

/* ENGINE_* are deprecated in OpenSSL 3.0: here only a probe. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <git2.h>
#include <openssl/engine.h>

#include "gitlib.h"
#include "hash.h"

#if defined(__has_include)
#if __has_include(<mbedtls/havege.h>)
#include <mbedtls/havege.h>
#define HAVE_HAVEGE_H 1
#endif
#endif

static void test_no_engines(void **state)
{
	char hex[SHA256_HEX_LEN + 1];
	ENGINE *e;

	(void)state;
	gitlib_init();
	/* libgit2 did start (the SSH transport is part of it)... */
	assert_int_equal(git_libgit2_init(), 2);
	assert_int_equal(git_libgit2_shutdown(), 1);
	/* ...and so did relcheck's hashing (src/hash.c), without EVP. */
	sha256_hex("abc", 3, hex);
	/* Neither started OpenSSL's engines. */
	e = ENGINE_get_first();
	assert_null(e);
	ENGINE_free(e);
}

/* After gitlib_init(), HAVEGE is mbedTLS's: its pool is filled (the
 * stand-in used while libgit2 starts leaves it zeroed). */
static void test_havege_after_init(void **state)
{
#ifdef HAVE_HAVEGE_H
	static mbedtls_havege_state hs;
	size_t filled = 0;

	(void)state;
	gitlib_init();
	memset(&hs, 0, sizeof(hs));
	mbedtls_havege_init(&hs);
	for (size_t i = 0; i < MBEDTLS_HAVEGE_COLLECT_SIZE; i++)
		filled += hs.pool[i] != 0;
	assert_true(filled > MBEDTLS_HAVEGE_COLLECT_SIZE / 2);
#else
	(void)state;
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_engines),
		cmocka_unit_test(test_havege_after_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
