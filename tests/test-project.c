/* test-project.c: repository discovery and Python project detection
 * (src/project.c), on real folders and git repositories made in the
 * test. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "project.h"
#include "testutil.h"

/* ---- project_normalise: one test per row ---- */

struct norm_case {
	const char *in;
	const char *want;
};

static const struct norm_case norm_cases[] = {
	{ "Octavia_LoxiLB.Driver", "octavia-loxilb-driver" },
	{ "octavia-loxilb-driver", "octavia-loxilb-driver" },
	/* PEP 503's own examples: all the same project. */
	{ "friendly-bard", "friendly-bard" },
	{ "Friendly-Bard", "friendly-bard" },
	{ "FRIENDLY-BARD", "friendly-bard" },
	{ "friendly.bard", "friendly-bard" },
	{ "friendly_bard", "friendly-bard" },
	{ "friendly--bard", "friendly-bard" },
	{ "FrIeNdLy-._.-bArD", "friendly-bard" },
	/* Runs of -_. anywhere become one -. */
	{ "a__b..c--d", "a-b-c-d" },
	{ "a._-b", "a-b" },
	{ "zope.interface", "zope-interface" },
	{ "Django", "django" },
	{ "pkg2", "pkg2" },
	{ "x", "x" },
	{ "", "" },
};

static void test_normalise(void **state)
{
	const struct norm_case *c = *state;
	char *got = project_normalise(c->in);

	assert_non_null(got);
	assert_string_equal(got, c->want);
	/* Normalising is idempotent. */
	{
		char *again = project_normalise(got);
		assert_string_equal(again, got);
		free(again);
	}
	free(got);
}

/* ---- project_root ---- */

/* These tests need git itself, to make repositories as users do. */
static void need_git(void)
{
	if (tu_sh(NULL, "git --version") != 0)
		fail_msg("git is not installed (apt-get install git)");
}

static void git_init(const char *dir, const char *rel, const char *options)
{
	char *path = tu_path(dir, rel);

	tu_mkdir(dir, rel);
	if (tu_sh(path, "git init -q %s", options) != 0)
		fail_msg("git init in %s failed", path);
	free(path);
}

static void test_root_from_nested_folder(void **state)
{
	struct tu_fixture *fx = *state;
	char *repo = tu_path(fx->dir, "repo");
	char *deep = tu_path(fx->dir, "repo/a/b/c");
	char *root = NULL;

	need_git();
	git_init(fx->dir, "repo", "");
	tu_mkdir(fx->dir, "repo/a/b/c");

	assert_int_equal(project_root(deep, &root), 0);
	assert_string_equal(root, repo);
	free(root);

	/* The top itself, and with a trailing slash. */
	assert_int_equal(project_root(repo, &root), 0);
	assert_string_equal(root, repo);
	free(root);
	{
		char *slash = xasprintf("%s/a/", repo);
		assert_int_equal(project_root(slash, &root), 0);
		assert_string_equal(root, repo);
		free(root);
		free(slash);
	}
	free(deep);
	free(repo);
}

/* An inner repository is its own project, not the outer one's. */
static void test_root_nested_repository(void **state)
{
	struct tu_fixture *fx = *state;
	char *inner = tu_path(fx->dir, "outer/vendor/inner");
	char *outer = tu_path(fx->dir, "outer");
	char *start = tu_path(fx->dir, "outer/vendor/inner/src");
	char *mid = tu_path(fx->dir, "outer/vendor");
	char *root = NULL;

	need_git();
	git_init(fx->dir, "outer", "");
	git_init(fx->dir, "outer/vendor/inner", "");
	tu_mkdir(fx->dir, "outer/vendor/inner/src");

	assert_int_equal(project_root(start, &root), 0);
	assert_string_equal(root, inner);
	free(root);
	assert_int_equal(project_root(mid, &root), 0);
	assert_string_equal(root, outer);
	free(root);

	free(mid);
	free(start);
	free(outer);
	free(inner);
}

/* Whether dir is inside some git work tree (the machine's own layout,
 * e.g. a $TMPDIR inside a repository). */
static bool in_some_repo(const char *dir)
{
	return tu_sh(dir, "git rev-parse --git-dir") == 0;
}

static void test_root_outside_repository(void **state)
{
	struct tu_fixture *fx = *state;
	char *plain = tu_path(fx->dir, "plain/sub");
	char *root = NULL;

	tu_mkdir(fx->dir, "plain/sub");
	if (in_some_repo(plain)) {
		free(plain);
		TU_SKIP("%s is inside a git repository", fx->dir);
	}
	assert_int_equal(project_root(plain, &root), -1);
	/* The start folder, made absolute. */
	assert_string_equal(root, plain);
	free(root);
	free(plain);
}

/* A relative start is made absolute; the current folder is put back. */
static void test_root_relative_start(void **state)
{
	struct tu_fixture *fx = *state;
	char cwd[PATH_MAX], *plain = tu_path(fx->dir, "plain/x");
	char *repo = tu_path(fx->dir, "repo");
	int rc_plain, rc_repo;
	char *root_plain, *root_repo;

	need_git();
	tu_mkdir(fx->dir, "plain/x");
	git_init(fx->dir, "repo", "");
	tu_mkdir(fx->dir, "repo/y");
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fx->dir), 0);
	rc_plain = project_root("plain/x", &root_plain);
	rc_repo = project_root("repo/y", &root_repo);
	assert_int_equal(chdir(cwd), 0);

	if (!in_some_repo(plain)) {
		assert_int_equal(rc_plain, -1);
		assert_string_equal(root_plain, plain);
	}
	assert_int_equal(rc_repo, 0);
	assert_string_equal(root_repo, repo);
	free(root_plain);
	free(root_repo);
	free(repo);
	free(plain);
}

/* A bare repository has no work tree: no project root. */
static void test_root_bare_repository(void **state)
{
	struct tu_fixture *fx = *state;
	char *bare = tu_path(fx->dir, "bare.git");
	char *root = NULL;

	need_git();
	git_init(fx->dir, "bare.git", "--bare");
	if (in_some_repo(fx->dir)) {
		free(bare);
		TU_SKIP("%s is inside a git repository", fx->dir);
	}
	assert_int_equal(project_root(bare, &root), -1);
	assert_string_equal(root, bare);
	free(root);
	free(bare);
}

/* ---- project_config ---- */

static void test_config_none(void **state)
{
	struct tu_fixture *fx = *state;

	assert_null(project_config(fx->dir));
	/* A folder of that name is no checklist. */
	tu_mkdir(fx->dir, "relcheck.conf");
	assert_null(project_config(fx->dir));
	/* Nor are near misses. */
	free(tu_write(fx->dir, "relcheck.config", "x"));
	free(tu_write(fx->dir, "sub/relcheck.conf", "x"));
	assert_null(project_config(fx->dir));
}

static void test_config_plain(void **state)
{
	struct tu_fixture *fx = *state;
	char *want = tu_write(fx->dir, "relcheck.conf", "");
	char *got = project_config(fx->dir);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void test_config_hidden(void **state)
{
	struct tu_fixture *fx = *state;
	char *want = tu_write(fx->dir, ".relcheck.conf", "");
	char *got = project_config(fx->dir);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void test_config_both(void **state)
{
	struct tu_fixture *fx = *state;
	char *hidden = tu_write(fx->dir, ".relcheck.conf", "");
	char *want = tu_write(fx->dir, "relcheck.conf", "");
	char *got = project_config(fx->dir);

	/* The visible one wins. */
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(hidden);
}

/* ---- project_detect ---- */

/* Runs project_detect on fx->dir; returns the notes joined by "\n".
 * The changelog's discovery is tested in discover-layouts.test: here
 * every project has one, so that its note is none of these. */
static char *detect(const struct tu_fixture *fx, struct vars *out)
{
	struct diag notes = DIAG_INIT;
	struct buf b = BUF_INIT;
	const struct var *cl;

	free(tu_write(fx->dir, "CHANGELOG.md", "## 1.0.0\n"));
	project_detect(fx->dir, false, out, &notes);
	cl = vars_find(out, "changelog");
	assert_non_null(cl);
	assert_string_equal(cl->value, "CHANGELOG.md");
	buf_init(&b);
	for (size_t i = 0; i < notes.count; i++) {
		char *s = diag_format(&notes, i);
		assert_null(notes.entries[i].file);
		assert_int_equal(notes.entries[i].line, 0);
		buf_addf(&b, "%s%s", i ? "\n" : "", s);
		free(s);
	}
	diag_free(&notes);
	return buf_detach(&b);
}

/* What detection set but the changelog's two variables. */
static size_t counted(const struct vars *vs)
{
	size_t n = 0;

	for (size_t i = 0; i < vs->count; i++)
		if (!str_starts_with(vs->v[i].name, "changelog"))
			n++;
	return n;
}

/* Asserts that vs has name = want (NULL: that it has no name). */
static void expect_var(const struct vars *vs, const char *name,
		       const char *want)
{
	const struct var *v = vars_find(vs, name);

	if (!want) {
		/* Not found: absent, or unknown (no value), never a guess. */
		if (v && v->value)
			fail_msg("%s should not be set, is \"%s\"", name,
				 v->value);
		return;
	}
	if (!v)
		fail_msg("%s is not set (want \"%s\")", name, want);
	assert_non_null(v->value);
	assert_string_equal(v->value, want);
	assert_int_equal(v->origin, VAR_DETECTED);
}

#define NOTE_PACKAGE \
	"could not find the package name (pyproject.toml [project] name, " \
	"setup.cfg [metadata] name, setup.py name=): use --set " \
	"package=NAME, or put package = \"NAME\"; in relcheck.conf's vars"
#define NOTE_MODULE \
	"could not find the package folder (the module, at the top or " \
	"under src/): use --set module=NAME, or put module = \"NAME\"; in " \
	"relcheck.conf's vars"
#define NOTE_VERSION \
	"could not find where the version is (pyproject.toml [project] " \
	"version, the build backend's version source, or __version__ in " \
	"the package): use --set version_file=PATH, or put version_file = " \
	"\"PATH\"; in relcheck.conf's vars"

static const char pyproject[] =
	"[build-system]\n"
	"requires = [\"setuptools>=61\"]\n"
	"name = \"not-this-one\"\n"
	"\n"
	"[project]\n"
	"name = \"octavia-loxilb-driver\"\n"
	"version = \"1.0.0\"\n"
	"description = \"x = y\"\n"
	"\n"
	"[project.scripts]\n"
	"octavia-loxilb-health-check = \"octavia_loxilb_driver.cmd:main\"\n"
	"other-tool = \"octavia_loxilb_driver.other:main\"\n"
	"\n"
	"[tool.setuptools]\n"
	"name = \"nor-this\"\n";

static void test_detect_pyproject(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *file = tu_write(fx->dir, "pyproject.toml", pyproject);
	char *notes;

	free(tu_write(fx->dir, "octavia_loxilb_driver/version.py",
		      "__version__ = \"1.0.0\"\n"));
	free(tu_write(fx->dir, "octavia_loxilb_driver/__init__.py", ""));
	notes = detect(fx, &vs);
	assert_string_equal(notes, "");
	expect_var(&vs, "package", "octavia-loxilb-driver");
	/* Where it came from, for the operator. */
	assert_string_equal(vars_find(&vs, "package")->file, file);
	expect_var(&vs, "module", "octavia_loxilb_driver");
	/* [project] version is static: it is the version's source. */
	expect_var(&vs, "version_file", "pyproject.toml");
	expect_var(&vs, "version_source", "pyproject.toml [project] version");
	expect_var(&vs, "entry_point", "octavia-loxilb-health-check");
	assert_int_equal(counted(&vs), 6);
	free(notes);
	free(file);
	vars_free(&vs);
}

/* Quoting, spacing and comments as TOML writes them. */
static void test_detect_pyproject_syntax(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml",
		      "# a comment [project]\n"
		      "  [project]  \n"
		      "   name='My.Tool'   # the name\n"
		      "[project.scripts]\n"
		      "\"my-tool\" = 'my_tool.cli:main'\n"));
	free(tu_write(fx->dir, "my_tool/__init__.py",
		      "\"\"\"My tool.\"\"\"\n__version__ = '0.1'\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, "");
	expect_var(&vs, "package", "My.Tool");
	expect_var(&vs, "module", "my_tool");
	expect_var(&vs, "version_file", "my_tool/__init__.py");
	expect_var(&vs, "entry_point", "my-tool");
	free(notes);
	vars_free(&vs);
}

static void test_detect_setup_cfg(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *file = tu_write(fx->dir, "setup.cfg",
			      "[options]\n"
			      "name = wrong\n"
			      "[metadata]\n"
			      "name = legacy-pkg\n"
			      "version = attr: legacy_pkg.__version__\n");
	char *notes;

	/* A pyproject.toml without [project] (build settings only). */
	free(tu_write(fx->dir, "pyproject.toml",
		      "[build-system]\nrequires = [\"setuptools\"]\n"));
	free(tu_write(fx->dir, "legacy_pkg/version.py",
		      "__version__ = '2.0'\n"));
	free(tu_write(fx->dir, "legacy_pkg/__init__.py",
		      "from .version import __version__\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, "");
	expect_var(&vs, "package", "legacy-pkg");
	assert_string_equal(vars_find(&vs, "package")->file, file);
	expect_var(&vs, "module", "legacy_pkg");
	expect_var(&vs, "version_file", "legacy_pkg/version.py");
	expect_var(&vs, "entry_point", NULL);
	free(notes);
	free(file);
	vars_free(&vs);
}

/* pyproject.toml's [project] name comes before setup.cfg's. */
static void test_detect_pyproject_before_setup_cfg(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "setup.cfg", "[metadata]\nname = old-name\n"));
	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\nname = \"new\"\n"));
	free(tu_write(fx->dir, "new/version.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	expect_var(&vs, "package", "new");
	expect_var(&vs, "module", "new");
	free(notes);
	vars_free(&vs);
}

/* version.py is preferred to __init__.py in the same folder. */
static void test_detect_version_py_first(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\nname = \"a-b\"\n"));
	free(tu_write(fx->dir, "a_b/__init__.py", "__version__ = '1'\n"));
	free(tu_write(fx->dir, "a_b/version.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, "");
	expect_var(&vs, "version_file", "a_b/version.py");
	free(notes);
	vars_free(&vs);
}

/* An __init__.py without __version__ does not make a package folder. */
static void test_detect_init_without_version(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml", "[project]\nname = \"a\"\n"));
	free(tu_write(fx->dir, "a/__init__.py", "VERSION = '1'\n"));
	notes = detect(fx, &vs);
	/* The package folder is the module, version or not. */
	assert_string_equal(notes, NOTE_VERSION);
	expect_var(&vs, "package", "a");
	expect_var(&vs, "module", "a");
	expect_var(&vs, "version_file", NULL);
	free(notes);
	vars_free(&vs);
}

static void test_detect_src_layout(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\nname = \"Octavia_LoxiLB.Driver\"\n"));
	free(tu_write(fx->dir, "src/Octavia_LoxiLB_Driver/__init__.py",
		      "from .version import __version__\n"));
	free(tu_write(fx->dir, "tests/__init__.py", "__version__ = 'no'\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, "");
	expect_var(&vs, "module", "Octavia_LoxiLB_Driver");
	expect_var(&vs, "version_file",
		   "src/Octavia_LoxiLB_Driver/__init__.py");
	free(notes);
	vars_free(&vs);
}

/* With no folder named after the package, the first folder (in name
 * order) that has a version is the module; tests/, docs/ ... are not. */
static void test_detect_other_folder(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "setup.cfg", "[metadata]\nname = dist-name\n"));
	free(tu_write(fx->dir, "docs/version.py", "__version__ = '1'\n"));
	free(tu_write(fx->dir, "tests/version.py", "__version__ = '1'\n"));
	free(tu_write(fx->dir, "zzz/version.py", "__version__ = '1'\n"));
	free(tu_write(fx->dir, "importname/__init__.py",
		      "__version__ = '1'\n"));
	free(tu_write(fx->dir, "helpers/__init__.py", "\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, "");
	expect_var(&vs, "package", "dist-name");
	expect_var(&vs, "module", "importname");
	expect_var(&vs, "version_file", "importname/__init__.py");
	free(notes);
	vars_free(&vs);
}

/* A module found without any package name: one note, not two. */
static void test_detect_module_without_name(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "src/tool/version.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, NOTE_PACKAGE);
	expect_var(&vs, "package", NULL);
	expect_var(&vs, "module", "tool");
	expect_var(&vs, "version_file", "src/tool/version.py");
	free(notes);
	vars_free(&vs);
}

static void test_detect_nothing(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "README.md", "# hello\n"));
	free(tu_write(fx->dir, "docs/__init__.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, NOTE_PACKAGE "\n" NOTE_MODULE "\n"
			    NOTE_VERSION);
	/* package, module and version_file: unknown, not guessed. */
	assert_int_equal(counted(&vs), 3);
	assert_null(vars_find(&vs, "package")->value);
	assert_null(vars_find(&vs, "module")->value);
	assert_null(vars_find(&vs, "version_file")->value);
	free(notes);
	vars_free(&vs);
}

/* A pyproject.toml whose [project] has no name, and no scripts table. */
static void test_detect_pyproject_without_name(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\ndynamic = [\"version\"]\n"
		      "[tool.x]\nname = \"no\"\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, NOTE_PACKAGE "\n" NOTE_MODULE "\n"
			    NOTE_VERSION);
	/* package, module and version_file: unknown, not guessed; no
	 * scripts table: no entry point either. */
	assert_int_equal(counted(&vs), 4);
	assert_null(vars_find(&vs, "package")->value);
	assert_null(vars_find(&vs, "module")->value);
	assert_null(vars_find(&vs, "version_file")->value);
	assert_null(vars_find(&vs, "entry_point")->value);
	free(notes);
	vars_free(&vs);
}

/* Detected names end up in shell commands: what their grammars do not
 * allow is not taken. */
static void test_detect_rejects_unsafe_names(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\n"
		      "name = \"x; rm -rf ~\"\n"
		      "[project.scripts]\n"
		      "\"$(reboot)\" = \"x:main\"\n"));
	free(tu_write(fx->dir, "my-pkg/version.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	/* Unknown, all three: nothing of them in a command. */
	assert_int_equal(counted(&vs), 3);
	for (size_t i = 0; i < vs.count; i++)
		if (!str_starts_with(vs.v[i].name, "changelog"))
			assert_null(vs.v[i].value);
	assert_non_null(strstr(notes, NOTE_PACKAGE));
	assert_non_null(strstr(notes, NOTE_MODULE));
	free(notes);
	vars_free(&vs);
}

/* Security issue 11: each detected name matches its grammar or is not
 * used, and a note says why. */
static void test_detect_grammar_package(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	/* PEP 508: a name ends with a letter or digit. */
	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\nname = \"evil-\"\n"));
	notes = detect(fx, &vs);
	expect_var(&vs, "package", NULL);
	assert_non_null(strstr(notes, "ignoring the package name \"evil-\" "
			       "in "));
	assert_non_null(strstr(notes, "not a valid distribution name "
			       "(PEP 508)"));
	free(notes);
	vars_free(&vs);
}

static void test_detect_grammar_entry_point(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\nname = \"good\"\n"
		      "[project.scripts]\n"
		      "\"-x;\\u001b]0;t\\u0007\" = \"good:main\"\n"));
	free(tu_write(fx->dir, "good/version.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	expect_var(&vs, "package", "good");
	expect_var(&vs, "entry_point", NULL);
	/* The note shows the name without its escape sequence. */
	assert_non_null(strstr(notes, "ignoring the entry point "
			       "\"-x;\\x1b]0;t\\x07\" in "));
	assert_non_null(strstr(notes, "not a console-script name"));
	free(notes);
	vars_free(&vs);
}

/* A folder whose name is not an identifier is passed over (with a note)
 * for the next one. */
static void test_detect_grammar_module(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	free(tu_write(fx->dir, "a;touch x/version.py", "__version__ = '1'\n"));
	free(tu_write(fx->dir, "zpkg/version.py", "__version__ = '1'\n"));
	notes = detect(fx, &vs);
	expect_var(&vs, "module", "zpkg");
	expect_var(&vs, "version_file", "zpkg/version.py");
	assert_non_null(strstr(notes, "ignoring the package folder "
			       "\"a;touch x\": not a Python identifier"));
	free(notes);
	vars_free(&vs);
}

/* A version file that is a link out of the repository is not read. */
static void test_detect_version_file_outside(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *outside = xasprintf("%s.outside.py", fx->dir);
	char *link, *notes;

	free(tu_write(fx->dir, "pyproject.toml", "[project]\nname = \"pkg\"\n"));
	free(tu_write(fx->dir, "pkg/__init__.py", "\n"));
	{
		FILE *f = fopen(outside, "w");
		assert_non_null(f);
		fputs("__version__ = '6.6.6'\n", f);
		fclose(f);
	}
	link = tu_path(fx->dir, "pkg/version.py");
	assert_int_equal(symlink(outside, link), 0);
	notes = detect(fx, &vs);
	expect_var(&vs, "module", "pkg");
	expect_var(&vs, "version_file", NULL);
	assert_non_null(strstr(notes, "ignoring the version file "
			       "\"pkg/version.py\": not a path inside the "
			       "repository"));
	unlink(outside);
	free(notes);
	free(link);
	free(outside);
	vars_free(&vs);
}

/* Detection adds to what is there and replaces what it finds. */
static void test_detect_adds_to_vars(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars vs = VARS_INIT;
	char *notes;

	vars_set(&vs, "package", "old", VAR_FILE, NULL, 0);
	vars_set(&vs, "kept", "yes", VAR_FILE, NULL, 0);
	free(tu_write(fx->dir, "pyproject.toml",
		      "[project]\nname = \"newer\"\n"
		      "[project.scripts]\nnewer = \"newer:main\"\n"));
	notes = detect(fx, &vs);
	assert_string_equal(notes, NOTE_MODULE "\n" NOTE_VERSION);
	expect_var(&vs, "package", "newer");
	expect_var(&vs, "entry_point", "newer");
	assert_string_equal(vars_find(&vs, "kept")->value, "yes");
	free(notes);
	vars_free(&vs);
}

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, tu_teardown_tmpdir)

static const struct CMUnitTest fixed_tests[] = {
	FIXTURE(test_root_from_nested_folder),
	FIXTURE(test_root_nested_repository),
	FIXTURE(test_root_outside_repository),
	FIXTURE(test_root_relative_start),
	FIXTURE(test_root_bare_repository),
	FIXTURE(test_config_none),
	FIXTURE(test_config_plain),
	FIXTURE(test_config_hidden),
	FIXTURE(test_config_both),
	FIXTURE(test_detect_pyproject),
	FIXTURE(test_detect_pyproject_syntax),
	FIXTURE(test_detect_setup_cfg),
	FIXTURE(test_detect_pyproject_before_setup_cfg),
	FIXTURE(test_detect_version_py_first),
	FIXTURE(test_detect_init_without_version),
	FIXTURE(test_detect_src_layout),
	FIXTURE(test_detect_other_folder),
	FIXTURE(test_detect_module_without_name),
	FIXTURE(test_detect_nothing),
	FIXTURE(test_detect_pyproject_without_name),
	FIXTURE(test_detect_rejects_unsafe_names),
	FIXTURE(test_detect_adds_to_vars),
	FIXTURE(test_detect_grammar_package),
	FIXTURE(test_detect_grammar_entry_point),
	FIXTURE(test_detect_grammar_module),
	FIXTURE(test_detect_version_file_outside),
};

/* "normalise Octavia_LoxiLB.Driver", one per row; kept for the run. */
static char norm_names[ARRAY_SIZE(norm_cases)][64];

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(norm_cases) +
				ARRAY_SIZE(fixed_tests)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(norm_cases); i++) {
		snprintf(norm_names[i], sizeof(norm_names[i]),
			 "normalise \"%s\"", norm_cases[i].in);
		tests[n++] = (struct CMUnitTest){
			.name = norm_names[i],
			.test_func = test_normalise,
			.initial_state = (void *)&norm_cases[i],
		};
	}
	for (size_t i = 0; i < ARRAY_SIZE(fixed_tests); i++)
		tests[n++] = fixed_tests[i];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
