/* context.c: options, discovery and loading shared by every command. */
#include "config.h"

#include "context.h"
#include "diag.h"
#include "loader.h"
#include "project.h"
#include "trust.h"

#include <git2.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void context_init(struct context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

void context_free(struct context *ctx)
{
	vars_free(&ctx->sets);
	vars_free(&ctx->defaults);
	free(ctx->root);
	free(ctx->config_path);
	free(ctx->datadir);
	memset(ctx, 0, sizeof(*ctx));
}

int context_add_set(struct context *ctx, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name;

	if (!eq) {
		fprintf(stderr, "relcheck: --set %s: expected NAME=VALUE\n", arg);
		return -1;
	}
	name = xstrndup(arg, (size_t)(eq - arg));
	if (!var_name_valid(name)) {
		fprintf(stderr, "relcheck: --set %s: '%s' is not a variable "
			"name (letters, digits and _)\n", arg, name);
		free(name);
		return -1;
	}
	vars_set(&ctx->sets, name, eq + 1, VAR_COMMAND_LINE, NULL, 0);
	free(name);
	return 0;
}

static char *exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	return path_dirname(path);
}

char *context_checklist_dir(const struct context *ctx)
{
	const char *env = getenv("RELCHECK_DATADIR");
	char *dir, *p;

	(void)ctx;
	if (env && *env)
		return path_join(env, "checklists");
	/* Run from the build tree: the checklists sit beside the program.
	 * A program installed in bin/ has no such folder beside it. */
	dir = exe_dir();
	if (dir) {
		p = path_join(dir, "checklists/python-pypi.conf");
		if (path_is_file(p)) {
			free(p);
			p = path_join(dir, "checklists");
			free(dir);
			return p;
		}
		free(p);
		free(dir);
	}
	return xstrdup(PKGDATADIR "/checklists");
}

int context_prepare(struct context *ctx)
{
	if (ctx->dir && chdir(ctx->dir) < 0) {
		fprintf(stderr, "relcheck: -C %s: %s\n", ctx->dir,
			strerror(errno));
		return EXIT_USAGE;
	}
	ctx->dir = NULL;	/* applied: never twice */
	free(ctx->root);
	ctx->in_repo = project_root(".", &ctx->root) == 0;
	free(ctx->datadir);
	ctx->datadir = context_checklist_dir(ctx);
	return EXIT_OK;
}

int context_discover(struct context *ctx)
{
	if (context_prepare(ctx) != EXIT_OK)
		return EXIT_USAGE;

	free(ctx->config_path);
	ctx->config_path = NULL;
	ctx->generic = false;
	if (ctx->config) {
		if (!path_is_file(ctx->config)) {
			fprintf(stderr, "relcheck: -c %s: %s\n", ctx->config,
				access(ctx->config, F_OK) == 0
				? "not a regular file" : strerror(ENOENT));
			return EXIT_USAGE;
		}
		ctx->config_path = xstrdup(ctx->config);
		return EXIT_OK;
	}
	ctx->config_path = project_config(ctx->root);
	if (ctx->config_path)
		return EXIT_OK;
	ctx->config_path = path_join(ctx->datadir, "python-pypi.conf");
	ctx->generic = true;
	if (!path_is_file(ctx->config_path)) {
		fprintf(stderr, "relcheck: no checklist: no relcheck.conf in %s,"
			" and the generic checklist %s is missing (is relcheck "
			"installed? set RELCHECK_DATADIR)\n", ctx->root,
			ctx->config_path);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

struct checklist *context_load(struct context *ctx, const char *file)
{
	struct load_options opt = { 0 };
	struct diag d = DIAG_INIT, notes = DIAG_INIT;
	struct vars detected = VARS_INIT;
	const char *path[2] = { ctx->datadir, NULL };
	struct checklist *cl;

	opt.file = file ? file : ctx->config_path;
	opt.root = ctx->root;
	opt.release = ctx->release;
	opt.overrides = &ctx->sets;
	opt.defaults = &ctx->defaults;
	opt.include_path = path;
	if (!file && ctx->generic) {
		project_detect(ctx->root, &detected, &notes);
		opt.detected = &detected;
	}
	cl = checklist_load(&opt, &d);
	if (!cl) {
		for (size_t i = 0; i < d.count; i++) {
			char *msg = diag_format(&d, i);
			fprintf(stderr, "%s%s\n",
				d.entries[i].file ? "" : "relcheck: ", msg);
			free(msg);
		}
	} else {
		for (size_t i = 0; i < notes.count; i++)
			fprintf(stderr, "relcheck: note: %s\n",
				notes.entries[i].message);
	}
	diag_free(&d);
	diag_free(&notes);
	vars_free(&detected);
	return cl;
}

int context_authorise(struct context *ctx, const struct checklist *cl)
{
	char *err = NULL;
	char answer[16];

	if (!trust_needed(cl) || trust_is_shipped(cl, ctx->datadir) ||
	    trust_is_known(cl))
		return EXIT_OK;
	if (!ctx->trust && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
		fprintf(stderr, "relcheck: %s runs shell commands, and you have "
			"not trusted it before.\nRead it first.  Trust it (sha256"
			" %.16s...)? [y/N] ", cl->file, cl->sha256);
		fflush(stderr);
		if (fgets(answer, sizeof(answer), stdin) &&
		    (answer[0] == 'y' || answer[0] == 'Y'))
			ctx->trust = true;
	}
	if (!ctx->trust) {
		fprintf(stderr, "relcheck: %s is not trusted: it runs shell "
			"commands.  Read it, then run once with --trust.\n",
			cl->file);
		return EXIT_USAGE;
	}
	if (trust_remember(cl, &err) < 0) {
		fprintf(stderr, "relcheck: warning: cannot remember the trust: "
			"%s\n", err);
		free(err);
	}
	return EXIT_OK;
}

static int mkdir_p(const char *path)
{
	char *copy = xstrdup(path);
	int rc = 0;

	for (char *p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;
			*p = '\0';
			if (mkdir(copy, 0700) < 0 && errno != EEXIST)
				rc = -1;
			*p = c;
		}
		if (!*p)
			break;
	}
	free(copy);
	return rc;
}

char *context_log_dir(struct context *ctx)
{
	git_repository *repo = NULL;
	char *dir = NULL;

	git_libgit2_init();
	if (ctx->in_repo && git_repository_open(&repo, ctx->root) == 0)
		dir = path_join(git_repository_path(repo), "relcheck/logs");
	git_repository_free(repo);
	git_libgit2_shutdown();
	if (!dir) {
		const char *tmp = getenv("TMPDIR");
		dir = xasprintf("%s/relcheck-%d/logs", tmp && *tmp ? tmp
				: "/tmp", (int)getuid());
	}
	if (mkdir_p(dir) == 0 && !ctx->in_repo) {
		/* A shared folder: it must be ours and ours alone. */
		struct stat st;
		char *top = path_dirname(dir);
		if (stat(top, &st) == 0 && (st.st_uid != getuid() ||
					    (st.st_mode & 022))) {
			fprintf(stderr, "relcheck: %s belongs to someone else or"
				" others may write to it: not using it\n", top);
			free(top);
			free(dir);
			return NULL;
		}
		free(top);
	}
	if (mkdir_p(dir) < 0 || !path_is_dir(dir)) {
		fprintf(stderr, "relcheck: cannot make the log folder %s: %s\n",
			dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}
