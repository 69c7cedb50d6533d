/* test-sign-missing.c: relcheck built with GPGME, run where libgpgme is
 * not installed (src/sign.c loads it with dlopen() at the first
 * signature).  This program compiles src/sign.c again with GPGME_SONAME
 * naming a library that does not exist: signing and verifying fail with
 * a message that says what is missing, and nothing else is touched. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sign.h"

static void assert_says_missing(const char *err)
{
#ifndef HAVE_GPGME
	skip();		/* built without GPGME: sign.c says that instead */
#endif
	assert_non_null(err);
	assert_non_null(strstr(err, "cannot load GPGME"));
	assert_non_null(strstr(err, GPGME_SONAME));
}

static void test_sign_says_missing(void **state)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	char *err = NULL;

	(void)state;
	buf_adds(&in, "report\n");
	assert_int_equal(sign_clear(&in, &out, &err), -1);
	assert_says_missing(err);
	assert_int_equal(out.len, 0);
	free(err);
	err = NULL;
	assert_int_equal(sign_detached(&in, &out, &err), -1);
	assert_says_missing(err);
	assert_int_equal(out.len, 0);
	free(err);
	buf_free(&in);
	buf_free(&out);
}

static void test_verify_says_missing(void **state)
{
	struct buf plain = BUF_INIT;
	char *err = NULL, *who = (char *)"unset";

	(void)state;
	assert_int_equal(sign_verify("a", 1, "b", 1, NULL, &who, &err), -1);
	assert_null(who);
	assert_says_missing(err);
	free(err);
	err = NULL;
	assert_int_equal(sign_verify("a", 1, NULL, 0, &plain, &who, &err), -1);
	assert_says_missing(err);
	assert_int_equal(plain.len, 0);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_says_missing),
		cmocka_unit_test(test_verify_says_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
