/* cmd-verify.c: `relcheck verify [RUN] [--recheck]`.
 *
 * Checks the journal's chain and every log file's hash against the
 * record; with --recheck, runs again the checks of what a release leaves
 * behind (tags, the package index) and lists each item whose world no
 * longer matches what was recorded: a tag moved or gone, a file on the
 * index changed or gone.  Exit 0 when intact and matching, 1 otherwise.
 */
#include "config.h"

#include "checkrun.h"
#include "cmd.h"
#include "hash.h"
#include "run.h"
#include "sign.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct logs {
	const char *dir;
	size_t checked;
	size_t bad;
};

static int on_event(const struct journal_event *ev, void *data)
{
	struct logs *l = data;
	json_t *log = json_object_get(ev->payload, "log");
	const char *name = json_string_value(json_object_get(log, "path"));
	const char *want = json_string_value(json_object_get(log, "sha256"));
	char hex[SHA256_HEX_LEN + 1];
	char *path;

	if (!name || !want)
		return 0;
	l->checked++;
	path = path_join(l->dir, name);
	if (sha256_file(path, hex) < 0) {
		printf("line %zu: the log %s is %s\n", ev->line, path,
		       errno == ENOENT ? "missing" : strerror(errno));
		l->bad++;
	} else if (strcmp(hex, want) != 0) {
		printf("line %zu: the log %s changed since it was recorded "
		       "(sha256 %.12s, recorded %.12s)\n", ev->line, path, hex,
		       want);
		l->bad++;
	}
	free(path);
	return 0;
}

/* The evidence that says which world a check saw: ids and hashes. */
static bool identity_key(const char *key)
{
	return strcmp(key, "tag") == 0 || strcmp(key, "commit") == 0 ||
	       strcmp(key, "remote_tag") == 0 ||
	       strncmp(key, "sha256 ", 7) == 0;
}

static bool recheckable(const struct item *it)
{
	return it->check && (strcmp(it->check->type->name, "git-tag") == 0 ||
			     strcmp(it->check->type->name, "pypi") == 0);
}

/* Compares a new result with the record; prints and counts mismatches. */
static size_t compare(const struct item_record *r,
		      const struct check_result *res)
{
	const char *key;
	json_t *v;
	size_t bad = 0;

	if (strcmp(r->item->check->type->name, "pypi") == 0 &&
	    res->status != CHECK_PASS) {
		printf("%s: recorded pass, now %s: %s\n", r->item->full_id,
		       check_status_name(res->status), res->reason);
		bad++;
	}
	json_object_foreach(r->evidence, key, v) {
		const char *was = json_string_value(v);
		const char *now = check_result_get(res, key);
		if (!identity_key(key) || !was)
			continue;
		if (!now) {
			printf("%s: %s was %.12s, now gone (%s)\n",
			       r->item->full_id, key, was, res->reason);
			bad++;
		} else if (strcmp(was, now) != 0) {
			printf("%s: %s was %.12s, now %.12s (%s)\n",
			       r->item->full_id, key, was, now, res->reason);
			bad++;
		}
	}
	return bad;
}

static size_t recheck(struct context *ctx, const struct checklist *cl,
		      struct run *run)
{
	const struct item **items = xcalloc(run->nitems + 1, sizeof(*items));
	struct item_record **recs = xcalloc(run->nitems + 1, sizeof(*recs));
	struct check_result *res;
	size_t n = 0, bad = 0;
	char *err = NULL;
	const char *tmpdir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/relcheck-verify-XXXXXX",
			      tmpdir && *tmpdir ? tmpdir : "/tmp");

	for (size_t i = 0; i < run->nitems; i++) {
		struct item_record *r = &run->items[i];
		if (recheckable(r->item) && r->check_state == ITEM_PASS &&
		    r->evidence) {
			recs[n] = r;
			items[n++] = r->item;
		}
	}
	res = xcalloc(n + 1, sizeof(*res));
	if (!mkdtemp(tmp)) {
		printf("cannot make a folder for the logs: %s\n",
		       strerror(errno));
		bad++;
	} else if (checkrun_items(cl, ctx->root, tmp, items, n, true, res,
				  &err) < 0) {
		printf("%s\n", err);
		free(err);
		bad++;
	} else {
		for (size_t i = 0; i < n; i++)
			bad += compare(recs[i], &res[i]);
		printf("recheck: %zu item%s of tags and the package index "
		       "checked again, %zu mismatch%s\n", n, n == 1 ? "" : "s",
		       bad, bad == 1 ? "" : "es");
	}
	for (size_t i = 0; i < n; i++) {
		if (res[i].log_path)
			unlink(res[i].log_path);
		check_result_free(&res[i]);
	}
	rmdir(tmp);
	free(res);
	free(recs);
	free(items);
	free(tmp);
	return bad;
}

/* verify --report FILE: the report's signature is good (FILE.asc beside
 * it, or FILE clearsigned), and the report is of this run as it stands:
 * it carries the journal's final hash.  0, or 1 after saying why. */
static int verify_report(const char *file, struct journal *j)
{
	struct buf data = BUF_INIT, sig = BUF_INIT, plain = BUF_INIT;
	char *asc = xasprintf("%s.asc", file), *who = NULL, *err = NULL;
	const char *text;
	int rc = 1;

	if (buf_read_file(&data, file) < 0) {
		printf("%s: %s\n", file, strerror(errno));
		goto out;
	}
	if (buf_read_file(&sig, asc) == 0) {
		if (sign_verify(data.data, data.len, sig.data, sig.len, NULL,
				&who, &err) < 0)
			goto bad;
		text = data.data;
	} else if (str_starts_with(data.data,
				   "-----BEGIN PGP SIGNED MESSAGE-----")) {
		if (sign_verify(data.data, data.len, NULL, 0, &plain, &who,
				&err) < 0)
			goto bad;
		text = plain.data ? plain.data : "";
	} else {
		printf("%s: no signature (no %s beside it, and not "
		       "clearsigned)\n", file, asc);
		goto out;
	}
	printf("%s: the signature is good, by %s\n", file, who);
	if (!strstr(text, journal_last_hash(j))) {
		printf("%s: the report is not of the run as it stands: it does "
		       "not carry the journal's final hash %.16s...\n", file,
		       journal_last_hash(j));
		goto out;
	}
	printf("%s: the report matches the run (final hash %.16s...)\n", file,
	       journal_last_hash(j));
	rc = 0;
	goto out;
bad:
	printf("%s: %s\n", file, err);
out:
	free(err);
	free(who);
	free(asc);
	buf_free(&plain);
	buf_free(&sig);
	buf_free(&data);
	return rc;
}

static int cmd_verify_exec(struct context *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "recheck", no_argument, NULL, 'r' },
		{ "report", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	const char *report = NULL;
	struct checklist *cl = NULL;
	struct run *run = NULL;
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	struct logs logs = { 0 };
	bool again = false, intact;
	char *err = NULL;
	int c, status = EXIT_FAILED;

	optind = 0;	/* 0: GNU getopt starts afresh, permuting */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (c == 'r') {
			again = true;
		} else if (c == 'R') {
			report = optarg;
		} else {
			fprintf(stderr, "relcheck verify: unknown option '%s'\n",
				argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "usage: relcheck verify [RUN] [--recheck] "
			"[--report FILE]\n");
		return EXIT_USAGE;
	}
	if (context_named_run(ctx, optind < argc ? argv[optind] : NULL, 0,
			      &cl, &run) != EXIT_OK)
		return EXIT_USAGE;

	logs.dir = run->log_dir;
	if (journal_open(&j, run->path, 0, &err) < 0) {
		printf("%s\n", err);
		free(err);
		goto out;
	}
	intact = journal_replay(j, on_event, &logs, &d) == 0;
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		printf("%s\n", m);
		free(m);
	}
	if (intact)
		printf("journal intact: %lld events, the last hash %s\n",
		       journal_last_seq(j), journal_last_hash(j));
	printf("log files: %zu checked, %zu bad\n", logs.checked, logs.bad);
	if (intact && logs.bad == 0)
		status = EXIT_OK;
	if (again && recheck(ctx, cl, run) > 0)
		status = EXIT_FAILED;
	if (report && verify_report(report, j) != 0)
		status = EXIT_FAILED;
out:
	journal_close(j);
	diag_free(&d);
	run_free(run);
	checklist_free(cl);
	return status;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "[RUN] [--recheck] [--report FILE]",
	.summary = "check a run's record is intact (and the world still matches)",
	.exec = cmd_verify_exec,
};
