/* sync.c: the remote, its relcheck refs, and the journals that travel
 * (sync.h). */
#include "config.h"

#include "sync.h"
#include "hash.h"
#include "run.h"
#include "sanitize.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FETCH_TIMEOUT 300

int sync_begin(struct sync *y, struct cmd *cmd, bool make_dir)
{
	const char *remote = cmd_value(cmd, "remote");
	char *err = NULL;

	memset(y, 0, sizeof(*y));
	y->name = cmd->entry->name;
	y->ctx = cmd->ctx;
	y->status = EXIT_OK;
	if (remote && !share_remote_name_ok(remote)) {
		sanitize_fprintf(stderr, "relcheck %s: \"%s\" is not a remote's "
				 "name relcheck uses ([A-Za-z0-9._@+-], not "
				 "starting with '-' or '.')\n", y->name, remote);
		return EXIT_USAGE;
	}
	y->dir = run_dir(y->ctx->root, make_dir);
	if (!y->dir || share_open(&y->sh, y->ctx->root, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck %s: %s\n", y->name,
				 err ? err : "not in a git repository");
		free(err);
		return EXIT_USAGE;
	}
	y->remote = remote ? xstrdup(remote) : share_default_remote(y->sh);
	return EXIT_OK;
}

static void item_free(struct sync_item *it)
{
	free(it->base);
	free(it->id);
	free(it->label);
	free(it->local_ref);
	free(it->remote_ref);
	free(it->path);
	free(it->logdir);
}

void sync_end(struct sync *y)
{
	for (size_t i = 0; i < y->nitems; i++)
		item_free(&y->items[i]);
	free(y->items);
	share_close(y->sh);
	free(y->remote);
	free(y->dir);
	memset(y, 0, sizeof(*y));
}

/* Lines of git's output worth showing: at most a few, made safe. */
static void say_git(const struct sync *y, const struct buf *out)
{
	sanitize_fprintf(stderr, "relcheck %s: git said: %.*s\n", y->name,
			 (int)(out->len > 2000 ? 2000 : out->len),
			 out->data ? out->data : "");
}

int sync_fetch_refs(struct sync *y)
{
	char *spec = xasprintf("+refs/relcheck/*:" SHARE_REMOTES "%s/*",
			       y->remote);
	/* The objects checked as they come (fsck: a tree with an entry
	 * twice, a malformed object), whatever the user's config says; a
	 * name with a '/' only warned about, as share.c refuses it itself
	 * and names the ref (one hostile run does not hide the others). */
	const char *argv[] = { "git", "-c", "fetch.fsckObjects=true",
			       "-c", "transfer.fsckObjects=true",
			       "-c", "fetch.fsck.fullPathname=warn",
			       "fetch", "--quiet", "--no-tags",
			       "--no-write-fetch-head", "--prune",
			       "--no-recurse-submodules", y->remote, spec,
			       NULL };
	struct buf out = BUF_INIT;
	char *err = NULL;
	int code, rc = EXIT_OK;

	if (share_git(y->ctx->root, argv, FETCH_TIMEOUT, &code, &out,
		      &err) < 0) {
		sanitize_fprintf(stderr, "relcheck %s: %s\n", y->name, err);
		rc = EXIT_FAILED;
	} else if (code != 0) {
		sanitize_fprintf(stderr, "relcheck %s: cannot fetch the runs of "
				 "the remote %s (git fetch exit %d)\n", y->name,
				 y->remote, code);
		say_git(y, &out);
		rc = EXIT_FAILED;
	}
	free(err);
	free(spec);
	buf_free(&out);
	return rc;
}

static struct sync_item *add_item(struct sync *y, enum share_kind kind,
				  const char *base, const char *id)
{
	struct sync_item *it;

	for (size_t i = 0; i < y->nitems; i++)
		if (y->items[i].kind == kind &&
		    strcmp(y->items[i].base, base) == 0 &&
		    (!id || strcmp(y->items[i].id, id) == 0))
			return &y->items[i];
	y->items = xrealloc(y->items, (y->nitems + 1) * sizeof(*y->items));
	it = &y->items[y->nitems++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->base = xstrdup(base);
	if (kind == SHARE_RUN) {
		it->label = xasprintf("run %s", base);
		it->local_ref = xasprintf(SHARE_RUNS "%s", base);
		it->remote_ref = xasprintf(SHARE_REMOTES "%s/runs/%s",
					   y->remote, base);
		it->path = xasprintf("%s/%s.jsonl", y->dir, base);
		it->logdir = xasprintf("%s/%s.logs", y->dir, base);
	} else {
		it->id = xstrdup(id);
		it->label = xasprintf("review %s/%s", base, id);
		it->local_ref = xasprintf(SHARE_REVIEWS "%s/%s", base, id);
		it->remote_ref = xasprintf(SHARE_REMOTES "%s/reviews/%s/%s",
					   y->remote, base, id);
		it->path = xasprintf("%s/%s.reviews/%s.jsonl", y->dir, base,
				     id);
	}
	return it;
}

static bool wanted(const char *run, const char *base)
{
	return !run || strcmp(run, base) == 0;
}

static void local_reviews(struct sync *y, const char *base)
{
	char *rdir = xasprintf("%s/%s.reviews", y->dir, base);
	DIR *d = opendir(rdir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		char *id;
		if (!str_ends_with(e->d_name, ".jsonl"))
			continue;
		id = xstrndup(e->d_name, strlen(e->d_name) - 6);
		if (share_reviewer_id_ok(id))
			add_item(y, SHARE_REVIEW, base, id);
		free(id);
	}
	if (d)
		closedir(d);
	free(rdir);
}

void sync_local_items(struct sync *y, const char *run)
{
	DIR *d = opendir(y->dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char *base;

		if (str_ends_with(e->d_name, ".jsonl"))
			base = xstrndup(e->d_name, n - 6);
		else if (str_ends_with(e->d_name, ".reviews"))
			base = xstrndup(e->d_name, n - 8);
		else
			continue;
		if (share_run_name_ok(base) && wanted(run, base)) {
			if (str_ends_with(e->d_name, ".jsonl"))
				add_item(y, SHARE_RUN, base, NULL);
			else
				local_reviews(y, base);
		} else if (!run && str_ends_with(e->d_name, ".jsonl")) {
			sanitize_fprintf(stderr, "relcheck %s: warning: the run "
					 "\"%s\" has a name that cannot be a "
					 "git ref: left out\n", y->name, base);
		}
		free(base);
	}
	if (d)
		closedir(d);
}

void sync_remote_items(struct sync *y, const char *run)
{
	char *prefix = xasprintf(SHARE_REMOTES "%s/", y->remote), *err = NULL;
	char **names = NULL;
	size_t n = 0;

	if (share_list(y->sh, prefix, &names, &n, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck %s: %s\n", y->name, err);
		y->status = EXIT_FAILED;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		char *base = NULL, *id = NULL;
		bool ok = false;

		if (str_starts_with(name, "runs/")) {
			base = xstrdup(name + 5);
			ok = share_run_name_ok(base);
			if (ok && wanted(run, base))
				add_item(y, SHARE_RUN, base, NULL);
		} else if (str_starts_with(name, "reviews/") &&
			   strchr(name + 8, '/')) {
			const char *slash = strchr(name + 8, '/');
			base = xstrndup(name + 8, (size_t)(slash - name - 8));
			id = xstrdup(slash + 1);
			ok = share_run_name_ok(base) &&
			     share_reviewer_id_ok(id);
			if (ok && wanted(run, base))
				add_item(y, SHARE_REVIEW, base, id);
		}
		if (!ok) {
			sanitize_fprintf(stderr, "relcheck %s: %s's ref "
					 "refs/relcheck/%s is no run or "
					 "reviewer name relcheck makes: "
					 "refused\n", y->name, y->remote, name);
			y->status = EXIT_FAILED;
		}
		free(base);
		free(id);
		free(names[i]);
	}
	free(names);
	free(prefix);
	free(err);
}

char *sync_run_arg(struct sync *y, const char *arg)
{
	const char *slash = strrchr(arg, '/');
	char *base = xstrdup(slash ? slash + 1 : arg);

	if (str_ends_with(base, ".jsonl"))
		base[strlen(base) - 6] = '\0';
	else if (slash)		/* a path names a run's file, nothing else */
		base[0] = '\0';
	if (!share_run_name_ok(base)) {
		sanitize_fprintf(stderr, "relcheck %s: \"%s\" is not a run's "
				 "name (see relcheck runs)\n", y->name, arg);
		free(base);
		return NULL;
	}
	return base;
}

int sync_read_remote(struct sync *y, const struct sync_item *it,
		     struct share_record *rec)
{
	char *err = NULL;
	int rc = share_read(y->sh, it->remote_ref, it->kind, rec, &err);

	if (rc < 0) {
		sanitize_fprintf(stderr, "relcheck %s: %s's %s: %s\n", y->name,
				 y->remote, it->label, err);
		y->status = EXIT_FAILED;
	}
	free(err);
	return rc;
}

int sync_read_file(struct sync *y, const char *path, struct buf *b)
{
	buf_reset(b);
	if (buf_read_file(b, path) < 0 && errno != ENOENT) {
		sanitize_fprintf(stderr, "relcheck %s: cannot read %s: %s\n",
				 y->name, path, strerror(errno));
		y->status = EXIT_FAILED;
		return -1;
	}
	return 0;
}

void sync_say_refusal(struct sync *y, const struct sync_item *it,
		      const struct chain_result *cr)
{
	if (cr->rel == CHAIN_BROKEN) {
		sanitize_fprintf(stderr, "relcheck %s: %s: %s does not verify "
				 "(line %zu: %s): refused, nothing written\n",
				 y->name, it->label,
				 cr->broken_side == 0 ? "this clone's journal"
				 : "the remote's journal", cr->broken_line,
				 cr->why ? cr->why : "");
	} else if (cr->rel == CHAIN_DIVERGED) {
		char *a = chain_event_describe(&cr->a);
		char *b = chain_event_describe(&cr->b);
		sanitize_fprintf(stderr, "relcheck %s: %s has diverged from %s's: "
				 "nothing overwritten\n"
				 "  the first event that differs here:   %s\n"
				 "  the first event that differs on %s: %s\n"
				 "  each side keeps its events; to take %s's "
				 "and set this clone's aside (nothing lost, "
				 "ours listed to record again): relcheck fetch "
				 "--theirs %s (see relcheck(1))\n",
				 y->name, it->label, y->remote, a, y->remote,
				 b, y->remote, it->base);
		free(a);
		free(b);
	}
	y->status = EXIT_FAILED;
}

struct named {
	struct sync_log *logs;
	size_t n;
};

static int collect_log(const struct journal_event *ev, void *data)
{
	struct named *nm = data;
	json_t *log, *path, *sha;

	if (!journal_event_has(ev, "log"))
		return 0;
	log = json_object_get(journal_event_payload(ev), "log");
	path = json_object_get(log, "path");
	sha = json_object_get(log, "sha256");
	if (!json_is_string(path))
		return 0;
	nm->logs = xrealloc(nm->logs, (nm->n + 1) * sizeof(*nm->logs));
	nm->logs[nm->n].name = xstrdup(json_string_value(path));
	snprintf(nm->logs[nm->n].sha256, sizeof(nm->logs[nm->n].sha256),
		 "%s", json_is_string(sha) ? json_string_value(sha) : "");
	nm->n++;
	return 0;
}

int sync_named_logs(const struct buf *journal, struct sync_log **logs,
		    size_t *n, char **err)
{
	struct named nm = { NULL, 0 };
	size_t line = 0;
	char *why = NULL;
	int rc = chain_verify(journal->data, journal->len, collect_log, &nm,
			      &why, &line);

	*err = NULL;
	if (rc != 0) {
		*err = rc > 0 ? xasprintf("the journal does not verify (line "
					  "%zu: %s)", line, why)
			      : xstrdup(why ? why : "cannot read the journal");
		free(why);
		sync_logs_free(nm.logs, nm.n);
		*logs = NULL;
		*n = 0;
		return -1;
	}
	*logs = nm.logs;
	*n = nm.n;
	return 0;
}

void sync_logs_free(struct sync_log *logs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(logs[i].name);
	free(logs);
}
