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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The remote's logs held to its journal: each one it has must be named
 * by the journal with the same sha256 (else refused and named), and
 * one we have already must be the same bytes.  0, or -1 said. */
static int check_logs(struct sync *y, const struct sync_item *it,
		      const struct share_record *rec)
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
		if (buf_read_file(&have, path) == 0 &&
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
	case CHAIN_BROKEN:
	case CHAIN_DIVERGED:
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
		if (it->kind == SHARE_RUN && check_logs(y, it, &theirs) < 0) {
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
	{ .name = NULL },
};

const struct cmd_entry cmd_fetch_entry = {
	.name = "fetch",
	.usage = "[RUN] [--remote NAME]",
	.summary = "take a remote's runs and reviews into this clone "
		   "(fast-forward only)",
	.options = fetch_options,
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_PREPARE,
	.exec = cmd_fetch_exec,
};
