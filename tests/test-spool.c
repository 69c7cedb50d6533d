/* test-spool.c: records in chains by key, in a temporary file
 * (src/spool.c): each key's records come back whole and in the order
 * they were added, however they interleave, across the file and memory,
 * and with no temporary file at all. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"
#include "testutil.h"

#define NKEYS 7

/* The text of record n of key k (its number is n). */
static char *text_of(size_t k, long long n)
{
	/* Some long enough to span the read window's edge. */
	return xasprintf("key %zu record %lld %s", k, n,
			 n % 97 == 0 ? "........................................"
			 "........................................" : "");
}

/* Adds count records round the keys (key k gets every k-th and
 * more: an uneven interleaving), then reads each key back. */
static void fill_and_check(struct spool *s, long long count)
{
	long long added[NKEYS] = { 0 };

	for (long long i = 0; i < count; i++) {
		size_t k = (size_t)(i * i % NKEYS);
		char *t = text_of(k, added[k]);
		const char *f[] = { t, NULL, "third" };

		spool_add(s, k, f, 3, added[k]++);
		free(t);
	}
	for (size_t k = 0; k < NKEYS; k++) {
		uint64_t at = spool_first(s, k);
		struct spool_record rec;
		long long n = 0;

		assert_int_equal(spool_count(s, k), (size_t)added[k]);
		while (spool_next(s, &at, &rec)) {
			char *want = text_of(k, n);

			assert_string_equal(rec.field[0], want);
			assert_null(rec.field[1]);
			assert_string_equal(rec.field[2], "third");
			assert_null(rec.field[3]);
			assert_int_equal(rec.number, n);
			free(want);
			n++;
		}
		assert_int_equal(n, added[k]);
	}
	assert_false(s->failed);
}

static void test_empty(void **state)
{
	struct spool s;
	uint64_t at;
	struct spool_record rec;

	(void)state;
	spool_init(&s, 2);
	at = spool_first(&s, 1);
	assert_false(spool_next(&s, &at, &rec));
	assert_int_equal(spool_count(&s, 1), 0);
	assert_int_equal(spool_count(&s, 9), 0);
	spool_free(&s);
}

static void test_in_memory(void **state)
{
	struct spool s;

	(void)state;
	spool_init(&s, NKEYS);
	fill_and_check(&s, 50);
	assert_int_equal(s.fd, -1);	/* too few to go to a file */
	spool_free(&s);
}

static void test_in_a_file(void **state)
{
	struct spool s;

	(void)state;
	spool_init(&s, NKEYS);
	fill_and_check(&s, 40000);
	assert_true(s.fd >= 0);
	assert_true(s.mem.len < 2 * 64 * 1024);	/* the rest went out */
	spool_free(&s);
}

/* Walks key k, returning how many records it has. */
static size_t walk(struct spool *s, size_t k)
{
	uint64_t at = spool_first(s, k);
	struct spool_record rec;
	size_t n = 0;

	while (spool_next(s, &at, &rec))
		n++;
	return n;
}

/* A record added after a walk: the chain's end, already read back from
 * the file, is read again as patched. */
static void test_add_after_reading(void **state)
{
	struct spool s;
	const char *f[] = { "x" };

	(void)state;
	spool_init(&s, 2);
	for (int i = 0; i < 100; i++)
		spool_add(&s, 1, f, 1, i);
	for (int i = 0; i < 40000; i++)
		spool_add(&s, 0, f, 1, i);
	assert_int_equal(walk(&s, 1), 100);
	spool_add(&s, 1, f, 1, 100);
	assert_int_equal(walk(&s, 1), 101);
	assert_false(s.failed);
	spool_free(&s);
}

static void test_no_temporary_folder(void **state)
{
	struct spool s;
	char *saved = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;

	(void)state;
	setenv("TMPDIR", "/nonexistent/relcheck-test", 1);
	spool_init(&s, NKEYS);
	fill_and_check(&s, 40000);
	assert_int_equal(s.fd, -1);
	assert_true(s.no_file);
	spool_free(&s);
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_in_memory),
		cmocka_unit_test(test_in_a_file),
		cmocka_unit_test(test_add_after_reading),
		cmocka_unit_test(test_no_temporary_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
