/* context.c: options, discovery and loading shared by every command. */
#include "config.h"

#include "context.h"
#include "diag.h"
#include "events.h"
#include "gitlib.h"
#include "loader.h"
#include "maintainer.h"
#include "project.h"
#include "sanitize.h"
#include "run.h"
#include "trust.h"
#include "version.h"

#include <dirent.h>
#include <git2.h>
#include <jansson.h>
#include <stdio.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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
	free(ctx->owned_release);
	free(ctx->owned_config);
	free(ctx->owned_as);
	free(ctx->root);
	free(ctx->gitdir);
	free(ctx->config_path);
	free(ctx->datadir);
	memset(ctx, 0, sizeof(*ctx));
}

int context_add_set(struct context *ctx, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *name;

	if (!eq) {
		sanitize_fprintf(stderr, "relcheck: --set %s: expected NAME=VALUE\n", arg);
		return -1;
	}
	name = xstrndup(arg, (size_t)(eq - arg));
	if (!var_name_valid(name)) {
		sanitize_fprintf(stderr, "relcheck: --set %s: '%s' is not a variable "
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
	char *dir;

	(void)ctx;
	if (env && *env)
		return path_join(env, "checklists");
	/* Run from the build tree: the checklists sit beside the program.
	 * A program installed in bin/ has no such folder beside it. */
	dir = exe_dir();
	if (dir) {
		char *p = path_join(dir, "checklists/python-pypi.conf");
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

/* Whether path, its links resolved, lies under dir (resolved too). */
static bool path_within(const char *path, const char *dir)
{
	char *p = dir ? realpath(path, NULL) : NULL;
	char *d = p ? realpath(dir, NULL) : NULL;
	size_t n = d ? strlen(d) : 0;
	bool in = d && strncmp(p, d, n) == 0 &&
		  (p[n] == '/' || (n == 1 && d[0] == '/'));

	free(p);
	free(d);
	return in;
}

bool context_checklist_changed(const struct checklist *cl,
			       const struct run *run)
{
	return cl && run && run->checklist_sha256 && *run->checklist_sha256 &&
	       strcmp(run->checklist_sha256, cl->sha256) != 0;
}

/* Whether the run at run_path has been shared through git: its ref
 * (refs/relcheck/runs/BASE, made by push and kept by fetch) or a
 * remote's copy of it.  When in doubt, yes. */
static bool run_shared(const struct context *ctx, const char *run_path)
{
	const char *slash = strrchr(run_path, '/');
	const char *name = slash ? slash + 1 : run_path;
	size_t n = strlen(name);
	git_repository *repo = NULL;
	git_reference_iterator *it = NULL;
	git_oid id;
	char *base, *ref, *glob;
	const char *found;
	bool shared = true;

	if (!ctx->root || !str_ends_with(name, ".jsonl") ||
	    strpbrk(name, "*?[]\\"))
		return true;
	gitlib_init();
	if (git_repository_open_ext(&repo, ctx->root,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return false;	/* no git: nothing was shared */
	base = xstrndup(name, n - strlen(".jsonl"));
	ref = xasprintf("refs/relcheck/runs/%s", base);
	glob = xasprintf("refs/relcheck-remotes/*/runs/%s", base);
	shared = git_reference_name_to_id(&id, repo, ref) != GIT_ENOTFOUND;
	if (!shared && git_reference_iterator_glob_new(&it, repo, glob) == 0)
		shared = git_reference_next_name(&found, it) == 0;
	git_reference_iterator_free(it);
	git_repository_free(repo);
	free(glob);
	free(ref);
	free(base);
	return shared;
}

char *context_checklist_for_run(const struct context *ctx,
				const char *recorded, const char *run_path)
{
	/* A run never shared names the checklist this clone chose for it
	 * (-c FILE anywhere): its own word. */
	if (path_is_file(recorded) && !run_shared(ctx, run_path))
		return xstrdup(recorded);
	return context_checklist_here(ctx, recorded);
}

char *context_checklist_here(const struct context *ctx, const char *recorded)
{
	const char *base = strrchr(recorded, '/');
	char *dirs[2] = { NULL, NULL }, *found = NULL;
	bool inside;

	dirs[0] = ctx->root ? xstrdup(ctx->root) : NULL;
	dirs[1] = context_checklist_dir(ctx);
	/* The recorded path is the run's word, and a run may come from a
	 * remote: used only inside this repository or the shipped folder,
	 * never a file elsewhere on this disk (a lax checklist planted in
	 * /tmp would drop the review policy). */
	inside = path_is_file(recorded) &&
		 (path_within(recorded, dirs[0]) ||
		  path_within(recorded, dirs[1]));
	if (inside || (!base && !path_is_file(recorded)) ||
	    (base && !base[1])) {
		free(dirs[0]);
		free(dirs[1]);
		return xstrdup(recorded);
	}
	base = base ? base + 1 : recorded;
	for (size_t i = 0; i < 2 && !found; i++) {
		char *p = dirs[i] ? path_join(dirs[i], base) : NULL;
		if (p && path_is_file(p))
			found = p;
		else
			free(p);
	}
	/* None here: this clone's name for it, which says it is missing. */
	if (!found)
		found = dirs[0] ? path_join(dirs[0], base) : xstrdup(base);
	free(dirs[0]);
	free(dirs[1]);
	return found;
}

int context_run_origin(const char *path, char **checklist, char **host)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	json_t *ev = NULL, *v;

	*checklist = *host = NULL;
	if (!f)
		return -1;
	n = getline(&line, &cap, f);
	(void)fclose(f);	/* read only */
	if (n > 0)
		ev = json_loadb(line, (size_t)n, 0, NULL);
	free(line);
	if (!ev)
		return -1;
	v = json_object_get(json_object_get(ev, "payload"), "checklist");
	if (json_is_string(v))
		*checklist = xstrdup(json_string_value(v));
	v = json_object_get(ev, "host");
	if (json_is_string(v))
		*host = xstrdup(json_string_value(v));
	json_decref(ev);
	return *checklist ? 0 : -1;
}

int context_prepare(struct context *ctx)
{
	if (ctx->dir && chdir(ctx->dir) < 0) {
		sanitize_fprintf(stderr, "relcheck: -C %s: %s\n", ctx->dir,
			strerror(errno));
		return EXIT_USAGE;
	}
	ctx->dir = NULL;	/* applied: never twice */
	free(ctx->root);
	free(ctx->gitdir);
	ctx->in_repo = project_root_gitdir(".", &ctx->root, &ctx->gitdir) == 0;
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
			sanitize_fprintf(stderr, "relcheck: -c %s: %s\n", ctx->config,
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
		sanitize_fprintf(stderr, "relcheck: no checklist: no relcheck.conf in %s,"
			" and the generic checklist %s is missing (is relcheck "
			"installed? set RELCHECK_DATADIR)\n", ctx->root,
			ctx->config_path);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Whether cl is trusted without asking: shipped, or trusted before, or
 * --trust. */
static bool trusted_already(const struct context *ctx,
			    const struct checklist *cl)
{
	return ctx->trust || trust_is_shipped(cl, ctx->datadir) ||
	       trust_is_known(cl);
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
		project_detect(ctx->root, ctx->release != NULL, &detected,
			       &notes);
		opt.detected = &detected;
	}
	cl = checklist_load(&opt, &d);
	/* What the checklist may do is decided here, once: a checklist not
	 * trusted yet is granted nothing (trust.h) until context_authorise
	 * asks. */
	if (cl && trusted_already(ctx, cl))
		cl->vars.grants = CAP_ALL;
	if (!cl) {
		for (size_t i = 0; i < d.count; i++) {
			char *msg = diag_format(&d, i);
			sanitize_fprintf(stderr, "%s%s\n",
				d.entries[i].file ? "" : "relcheck: ", msg);
			free(msg);
		}
	} else {
		for (size_t i = 0; i < notes.count; i++) {
			const char *about = notes.entries[i].subject;
			const struct var *v = about ? vars_find(&cl->vars, about)
						    : NULL;

			/* A hint to set what the command line has set. */
			if (v && v->origin == VAR_COMMAND_LINE && v->value &&
			    *v->value)
				continue;
			sanitize_fprintf(stderr, "relcheck: note: %s\n",
				notes.entries[i].message);
		}
	}
	diag_free(&d);
	diag_free(&notes);
	vars_free(&detected);
	return cl;
}

int context_authorise(struct context *ctx, struct checklist *cl)
{
	struct buf why = BUF_INIT;
	char *err = NULL, *what;
	unsigned needs;
	int status = EXIT_OK;

	buf_init(&why);
	needs = trust_needs(cl, &why);
	if (!needs)
		goto out;
	if (trust_is_shipped(cl, ctx->datadir) || trust_is_known(cl)) {
		cl->vars.grants = CAP_ALL;
		goto out;
	}
	what = trust_describe(needs);
	if (!ctx->trust && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
		char answer[16];
		char *shown = sanitize_text(why.data, why.len);
		sanitize_fprintf(stderr, "relcheck: %s %s, and you have not trusted it "
			"before:\n%sRead it first.  Trust it (sha256 %.16s...)? "
			"[y/N] ", cl->file, what, shown, cl->sha256);
		free(shown);
		fflush(stderr);
		if (fgets(answer, sizeof(answer), stdin) &&
		    (answer[0] == 'y' || answer[0] == 'Y'))
			ctx->trust = true;
	}
	if (!ctx->trust) {
		char *shown = sanitize_text(why.data, why.len);
		sanitize_fprintf(stderr, "relcheck: %s is not trusted, and it %s:\n%s"
			"relcheck: read it, then run once with --trust.\n",
			cl->file, what, shown);
		free(shown);
		free(what);
		status = EXIT_USAGE;
		goto out;
	}
	free(what);
	cl->vars.grants = CAP_ALL;
	if (trust_remember(cl, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck: warning: cannot remember the trust: "
			"%s\n", err);
		free(err);
	}
out:
	buf_free(&why);
	return status;
}

char *context_log_dir(struct context *ctx)
{
	char *dir = NULL;

	/* The git folder found with the root: the repository is not opened
	 * again (issue 16). */
	if (ctx->in_repo && ctx->gitdir)
		dir = path_join(ctx->gitdir, "relcheck/logs");
	if (!dir) {
		const char *tmp = getenv("TMPDIR");
		dir = xasprintf("%s/relcheck-%d/logs", tmp && *tmp ? tmp
				: "/tmp", (int)getuid());
	}
	if (path_mkdirs(dir, 0700) == 0 && !ctx->in_repo) {
		/* A shared folder: it must be ours and ours alone. */
		struct stat st;
		char *top = path_dirname(dir);
		if (stat(top, &st) == 0 && (st.st_uid != getuid() ||
					    (st.st_mode & 022))) {
			sanitize_fprintf(stderr, "relcheck: %s belongs to someone else or"
				" others may write to it: not using it\n", top);
			free(top);
			free(dir);
			return NULL;
		}
		free(top);
	}
	if (path_mkdirs(dir, 0700) < 0 || !path_is_dir(dir)) {
		sanitize_fprintf(stderr, "relcheck: cannot make the log folder %s: %s\n",
			dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

static char *current_run_path(struct context *ctx, const struct checklist *cl,
			      int flags)
{
	const struct var *v = vars_find(&cl->vars, "version");
	char *dir, *path;

	if (ctx->run_file)
		return xstrdup(ctx->run_file);
	if (!cl->version_known || !v || !v->value) {
		sanitize_fprintf(stderr, "relcheck: the release version is unknown: give "
			"--release X.Y.Z\n");
		return NULL;
	}
	dir = run_dir(ctx->root, false);
	if (!dir) {
		sanitize_fprintf(stderr, "relcheck: %s is not in a git repository: give "
			"--run FILE to say where the run's record goes\n",
			ctx->root);
		return NULL;
	}
	if (path_mkdirs(dir, 0700) < 0 && (flags & RUN_WRITE)) {
		sanitize_fprintf(stderr, "relcheck: cannot make the folder of runs %s: "
			"%s\n", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	path = run_path(dir, cl, v->value);
	free(dir);
	return path;
}

static void say_list(const char *what, char **ids, size_t n)
{
	if (!n)
		return;
	sanitize_fprintf(stderr, "relcheck:   %s:", what);
	for (size_t i = 0; i < n; i++)
		sanitize_fprintf(stderr, " %s", ids[i]);
	fputc('\n', stderr);
}

/* A run recorded in takes what the maintainer settled once
 * (maintainer.h); the record's problems are said, never fatal. */
static void use_maintainer(struct run *run)
{
	struct diag problems = DIAG_INIT;
	bool any = false;
	char *err = NULL;

	for (size_t i = 0; i < run->cl->nphases && !any; i++)
		for (size_t k = 0; k < run->cl->phases[i]->nitems; k++)
			any |= run->cl->phases[i]->items[k]->maintainer;
	if (!any)
		return;
	run_use_maintainer(run, maint_open(NULL, &problems));
	for (size_t i = 0; i < problems.count; i++) {
		char *m = diag_format(&problems, i);
		sanitize_fprintf(stderr, "relcheck: %s\n", m);
		free(m);
	}
	diag_free(&problems);
	if (run_maintainer_import(run, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck: %s\n", err);
		free(err);
	}
}

static struct run *open_at(struct context *ctx, const struct checklist *cl,
			   const char *path, int flags)
{
	struct diag problems = DIAG_INIT;
	struct run *run = NULL;
	char *actor = run_actor(ctx->root, ctx->as);
	char *err = NULL;

	if (run_open(&run, cl, path, flags, actor, &problems, &err) < 0) {
		ctx->run_damaged = problems.count > 0;
		diag_print(&problems, stderr);
		sanitize_fprintf(stderr, "relcheck: %s\n", err);
		free(err);
		run = NULL;
		goto out;
	}
	for (size_t i = 0; i < problems.count; i++) {
		char *m = diag_format(&problems, i);
		sanitize_fprintf(stderr, "%s\n", m);
		free(m);
	}
	/* --sign: a maintainer phase settled on opening (use_maintainer)
	 * is signed like the command's own events. */
	if (ctx->sign)
		run->sign = true;
	if ((flags & RUN_WRITE) && run_read_only(run))
		sanitize_fprintf(stderr, "relcheck: %s: opened read-only: %s\n", path,
			run_read_only(run));
	if (run->nadded || run->nremoved || run->nchanged) {
		sanitize_fprintf(stderr, "relcheck: the checklist changed since the run "
			"began:\n");
		say_list("added", run->added, run->nadded);
		say_list("removed", run->removed, run->nremoved);
		say_list("changed (their state starts again)", run->changed,
			 run->nchanged);
		if ((flags & RUN_WRITE) && run_note_changes(run, &err) < 0) {
			sanitize_fprintf(stderr, "relcheck: %s\n", err);
			free(err);
		}
	}
	if ((flags & RUN_WRITE) && !run_read_only(run) && !run->closed &&
	    !ctx->reviewer)
		use_maintainer(run);
out:
	diag_free(&problems);
	free(actor);
	return run;
}

/* ---- the run, when no --release names it ---- */

/* A run found in the runs folder: its file, release, when it started,
 * whether it is closed, and whether it is the checklist's. */
struct seen_run {
	char *name;		/* the file's name without .jsonl */
	char *path;
	char *release;
	char *started;
	bool closed;
	bool ours;
};

struct seen_list {
	struct seen_run *v;
	size_t n;
};

static int on_seen(const struct journal_event *ev, void *data)
{
	struct seen_run *r = data;

	if (!r->started && ev->time)
		r->started = xstrdup(ev->time);
	if (event_kind_of(ev->type) == EV_CLOSED)
		r->closed = true;
	return 0;
}

/* The characters a release may have (the loader's rule): a journal's
 * release that has others is no run to open. */
static bool release_chars_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789.+!_-", *s))
			return false;
	return true;
}

static void seen_free(struct seen_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].release);
		free(l->v[i].started);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Reads every run in dir: its first event and whether it closed.  A run
 * is cl's when its file is the one run_path gives for its release. */
static void seen_read(struct seen_list *l, const char *dir,
		      const struct checklist *cl)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		struct seen_run r = { 0 };
		struct journal *j = NULL;
		struct diag dg = DIAG_INIT;
		char *checklist = NULL, *err = NULL;

		if (!str_ends_with(e->d_name, ".jsonl") ||
		    strlen(e->d_name) <= 6)
			continue;
		r.path = path_join(dir, e->d_name);
		r.name = xstrndup(e->d_name, strlen(e->d_name) - 6);
		if (!path_is_file(r.path) ||
		    run_peek(r.path, &checklist, &r.release, &err) < 0 ||
		    !release_chars_ok(r.release)) {
			free(r.release);
			r.release = NULL;
		} else {
			char *mine = run_path(dir, cl, r.release);
			r.ours = strcmp(mine, r.path) == 0;
			free(mine);
			if (journal_open(&j, r.path, 0, &err) == 0) {
				journal_replay(j, on_seen, &r, &dg);
				journal_close(j);
			}
		}
		diag_free(&dg);
		free(checklist);
		free(err);
		l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
		l->v[l->n++] = r;
	}
	if (d)
		closedir(d);
}

static int seen_cmp(const void *a, const void *b)
{
	return strcmp(((const struct seen_run *)a)->name,
		      ((const struct seen_run *)b)->name);
}

/* This checklist's run in progress (the one started last when there
 * are more), else its run started last; NULL when it has none. */
static const struct seen_run *seen_pick(const struct seen_list *l)
{
	const struct seen_run *best = NULL;

	for (int pass = 0; pass < 2 && !best; pass++) {
		for (size_t i = 0; i < l->n; i++) {
			const struct seen_run *r = &l->v[i];
			if (!r->ours || !r->started || (pass == 0 && r->closed))
				continue;
			if (!best || strcmp(r->started, best->started) > 0)
				best = r;
		}
	}
	return best;
}

/* Says which runs there are, and how to name one. */
static void seen_say(struct seen_list *l, const char *dir)
{
	if (!l->n) {
		sanitize_fprintf(stderr, "relcheck: there is no run yet in %s\n",
				 dir);
		return;
	}
	qsort(l->v, l->n, sizeof(*l->v), seen_cmp);
	sanitize_fprintf(stderr, "relcheck: the runs in %s:\n", dir);
	for (size_t i = 0; i < l->n; i++)
		sanitize_fprintf(stderr, "relcheck:   %-36s %s\n", l->v[i].name,
				 !l->v[i].release ? "(not a run that can be read)"
				 : l->v[i].closed ? "closed" : "in progress");
	sanitize_fprintf(stderr, "relcheck: name one with --release X.Y.Z, or "
			 "give its name (relcheck status NAME; relcheck runs)\n");
}

/* Whether v is a development version (PEP 440 .devN: 1.1.0.dev0,
 * 1.1.0-dev). */
static bool version_is_dev(const char *v)
{
	struct pep440 p;
	bool dev;

	if (version_parse_pep440(v, &p, NULL) < 0)
		return false;
	dev = p.has_dev;
	version_pep440_free(&p);
	return dev;
}

/* The release a development version leads to ("1.1.0.dev0": "1.1.0"),
 * or NULL.  Caller frees. */
static char *version_release_of(const char *v)
{
	struct pep440 p;
	struct buf b = BUF_INIT;

	if (version_parse_pep440(v, &p, NULL) < 0)
		return NULL;
	buf_init(&b);
	for (size_t i = 0; i < p.nrelease; i++)
		buf_addf(&b, "%s%llu", i ? "." : "",
			 (unsigned long long)p.release[i]);
	version_pep440_free(&p);
	return buf_detach(&b);
}

int context_pick_run(struct context *ctx, const struct checklist *cl,
		     int flags)
{
	const struct var *v = vars_find(&cl->vars, "version");
	bool known = cl->version_known && v && v->value;
	bool dev = known && version_is_dev(v->value);
	struct seen_list seen = { NULL, 0 };
	const struct seen_run *pick;
	char *dir, *own = NULL;
	int status = -1;

	if (ctx->run_file || ctx->release)
		return 0;
	dir = run_dir(ctx->root, false);
	if (!dir)
		return 0;	/* context_run says what is missing */
	if (known && !dev) {
		/* A release's own version: its run, or starting it. */
		own = run_path(dir, cl, v->value);
		if ((flags & RUN_CREATE) || path_is_file(own)) {
			status = 0;
			goto out;
		}
	}
	seen_read(&seen, dir, cl);
	if (known && !dev) {
		sanitize_fprintf(stderr, "relcheck: release %s has no run yet (%s); "
				 "relcheck --release %s starts it\n", v->value,
				 own, v->value);
		seen_say(&seen, dir);
		goto out;
	}
	pick = seen_pick(&seen);
	if (pick) {
		if (dev)
			sanitize_fprintf(stderr, "relcheck: %s is a development "
					 "version: the run of %s (%s)\n", v->value,
					 pick->release, pick->closed
					 ? "the latest; it is closed"
					 : "in progress");
		free(ctx->owned_release);
		ctx->owned_release = xstrdup(pick->release);
		ctx->release = ctx->owned_release;
		status = 1;
		goto out;
	}
	if (!dev) {
		status = 0;	/* unknown, and no run: as before */
		goto out;
	}
	{
		char *rel = version_release_of(v->value);
		sanitize_fprintf(stderr, "relcheck: %s is a development version, and "
				 "this checklist has no run to show or continue; "
				 "start the release's run with --release %s\n",
				 v->value, rel ? rel : "X.Y.Z");
		free(rel);
	}
	seen_say(&seen, dir);
out:
	seen_free(&seen);
	free(own);
	free(dir);
	return status;
}

struct checklist *context_follow_run(struct context *ctx,
				     struct checklist *cl, int flags)
{
	int found = context_pick_run(ctx, cl, flags);

	if (found == 0)
		return cl;
	checklist_free(cl);
	/* Loaded again for the release of the run found. */
	return found < 0 ? NULL : context_load(ctx, NULL);
}

struct run *context_run(struct context *ctx, const struct checklist *cl,
			int flags)
{
	char *path = current_run_path(ctx, cl, flags);
	struct run *run;

	if (!path)
		return NULL;
	run = open_at(ctx, cl, path, flags);
	free(path);
	return run;
}

bool context_is_generic(const struct context *ctx, const char *checklist)
{
	char a[PATH_MAX], b[PATH_MAX];
	char *generic;
	bool same;

	if (!ctx->datadir || !checklist)
		return false;
	generic = path_join(ctx->datadir, "python-pypi.conf");
	same = realpath(generic, a) && realpath(checklist, b) &&
	       strcmp(a, b) == 0;
	free(generic);
	return same;
}

int context_named_run(struct context *ctx, const char *name, int flags,
		      struct checklist **clp, struct run **runp)
{
	char *path = NULL, *checklist = NULL, *release = NULL, *err = NULL;
	struct checklist *cl = NULL;
	int status = EXIT_USAGE;
	bool from_run;

	*clp = NULL;
	*runp = NULL;
	if (!name) {
		if (context_discover(ctx) != EXIT_OK)
			return EXIT_USAGE;
		cl = context_load(ctx, NULL);
		if (!cl)
			return EXIT_USAGE;
		cl = context_follow_run(ctx, cl, flags);
		if (!cl)
			return EXIT_USAGE;
		*runp = context_run(ctx, cl, flags);
		if (!*runp) {
			checklist_free(cl);
			return EXIT_USAGE;
		}
		*clp = cl;
		return EXIT_OK;
	}
	if (context_prepare(ctx) != EXIT_OK)
		return EXIT_USAGE;
	if (path_is_file(name)) {
		path = xstrdup(name);
	} else {
		char *dir = run_dir(ctx->root, false);
		if (dir) {
			/* cppcheck-suppress memleak ; freed at out, which
			 * every path below reaches */
			path = xasprintf("%s/%s%s", dir, name,
					 str_ends_with(name, ".jsonl") ? ""
					 : ".jsonl");
			free(dir);
		}
		if (!path || !path_is_file(path)) {
			sanitize_fprintf(stderr, "relcheck: no run '%s' (see relcheck "
				"runs)\n", name);
			goto out;
		}
	}
	{
		int rc = run_peek(path, &checklist, &release, &err);

		if (rc < 0) {
			sanitize_fprintf(stderr, "relcheck: %s\n", err);
			ctx->run_damaged = rc == -2;
			if (ctx->run_damaged)
				sanitize_fprintf(stderr, "relcheck: %s: the record "
					"is damaged from its first event: nothing "
					"of the run can be read\n", path);
			goto out;
		}
	}
	if (ctx->release && strcmp(ctx->release, release) != 0) {
		sanitize_fprintf(stderr, "relcheck: %s is the run of release %s, not %s\n",
			path, release, ctx->release);
		goto out;
	}
	ctx->release = release;
	from_run = !ctx->config;
	if (from_run) {
		/* A run fetched from another clone names the checklist where
		 * it was started: this clone's copy of it. */
		char *here = context_checklist_for_run(ctx, checklist, path);
		free(checklist);
		checklist = here;
		ctx->config = checklist;
	}
	if (!path_is_file(ctx->config)) {
		sanitize_fprintf(stderr, "relcheck: the run's checklist %s is missing: "
			"give -c FILE\n", ctx->config);
		goto out;
	}
	free(ctx->config_path);
	ctx->config_path = xstrdup(ctx->config);
	/* A run of the generic checklist was made with the variables detected
	 * from the project: detect them again, or it would be loaded with the
	 * checklist's placeholders and not be the run's checklist. */
	ctx->generic = from_run && context_is_generic(ctx, ctx->config);
	cl = context_load(ctx, NULL);
	if (!cl)
		goto out;
	*runp = open_at(ctx, cl, path, flags);
	if (!*runp) {
		checklist_free(cl);
		goto out;
	}
	*clp = cl;
	status = EXIT_OK;
out:
	/* ctx may point at these for the rest of the command. */
	if (status != EXIT_OK) {
		if (ctx->release == release)
			ctx->release = NULL;
		if (ctx->config == checklist)
			ctx->config = NULL;
		free(release);
		free(checklist);
	} else {
		ctx->owned_release = release;
		ctx->owned_config = checklist;
	}
	free(err);
	free(path);
	return status;
}

/* EXIT_OK when git or --as names who acts, EXIT_USAGE when the
 * repository cannot be prepared, -1 when nobody is named. */
static int identity_known(struct context *ctx)
{
	char *who;

	if (!ctx->root && context_prepare(ctx) != EXIT_OK)
		return EXIT_USAGE;
	who = run_identity(ctx->root, ctx->as);
	if (!who)
		return -1;
	free(who);
	return EXIT_OK;
}

int context_require_identity(struct context *ctx, const char *what)
{
	int known = identity_known(ctx);

	if (known >= 0)
		return known;
	sanitize_fprintf(stderr, "relcheck %s: who is it?  No git identity is "
			 "set and --as was not given, and a %s records who did "
			 "it.  Set yours with\n"
			 "  git config --global user.name \"Your Name\"\n"
			 "  git config --global user.email you@example.org\n"
			 "or give --as \"Your Name <you@example.org>\".\n", what,
			 strcmp(what, "review") == 0 ? "review" :
			 strcmp(what, "close") == 0 ? "closing" : "sign-off");
	return EXIT_USAGE;
}

/* The longest name remembered or typed. */
#define NAME_MAX_BYTES 256

/* The name remembered at path, or NULL (missing: silently; anything but
 * one line of a name in a regular file: with a warning naming it). */
static char *remembered_name(const char *path)
{
	char raw[NAME_MAX_BYTES + 2];
	struct stat st;
	ssize_t n;
	char *nl, *name;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOENT)
			sanitize_fprintf(stderr, "relcheck: warning: %s: %s "
					 "(the name remembered is not used)\n",
					 path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		sanitize_fprintf(stderr, "relcheck: warning: %s: not a regular "
				 "file (the name remembered is not used)\n", path);
		close(fd);
		return NULL;
	}
	n = read(fd, raw, sizeof(raw) - 1);
	close(fd);
	if (n < 0)
		n = 0;
	raw[n] = '\0';
	nl = memchr(raw, '\n', (size_t)n);
	if (nl)
		*nl = '\0';
	if (!nl || (size_t)(nl - raw) + 1 != (size_t)n || !*raw ||
	    strlen(raw) != (size_t)(nl - raw)) {
		sanitize_fprintf(stderr, "relcheck: warning: %s:1: not one line "
				 "holding a name (ignored)\n", path);
		return NULL;
	}
	name = sanitize_name(raw);
	if (strcmp(name, raw) != 0) {
		sanitize_fprintf(stderr, "relcheck: warning: %s:1: the name holds "
				 "control characters or a token (ignored)\n",
				 path);
		free(name);
		return NULL;
	}
	return name;
}

/* Writes name to path whole (a temporary file beside it, fsync'd, then
 * renamed over it).  Returns 0, or -1 after a warning. */
static int remember_name(const char *path, const char *name)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	char *line = xasprintf("%s\n", name);
	size_t len = strlen(line);
	int fd = mkstemp(tmp), rc = -1;

	if (fd >= 0 && write(fd, line, len) == (ssize_t)len && fsync(fd) == 0 &&
	    close(fd) == 0) {
		fd = -1;
		rc = rename(tmp, path);
	}
	if (rc < 0) {
		sanitize_fprintf(stderr, "relcheck: warning: cannot remember the "
				 "name in %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	free(line);
	free(tmp);
	return rc;
}

/* One line from the terminal, made a name; NULL at the end of input. */
static char *read_name(void)
{
	char line[NAME_MAX_BYTES * 4];
	char *nl;

	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	nl = strchr(line, '\n');
	if (nl)
		*nl = '\0';
	else	/* longer than a line: the rest is dropped */
		for (int c = getchar(); c != EOF && c != '\n'; c = getchar())
			;
	if (strlen(line) > NAME_MAX_BYTES)
		line[NAME_MAX_BYTES] = '\0';
	return sanitize_name(line);
}

int context_ask_identity(struct context *ctx, const struct checklist *cl)
{
	char *path = NULL, *memo = NULL, *answer = NULL;
	int known = identity_known(ctx);

	if (known >= 0)
		return known;
	if (cl) {
		char *run = current_run_path(ctx, cl, RUN_WRITE);
		if (run) {
			path = str_ends_with(run, ".jsonl")
			       ? xasprintf("%.*s.actor", (int)(strlen(run) - 6),
					   run)
			       : xasprintf("%s.actor", run);
			memo = remembered_name(path);
		}
		free(run);
	}
	sanitize_fprintf(stderr, "relcheck: who acts?  No git identity is set\n"
			 "  (git config --global user.name, user.email) and no "
			 "--as was given;\n  every step you record carries the "
			 "name you give here.\n");
	for (int tries = 0; tries < 3 && !answer; tries++) {
		if (memo)
			sanitize_fprintf(stderr, "Your name and email [%s, as "
					 "before in this run]: ", memo);
		else
			sanitize_fprintf(stderr, "Your name and email (Name "
					 "<you@example.org>): ");
		fflush(stderr);
		answer = read_name();
		if (!answer)
			break;
		if (!*answer && memo) {
			free(answer);
			answer = xstrdup(memo);
		} else if (!*answer) {
			free(answer);
			answer = NULL;
			sanitize_fprintf(stderr, "relcheck: a name is needed\n");
		}
	}
	if (!answer) {
		sanitize_fprintf(stderr, "relcheck: nobody to record as: give "
				 "--as \"Name <email>\" or set git config "
				 "user.name\n");
		free(path);
		free(memo);
		return EXIT_USAGE;
	}
	if (path && (!memo || strcmp(memo, answer) != 0))
		remember_name(path, answer);
	free(ctx->owned_as);
	ctx->owned_as = answer;
	ctx->as = answer;
	free(path);
	free(memo);
	return EXIT_OK;
}
