/* cmd-push.c: `relcheck push [RUN] [--remote NAME]`: this clone's runs
 * and reviews to a remote, as git refs, only where the remote's journal
 * is a prefix of ours (or absent): a fast-forward by the hash chain. */
#include "config.h"

#include "cmd.h"
#include "hash.h"
#include "print.h"
#include "sanitize.h"
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUSH_TIMEOUT 300

/* Our record of it: the journal and the logs it names, each log's
 * sha256 checked against the journal.  0, 1 (no journal here), -1
 * said. */
static int local_record(struct sync *y, const struct sync_item *it,
			struct share_record *rec)
{
	struct sync_log *logs = NULL;
	size_t n = 0;
	char *err = NULL;
	int rc = -1;

	if (sync_read_file(y, it->path, &rec->journal) < 0)
		return -1;
	/* Whole lines only: a line being written now (or a crash's torn
	 * one) stays home; what goes is a prefix of what comes next. */
	while (rec->journal.len && rec->journal.data[rec->journal.len - 1]
	       != '\n')
		rec->journal.data[--rec->journal.len] = '\0';
	if (rec->journal.len == 0)
		return 1;
	if (it->kind != SHARE_RUN)
		return 0;
	if (sync_named_logs(&rec->journal, &logs, &n, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck push: %s: %s: not pushed\n",
				 it->label, err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		char *path, hex[SHA256_HEX_LEN + 1];
		struct buf b = BUF_INIT;
		bool seen = false;

		for (size_t k = 0; k < rec->nlogs; k++)
			seen = seen || strcmp(rec->logs[k].name,
					      logs[i].name) == 0;
		if (seen)
			continue;
		if (!share_log_name_ok(logs[i].name)) {
			sanitize_fprintf(stderr, "relcheck push: %s: the log "
					 "name \"%s\" cannot be shared: not "
					 "pushed\n", it->label, logs[i].name);
			goto out;
		}
		path = path_join(it->logdir, logs[i].name);
		if (buf_read_file(&b, path) < 0) {
			sanitize_fprintf(stderr, "relcheck push: warning: %s: "
					 "the log %s is missing: pushed "
					 "without it\n", it->label, path);
			free(path);
			buf_free(&b);
			continue;
		}
		sha256_hex(b.data, b.len, hex);
		if (strcmp(hex, logs[i].sha256) != 0) {
			sanitize_fprintf(stderr, "relcheck push: %s: the log %s "
					 "changed since it was recorded: not "
					 "pushed\n", it->label, path);
			free(path);
			buf_free(&b);
			goto out;
		}
		share_record_add_log(rec, logs[i].name, b.data, b.len);
		free(path);
		buf_free(&b);
	}
	rc = 0;
out:
	if (rc < 0)
		y->status = EXIT_FAILED;
	sync_logs_free(logs, n);
	free(err);
	return rc;
}

/* One journal: compared with the remote's, committed on its local ref
 * when it may go.  The refspec to push goes to specs. */
static void push_one(struct sync *y, const struct sync_item *it,
		     char ***specs, char ***tracked, size_t *nspecs)
{
	struct share_record ours, theirs;
	struct chain_result cr;
	char local[SHARE_HEX], made[SHARE_HEX], *err = NULL;
	const char *parent;
	int rr;

	share_record_init(&ours);
	share_record_init(&theirs);
	memset(&cr, 0, sizeof(cr));
	if (local_record(y, it, &ours) != 0)
		goto out;
	rr = sync_read_remote(y, it, &theirs);
	if (rr < 0)
		goto out;
	if (chain_compare(ours.journal.data, ours.journal.len,
			  theirs.journal.data, theirs.journal.len, &cr,
			  &err) < 0) {
		sanitize_fprintf(stderr, "relcheck push: %s: %s\n", it->label,
				 err);
		y->status = EXIT_FAILED;
		goto out;
	}
	if (cr.rel == CHAIN_BROKEN || cr.rel == CHAIN_DIVERGED) {
		sync_say_refusal(y, it, &cr);
		goto out;
	}
	if (cr.rel == CHAIN_B_EXTENDS_A) {
		sanitize_printf("%s: behind %s (it has more events): relcheck "
				"fetch takes them\n", it->label, y->remote);
		goto out;
	}
	if (share_ref(y->sh, it->local_ref, local, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck push: %s\n", err);
		y->status = EXIT_FAILED;
		goto out;
	}
	/* The parent: our last commit when it already holds the remote's,
	 * else the remote's (so that the push is a fast-forward). */
	parent = *local && (!*theirs.commit ||
			    share_descends(y->sh, local, theirs.commit))
		 ? local : theirs.commit;
	if (share_commit(y->sh, it->local_ref, it->kind, &ours, parent, local,
			 made, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck push: %s: %s\n", it->label,
				 err);
		y->status = EXIT_FAILED;
		goto out;
	}
	if (strcmp(made, theirs.commit) == 0) {
		sanitize_printf("%s: up to date on %s\n", it->label, y->remote);
		goto out;
	}
	*specs = xrealloc(*specs, (*nspecs + 1) * sizeof(**specs));
	*tracked = xrealloc(*tracked, (*nspecs + 1) * sizeof(**tracked));
	(*specs)[*nspecs] = xasprintf("%s:%s", it->local_ref, it->local_ref);
	/* "-" for no remote-tracking ref yet: never an empty field, which
	 * would shift the ref into old's place (cut to 40 bytes). */
	(*tracked)[*nspecs] = xasprintf("%s %s %s", made, *theirs.commit ?
					theirs.commit : "-", it->remote_ref);
	(*nspecs)++;
out:
	chain_result_free(&cr);
	share_record_free(&ours);
	share_record_free(&theirs);
	free(err);
}

/* What git push --porcelain said of each ref it refused ("!\tSRC:DST\t
 * [rejected] (why)"), named with the remote, then what the remote's
 * hooks said ("remote: ..." lines: a server that refuses refs/relcheck/
 * says why there).  Returns 0 when nothing was refused, 1 when refused,
 * 2 when a refusal is git's "not a fast-forward" (the ref moved). */
static int say_rejections(struct sync *y, const struct buf *out)
{
	int any = 0;

	for (const char *p = out->data; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 2 && p[0] == '!' && p[1] == '\t') {
			const char *colon = memchr(p, ':', len);
			const char *tab = colon ? memchr(colon, '\t',
					  len - (size_t)(colon - p)) : NULL;
			int rlen = tab ? (int)(tab - colon - 1) : 0;
			int wlen = tab ? (int)(len - (size_t)(tab + 1 - p)) : 0;

			sanitize_fprintf(stderr, "relcheck push: the remote %s "
					 "refused %.*s: %.*s\n", y->remote,
					 rlen, colon ? colon + 1 : "", wlen,
					 tab ? tab + 1 : "");
			if (any < 2)
				any = tab && (memmem(tab, (size_t)wlen,
						     "fast-forward", 12) ||
					      memmem(tab, (size_t)wlen,
						     "fetch first", 11)) ? 2 : 1;
		}
		p = nl ? nl + 1 : p + len;
	}
	for (const char *p = out->data; any && p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 8 && strncmp(p, "remote: ", 8) == 0)
			sanitize_fprintf(stderr, "relcheck push: %s said: %.*s\n",
					 y->remote, (int)(len - 8 > 500 ? 500
					 : len - 8), p + 8);
		p = nl ? nl + 1 : p + len;
	}
	return any;
}

/* Our copy of the remote's refs, where the push went through. */
static void track(struct sync *y, char **tracked, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char made[SHARE_HEX], old[SHARE_HEX], ref[512], *err = NULL;

		old[0] = '\0';
		if (sscanf(tracked[i], "%40s %40s %511s", made, old, ref) < 3)
			continue;
		if (strcmp(old, "-") == 0)
			old[0] = '\0';
		if (share_set_ref(y->sh, ref, made, old, &err) < 0)
			free(err);
	}
}

static int push_refs(struct sync *y, char **specs, char **tracked, size_t n)
{
	const char **argv = xcalloc(n + 5, sizeof(*argv));
	struct buf out = BUF_INIT;
	char *err = NULL;
	size_t k = 0;
	int code;

	argv[k++] = "git";
	argv[k++] = "push";
	argv[k++] = "--porcelain";
	argv[k++] = y->remote;
	for (size_t i = 0; i < n; i++)
		argv[k++] = specs[i];	/* never a '+': no forced update */
	argv[k] = NULL;
	if (share_git(y->ctx->root, argv, PUSH_TIMEOUT, &code, &out,
		      &err) < 0) {
		sanitize_fprintf(stderr, "relcheck push: %s\n", err);
		y->status = EXIT_FAILED;
	} else if (code != 0) {
		int refused = say_rejections(y, &out);

		if (!refused) {
			sanitize_fprintf(stderr, "relcheck push: cannot push to "
					 "the remote %s (git push exit %d)\n",
					 y->remote, code);
			sanitize_fprintf(stderr, "relcheck push: git said: %.*s\n",
					 (int)(out.len > 2000 ? 2000 : out.len),
					 out.data);
		} else if (refused == 2) {
			sanitize_fprintf(stderr, "relcheck push: nothing was "
					 "overwritten; a ref rejected as not a "
					 "fast-forward moved meanwhile: relcheck "
					 "fetch, then push again\n");
		} else {
			sanitize_fprintf(stderr, "relcheck push: nothing was "
					 "written on %s: it does not take these "
					 "refs (its hooks or permissions; ask its "
					 "administrator to allow refs/relcheck/*)\n",
					 y->remote);
		}
		y->status = EXIT_FAILED;
	} else {
		track(y, tracked, n);
		for (size_t i = 0; i < n; i++)
			sanitize_printf("pushed %s to %s\n",
					strchr(specs[i], ':') + 1, y->remote);
	}
	free(argv);
	free(err);
	buf_free(&out);
	return 0;
}

static int cmd_push_exec(struct cmd *cmd)
{
	struct sync y;
	char *run = NULL, **specs = NULL, **tracked = NULL;
	size_t n = 0;
	int rc = sync_begin(&y, cmd, false);

	if (rc != EXIT_OK)
		goto out;
	if (cmd->nargs > 0 && !(run = sync_run_arg(&y, cmd->args[0]))) {
		rc = EXIT_USAGE;
		goto out;
	}
	sync_local_items(&y, run);
	if (y.nitems == 0) {
		sanitize_fprintf(stderr, "relcheck push: no run%s%s to push in "
				 "%s\n", run ? " " : "", run ? run : "", y.dir);
		rc = EXIT_FAILED;
		goto out;
	}
	if ((rc = sync_fetch_refs(&y)) != EXIT_OK)
		goto out;
	for (size_t i = 0; i < y.nitems; i++)
		push_one(&y, &y.items[i], &specs, &tracked, &n);
	if (n)
		push_refs(&y, specs, tracked, n);
	rc = y.status;
out:
	for (size_t i = 0; i < n; i++) {
		free(specs[i]);
		free(tracked[i]);
	}
	free(specs);
	free(tracked);
	free(run);
	sync_end(&y);
	return rc;
}

static const struct cmd_option push_options[] = {
	{ .name = "remote", .arg = "NAME",
	  .help = "the remote (default: the branch's, else origin)" },
	{ .name = NULL },
};

const struct cmd_entry cmd_push_entry = {
	.name = "push",
	.usage = "[RUN] [--remote NAME]",
	.summary = "send this clone's runs and reviews to a remote "
		   "(fast-forward only)",
	.options = push_options,
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_PREPARE,
	.exec = cmd_push_exec,
};
