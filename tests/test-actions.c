/* test-actions.c: the rules of the screen's action table (ui/actions.h,
 * ui/action-table.c) and of the pager's keys.  The table makes the
 * dispatch, the status line, the help and the man page's Keys section,
 * so a row that breaks a rule breaks them all: a key bound twice (the
 * second never runs), a name the dispatcher cannot read, a key that
 * writes the run offered where the run is only read, a mode with no way
 * out.  Links the table alone, as a documentation generator would.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "actions.h"
#include "keyname.h"

/* The actions that write the run. */
static const enum action_id writers[] = {
	ACT_DONE, ACT_NA, ACT_REOPEN, ACT_NOTE, ACT_NOTE_EDITOR, ACT_WAIVE,
	ACT_RECHECK, ACT_RECHECK_ALL, ACT_SIGNOFF, ACT_CLOSE,
};

static bool is_writer(enum action_id id)
{
	for (size_t i = 0; i < sizeof(writers) / sizeof(*writers); i++)
		if (writers[i] == id)
			return true;
	return false;
}

static const unsigned modes[] = {
	ACTION_MODE_OPERATOR, ACTION_MODE_AUDIT, ACTION_MODE_DRY_RUN,
	ACTION_MODE_READ_ONLY, ACTION_MODE_CLOSED, ACTION_MODE_NO_RUN,
};

struct codes {
	int code[8];
	size_t n;
	bool bad;
};

static bool collect(const char *name, size_t len, void *data)
{
	struct codes *c = data;
	int code = key_code(name, len);

	if (code < 0 || c->n == sizeof(c->code) / sizeof(*c->code)) {
		print_error("unknown key name '%.*s'\n", (int)len, name);
		c->bad = true;
		return false;
	}
	c->code[c->n++] = code;
	return true;
}

/* Every key name of keys, as codes; fails on a name not known. */
static struct codes codes_of(const char *keys)
{
	struct codes c = { .n = 0 };

	assert_true(key_each(keys, collect, &c));
	assert_false(c.bad);
	assert_true(c.n > 0);
	return c;
}

/* The rows are in the enum's order, named once, each with keys, help and
 * modes; a label only with keys the status line can show. */
static void test_rows(void **state)
{
	size_t n;
	const struct action *t = actions_table(&n);

	(void)state;
	assert_int_equal(n, ACT_NONE);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t[i].id, i);
		assert_ptr_equal(action_get(t[i].id), &t[i]);
		assert_non_null(t[i].keys);
		assert_non_null(t[i].help);
		assert_true(*t[i].help);
		assert_true(t[i].modes != 0);
		assert_int_equal(t[i].modes & ~(unsigned)ACTION_MODES_ALL, 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t[i].name, t[j].name);
		codes_of(t[i].keys);
	}
	assert_null(action_get(ACT_NONE));
}

/* No key runs two actions: the second would never run. */
static void test_keys_once(void **state)
{
	size_t n;
	const struct action *t = actions_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		struct codes a = codes_of(t[i].keys);

		for (size_t j = 0; j < n; j++) {
			if (i == j)
				continue;
			for (size_t k = 0; k < a.n; k++)
				if (key_in(t[j].keys, a.code[k]))
					fail_msg("%s and %s share a key (%s)",
						 t[i].name, t[j].name,
						 t[i].keys);
		}
	}
}

/* Each of the status line's keys ("j/k", "Enter") is a key of the table:
 * what it offers is what a key does. */
static void test_bar_keys(void **state)
{
	size_t n;
	const struct action *t = actions_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char buf[16];
		const char *bar;

		if (!t[i].label)
			continue;
		bar = action_bar_keys(t[i].bar, t[i].keys, buf, sizeof(buf));
		for (const char *p = bar; *p;) {
			size_t len = strcspn(p, "/");
			int code = key_code(p, len);
			bool bound = false;

			assert_true(code >= 0);
			for (size_t j = 0; j < n; j++)
				bound = bound || key_in(t[j].keys, code);
			if (!bound)
				fail_msg("%s: the status line's '%.*s' is no "
					 "key of the table", t[i].name,
					 (int)len, p);
			p += len + (p[len] == '/');
		}
	}
}

/* In every mode one can move, read the help and quit. */
static void test_every_mode_leaves(void **state)
{
	static const enum action_id always[] = {
		ACT_DOWN, ACT_UP, ACT_FIRST, ACT_LAST, ACT_HELP, ACT_QUIT,
	};

	(void)state;
	for (size_t m = 0; m < sizeof(modes) / sizeof(*modes); m++) {
		assert_non_null(action_mode_name(modes[m]));
		assert_non_null(action_mode_text(modes[m]));
		for (size_t i = 0; i < sizeof(always) / sizeof(*always); i++)
			if (!(action_get(always[i])->modes & modes[m]))
				fail_msg("%s does not apply in %s mode",
					 action_get(always[i])->name,
					 action_mode_name(modes[m]));
	}
	assert_null(action_mode_name(0));
	assert_null(action_mode_name(ACTION_MODE_AUDIT | ACTION_MODE_CLOSED));
}

/* Where the run is read, not written (an audit, a closed run, a file
 * opened read-only, no run), no key that writes it applies, so neither
 * the help nor the status line offers one; the review is the audit's
 * alone; the operator's writers apply in a dry run too. */
static void test_readers_do_not_write(void **state)
{
	const unsigned readers = ACTION_MODE_AUDIT | ACTION_MODE_CLOSED |
				 ACTION_MODE_READ_ONLY | ACTION_MODE_NO_RUN;
	size_t n;
	const struct action *t = actions_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		if (is_writer(t[i].id) && (t[i].modes & readers))
			fail_msg("%s writes the run, yet applies in %s mode",
				 t[i].name, action_mode_name(t[i].modes &
						readers & -(t[i].modes & readers)));
		if (is_writer(t[i].id))
			assert_int_equal(t[i].modes, ACTION_MODES_RECORD);
	}
	assert_int_equal(action_get(ACT_REVIEW)->modes, ACTION_MODE_AUDIT);
	for (size_t i = 0; i < n; i++)
		if (t[i].modes & ACTION_MODE_AUDIT)
			assert_false(is_writer(t[i].id));
}

/* The pager's keys: known names, none twice, Esc and q go back. */
static void test_pager_keys(void **state)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);
	bool back_esc = false, back_q = false;

	(void)state;
	assert_int_equal(n, PAGER_NONE);
	for (size_t i = 0; i < n; i++) {
		struct codes a = codes_of(t[i].keys);

		assert_int_equal(t[i].id, i);
		assert_non_null(t[i].help);
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; j != i && k < a.n; k++)
				if (key_in(t[j].keys, a.code[k]))
					fail_msg("pager: %s and %s share a key",
						 t[i].name, t[j].name);
		if (t[i].id == PAGER_BACK) {
			back_esc = key_in(t[i].keys, 27);
			back_q = key_in(t[i].keys, 'q');
		}
	}
	assert_true(back_esc);
	assert_true(back_q);
}

/* Enter is also Return; names are read whole. */
static void test_key_names(void **state)
{
	(void)state;
	assert_true(key_in("Enter, d", '\r'));
	assert_true(key_in("Enter, d", '\n'));
	assert_true(key_in("Enter, d", 'd'));
	assert_false(key_in("Enter, d", 'E'));
	assert_true(key_in("PgDn, Space", ' '));
	assert_int_equal(key_code("Tab", 3), '\t');
	assert_int_equal(key_code("Tabs", 4), -1);
	assert_int_equal(key_code(",", 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_keys_once),
		cmocka_unit_test(test_bar_keys),
		cmocka_unit_test(test_every_mode_leaves),
		cmocka_unit_test(test_readers_do_not_write),
		cmocka_unit_test(test_pager_keys),
		cmocka_unit_test(test_key_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
