/* demo.c: the --demo project, made with libgit2. */
#include "config.h"

#include "demo.h"
#include "gitlib.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct demo_file {
	const char *path;
	const char *text;
};

/* What the demo is, and what fails in it on purpose: its README, and the
 * screen's first dialog (lines of at most 70 columns). */
#define DEMO_ABOUT \
	"This is relcheck's demo: a throwaway Python package, relcheck-demo\n" \
	"1.0.0, in a git repository with its own origin beside it.  Nothing\n" \
	"is released: try the keys (? lists them), x runs a step's command.\n" \
	"\n" \
	"Its package index, " DEMO_INDEX ", is a local stand-in\n" \
	"that nothing serves: the steps that create an account there or\n" \
	"upload to it stand for pypi.org in a real release.  Nothing leaves\n" \
	"this machine.\n" \
	"\n" \
	"Failing on purpose, to show how relcheck reports what is not done:\n" \
	"  setup.pypirc*   your own ~/.pypirc is read, never written\n" \
	"  setup.actions   the demo has no release workflow (optional)\n" \
	"  pre.security    pip-audit, if installed, needs the network\n" \
	"                  (w waives it, with a reason)\n" \
	"  release.tag     the tag is made in release step 2 (x)\n" \
	"  release.build   built in release step 3 (x); later steps wait\n" \
	"  release.pypi-destination, release.testpypi-destination: your\n" \
	"    twine uploads to pypi.org, not the demo's index: held back\n" \
	"  post.next-version      the version is bumped after the release\n"

static const struct demo_file demo_files[] = {
	{ "relcheck_demo/__init__.py",
	  "from relcheck_demo.version import __version__\n"
	  "\n"
	  "__all__ = [\"__version__\"]\n" },
	{ "relcheck_demo/version.py", "__version__ = \"1.0.0\"\n" },
	{ "relcheck_demo/cli.py",
	  "import argparse\n"
	  "\n"
	  "from relcheck_demo import __version__\n"
	  "\n"
	  "\n"
	  "def main(argv=None):\n"
	  "    parser = argparse.ArgumentParser(prog=\"relcheck-demo-hello\")\n"
	  "    parser.add_argument(\"--version\", action=\"version\",\n"
	  "                        version=__version__)\n"
	  "    parser.parse_args(argv)\n"
	  "    print(\"hello from relcheck-demo\", __version__)\n"
	  "    return 0\n" },
	{ "tests/__init__.py", "" },
	{ "tests/test_cli.py",
	  "import contextlib\n"
	  "import io\n"
	  "import unittest\n"
	  "\n"
	  "from relcheck_demo import cli\n"
	  "\n"
	  "\n"
	  "class CliTest(unittest.TestCase):\n"
	  "    def test_hello(self):\n"
	  "        out = io.StringIO()\n"
	  "        with contextlib.redirect_stdout(out):\n"
	  "            self.assertEqual(cli.main([]), 0)\n"
	  "        self.assertIn(\"hello from relcheck-demo\", out.getvalue())\n" },
	{ "tests/test_version.py",
	  "import unittest\n"
	  "\n"
	  "from relcheck_demo import __version__\n"
	  "\n"
	  "\n"
	  "class VersionTest(unittest.TestCase):\n"
	  "    def test_version(self):\n"
	  "        self.assertEqual(__version__.count(\".\"), 2)\n" },
	{ "CHANGELOG.md",
	  "# Changelog\n"
	  "\n"
	  "## [1.0.0] - 2026-11-25\n"
	  "\n"
	  "- First release.\n" },
	{ "README.md",
	  "# relcheck-demo\n"
	  "\n"
	  "A throwaway project made by `relcheck --demo`.\n"
	  "\n"
	  DEMO_ABOUT },
	{ "requirements.txt", "" },
	{ ".gitignore", "dist/\nbuild/\n*.egg-info/\n__pycache__/\n" },
};

static int write_file(const char *dir, const char *rel, const char *text,
		      char **err)
{
	char *path = path_join(dir, rel);
	char *parent = path_dirname(path);
	size_t len = strlen(text);
	int fd, rc = -1;

	if (mkdir(parent, 0755) < 0 && errno != EEXIST) {
		*err = xasprintf("%s: %s", parent, strerror(errno));
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (write(fd, text, len) != (ssize_t)len || close(fd) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(parent);
	free(path);
	return rc;
}

const char *demo_python(void)
{
	/* Debian's, which scripts/bootstrap gives pytest, build and twine;
	 * the first python3 on PATH (pyenv, a venv) may have none. */
	return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3"
						      : "python3";
}

char *demo_python_version(void)
{
	char link[64];
	ssize_t n = readlink("/usr/bin/python3", link, sizeof(link) - 1);
	size_t dots = 0;

	if (n <= 0)
		return xstrdup("3.11");
	link[n] = '\0';
	if (strncmp(link, "python", 6) != 0)
		return xstrdup("3.11");
	for (const char *p = link + 6; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return xstrdup("3.11");
	}
	return xstrdup(dots == 1 ? link + 6 : "3.11");
}

static char *pyproject(void)
{
	char *v = demo_python_version();
	char *text = xasprintf(
		"[build-system]\n"
		"requires = [\"setuptools>=61\"]\n"
		"build-backend = \"setuptools.build_meta\"\n"
		"\n"
		"[project]\n"
		"name = \"relcheck-demo\"\n"
		"dynamic = [\"version\"]\n"
		"description = \"A throwaway package to try relcheck on\"\n"
		"requires-python = \">=3.8\"\n"
		"classifiers = [\n"
		"    \"Programming Language :: Python :: %s\",\n"
		"]\n"
		"\n"
		"[project.scripts]\n"
		"relcheck-demo-hello = \"relcheck_demo.cli:main\"\n"
		"\n"
		"[tool.setuptools.dynamic]\n"
		"version = {attr = \"relcheck_demo.version.__version__\"}\n", v);

	free(v);
	return text;
}

const char *demo_about(void)
{
	return DEMO_ABOUT;
}

int demo_check(const char *dir, char **err)
{
	char *marker = path_join(dir, ".git/" DEMO_MARKER);
	int rc = 0;

	*err = NULL;
	if (!path_is_file(marker)) {
		*err = xasprintf("%s is not a demo project made by relcheck --demo "
				 "(no %s)", dir, marker);
		rc = -1;
	}
	free(marker);
	return rc;
}

static int git_fail(const char *what, char **err)
{
	const git_error *e = git_error_last();

	*err = xasprintf("%s: %s", what, e && e->message ? e->message : "?");
	return -1;
}

static int commit_and_push(const char *work, const char *origin, char **err)
{
	git_repository *repo = NULL, *bare = NULL;
	git_repository_init_options opts;
	git_index *index = NULL;
	git_oid tree_id, commit_id;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_remote *remote = NULL;
	git_push_options push;
	char *refspec_s = "refs/heads/main:refs/heads/main";
	git_strarray refspecs = { &refspec_s, 1 };
	int rc = -1;

	/* The _INIT macros leave fields to zero implicitly, which
	 * -Wmissing-field-initializers rejects; the functions do the same. */
	git_repository_init_options_init(&opts,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	git_push_options_init(&push, GIT_PUSH_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_BARE;
	opts.initial_head = "main";
	if (git_repository_init_ext(&bare, origin, &opts) < 0) {
		git_fail("creating the origin", err);
		goto out;
	}
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	if (git_repository_init_ext(&repo, work, &opts) < 0 ||
	    git_repository_index(&index, repo) < 0 ||
	    git_index_add_all(index, NULL, 0, NULL, NULL) < 0 ||
	    git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_signature_now(&sig, "relcheck demo",
			      "demo@example.invalid") < 0 ||
	    git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL,
			      "Prepare release v1.0.0\n", tree, 0, NULL) < 0 ||
	    git_remote_create(&remote, repo, "origin", origin) < 0 ||
	    git_remote_push(remote, &refspecs, &push) < 0) {
		git_fail("creating the demo repository", err);
		goto out;
	}
	rc = 0;
out:
	git_remote_free(remote);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(index);
	git_repository_free(repo);
	git_repository_free(bare);
	return rc;
}

int demo_create(char **dir, char **err)
{
	const char *tmp = getenv("TMPDIR");
	char *top = xasprintf("%s/relcheck-demo-XXXXXX",
			      tmp && *tmp ? tmp : "/tmp");
	char *work = NULL, *origin = NULL;
	int rc = -1;

	*dir = NULL;
	*err = NULL;
	if (!mkdtemp(top)) {
		*err = xasprintf("%s: %s", top, strerror(errno));
		free(top);
		return -1;
	}
	work = path_join(top, "relcheck-demo");
	origin = path_join(top, "origin.git");
	if (mkdir(work, 0755) < 0) {
		*err = xasprintf("%s: %s", work, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(demo_files); i++)
		if (write_file(work, demo_files[i].path, demo_files[i].text,
			       err) < 0)
			goto out;
	{
		char *text = pyproject();
		int w = write_file(work, "pyproject.toml", text, err);
		free(text);
		if (w < 0)
			goto out;
	}
	gitlib_init();
	rc = commit_and_push(work, origin, err);
	/* The mark that --demo=DIR looks for, out of the work tree. */
	if (rc == 0 && write_file(work, ".git/" DEMO_MARKER,
				  "made by relcheck --demo\n", err) < 0)
		rc = -1;
	if (rc == 0) {
		*dir = work;
		work = NULL;
	}
out:
	free(origin);
	free(work);
	free(top);
	return rc;
}
