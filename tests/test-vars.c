/* test-vars.c: ${...} expansion and regex escaping (src/vars.c). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rx.h"
#include "testutil.h"
#include "vars.h"

/* Expands in with vs; on success returns the text (caller frees) and sets
 * *deferred; on error returns NULL and sets *err (caller frees). */
static char *expand(const struct vars *vs, const char *in, bool *deferred,
		    char **err)
{
	struct buf out = BUF_INIT;
	struct expand_result res = { .deferred = false };

	if (vars_expand(vs, in, &out, &res, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	assert_null(*err);
	if (deferred)
		*deferred = res.deferred;
	return buf_detach(&out);
}

/* Asserts that in expands to want, not deferred. */
static void expect_ok(const struct vars *vs, const char *in, const char *want)
{
	char *err = NULL;
	bool deferred = true;
	char *got = expand(vs, in, &deferred, &err);

	if (!got)
		fail_msg("expanding \"%s\": unexpected error: %s", in, err);
	assert_string_equal(got, want);
	assert_false(deferred);
	free(got);
}

/* Asserts that in fails to expand with exactly message want. */
static void expect_err(const struct vars *vs, const char *in, const char *want)
{
	char *err = NULL;
	char *got = expand(vs, in, NULL, &err);

	if (got)
		fail_msg("expanding \"%s\": expected error \"%s\", got \"%s\"",
			 in, want, got);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
}

static void set(struct vars *vs, const char *name, const char *value)
{
	vars_set(vs, name, value, VAR_FILE, "t.conf", 1);
}

static void test_plain_text(void **state)
{
	struct vars vs = VARS_INIT;

	expect_ok(&vs, "", "");
	expect_ok(&vs, "no variables here", "no variables here");
	vars_free(&vs);
}

static void test_simple(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "package", "octavia-loxilb-driver");
	expect_ok(&vs, "${package}", "octavia-loxilb-driver");
	expect_ok(&vs, "pip install ${package}==1 # ${package}",
		  "pip install octavia-loxilb-driver==1 # "
		  "octavia-loxilb-driver");
	vars_free(&vs);
}

static void test_appends(void **state)
{
	struct vars vs = VARS_INIT;
	struct buf out = BUF_INIT;
	char *err = NULL;

	set(&vs, "a", "A");
	buf_adds(&out, "before:");
	assert_int_equal(vars_expand(&vs, "${a}", &out, NULL, &err), 0);
	assert_string_equal(out.data, "before:A");
	buf_free(&out);
	vars_free(&vs);
}

static void test_set_replaces(void **state)
{
	struct vars vs = VARS_INIT;
	struct var *v;

	set(&vs, "a", "one");
	vars_set(&vs, "a", "two", VAR_COMMAND_LINE, NULL, 0);
	assert_int_equal(vs.count, 1);
	v = vars_find(&vs, "a");
	assert_non_null(v);
	assert_string_equal(v->value, "two");
	assert_int_equal(v->origin, VAR_COMMAND_LINE);
	assert_null(v->file);
	expect_ok(&vs, "${a}", "two");
	assert_null(vars_find(&vs, "b"));
	vars_free(&vs);
}

static void test_nested(void **state)
{
	struct vars vs = VARS_INIT;

	/* Defined in any order: expansion is by name, when used. */
	set(&vs, "tag", "v${version}");
	set(&vs, "message", "Release ${tag} of ${module}");
	set(&vs, "module", "${package}_x");
	set(&vs, "package", "pkg");
	set(&vs, "version", "1.2.3");
	expect_ok(&vs, "${message}", "Release v1.2.3 of pkg_x");
	vars_free(&vs);
}

static void test_name_valid(void **state)
{
	assert_true(var_name_valid("a"));
	assert_true(var_name_valid("_a1"));
	assert_true(var_name_valid("version_file"));
	assert_false(var_name_valid(""));
	assert_false(var_name_valid("1a"));
	assert_false(var_name_valid("a-b"));
	assert_false(var_name_valid("a.b"));
	assert_false(var_name_valid("a b"));
}

/* Every character PCRE2 gives a meaning outside a class, and those that
 * matter in a class or with (?x): each must come out escaped. */
static const char metachars[] = "\\^$.|?*+()[]{}-/#";

static void test_regex_escape(void **state)
{
	struct buf out = BUF_INIT;

	regex_escape(&out, "1.0");
	assert_string_equal(out.data, "1\\.0");
	buf_reset(&out);
	regex_escape(&out, metachars);
	assert_string_equal(out.data, "\\\\" "\\^" "\\$" "\\." "\\|"
			    "\\?" "\\*" "\\+" "\\(" "\\)" "\\[" "\\]" "\\{"
			    "\\}" "\\-" "\\/" "\\#");
	buf_reset(&out);
	regex_escape(&out, "plain_text 09 é");
	assert_string_equal(out.data, "plain_text 09 é");
	buf_free(&out);
}

/* Compiles pattern as the checks do and tells whether it matches all of
 * subject exactly. */
static bool matches_whole(const char *pattern, const char *subject)
{
	char *anchored = xasprintf("\\A(?:%s)\\z", pattern);
	char *msg = NULL, *value = NULL;
	pcre2_code *re = rx_compile(anchored, &msg);
	int rc;

	if (!re)
		fail_msg("\"%s\" does not compile: %s", anchored, msg);
	rc = rx_match(re, subject, strlen(subject), NULL, &value, &msg);
	assert_int_not_equal(rc, -1);
	pcre2_code_free(re);
	free(anchored);
	return rc == 1;
}

static void test_re_modifier(void **state)
{
	struct vars vs = VARS_INIT;
	const char *nasty = "a\\^$.|?*+()[]{}-/#z 1.0";
	char *err = NULL, *escaped;

	set(&vs, "version", "1.0.0");
	expect_ok(&vs, "^v${version:re}$", "^v1\\.0\\.0$");

	/* Every metacharacter, escaped and compiled with PCRE2, matches
	 * exactly the literal text and nothing else. */
	set(&vs, "nasty", nasty);
	escaped = expand(&vs, "${nasty:re}", NULL, &err);
	assert_non_null(escaped);
	assert_true(matches_whole(escaped, nasty));
	assert_false(matches_whole(escaped, "a\\^$x|?*+()[]{}-/#z 1.0"));
	assert_false(matches_whole(escaped, "a"));
	free(escaped);

	for (const char *c = metachars; *c; c++) {
		char lit[4] = { 'x', *c, 'y', '\0' };
		char other[4] = { 'x', *c == 'Q' ? 'R' : 'Q', 'y', '\0' };
		set(&vs, "one", lit);
		escaped = expand(&vs, "${one:re}", NULL, &err);
		assert_non_null(escaped);
		if (!matches_whole(escaped, lit))
			fail_msg("escaped '%c' (\"%s\") does not match itself",
				 *c, escaped);
		if (matches_whole(escaped, other))
			fail_msg("escaped '%c' (\"%s\") matches \"%s\"",
				 *c, escaped, other);
		free(escaped);
	}

	/* The value is expanded first, then escaped as a whole. */
	set(&vs, "tag", "v${version}+1");
	expect_ok(&vs, "${tag:re}", "v1\\.0\\.0\\+1");
	vars_free(&vs);
}

/* ---- shell commands: data quoted by construction ---- */

/* Runs cmd with /bin/sh in dir and returns what it printed (caller frees);
 * a marker file `pwned` in dir must not appear. */
static char *sh_out(const char *dir, const char *cmd)
{
	char *full = xasprintf("cd '%s' && { %s ; } 2>&1", dir, cmd);
	FILE *p = popen(full, "r");
	struct buf out = BUF_INIT;
	char chunk[256];
	size_t n;

	assert_non_null(p);
	buf_init(&out);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&out, chunk, n);
	pclose(p);
	free(full);
	return buf_detach(&out);
}

static char *shell(const struct vars *vs, const char *in, char **err)
{
	struct buf out = BUF_INIT;

	if (vars_expand_shell(vs, in, &out, NULL, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static const char *const hostile[] = {
	"x'$(touch pwned)'", "a\"; touch pwned; \"", "`touch pwned`",
	"$(touch pwned)", "a b\tc\nd", "'", "\\", "\\'", "*", "~root",
	"a;touch pwned", "${HOME}", "it's \"q\" $x `y` \\z !",
	"-n", "",
};

/* Every hostile value, in every place of a command, reaches the command
 * as exactly itself, and runs nothing. */
static void test_shell_quotes_data(void **state)
{
	struct tu_fixture *fx = *state;
	static const char *const places[] = {
		"printf '[%s]' ${v}",
		"printf '[%s]' '${v}'",
		"printf '[%s]' \"${v}\"",
		"printf '[%s]' pre${v}post",
		"printf '[%s]' 'pre${v}post'",
		"printf '[%s]' \"pre${v}post\"",
		"printf '[%s]' $$(printf '%s' ${v} | head -c0)${v}",
		"printf '[%s]' ${vv}",
		"printf '[%s]' \"${vv}\"",
	};

	for (size_t h = 0; h < sizeof(hostile) / sizeof(*hostile); h++) {
		for (size_t p = 0; p < sizeof(places) / sizeof(*places); p++) {
			struct vars vs = VARS_INIT;
			const char *fmt = places[p];
			char *err = NULL, *cmd, *got, *want, *marker;
			const char *v = hostile[h];

			vars_set(&vs, "v", v, VAR_DETECTED, NULL, 0);
			/* A checklist's variable that holds data. */
			vars_set(&vs, "vv", "a=${v}=b", VAR_FILE, "t.conf", 1);
			cmd = shell(&vs, fmt, &err);
			if (!cmd)
				fail_msg("%s with %s: %s", fmt, v, err);
			got = sh_out(fx->dir, cmd);
			if (strstr(fmt, "${vv}"))
				want = xasprintf("[a=%s=b]", v);
			else if (strstr(fmt, "pre"))
				want = xasprintf("[pre%spost]", v);
			else
				want = xasprintf("[%s]", v);
			if (strcmp(got, want) != 0)
				fail_msg("%s with value \"%s\": ran as \"%s\", "
					 "printed \"%s\", want \"%s\"", fmt, v,
					 cmd, got, want);
			marker = path_join(fx->dir, "pwned");
			if (path_is_file(marker))
				fail_msg("%s with \"%s\" ran a command", fmt, v);
			free(marker);
			free(want);
			free(got);
			free(cmd);
			vars_free(&vs);
		}
	}
}

/* The checklist's own text is code; the data in it is not. */
static void test_shell_code_and_data(void **state)
{
	struct vars vs = VARS_INIT;
	char *err = NULL, *got;

	(void)state;
	set(&vs, "python", "python3 -B");
	set(&vs, "tests", "${python} -m pytest -k 'not slow'");
	vars_set(&vs, "root", "/tmp/a b", VAR_BUILTIN, NULL, 0);
	vars_set(&vs, "module", "m", VAR_DETECTED, NULL, 0);
	vars_set(&vs, "opt", "-q -x", VAR_COMMAND_LINE, NULL, 0);
	got = shell(&vs, "cd ${root} && ${tests} ${opt} --cov=${module}", &err);
	assert_non_null(got);
	assert_string_equal(got, "cd '/tmp/a b' && python3 -B -m pytest -k "
			    "'not slow' -q -x --cov=m");
	free(got);
	/* A value given on the command line keeps its words, and no more. */
	vars_set(&vs, "opt", "-q; touch pwned", VAR_COMMAND_LINE, NULL, 0);
	got = shell(&vs, "pytest ${opt}", &err);
	assert_non_null(got);
	assert_string_equal(got, "pytest '-q; touch pwned'");
	free(got);
	/* A detected list marked as words (python_versions) keeps its
	 * words; detected data not so marked is one word; a marked value
	 * with anything the shell reads is still one quoted word. */
	vars_set(&vs, "pys", "3.10 3.11", VAR_DETECTED, NULL, 0);
	got = shell(&vs, "for v in ${pys}; do :; done", &err);
	assert_non_null(got);
	assert_string_equal(got, "for v in '3.10 3.11'; do :; done");
	free(got);
	vars_mark_words(&vs, "pys");
	got = shell(&vs, "for v in ${pys}; do :; done", &err);
	assert_non_null(got);
	assert_string_equal(got, "for v in 3.10 3.11; do :; done");
	free(got);
	{
		struct vars copy = VARS_INIT;

		vars_copy(&copy, &vs);
		got = shell(&copy, "x ${pys}", &err);
		assert_non_null(got);
		assert_string_equal(got, "x 3.10 3.11");
		free(got);
		vars_free(&copy);
	}
	vars_set(&vs, "pys", "3.10 $(touch pwned)", VAR_DETECTED, NULL, 0);
	vars_mark_words(&vs, "pys");
	got = shell(&vs, "x ${pys}", &err);
	assert_non_null(got);
	assert_string_equal(got, "x '3.10 $(touch pwned)'");
	free(got);
	/* Inert values are pasted as they are, even where quoting is lost. */
	got = shell(&vs, "echo \"$$(echo ${module})\"", &err);
	assert_non_null(got);
	assert_string_equal(got, "echo \"$(echo m)\"");
	free(got);
	vars_free(&vs);
}

/* Where the shell's quoting cannot be followed, a value that needs it is
 * an error naming the variable, never pasted. */
static void test_shell_refuses(void **state)
{
	static const char *const places[] = {
		"echo `echo ${root}`", "echo \"$$(echo ${root})\"",
		"cat <<EOF\n${root}\nEOF", "echo \\${root}",
		"echo \"$${X:-${root}}\"", "echo $$'${root}'",
	};

	(void)state;
	for (size_t p = 0; p < sizeof(places) / sizeof(*places); p++) {
		struct vars vs = VARS_INIT;
		char *err = NULL, *got;

		vars_set(&vs, "root", "/tmp/x'$(touch pwned)'", VAR_BUILTIN,
			 NULL, 0);
		got = shell(&vs, places[p], &err);
		if (got)
			fail_msg("%s: expected an error, got \"%s\"", places[p],
				 got);
		assert_non_null(strstr(err, "${root}"));
		free(err);
		vars_free(&vs);
	}
}

/* Data from outside is never expanded as a template. */
static void test_data_is_literal(void **state)
{
	struct vars vs = VARS_INIT;

	(void)state;
	vs.probe = false;
	vs.grants = CAP_ENV;
	assert_int_equal(setenv("RELCHECK_SECRET", "s3cret", 1), 0);
	vars_set(&vs, "package", "${env:RELCHECK_SECRET}", VAR_DETECTED,
		 NULL, 0);
	vars_set(&vs, "cap", "${package}", VAR_RUNTIME, NULL, 0);
	vars_set(&vs, "root", "/r/${cap}", VAR_BUILTIN, NULL, 0);
	expect_ok(&vs, "${package}|${cap}|${root}",
		  "${env:RELCHECK_SECRET}|${package}|/r/${cap}");
	/* The author's and the user's values are templates. */
	vars_set(&vs, "a", "<${root}>", VAR_COMMAND_LINE, NULL, 0);
	expect_ok(&vs, "${a}", "</r/${cap}>");
	unsetenv("RELCHECK_SECRET");
	vars_free(&vs);
}

/* Levels P1..P11, each repeating the one below ten times, over P0 = leaf:
 * a "variable bomb". */
static void bomb(struct vars *vs, const char *p, const char *leaf)
{
	char name[8];

	snprintf(name, sizeof(name), "%s0", p);
	set(vs, name, leaf);
	for (int i = 1; i < 12; i++) {
		char *below = xasprintf("${%s%d}", p, i - 1), *val;
		snprintf(name, sizeof(name), "%s%d", p, i);
		val = xasprintf("%s%s%s%s%s%s%s%s%s%s", below, below, below,
				below, below, below, below, below, below, below);
		set(vs, name, val);
		free(val);
		free(below);
	}
}

static void test_bomb(void **state)
{
	struct vars vs = VARS_INIT;
	char leaf[4097], *err = NULL, *got;
	long long start = now_ms();

	(void)state;
	/* A leaf of 4 KiB: the size bound comes first. */
	memset(leaf, 'x', 4096);
	leaf[4096] = '\0';
	bomb(&vs, "l", leaf);
	/* ${l3} is 4 MB: past the bound, well short of any other. */
	got = expand(&vs, "${l3}", NULL, &err);
	assert_null(got);
	assert_non_null(err);
	assert_non_null(strstr(err, "${l3} -> ${l2}"));
	assert_non_null(strstr(err, "grows past 1048576 bytes"));
	free(err);
	/* Many small references: the work is bounded too.  ${m5}: 111,111
	 * references of nothing. */
	bomb(&vs, "m", "");
	got = expand(&vs, "${m5}", NULL, &err);
	assert_null(got);
	assert_non_null(strstr(err, "more than 20000 variable references"));
	free(err);
	/* The deepest of both give up at once, not after 10^11 steps. */
	got = expand(&vs, "${l11}", NULL, &err);
	assert_null(got);
	free(err);
	got = expand(&vs, "${m11}", NULL, &err);
	assert_null(got);
	free(err);
	assert_true(now_ms() - start < 5000);
	vars_free(&vs);
}

static void test_env(void **state)
{
	struct vars vs = VARS_INIT;

	assert_int_equal(setenv("RELCHECK_TEST_ENV", "from env ${not_a_var}",
				1), 0);
	/* Not trusted: the environment is not read. */
	expect_err(&vs, "[${env:RELCHECK_TEST_ENV}]",
		   "${env:RELCHECK_TEST_ENV}: this checklist is not trusted to "
		   "read the environment (relcheck --trust)");
	/* Validation: whether it is set, never its value. */
	vs.probe = true;
	expect_ok(&vs, "[${env:RELCHECK_TEST_ENV}]", "[x]");
	vs.probe = false;
	vs.grants = CAP_ENV;
	/* The environment's value is taken as it is, not expanded. */
	expect_ok(&vs, "[${env:RELCHECK_TEST_ENV}]",
		  "[from env ${not_a_var}]");
	assert_int_equal(unsetenv("RELCHECK_TEST_ENV"), 0);
	expect_err(&vs, "${env:RELCHECK_TEST_ENV}",
		   "environment variable RELCHECK_TEST_ENV is not set");
	expect_err(&vs, "${env:1BAD}",
		   "bad environment variable name in ${env:1BAD}");
	vars_free(&vs);
}

static void test_env_empty(void **state)
{
	struct vars vs = VARS_INIT;

	vs.grants = CAP_ENV;
	assert_int_equal(setenv("RELCHECK_TEST_EMPTY", "", 1), 0);
	expect_ok(&vs, "<${env:RELCHECK_TEST_EMPTY}>", "<>");
	unsetenv("RELCHECK_TEST_EMPTY");
	vars_free(&vs);
}

static void test_dollars(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "A");
	expect_ok(&vs, "$$", "$");
	expect_ok(&vs, "$${a}", "${a}");
	expect_ok(&vs, "price: 5$$ and $$$$", "price: 5$ and $$");
	expect_ok(&vs, "$$$${a}", "$${a}");
	expect_ok(&vs, "$$${a}", "$A");
	vars_free(&vs);
}

static void test_lone_dollar(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "A");
	expect_ok(&vs, "foo$", "foo$");
	expect_ok(&vs, "$", "$");
	expect_ok(&vs, "$a $PATH $1 ${a}", "$a $PATH $1 A");
	expect_ok(&vs, "grep 'x$' f", "grep 'x$' f");
	vars_free(&vs);
}

static void test_unclosed(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "A");
	expect_err(&vs, "echo ${a", "unclosed ${ (write $$ for a literal $)");
	expect_err(&vs, "${a} and ${",
		   "unclosed ${ (write $$ for a literal $)");
	/* Inside a variable's value too. */
	set(&vs, "b", "x${a");
	expect_err(&vs, "${b}", "unclosed ${ (write $$ for a literal $)");
	vars_free(&vs);
}

static void test_unknown_variable(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "${missing}");
	expect_err(&vs, "x ${nope} y", "unknown variable 'nope'");
	expect_err(&vs, "${a}", "unknown variable 'missing'");
	expect_err(&vs, "${nope:re}", "unknown variable 'nope'");
	vars_free(&vs);
}

static void test_bad_reference(void **state)
{
	struct vars vs = VARS_INIT;

	expect_err(&vs, "${}", "bad variable reference ${}");
	expect_err(&vs, "${a b}", "bad variable reference ${a b}");
	expect_err(&vs, "${:re}", "bad variable reference ${:re}");
	vars_free(&vs);
}

static void test_unknown_modifier(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "A");
	expect_err(&vs, "${a:upper}", "unknown modifier 'upper' in ${a:upper} "
		   "(known: re, upload, and env:NAME)");
	expect_err(&vs, "${a:}", "unknown modifier '' in ${a:} "
		   "(known: re, upload, and env:NAME)");
	vars_free(&vs);
}

static void test_self_reference(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "x${a}");
	expect_err(&vs, "${a}", "variable 'a' refers to itself");
	set(&vs, "b", "${b:re}");
	expect_err(&vs, "${b}", "variable 'b' refers to itself");
	vars_free(&vs);
}

static void test_cycle(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "<${b}>");
	set(&vs, "b", "[${a}]");
	expect_err(&vs, "${a}", "variable cycle: a -> b -> a");
	expect_err(&vs, "${b}", "variable cycle: b -> a -> b");
	set(&vs, "c", "${d}");
	set(&vs, "d", "${e}");
	set(&vs, "e", "${c}");
	expect_err(&vs, "${c}", "variable cycle: c -> d -> e -> c");
	vars_free(&vs);
}

static void test_same_variable_twice_is_no_cycle(void **state)
{
	struct vars vs = VARS_INIT;

	set(&vs, "a", "A");
	set(&vs, "b", "${a}${a}");
	set(&vs, "c", "${b}-${a}-${b}");
	expect_ok(&vs, "${c}", "AA-A-AA");
	vars_free(&vs);
}

static void test_deep_nesting(void **state)
{
	struct vars vs = VARS_INIT;
	char name[8], value[16];

	/* v0 = "end", vN = "${vN-1}": 40 levels is too deep. */
	set(&vs, "v0", "end");
	for (int i = 1; i <= 40; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		snprintf(value, sizeof(value), "${v%d}", i - 1);
		set(&vs, name, value);
	}
	expect_ok(&vs, "${v10}", "end");
	expect_err(&vs, "${v40}", "variables nest deeper than 16");
	vars_free(&vs);
}

static void test_runtime_deferred(void **state)
{
	struct vars vs = VARS_INIT;
	bool deferred = false;
	char *err = NULL, *got;

	vars_set(&vs, "captured", NULL, VAR_RUNTIME, "t.conf", 3);
	set(&vs, "a", "A");
	set(&vs, "msg", "got ${captured}");

	got = expand(&vs, "${a} ${captured} ${captured:re}", &deferred, &err);
	assert_non_null(got);
	assert_string_equal(got, "A ${captured} ${captured:re}");
	assert_true(deferred);
	free(got);

	/* Through another variable, too. */
	deferred = false;
	got = expand(&vs, "${msg}", &deferred, &err);
	assert_non_null(got);
	assert_string_equal(got, "got ${captured}");
	assert_true(deferred);
	free(got);

	/* Once set, it expands, and nothing is deferred. */
	vars_set(&vs, "captured", "1.2", VAR_RUNTIME, NULL, 0);
	expect_ok(&vs, "${msg} ${captured:re}", "got 1.2 1\\.2");
	vars_free(&vs);
}

static void test_copy(void **state)
{
	struct vars a = VARS_INIT, b = VARS_INIT;

	set(&a, "x", "1");
	vars_set(&a, "r", NULL, VAR_RUNTIME, NULL, 0);
	set(&b, "x", "old");
	set(&b, "y", "2");
	vars_copy(&b, &a);
	assert_int_equal(b.count, 3);
	assert_string_equal(vars_find(&b, "x")->value, "1");
	assert_string_equal(vars_find(&b, "y")->value, "2");
	assert_null(vars_find(&b, "r")->value);
	assert_int_equal(vars_find(&b, "r")->origin, VAR_RUNTIME);
	/* A deep copy: changing a leaves b alone. */
	set(&a, "x", "changed");
	assert_string_equal(vars_find(&b, "x")->value, "1");
	vars_free(&a);
	vars_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_set_replaces),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_regex_escape),
		cmocka_unit_test(test_re_modifier),
		cmocka_unit_test_setup_teardown(test_shell_quotes_data,
						tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test(test_shell_code_and_data),
		cmocka_unit_test(test_shell_refuses),
		cmocka_unit_test(test_data_is_literal),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_env_empty),
		cmocka_unit_test(test_dollars),
		cmocka_unit_test(test_lone_dollar),
		cmocka_unit_test(test_unclosed),
		cmocka_unit_test(test_unknown_variable),
		cmocka_unit_test(test_bad_reference),
		cmocka_unit_test(test_unknown_modifier),
		cmocka_unit_test(test_self_reference),
		cmocka_unit_test(test_cycle),
		cmocka_unit_test(test_same_variable_twice_is_no_cycle),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_runtime_deferred),
		cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
