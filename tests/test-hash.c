/* test-hash.c: src/hash.c's SHA-256 (libcrypto's SHA256_* functions,
 * not EVP) gives FIPS 180-4's digests, whole, in pieces, many in a row
 * and of a file. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hash.h"

/* FIPS 180-4 / NIST's examples. */
#define EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define ABC448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define ABC448_SHA \
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define MILLION_A \
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

static void test_whole(void **state)
{
	char hex[SHA256_HEX_LEN + 1];

	(void)state;
	sha256_hex("", 0, hex);
	assert_string_equal(hex, EMPTY);
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, ABC);
	sha256_hex(ABC448, strlen(ABC448), hex);
	assert_string_equal(hex, ABC448_SHA);
}

/* A million 'a' fed in pieces of 1 to 1000 bytes: block boundaries
 * everywhere. */
static void test_pieces(void **state)
{
	static char a[1000];
	struct sha256 *h = sha256_new();
	char hex[SHA256_HEX_LEN + 1];
	size_t done = 0, step = 1;

	(void)state;
	assert_non_null(h);
	memset(a, 'a', sizeof(a));
	while (done < 1000000) {
		size_t n = step < 1000000 - done ? step : 1000000 - done;
		sha256_add(h, a, n);
		done += n;
		step = step % 993 + 7;	/* 7 to 999 */
	}
	sha256_end(h, hex);
	assert_string_equal(hex, MILLION_A);
}

static void test_many(void **state)
{
	struct sha256_many *h = sha256_many_new();
	char hex[SHA256_HEX_LEN + 1];

	(void)state;
	assert_non_null(h);
	sha256_many_hex(h, "a", 1, "bc", 2, hex);
	assert_string_equal(hex, ABC);
	sha256_many_hex(h, "", 0, "", 0, hex);
	assert_string_equal(hex, EMPTY);
	sha256_many_hex(h, "abcdbcde", 8, ABC448 + 8, strlen(ABC448) - 8, hex);
	assert_string_equal(hex, ABC448_SHA);
	sha256_many_free(h);
	sha256_many_free(NULL);
}

static void test_file(void **state)
{
	char path[] = "/tmp/relcheck-test-hash-XXXXXX";
	char hex[SHA256_HEX_LEN + 1];
	static char a[100000];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	memset(a, 'a', sizeof(a));
	for (int i = 0; i < 10; i++)
		assert_int_equal(write(fd, a, sizeof(a)), (ssize_t)sizeof(a));
	close(fd);
	assert_int_equal(sha256_file(path, hex), 0);
	assert_string_equal(hex, MILLION_A);
	unlink(path);
	assert_int_equal(sha256_file(path, hex), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
