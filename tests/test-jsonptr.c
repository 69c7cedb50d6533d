/* test-jsonptr.c: src/jsonptr.c: JSON Pointer (RFC 6901, its examples in
 * section 5), malformed pointers, where a path stops, and values
 * compared by value. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonptr.h"

/* RFC 6901, section 5. */
static const char *const doc_text =
	"{\"foo\": [\"bar\", \"baz\"], \"\": 0, \"a/b\": 1, \"c%d\": 2, "
	"\"e^f\": 3, \"g|h\": 4, \"i\\\\j\": 5, \"k\\\"l\": 6, \" \": 7, "
	"\"m~n\": 8}";

static json_t *load(void)
{
	json_t *j = json_loads(doc_text, 0, NULL);

	assert_non_null(j);
	return j;
}

static long long int_at(json_t *doc, const char *ptr)
{
	json_t *v = NULL;
	char *err = NULL;

	assert_int_equal(jsonptr_get(doc, ptr, &v, &err), 0);
	assert_null(err);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void test_rfc_examples(void **state)
{
	json_t *doc = load(), *v = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(jsonptr_get(doc, "", &v, &err), 0);
	assert_ptr_equal(v, doc);
	assert_int_equal(jsonptr_get(doc, "/foo/0", &v, &err), 0);
	assert_string_equal(json_string_value(v), "bar");
	assert_int_equal(int_at(doc, "/"), 0);
	assert_int_equal(int_at(doc, "/a~1b"), 1);
	assert_int_equal(int_at(doc, "/c%d"), 2);
	assert_int_equal(int_at(doc, "/e^f"), 3);
	assert_int_equal(int_at(doc, "/g|h"), 4);
	assert_int_equal(int_at(doc, "/i\\j"), 5);
	assert_int_equal(int_at(doc, "/k\"l"), 6);
	assert_int_equal(int_at(doc, "/ "), 7);
	assert_int_equal(int_at(doc, "/m~0n"), 8);
	json_decref(doc);
}

static void expect_missing(json_t *doc, const char *ptr, const char *why)
{
	json_t *v = NULL;
	char *err = NULL;

	assert_int_equal(jsonptr_get(doc, ptr, &v, &err), 1);
	assert_null(v);
	assert_non_null(strstr(err, why));
	free(err);
}

static void expect_malformed(json_t *doc, const char *ptr)
{
	json_t *v = NULL;
	char *err = NULL;

	assert_int_equal(jsonptr_get(doc, ptr, &v, &err), -1);
	assert_non_null(strstr(err, "no JSON pointer"));
	free(err);
}

static void test_missing_and_malformed(void **state)
{
	json_t *doc = load();

	(void)state;
	expect_missing(doc, "/nope", "the answer has no member \"nope\"");
	expect_missing(doc, "/foo/2", "/foo has no element 2 (an array of 2)");
	expect_missing(doc, "/foo/01", "no element 01");
	expect_missing(doc, "/foo/-", "no element -");
	expect_missing(doc, "/foo/0/x", "/foo/0 is a string");
	expect_malformed(doc, "foo");
	expect_malformed(doc, "/m~2n");
	expect_malformed(doc, "/m~");
	json_decref(doc);
}

static void expect_equal(const char *json, const char *want, int same,
			 const char *why)
{
	json_t *v = json_loads(json, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	char *msg = NULL;

	assert_non_null(v);
	assert_int_equal(jsonptr_equals(v, want, &msg), same);
	if (why) {
		assert_non_null(msg);
		assert_non_null(strstr(msg, why));
	} else {
		assert_null(msg);
	}
	free(msg);
	json_decref(v);
}

static void test_equals(void **state)
{
	(void)state;
	expect_equal("\"open\"", "open", 1, NULL);
	expect_equal("\"open\"", "opened", 0, NULL);
	expect_equal("\"a\\u0000b\"", "a", 0, NULL);
	expect_equal("3", "3.0", 1, NULL);
	expect_equal("3.5", "3.5", 1, NULL);
	expect_equal("3", "4", 0, NULL);
	expect_equal("3", "three", 0, "a number");
	expect_equal("3", "", 0, "a number");
	expect_equal("true", "true", 1, NULL);
	expect_equal("false", "true", 0, NULL);
	expect_equal("true", "yes", 0, "a boolean");
	expect_equal("null", "null", 1, NULL);
	expect_equal("[1]", "1", 0, "an array");
	expect_equal("{}", "x", 0, "an object");
}

static void test_scalar_text(void **state)
{
	json_t *v = json_loads("[\"s\", 12, true, null, {}]", 0, NULL);
	char *t;

	(void)state;
	t = jsonptr_scalar_text(json_array_get(v, 0));
	assert_string_equal(t, "s");
	free(t);
	t = jsonptr_scalar_text(json_array_get(v, 1));
	assert_string_equal(t, "12");
	free(t);
	t = jsonptr_scalar_text(json_array_get(v, 2));
	assert_string_equal(t, "true");
	free(t);
	t = jsonptr_scalar_text(json_array_get(v, 3));
	assert_string_equal(t, "null");
	free(t);
	assert_null(jsonptr_scalar_text(json_array_get(v, 4)));
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc_examples),
		cmocka_unit_test(test_missing_and_malformed),
		cmocka_unit_test(test_equals),
		cmocka_unit_test(test_scalar_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
