/* test-publisher.c: finding how a project publishes to PyPI
 * (src/publisher.c): remote URLs, real workflow files in real git
 * repositories made in the test, and hostile ones. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "publisher.h"
#include "testutil.h"

struct url_case {
	const char *url;
	const char *kind;	/* NULL: not a forge repository */
	const char *repo;
};

static const struct url_case url_cases[] = {
	{ "https://github.com/octo/proj.git", "GitHub", "octo/proj" },
	{ "https://github.com/octo/proj", "GitHub", "octo/proj" },
	{ "https://github.com/octo/proj/", "GitHub", "octo/proj" },
	{ "git@github.com:octo/proj.git", "GitHub", "octo/proj" },
	{ "ssh://git@github.com/octo/proj.git", "GitHub", "octo/proj" },
	{ "ssh://git@github.com:22/octo/proj.git", "GitHub", "octo/proj" },
	{ "git://github.com/octo/proj.git", "GitHub", "octo/proj" },
	{ "https://GitHub.com/Octo/Proj.git", "GitHub", "Octo/Proj" },
	/* Credentials in the URL are never part of the answer. */
	{ "https://user:ghp_SECRET@github.com/octo/proj.git", "GitHub",
	  "octo/proj" },
	{ "https://gitlab.com/group/sub/proj.git", "GitLab", "group/sub/proj" },
	{ "git@gitlab.com:group/proj.git", "GitLab", "group/proj" },
	/* Not a forge repository, or not a plain path. */
	{ "https://github.com/octo", NULL, NULL },
	{ "https://github.com/octo/proj/extra", NULL, NULL },
	{ "https://example.org/octo/proj.git", NULL, NULL },
	{ "https://github.com.evil.example/octo/proj", NULL, NULL },
	{ "https://evil.example/github.com/octo/proj", NULL, NULL },
	{ "/srv/git/proj.git", NULL, NULL },
	{ "../origin.git", NULL, NULL },
	{ "https://github.com/octo/../proj", NULL, NULL },
	{ "https://github.com/octo/.hidden", NULL, NULL },
	{ "https://github.com/octo/pr oj", NULL, NULL },
	{ "https://github.com/octo/$(id)", NULL, NULL },
	{ "https://github.com//proj", NULL, NULL },
	{ "", NULL, NULL },
};

static void test_urls(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++) {
		const char *kind = "x";
		char *repo = publisher_repository_of_url(url_cases[i].url, &kind);

		if (url_cases[i].kind) {
			if (!repo || strcmp(repo, url_cases[i].repo) != 0 ||
			    !kind || strcmp(kind, url_cases[i].kind) != 0)
				fail_msg("%s: got %s (%s)", url_cases[i].url,
					 repo ? repo : "NULL",
					 kind ? kind : "NULL");
		} else if (repo || kind) {
			fail_msg("%s: got %s, want none", url_cases[i].url,
				 repo);
		}
		free(repo);
	}
}

/* A repository in a fresh folder with origin at url (NULL: none). */
static char *repo_with(const char *url)
{
	char *dir = tu_mkdtemp();

	assert_int_equal(tu_sh(dir, "git init -q ."), 0);
	if (url) {
		char *q = tu_shquote(url);
		assert_int_equal(tu_sh(dir, "git remote add origin %s", q), 0);
		free(q);
	}
	return dir;
}

static const char trusted_workflow[] =
	"name: Publish\n"
	"on:\n"
	"  push:\n"
	"    tags: ['v*']\n"
	"jobs:\n"
	"  build:\n"
	"    runs-on: ubuntu-latest\n"
	"    steps:\n"
	"      - uses: actions/checkout@v4\n"
	"      - run: python -m build\n"
	"  publish-to-testpypi:\n"
	"    needs: build\n"
	"    environment:\n"
	"      name: testpypi\n"
	"    permissions:\n"
	"      id-token: write\n"
	"    steps:\n"
	"      - uses: pypa/gh-action-pypi-publish@release/v1\n"
	"        with:\n"
	"          repository-url: https://test.pypi.org/legacy/\n"
	"  publish-to-pypi:\n"
	"    needs: build\n"
	"    environment:\n"
	"      name: pypi   # the PyPI project's environment\n"
	"      url: https://pypi.org/p/proj\n"
	"    permissions:\n"
	"      id-token: write  # for Trusted Publishing\n"
	"    steps:\n"
	"      - name: Publish\n"
	"        uses: pypa/gh-action-pypi-publish@release/v1\n";

static void test_github_trusted(void **state)
{
	char *dir = repo_with("git@github.com:octo/proj.git");
	struct publisher p;
	struct diag notes = { 0 };

	(void)state;
	free(tu_write(dir, ".github/workflows/ci.yml",
		      "jobs:\n  test:\n    steps:\n      - run: pytest\n"));
	free(tu_write(dir, ".github/workflows/release.yml", trusted_workflow));
	publisher_find(dir, &p, &notes);
	assert_non_null(p.kind);
	assert_string_equal(p.kind, "GitHub");
	assert_string_equal(p.workflow, "release.yml");
	assert_string_equal(p.repository, "octo/proj");
	/* The PyPI job's environment, not TestPyPI's. */
	assert_string_equal(p.environment, "pypi");
	assert_true(p.trusted);
	assert_int_equal(notes.count, 0);
	publisher_free(&p);
	diag_free(&notes);
	tu_rmtree(dir);
	free(dir);
}

static void test_github_token(void **state)
{
	char *dir = repo_with("https://github.com/octo/proj");
	struct publisher p;
	struct diag notes = { 0 };

	(void)state;
	free(tu_write(dir, ".github/workflows/pypi.yaml",
		      "jobs:\n"
		      "  publish:\n"
		      "    environment: release\n"
		      "    permissions:\n"
		      "      id-token: write\n"
		      "    steps:\n"
		      "      - uses: \"pypa/gh-action-pypi-publish@v1.12.4\"\n"
		      "        with:\n"
		      "          password: ${{ secrets.PYPI_API_TOKEN }}\n"));
	publisher_find(dir, &p, &notes);
	assert_string_equal(p.kind, "GitHub");
	assert_string_equal(p.workflow, "pypi.yaml");
	assert_string_equal(p.environment, "release");
	assert_false(p.trusted);
	publisher_free(&p);
	diag_free(&notes);
	tu_rmtree(dir);
	free(dir);
}

/* id-token: write at the top of the workflow counts; no environment. */
static void test_github_top_permissions(void **state)
{
	char *dir = repo_with("https://github.com/octo/proj.git");
	struct publisher p;
	struct diag notes = { 0 };

	(void)state;
	free(tu_write(dir, ".github/workflows/p.yml",
		      "permissions:\n  id-token: write\n"
		      "jobs:\n  pub:\n    steps:\n"
		      "    - uses: pypa/gh-action-pypi-publish@release/v1\n"));
	publisher_find(dir, &p, &notes);
	assert_string_equal(p.kind, "GitHub");
	assert_true(p.trusted);
	assert_null(p.environment);
	publisher_free(&p);
	diag_free(&notes);
	tu_rmtree(dir);
	free(dir);
}

/* Without id-token: write, Trusted Publishing cannot work. */
static void test_github_no_id_token(void **state)
{
	char *dir = repo_with("https://github.com/octo/proj.git");
	struct publisher p;
	struct diag notes = { 0 };

	(void)state;
	free(tu_write(dir, ".github/workflows/p.yml",
		      "jobs:\n  pub:\n    steps:\n"
		      "    - uses: pypa/gh-action-pypi-publish@release/v1\n"));
	publisher_find(dir, &p, &notes);
	assert_string_equal(p.kind, "GitHub");
	assert_false(p.trusted);
	publisher_free(&p);
	diag_free(&notes);
	tu_rmtree(dir);
	free(dir);
}

/* Hostile: a workflows folder that is a link, a workflow that is a link,
 * an environment that is no plain name, a remote elsewhere. */
static void test_hostile(void **state)
{
	char *dir = repo_with("https://example.org/octo/proj.git");
	char *outside = tu_mkdtemp();
	struct publisher p;
	struct diag notes = { 0 };

	(void)state;
	free(tu_write(outside, "workflows/release.yml", trusted_workflow));
	tu_mkdir(dir, ".github");
	assert_int_equal(tu_sh(dir, "ln -s %s/workflows .github/workflows",
			       outside), 0);
	publisher_find(dir, &p, &notes);
	assert_null(p.kind);
	publisher_free(&p);

	assert_int_equal(tu_sh(dir, "rm .github/workflows && mkdir "
			       ".github/workflows && ln -s %s/workflows/"
			       "release.yml .github/workflows/release.yml",
			       outside), 0);
	publisher_find(dir, &p, &notes);
	assert_null(p.kind);
	publisher_free(&p);

	assert_int_equal(tu_sh(dir, "rm .github/workflows/release.yml"), 0);
	free(tu_write(dir, ".github/workflows/release.yml",
		      "jobs:\n  pub:\n"
		      "    environment: ${{ github.ref_name }}\n"
		      "    permissions:\n      id-token: write\n"
		      "    steps:\n"
		      "      - uses: pypa/gh-action-pypi-publish@release/v1\n"));
	publisher_find(dir, &p, &notes);
	assert_string_equal(p.kind, "GitHub");
	assert_null(p.environment);
	/* The remote is no GitHub repository: not guessed, said. */
	assert_null(p.repository);
	assert_int_equal(notes.count, 2);
	publisher_free(&p);
	diag_free(&notes);
	tu_rmtree(outside);
	tu_rmtree(dir);
	free(outside);
	free(dir);
}

static void test_gitlab(void **state)
{
	char *dir = repo_with("https://gitlab.com/group/sub/proj.git");
	struct publisher p;
	struct diag notes = { 0 };

	(void)state;
	free(tu_write(dir, ".gitlab-ci.yml",
		      "publish:\n"
		      "  stage: deploy\n"
		      "  environment: pypi\n"
		      "  id_tokens:\n"
		      "    PYPI_ID_TOKEN:\n"
		      "      aud: pypi\n"
		      "  script:\n"
		      "    - python -m twine upload dist/*\n"));
	publisher_find(dir, &p, &notes);
	assert_string_equal(p.kind, "GitLab");
	assert_string_equal(p.workflow, ".gitlab-ci.yml");
	assert_string_equal(p.repository, "group/sub/proj");
	assert_string_equal(p.environment, "pypi");
	assert_true(p.trusted);
	publisher_free(&p);
	diag_free(&notes);
	tu_rmtree(dir);
	free(dir);
}

static void test_none(void **state)
{
	char *dir = repo_with(NULL);
	struct publisher p;
	struct diag notes = { 0 };
	struct vars v = VARS_INIT;

	(void)state;
	publisher_find(dir, &p, &notes);
	assert_null(p.kind);
	assert_int_equal(notes.count, 0);
	publisher_free(&p);
	publisher_detect(dir, &v, &notes);
	assert_null(vars_find(&v, "trusted_publishing"));
	vars_free(&v);
	diag_free(&notes);
	tu_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_github_trusted),
		cmocka_unit_test(test_github_token),
		cmocka_unit_test(test_github_top_permissions),
		cmocka_unit_test(test_github_no_id_token),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_gitlab),
		cmocka_unit_test(test_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
