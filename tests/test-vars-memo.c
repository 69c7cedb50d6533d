/* test-vars-memo.c: the kept expansions of titles (vars_memo, src/vars.c):
 * a text is served again only while no variable changed; a change (a
 * check's capture, a --set, a variable freed) makes the next one
 * expanded anew, never the stale one. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vars.h"

static void set(struct vars *vs, const char *name, const char *value)
{
	vars_set(vs, name, value, VAR_FILE, "t.conf", 1);
}

/* The text as vars_expand_show makes it, fresh (caller frees). */
static char *fresh(const struct vars *vs, const char *raw)
{
	struct buf out = BUF_INIT;
	char *err = NULL;

	if (vars_expand_show(vs, raw, &out, &err) < 0) {
		free(err);
		buf_free(&out);
		return strdup(raw);
	}
	return buf_detach(&out);
}

static void test_kept_while_nothing_changes(void **state)
{
	struct vars vs = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	static const char title[] = "Release ${name} ${version}";
	const char *a, *b;

	(void)state;
	set(&vs, "name", "demo");
	set(&vs, "version", "1.2.3");
	a = vars_memo_show(&m, &vs, title);
	assert_string_equal(a, "Release demo 1.2.3");
	b = vars_memo_show(&m, &vs, title);
	assert_ptr_equal(a, b);		/* kept, not expanded again */
	vars_memo_free(&m);
	vars_free(&vs);
}

/* A check's result sets the variable another item's title uses (a
 * runtime variable, declared without a value, then captured): the
 * title says the new value at once. */
static void test_capture_changes_title(void **state)
{
	struct vars vs = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	static const char title[] = "Upload wheel ${wheel}";
	char *want;

	(void)state;
	vars_set(&vs, "wheel", NULL, VAR_RUNTIME, NULL, 0);
	want = fresh(&vs, title);
	assert_string_equal(vars_memo_show(&m, &vs, title), want);
	free(want);
	vars_set(&vs, "wheel", "demo-1.0-py3-none-any.whl", VAR_RUNTIME,
		 NULL, 0);
	assert_string_equal(vars_memo_show(&m, &vs, title),
			    "Upload wheel demo-1.0-py3-none-any.whl");
	vars_set(&vs, "wheel", "demo-1.1-py3-none-any.whl", VAR_RUNTIME,
		 NULL, 0);
	assert_string_equal(vars_memo_show(&m, &vs, title),
			    "Upload wheel demo-1.1-py3-none-any.whl");
	vars_memo_free(&m);
	vars_free(&vs);
}

/* A variable that a variable uses changes: the title through both. */
static void test_nested_change(void **state)
{
	struct vars vs = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	static const char title[] = "Tag ${tag}";

	(void)state;
	set(&vs, "version", "1.0.0");
	set(&vs, "tag", "v${version}");
	assert_string_equal(vars_memo_show(&m, &vs, title), "Tag v1.0.0");
	set(&vs, "version", "2.0.0");
	assert_string_equal(vars_memo_show(&m, &vs, title), "Tag v2.0.0");
	vars_memo_free(&m);
	vars_free(&vs);
}

/* Another struct vars changed (the scheduler's, in its thread): the
 * count moved, the text is made again, and is the same. */
static void test_any_change_counts(void **state)
{
	struct vars vs = VARS_INIT, other = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	static const char title[] = "Check ${name}";
	unsigned long before;

	(void)state;
	set(&vs, "name", "demo");
	assert_string_equal(vars_memo_show(&m, &vs, title), "Check demo");
	before = vars_changes();
	set(&other, "name", "other");
	assert_true(vars_changes() > before);
	vars_mark_words(&other, "name");
	vars_free(&other);
	assert_true(vars_changes() > before + 2);
	assert_string_equal(vars_memo_show(&m, &vs, title), "Check demo");
	vars_memo_free(&m);
	vars_free(&vs);
}

/* The same address, other bytes (a text freed, another there): not the
 * old text. */
static void test_same_address_other_text(void **state)
{
	struct vars vs = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	char raw[32];

	(void)state;
	set(&vs, "a", "one");
	set(&vs, "b", "two");
	strcpy(raw, "${a}");
	assert_string_equal(vars_memo_show(&m, &vs, raw), "one");
	strcpy(raw, "${b}");
	assert_string_equal(vars_memo_show(&m, &vs, raw), "two");
	vars_memo_free(&m);
	vars_free(&vs);
}

/* Other variables altogether, or other grants: expanded with them. */
static void test_other_vars(void **state)
{
	struct vars vs = VARS_INIT, vs2 = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	static const char title[] = "${name}";

	(void)state;
	set(&vs, "name", "first");
	set(&vs2, "name", "second");
	assert_string_equal(vars_memo_show(&m, &vs, title), "first");
	assert_string_equal(vars_memo_show(&m, &vs2, title), "second");
	assert_string_equal(vars_memo_show(&m, &vs, title), "first");
	vars_memo_free(&m);
	vars_free(&vs);
	vars_free(&vs2);
}

/* An error reads as the text itself (checklist_show). */
static void test_error_is_raw(void **state)
{
	struct vars vs = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	static const char title[] = "Broken ${unclosed";

	(void)state;
	assert_string_equal(vars_memo_show(&m, &vs, title), title);
	vars_memo_free(&m);
	vars_free(&vs);
}

/* Many titles (the table grows), each its own text, before and after a
 * change. */
static void test_many(void **state)
{
	enum { N = 500 };
	struct vars vs = VARS_INIT;
	struct vars_memo m = VARS_MEMO_INIT;
	char *raw[N];
	char want[64];

	(void)state;
	set(&vs, "v", "x");
	for (int i = 0; i < N; i++) {
		char s[32];

		snprintf(s, sizeof(s), "item %d ${v}", i);
		raw[i] = strdup(s);
	}
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < N; i++) {
			snprintf(want, sizeof(want), "item %d %s", i,
				 round ? "y" : "x");
			assert_string_equal(vars_memo_show(&m, &vs, raw[i]),
					    want);
		}
		for (int i = N - 1; i >= 0; i--) {
			snprintf(want, sizeof(want), "item %d %s", i,
				 round ? "y" : "x");
			assert_string_equal(vars_memo_show(&m, &vs, raw[i]),
					    want);
		}
		set(&vs, "v", "y");
	}
	for (int i = 0; i < N; i++)
		free(raw[i]);
	vars_memo_free(&m);
	vars_free(&vs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_while_nothing_changes),
		cmocka_unit_test(test_capture_changes_title),
		cmocka_unit_test(test_nested_change),
		cmocka_unit_test(test_any_change_counts),
		cmocka_unit_test(test_same_address_other_text),
		cmocka_unit_test(test_other_vars),
		cmocka_unit_test(test_error_is_raw),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
