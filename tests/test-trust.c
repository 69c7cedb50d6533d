/* test-trust.c: the trust boundary in the engine (src/trust.c, check.c).
 *
 * Whatever the front end decides, a check made from a checklist that was
 * not granted a capability does not use it: check_run refuses it, files
 * are read only inside the repository, ${env:...} is not read.  These
 * tests call the engine directly, as a new front end would.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "checklist.h"
#include "loader.h"
#include "testutil.h"
#include "checktype.h"
#include "trust.h"

#define HEAD "name = \"t\";\nphases = ( { id = \"p\"; title = \"P\"; items = (\n"
#define TAIL "\n); } );\n"

static struct checklist *load(const char *dir, const char *items)
{
	char *text = xasprintf("%s%s%s", HEAD, items, TAIL);
	char *file = tu_write(dir, "repo/c.conf", text);
	char *root = tu_path(dir, "repo");
	struct load_options opt = { .file = file, .root = root };
	struct checklist *cl = NULL;
	char *got = tu_load(&opt, &cl);

	if (*got || !cl)
		fail_msg("did not load:\n%s", got);
	free(got);
	free(root);
	free(file);
	free(text);
	return cl;
}

/* Runs item id's check with cl's grants; res is the caller's. */
static void run_item(struct checklist *cl, const char *dir, const char *id,
		     struct check_result *res)
{
	struct item *it = checklist_item(cl, id);
	char *root = tu_path(dir, "repo"), *err = NULL;
	struct check_job *job;

	assert_non_null(it);
	job = check_job_new(it, &cl->vars, root, dir, &err);
	if (!job)
		fail_msg("%s: no job: %s", id, err);
	check_run(job, res);
	check_job_free(job);
	free(root);
}

static void expect_refused(struct checklist *cl, const char *dir,
			   const char *id, const char *what)
{
	struct check_result res;

	run_item(cl, dir, id, &res);
	assert_int_equal(res.status, CHECK_ERROR);
	if (!strstr(res.reason, "not run") || !strstr(res.reason, what))
		fail_msg("%s: reason \"%s\", want \"not run\" and \"%s\"", id,
			 res.reason, what);
	assert_non_null(check_result_get(&res, "refused"));
	check_result_free(&res);
}

/* Nothing listens on port 9: a check that did try would say so, not
 * "not run". */
static void test_gate(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl = load(fx->dir,
		"{ id = \"h\"; title = \"h\"; check = { type = \"http\"; "
		"url = \"http://127.0.0.1:9/x\"; }; },\n"
		"{ id = \"y\"; title = \"y\"; check = { type = \"pypi\"; "
		"index = \"http://127.0.0.1:9\"; project = \"x\"; "
		"version = \"1\"; }; },\n"
		"{ id = \"t\"; title = \"t\"; check = { type = \"git-tag\"; "
		"name = \"v1\"; remote = \"http://127.0.0.1:9/r.git\"; }; },\n"
		"{ id = \"b\"; title = \"b\"; check = { type = \"git-branch\"; "
		"remote = \"origin\"; }; },\n"
		"{ id = \"c\"; title = \"c\"; check = { type = \"command\"; "
		"run = \"touch pwned\"; }; }");

	assert_int_equal(cl->vars.grants, 0);
	expect_refused(cl, fx->dir, "p.h", "contacts the network");
	expect_refused(cl, fx->dir, "p.y", "contacts the network");
	expect_refused(cl, fx->dir, "p.t", "contacts the network");
	expect_refused(cl, fx->dir, "p.b", "contacts the network");
	expect_refused(cl, fx->dir, "p.c", "runs shell commands");
	{
		char *m = tu_path(fx->dir, "repo/pwned");
		assert_false(path_is_file(m));
		free(m);
	}
	/* Granted, the same check runs (and finds nobody listening). */
	cl->vars.grants = CAP_ALL;
	{
		struct check_result res;
		run_item(cl, fx->dir, "p.h", &res);
		assert_null(strstr(res.reason, "not run"));
		assert_null(check_result_get(&res, "refused"));
		check_result_free(&res);
	}
	checklist_free(cl);
}

/* What the checklist says it would do, before anything runs. */
static void test_needs(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl = load(fx->dir,
		"{ id = \"home\"; title = \"h\"; check = { type = \"file\"; "
		"path = \"~/.pypirc\"; }; },\n"
		"{ id = \"abs\"; title = \"a\"; check = { type = \"regex\"; "
		"path = \"/etc/passwd\"; pattern = \"x\"; }; },\n"
		"{ id = \"up\"; title = \"u\"; check = { type = \"regex\"; "
		"path = \"docs/../../x\"; pattern = \"x\"; }; },\n"
		"{ id = \"git\"; title = \"g\"; check = { type = \"regex\"; "
		"path = \".git/config\"; pattern = \"x\"; }; },\n"
		"{ id = \"gitish\"; title = \"g\"; check = { type = \"regex\"; "
		"path = \".github/x.yml\"; pattern = \"x\"; }; },\n"
		"{ id = \"dots\"; title = \"d\"; check = { type = \"regex\"; "
		"path = \"a..b/..c\"; pattern = \"x\"; }; },\n"
		"{ id = \"env\"; title = \"${env:HOME}\"; },\n"
		"{ id = \"step\"; title = \"s\"; commands = [ \"true\" ]; },\n"
		"{ id = \"tag\"; title = \"t\"; check = { type = \"git-tag\"; "
		"name = \"v1\"; }; },\n"
		"{ id = \"rtag\"; title = \"t\"; check = { type = \"git-tag\"; "
		"name = \"v1\"; remote = \"origin\"; }; }");
	struct buf why = BUF_INIT;
	unsigned all;

	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.home")),
			 CAP_READ);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.abs")),
			 CAP_READ);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.up")),
			 CAP_READ);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.git")),
			 CAP_READ);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl,
							      "p.gitish")), 0);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.dots")),
			 0);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.tag")),
			 0);
	assert_int_equal(trust_check_needs(cl, checklist_item(cl, "p.rtag")),
			 CAP_NET);
	all = trust_needs(cl, &why);
	assert_int_equal(all, CAP_READ | CAP_ENV | CAP_EXEC | CAP_NET);
	assert_non_null(strstr(why.data, "  p.env: reads the environment\n"));
	assert_non_null(strstr(why.data, "  p.step: runs shell commands\n"));
	assert_non_null(strstr(why.data, "  p.rtag: contacts the network\n"));
	assert_null(strstr(why.data, "p.tag:"));
	assert_false(trust_granted(cl, CAP_NET));
	assert_true(trust_granted(cl, 0));
	cl->vars.grants = CAP_NET;
	assert_true(trust_granted(cl, CAP_NET));
	assert_false(trust_granted(cl, CAP_NET | CAP_EXEC));
	buf_free(&why);
	checklist_free(cl);
}

static void link_to(const char *dir, const char *target, const char *rel)
{
	char *from = tu_path(dir, rel);

	assert_int_equal(symlink(target, from), 0);
	free(from);
}

/* Files: inside the repository's files only, whatever links say. */
static void test_reads(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	char *secret;

	free(tu_write(fx->dir, "secret.txt", "password = hunter2\n"));
	/* A folder beside the repository whose name starts like it. */
	free(tu_write(fx->dir, "repo-evil/secret.txt", "password = x\n"));
	free(tu_write(fx->dir, "repo/ok.txt", "password = fine\n"));
	free(tu_write(fx->dir, "repo/.git/config", "password = cred\n"));
	secret = tu_path(fx->dir, "secret.txt");
	link_to(fx->dir, secret, "repo/out.txt");
	free(secret);
	secret = tu_path(fx->dir, "repo-evil/secret.txt");
	link_to(fx->dir, secret, "repo/sibling.txt");
	free(secret);
	link_to(fx->dir, ".git/config", "repo/cfg.txt");
	cl = load(fx->dir,
		"{ id = \"out\"; title = \"o\"; check = { type = \"regex\"; "
		"path = \"out.txt\"; pattern = \"password\"; }; },\n"
		"{ id = \"sib\"; title = \"s\"; check = { type = \"regex\"; "
		"path = \"sibling.txt\"; pattern = \"password\"; }; },\n"
		"{ id = \"cfg\"; title = \"c\"; check = { type = \"regex\"; "
		"path = \"cfg.txt\"; pattern = \"password\"; }; },\n"
		"{ id = \"fout\"; title = \"f\"; check = { type = \"file\"; "
		"path = \"*.txt\"; }; },\n"
		"{ id = \"ok\"; title = \"k\"; check = { type = \"regex\"; "
		"path = \"ok.txt\"; pattern = \"password\"; }; }");
	expect_refused(cl, fx->dir, "p.out", "outside the repository");
	expect_refused(cl, fx->dir, "p.sib", "outside the repository");
	expect_refused(cl, fx->dir, "p.cfg", "outside the repository");
	expect_refused(cl, fx->dir, "p.fout", "outside the repository");
	{
		struct check_result res;
		run_item(cl, fx->dir, "p.ok", &res);
		assert_int_equal(res.status, CHECK_PASS);
		check_result_free(&res);
	}
	/* Trusted, it reads where it was trusted to. */
	cl->vars.grants = CAP_ALL;
	{
		struct check_result res;
		run_item(cl, fx->dir, "p.out", &res);
		assert_int_equal(res.status, CHECK_PASS);
		check_result_free(&res);
	}
	checklist_free(cl);
}

/* ---- a new check type, declared by its row alone ---- */

static int new_type_runs;

/* What a new type's run would do: anything.  Counted, so that a run the
 * trust check should have refused is seen. */
static void new_type_run(struct check_job *job, struct check_result *res)
{
	(void)job;
	new_type_runs++;
	check_result_set(res, CHECK_PASS, "ran");
}

static const struct field_spec new_type_fields[] = {
	{ .name = "arg", .kind = FIELD_STRING },
	/* Unset, it reads a file outside the repository. */
	{ .name = "path", .kind = FIELD_STRING, .path = true,
	  .fallback = "../outside.txt" },
	{ .name = NULL }
};

/* Gives item id of cl the type t (a spec of its own, values unset);
 * undone by new_type_undo before the checklist is freed. */
struct swap {
	struct item *it;
	struct check_spec *was;
	struct check_spec spec;
	struct check_value values[3];
};

static void new_type_use(struct swap *sw, struct checklist *cl,
			 const char *id, const struct check_type *t)
{
	memset(sw, 0, sizeof(*sw));
	sw->it = checklist_item(cl, id);
	assert_non_null(sw->it);
	sw->was = sw->it->check;
	sw->spec.type = t;
	sw->spec.values = sw->values;
	sw->values[1].set = true;	/* path set: no fallback read */
	sw->values[1].s = (char *)"inside.txt";
	sw->it->check = &sw->spec;
}

static void new_type_undo(struct swap *sw)
{
	sw->it->check = sw->was;
}

/* A type that is not in the table, flagged in its row as running
 * commands (or contacting the network), is asked for trust like the
 * command type: listed by trust_needs, refused by check_run until
 * granted.  Its name says nothing ("new"): only the row decides. */
static void test_new_type(void **state)
{
	static const struct {
		unsigned needs;
		const char *said;
	} rows[] = {
		{ CAP_EXEC, "runs shell commands" },
		{ CAP_NET, "contacts the network" },
		{ CAP_EXEC | CAP_NET, "runs shell commands and contacts the "
				      "network" },
	};
	struct tu_fixture *fx = *state;

	for (size_t k = 0; k < sizeof(rows) / sizeof(*rows); k++) {
		const struct check_type t = {
			.name = "new", .summary = "a new type",
			.fields = new_type_fields, .needs = rows[k].needs,
			.run = new_type_run,
		};
		struct checklist *cl = load(fx->dir, "{ id = \"n\"; title = "
					    "\"n\"; check = { type = \"file\"; "
					    "path = \"x\"; }; }");
		struct buf why = BUF_INIT;
		char *want = xasprintf("  p.n: %s\n", rows[k].said);
		struct swap sw;
		struct check_result res;

		new_type_use(&sw, cl, "p.n", &t);
		assert_int_equal(check_type_runs_commands(&t),
				 (rows[k].needs & CAP_EXEC) != 0);
		assert_int_equal(check_type_uses_network(&t),
				 (rows[k].needs & CAP_NET) != 0);
		assert_int_equal(trust_check_needs(cl, sw.it), rows[k].needs);
		assert_int_equal(trust_needs(cl, &why), rows[k].needs);
		if (!strstr(why.data, want))
			fail_msg("trust_needs said \"%s\", want \"%s\"", why.data,
				 want);
		assert_false(trust_granted(cl, trust_check_needs(cl, sw.it)));
		new_type_runs = 0;
		expect_refused(cl, fx->dir, "p.n", rows[k].said);
		assert_int_equal(new_type_runs, 0);
		/* Granted, it runs. */
		cl->vars.grants = rows[k].needs;
		run_item(cl, fx->dir, "p.n", &res);
		assert_int_equal(res.status, CHECK_PASS);
		assert_int_equal(new_type_runs, 1);
		check_result_free(&res);
		new_type_undo(&sw);
		buf_free(&why);
		free(want);
		checklist_free(cl);
	}
}

/* A row without the flags is not asked (the test above is about the
 * flags, not about the type being new); a path field's fallback is
 * read as if written: outside the repository, it needs trust. */
static void test_new_type_plain(void **state)
{
	const struct check_type t = {
		.name = "new", .summary = "a new type",
		.fields = new_type_fields, .run = new_type_run,
	};
	struct tu_fixture *fx = *state;
	struct checklist *cl = load(fx->dir, "{ id = \"n\"; title = \"n\"; "
				    "check = { type = \"file\"; path = \"x\"; "
				    "}; }");
	struct swap sw;
	struct check_result res;

	new_type_use(&sw, cl, "p.n", &t);
	assert_false(check_type_runs_commands(&t));
	assert_false(check_type_uses_network(&t));
	assert_int_equal(trust_check_needs(cl, sw.it), 0);
	new_type_runs = 0;
	run_item(cl, fx->dir, "p.n", &res);
	assert_int_equal(res.status, CHECK_PASS);
	assert_int_equal(new_type_runs, 1);
	check_result_free(&res);
	sw.values[1].set = false;	/* the fallback: ../outside.txt */
	sw.values[1].s = NULL;
	assert_int_equal(trust_check_needs(cl, sw.it), CAP_READ);
	new_type_undo(&sw);
	/* The table's rows say it of the shipped types. */
	assert_true(check_type_runs_commands(check_type_find("command")));
	assert_true(check_type_uses_network(check_type_find("pypi")));
	assert_true(check_type_uses_network(check_type_find("http")));
	assert_false(check_type_runs_commands(check_type_find("file")));
	assert_false(check_type_uses_network(check_type_find("git-tag")));
	checklist_free(cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gate, tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_needs, tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_reads, tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_new_type, tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_new_type_plain,
						tu_setup_tmpdir,
						tu_teardown_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
