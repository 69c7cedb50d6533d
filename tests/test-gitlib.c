/* test-gitlib.c: libgit2 started once, without the CA bundle, and a
 * bundle asked for afterwards still loaded (src/gitlib.c). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include <git2.h>

#include "gitlib.h"

#define BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static void test_once(void **state)
{
	(void)state;
	gitlib_init();
	gitlib_init();
	/* One reference, held until exit: a second init makes it two. */
	assert_int_equal(git_libgit2_init(), 2);
	assert_int_equal(git_libgit2_shutdown(), 1);
}

/* Outside gitlib_init() the certificate calls reach mbedTLS: a garbage
 * file is refused, a real bundle loads (were they always answered "no
 * such file", both would fail the same way). */
static void test_bundle_after_init(void **state)
{
	char path[] = "/tmp/relcheck-test-gitlib-XXXXXX";
	int fd;

	(void)state;
	gitlib_init();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a certificate\n", 18), 18);
	close(fd);
	assert_true(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, path,
				     NULL) < 0);
	unlink(path);
	if (access(BUNDLE, R_OK) != 0)
		skip();
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS,
					  BUNDLE, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_once),
		cmocka_unit_test(test_bundle_after_init),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
