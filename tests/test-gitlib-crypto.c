/* test-gitlib-crypto.c: gitlib_init() starts libgit2 without libssh2's
 * crypto start-up (src/gitlib.c): libssh2_init, called by
 * git_libgit2_init(), gets LIBSSH2_INIT_NO_CRYPTO, so OpenSSL's engines
 * are never loaded (libssh2 loads them all, ENGINE_load_builtin_engines,
 * when it starts its crypto), and OpenSSL has no engine at all. */
#include "config.h"

/* ENGINE_* are deprecated in OpenSSL 3.0: here only a probe. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <git2.h>
#include <openssl/engine.h>

#include "gitlib.h"
#include "hash.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_engines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
