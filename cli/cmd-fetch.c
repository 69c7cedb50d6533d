/* cmd-fetch.c: `relcheck fetch [RUN] [--remote NAME]`: a remote's runs
 * and reviews into this clone's run folder, where the remote's journal
 * extends ours (or we have none): by the hash chain, never over events
 * of ours the remote lacks. */
#include "config.h"

#include "cmd.h"
#include "hash.h"
#include "journal.h"
#include "print.h"
#include "sanitize.h"
#include "sync.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The remote's logs held to its journal: each one it has must be named
 * by the journal with the same sha256 (else refused and named), and
 * one we have already must be the same bytes.  0, or -1 said. */
static int check_logs(struct sync *y, const struct sync_item *it,
		      const struct share_record *rec, bool against_ours)
{
	struct sync_log *logs = NULL;
	size_t n = 0;
	char *err = NULL;
	int rc = -1;

	if (sync_named_logs(&rec->journal, &logs, &n, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck fetch: %s's %s: %s: "
				 "refused\n", y->remote, it->label, err);
		goto out;
	}
	for (size_t i = 0; i < rec->nlogs; i++) {
		const struct share_log *l = &rec->logs[i];
		char hex[SHA256_HEX_LEN + 1], *path;
		bool named = false, match = false;
		struct buf have = BUF_INIT;

		sha256_hex(l->bytes.data, l->bytes.len, hex);
		for (size_t k = 0; k < n; k++) {
			if (strcmp(logs[k].name, l->name) != 0)
				continue;
			named = true;
			match = strcmp(logs[k].sha256, hex) == 0;
			if (!match)
				break;
		}
		if (!named || !match) {
			sanitize_fprintf(stderr, "relcheck fetch: %s's %s: the log "
					 "%s %s: refused, nothing written\n",
					 y->remote, it->label, l->name, !named
					 ? "is not one its journal names"
					 : "does not match the sha256 its "
					   "journal records");
			goto out;
		}
		path = path_join(it->logdir, l->name);
		if (against_ours && buf_read_file(&have, path) == 0 &&
		    (have.len != l->bytes.len ||
		     memcmp(have.data, l->bytes.data, have.len) != 0)) {
			sanitize_fprintf(stderr, "relcheck fetch: %s: the log %s "
					 "here differs from the remote's "
					 "(relcheck verify): refused\n",
					 it->label, path);
			free(path);
			buf_free(&have);
			goto out;
		}
		free(path);
		buf_free(&have);
	}
	rc = 0;
out:
	sync_logs_free(logs, n);
	free(err);
	return rc;
}

static int write_file(struct sync *y, const char *path, const struct buf *b)
{
	char *err = NULL;

	if (file_write_atomic(path, b->data, b->len, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck fetch: %s\n", err);
		free(err);
		y->status = EXIT_FAILED;
		return -1;
	}
	return 0;
}

/* Writes the remote's logs, then its journal over ours (absent, or a
 * prefix of it), under the writer's lock fetch_one took.  0, or -1
 * said. */
static int materialise(struct sync *y, const struct sync_item *it,
		       const struct share_record *rec, struct journal *j)
{
	int rc = -1;

	/* Never under a relcheck recording. */
	if (journal_read_only(j)) {
		sanitize_fprintf(stderr, "relcheck fetch: %s: %s (%s): "
				 "not updated; fetch again when it is "
				 "done\n", it->label,
				 journal_read_only(j), it->path);
		goto out;
	}
	if (it->kind == SHARE_RUN && rec->nlogs &&
	    path_mkdirs(it->logdir, 0700) < 0) {
		sanitize_fprintf(stderr, "relcheck fetch: cannot make %s: %s\n",
				 it->logdir, strerror(errno));
		goto out;
	}
	for (size_t i = 0; i < rec->nlogs; i++) {
		char *path = path_join(it->logdir, rec->logs[i].name);
		int w = path_is_file(path) ? 0
			: write_file(y, path, &rec->logs[i].bytes);
		free(path);
		if (w < 0)
			goto out;
	}
	if (write_file(y, it->path, &rec->journal) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		y->status = EXIT_FAILED;
	return rc;
}

/* Each folder fetch writes in (the runs folder, BASE.reviews, BASE.logs)
 * a real folder or absent: a symbolic link there (a repository unpacked
 * from an archive) would send the remote's files elsewhere.  0, or -1
 * said. */
static int real_folders(struct sync *y, const struct sync_item *it)
{
	char *dir = path_dirname(it->path);
	const char *const dirs[] = { y->dir, dir, it->logdir };
	int rc = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !rc; i++) {
		struct stat st;

		if (!dirs[i] || (lstat(dirs[i], &st) < 0 && errno == ENOENT))
			continue;
		if (lstat(dirs[i], &st) < 0 || !S_ISDIR(st.st_mode)) {
			sanitize_fprintf(stderr, "relcheck fetch: %s: %s is not "
					 "a folder (a symbolic link?): refused, "
					 "nothing written\n", it->label,
					 dirs[i]);
			rc = -1;
		}
	}
	free(dir);
	return rc;
}

/* The writer's lock on our journal, taken BEFORE it is read: an event
 * recorded here cannot fall between the comparison and the rename.  No
 * journal yet: made empty and locked (*made), as a writer does.  Held
 * by a relcheck recording: *j read-only, refused if it is to be
 * written.  0, or -1 said. */
static int lock_ours(struct sync *y, const struct sync_item *it,
		     struct journal **j, bool *made)
{
	char *dir = path_dirname(it->path), *err = NULL;
	struct stat st;
	int rc = -1;

	*made = lstat(it->path, &st) < 0 && errno == ENOENT;
	if (real_folders(y, it) < 0)
		*made = false;
	else if (path_mkdirs(dir, 0700) < 0)
		sanitize_fprintf(stderr, "relcheck fetch: cannot make %s: %s\n",
				 dir, strerror(errno));
	else if (journal_open(j, it->path, JOURNAL_WRITE | JOURNAL_REGULAR |
			      (*made ? JOURNAL_CREATE : 0), &err) < 0)
		sanitize_fprintf(stderr, "relcheck fetch: %s\n", err);
	else
		rc = 0;
	if (rc < 0) {
		*made = false;
		y->status = EXIT_FAILED;
	}
	free(dir);
	free(err);
	return rc;
}

/* Our ref follows the remote's commit when it is not ahead of it. */
static void follow(struct sync *y, const struct sync_item *it,
		   const char *commit)
{
	char local[SHARE_HEX], *err = NULL;

	if (share_ref(y->sh, it->local_ref, local, &err) >= 0 &&
	    (!*local || share_descends(y->sh, commit, local)) &&
	    strcmp(local, commit) != 0)
		share_set_ref(y->sh, it->local_ref, commit, local, &err);
	free(err);
}

/* ---- fetch --theirs: the remote's run, ours set aside whole ---- */

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static const char *json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The bytes of line n (1-based) of b, without its '\n': *len set. */
static const char *nth_line(const struct buf *b, size_t n, size_t *len)
{
	const char *p = b->data, *end = b->data + b->len;

	for (size_t line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (line == n) {
			*len = (size_t)((nl ? nl : end) - p);
			return p;
		}
		p = nl ? nl + 1 : end;
	}
	*len = 0;
	return NULL;
}

/* The first 12 hex of line n's hash ("torn" when it is no event). */
static void line_hash12(const struct buf *b, size_t n, char out[13])
{
	size_t len;
	const char *p = nth_line(b, n, &len), *h;
	json_t *ev = p ? json_loadb(p, len, 0, NULL) : NULL;

	h = json_str(ev, "hash");
	snprintf(out, 13, "%s", h && strspn(h, "0123456789abcdef") >= 12
		 ? h : "torn");
	json_decref(ev);
}

/* Says each of our events from line `from` on: line, seq, type, item,
 * who, note, so that they can be recorded again.  How many. */
static size_t say_lacking(const struct buf *ours, size_t from)
{
	size_t n = 0, len;
	const char *p;

	for (size_t line = from; (p = nth_line(ours, line, &len)); line++) {
		json_t *ev = json_loadb(p, len, 0, NULL), *pl;
		const char *item, *note;

		if (!ev) {
			sanitize_printf("    line %zu: not a whole event\n",
					line);
			continue;
		}
		pl = json_object_get(ev, "payload");
		item = json_str(pl, "item");
		if (!item)
			item = json_str(pl, "phase");
		if (!item)
			item = json_str(pl, "verdict");	/* a review's */
		note = json_str(pl, "note");
		if (!note)
			note = json_str(pl, "text");	/* a "note" event's */
		sanitize_printf("    line %zu: seq %lld, %s%s%s by %s%s%s%s\n",
				line, (long long)json_integer_value(
					json_object_get(ev, "seq")),
				json_str(ev, "type") ? json_str(ev, "type")
				: "?", item ? " " : "", item ? item : "",
				json_str(ev, "actor") ? json_str(ev, "actor")
				: "?", note ? ": \"" : "", note ? note : "",
				note ? "\"" : "");
		json_decref(ev);
		n++;
	}
	return n;
}

/* Our journal, whole, into <runs>/BASE.diverged/<UTC time>-<hash 12 of
 * our first differing event>[-review-ID].jsonl (a new name each time:
 * "-2", "-3" when taken), read back and verified; a run's logs folder
 * moved beside it (STEM.logs) so that `relcheck --run STEM.jsonl verify`
 * checks them.  The set-aside path (caller frees), or NULL said. */
static char *set_aside(struct sync *y, const struct sync_item *it,
		       const struct buf *ours, size_t line, char **logs_to)
{
	char stamp[32], h12[13], *dir, *jpath = NULL, *logs = NULL, *err = NULL;
	struct buf back = BUF_INIT;
	time_t now = time(NULL);
	struct tm tm;
	char *why = NULL;
	size_t bad = 0;

	*logs_to = NULL;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	line_hash12(ours, line, h12);
	dir = xasprintf("%s/%s.diverged", y->dir, it->base);
	if (path_mkdirs(dir, 0700) < 0) {
		sanitize_fprintf(stderr, "relcheck fetch: cannot make %s: %s\n",
				 dir, strerror(errno));
		goto fail;
	}
	for (int n = 1;; n++) {
		char *stem = xasprintf("%s/%s-%s%s%s", dir, stamp, h12,
				       it->id ? "-review-" : "",
				       it->id ? it->id : "");
		if (n > 1) {
			char *t = xasprintf("%s-%d", stem, n);
			free(stem);
			stem = t;
		}
		jpath = xasprintf("%s.jsonl", stem);
		logs = xasprintf("%s.logs", stem);
		free(stem);
		if (!exists(jpath) && !exists(logs))
			break;
		free(jpath);
		free(logs);
	}
	if (file_write_atomic(jpath, ours->data, ours->len, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck fetch: %s\n", err);
		goto fail;
	}
	if (buf_read_file(&back, jpath) < 0 || back.len != ours->len ||
	    memcmp(back.data, ours->data, back.len) != 0 ||
	    chain_verify(back.data, back.len, NULL, NULL, &why, &bad) != 0) {
		sanitize_fprintf(stderr, "relcheck fetch: %s: the set-aside "
				 "copy %s does not verify (%s): nothing "
				 "taken\n", it->label, jpath,
				 why ? why : "not the same bytes");
		goto fail;
	}
	if (it->kind == SHARE_RUN && path_is_dir(it->logdir)) {
		if (rename(it->logdir, logs) < 0) {
			sanitize_fprintf(stderr, "relcheck fetch: cannot move "
					 "%s to %s: %s: nothing taken\n",
					 it->logdir, logs, strerror(errno));
			goto fail;
		}
		*logs_to = logs;
		logs = NULL;
	}
	free(logs);
	free(dir);
	free(why);
	buf_free(&back);
	return jpath;
fail:
	y->status = EXIT_FAILED;
	free(jpath);
	free(logs);
	free(dir);
	free(why);
	free(err);
	buf_free(&back);
	return NULL;
}

/* Diverged, and --theirs: under our journal's lock, ours set aside
 * whole, then the remote's journal and logs taken as a fetch takes
 * them; our events the remote lacks said to be recorded again. */
static void take_theirs(struct sync *y, const struct sync_item *it,
			const struct share_record *theirs,
			const struct buf *ours, const struct chain_result *cr,
			struct journal *j)
{
	char *aside = NULL, *logs = NULL, local[SHARE_HEX], *err = NULL;

	if (it->kind == SHARE_RUN && check_logs(y, it, theirs, false) < 0) {
		y->status = EXIT_FAILED;
		return;
	}
	if (journal_read_only(j) != NULL) {
		sanitize_fprintf(stderr, "relcheck fetch: %s: %s (%s): "
				 "not taken; fetch again when it is done\n",
				 it->label, journal_read_only(j), it->path);
		y->status = EXIT_FAILED;
		return;
	}
	if (!(aside = set_aside(y, it, ours, cr->a.line, &logs)))
		goto out;
	if (materialise(y, it, theirs, j) < 0) {
		/* Ours is still in place: its logs go back beside it. */
		if (logs && rename(logs, it->logdir) < 0)
			sanitize_fprintf(stderr, "relcheck fetch: its logs are "
					 "in %s\n", logs);
		goto out;
	}
	if (share_ref(y->sh, it->local_ref, local, &err) < 0 ||
	    (strcmp(local, theirs->commit) != 0 &&
	     share_set_ref(y->sh, it->local_ref, theirs->commit, local,
			   &err) < 0)) {
		sanitize_fprintf(stderr, "relcheck fetch: %s: %s\n", it->label,
				 err ? err : "");
		y->status = EXIT_FAILED;
	}
	sanitize_printf("%s: diverged from %s: took %s's\n"
			"  this clone's, whole, is set aside in %s%s%s\n"
			"  (relcheck --run %s verify); its events that %s's "
			"lacks, to record again:\n", it->label, y->remote,
			y->remote, aside, logs ? " with its logs " : "",
			logs ? logs : "", aside, y->remote);
	say_lacking(ours, cr->a.line);
out:
	free(aside);
	free(logs);
	free(err);
}

static void fetch_one(struct sync *y, const struct sync_item *it)
{
	struct share_record theirs;
	struct chain_result cr;
	struct buf ours = BUF_INIT;
	struct journal *j = NULL;
	bool made = false;
	char *err = NULL;

	share_record_init(&theirs);
	memset(&cr, 0, sizeof(cr));
	if (sync_read_remote(y, it, &theirs) != 0 ||
	    lock_ours(y, it, &j, &made) < 0 ||
	    sync_read_file(y, it->path, &ours) < 0)
		goto out;
	if (chain_compare(ours.data, ours.len, theirs.journal.data,
			  theirs.journal.len, &cr, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck fetch: %s: %s\n", it->label,
				 err);
		y->status = EXIT_FAILED;
		goto out;
	}
	switch (cr.rel) {
	case CHAIN_DIVERGED:
		if (y->theirs) {
			take_theirs(y, it, &theirs, &ours, &cr, j);
			break;
		}
		sync_say_refusal(y, it, &cr);
		break;
	case CHAIN_BROKEN:
		sync_say_refusal(y, it, &cr);
		break;
	case CHAIN_EQUAL:
		follow(y, it, theirs.commit);
		sanitize_printf("%s: up to date\n", it->label);
		break;
	case CHAIN_A_EXTENDS_B:
		sanitize_printf("%s: ahead of %s: relcheck push sends it\n",
				it->label, y->remote);
		break;
	case CHAIN_B_EXTENDS_A:
		if (it->kind == SHARE_RUN &&
		    check_logs(y, it, &theirs, true) < 0) {
			y->status = EXIT_FAILED;
			break;
		}
		if (materialise(y, it, &theirs, j) < 0)
			break;
		made = false;
		follow(y, it, theirs.commit);
		sanitize_printf("%s: %s from %s\n", it->label,
				ours.len ? "updated" : "new", y->remote);
		break;
	}
out:
	if (made && j && !journal_read_only(j))
		unlink(it->path);	/* the empty one lock_ours made */
	journal_close(j);
	chain_result_free(&cr);
	share_record_free(&theirs);
	buf_free(&ours);
	free(err);
}

static int cmd_fetch_exec(struct cmd *cmd)
{
	struct sync y;
	char *run = NULL;
	int rc = sync_begin(&y, cmd, true);

	if (rc != EXIT_OK)
		goto out;
	if (cmd->nargs > 0 && !(run = sync_run_arg(&y, cmd->args[0]))) {
		rc = EXIT_USAGE;
		goto out;
	}
	y.theirs = cmd_has(cmd, "theirs");
	if (y.theirs && !run) {
		sanitize_fprintf(stderr, "relcheck fetch: --theirs takes the "
				 "remote's copy of one run: name it (relcheck "
				 "fetch --theirs RUN)\n");
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = sync_fetch_refs(&y)) != EXIT_OK)
		goto out;
	sync_remote_items(&y, run);
	if (y.nitems == 0 && y.status == EXIT_OK)
		sanitize_printf("no run%s%s on %s\n", run ? " " : "",
				run ? run : "", y.remote);
	for (size_t i = 0; i < y.nitems; i++)
		fetch_one(&y, &y.items[i]);
	rc = y.status;
out:
	free(run);
	sync_end(&y);
	return rc;
}

static const struct cmd_option fetch_options[] = {
	{ .name = "remote", .arg = "NAME",
	  .help = "the remote (default: the branch's, else origin)" },
	{ .name = "theirs",
	  .help = "when RUN has diverged, take the remote's journal and "
		  "logs after setting this clone's aside whole in "
		  "BASE.diverged/, and list our events it lacks" },
	{ .name = NULL },
};

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "[RUN] [--remote NAME] [--theirs]",
	.summary = "take a remote's runs and reviews into this clone "
		   "(fast-forward only)",
	.options = fetch_options,
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_PREPARE,
	.exec = cmd_fetch_exec,
};
