/* cmd-verify.c: `relcheck verify [RUN] [--recheck] [--report FILE]`.
 *
 * Checks the journal's chain and every log file's hash against the
 * record; with --recheck, runs again the checks of what a release leaves
 * behind (tags, the package index) and lists each item whose world no
 * longer matches what was recorded: a tag moved or gone, a file on the
 * index changed or gone.
 *
 * The chain alone cannot show that a journal was cut back: what is left
 * of it is a good chain.  So the run is also compared with the records
 * made of it outside the journal: the report `relcheck publish` put in
 * the git note on the release tag (when there is one), and with
 * --report, a signed report.  Each carries the final hash and the number
 * of events of the run it was made from; the run must have exactly
 * those.  A torn last line is a crash's only when no such record shows
 * its event whole, and, in a closed run, only when it is a review.
 * Exit 0 when intact and matching, 1 otherwise, 2 for a record that
 * cannot be read.
 */
#include "config.h"
#include "sanitize.h"

#include "checkrun.h"
#include "cmd.h"
#include "events.h"
#include "gitlib.h"
#include "hash.h"
#include "print.h"
#include "project.h"
#include "run.h"
#include "sign.h"

#include <jansson.h>
#include <errno.h>
#include <git2.h>
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
	json_t *log;
	const char *name, *want;
	char hex[SHA256_HEX_LEN + 1];
	char *path;

	if (!journal_event_has(ev, "log"))
		return 0;	/* most events: no payload tree needed */
	log = json_object_get(journal_event_payload(ev), "log");
	name = json_string_value(json_object_get(log, "path"));
	want = json_string_value(json_object_get(log, "sha256"));
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

/* ---- records of the run made outside the journal ---- */

#define NOTES_REF "refs/notes/relcheck"	/* as cmd-publish.c writes */

/* What a report says of the run it was made from. */
struct record {
	char *what;		/* "the report FILE", "the record published
				 * on tag v1.0.0" (owned) */
	char *run;		/* the run's file name, when said (owned) */
	long long events;
	char hash[JOURNAL_HASH_LEN + 1];
	/* The verdicts it shows from reviewers' journals, by their event
	 * hash (reviews NULL: it does not say, an older record). */
	json_t *reviews;
};

static bool hex64(const char *s)
{
	for (size_t i = 0; i < JOURNAL_HASH_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The JSON report (a note, or --format json): run.events and
 * run.final_hash.  0, or -1 with *err naming the field. */
static int record_from_json(struct record *rec, const char *text,
			    char **err)
{
	json_error_t je;
	json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &je), *run, *n;
	const char *h;
	int rc = -1;

	if (!o) {
		*err = xasprintf("line %d, column %d: not JSON (%s)", je.line,
				 je.column, je.text);
		return -1;
	}
	run = json_object_get(o, "run");
	n = json_object_get(run, "events");
	h = json_string_value(json_object_get(run, "final_hash"));
	if (!json_is_object(run))
		*err = xstrdup("the field run is missing: not a relcheck "
			       "report");
	else if (!json_is_integer(n) || json_integer_value(n) < 0)
		*err = xstrdup("the field run.events is missing or not a "
			       "count");
	else if (!h || strlen(h) != JOURNAL_HASH_LEN || !hex64(h))
		*err = xstrdup("the field run.final_hash is missing or not a "
			       "sha256");
	else
		rc = 0;
	if (rc == 0) {
		const char *f = json_string_value(json_object_get(run, "file"));
		rec->run = f ? xstrdup(f) : NULL;
		rec->events = json_integer_value(n);
		memcpy(rec->hash, h, sizeof(rec->hash));
		rec->reviews = json_incref(json_object_get(o, "reviews"));
	}
	json_decref(o);
	return rc;
}

/* The text, markdown and HTML reports end with the line
 *   The journal's final hash (N events): HASH
 * (text: the hash on the next line; HTML: &#39; and a span).  The last
 * such line at the start of a line is the one: nothing a person types
 * can start a line after it.  0, or -1 when there is none. */
static int record_from_text(struct record *rec, const char *text)
{
	static const char *const marks[] = {
		"The journal's final hash (",
		"<p>The journal&#39;s final hash (",
	};
	const char *found = NULL, *p;
	char *end;
	long long n;

	for (size_t m = 0; m < ARRAY_SIZE(marks); m++)
		for (p = strstr(text, marks[m]); p; p = strstr(p + 1, marks[m]))
			if ((p == text || p[-1] == '\n') && p > found)
				found = p + strlen(marks[m]);
	if (!found || *found < '0' || *found > '9')
		return -1;
	errno = 0;
	n = strtoll(found, &end, 10);
	if (errno || !str_starts_with(end, " events):"))
		return -1;
	p = end + strlen(" events):");
	p += strspn(p, " \n");
	if (str_starts_with(p, "<span class=\"hash\">"))
		p += strlen("<span class=\"hash\">");
	if (strlen(p) < JOURNAL_HASH_LEN || !hex64(p) ||
	    (p[JOURNAL_HASH_LEN] >= '0' && p[JOURNAL_HASH_LEN] <= '9') ||
	    (p[JOURNAL_HASH_LEN] >= 'a' && p[JOURNAL_HASH_LEN] <= 'f'))
		return -1;
	rec->events = n;
	memcpy(rec->hash, p, JOURNAL_HASH_LEN);
	rec->hash[JOURNAL_HASH_LEN] = '\0';
	return 0;
}

struct at_seq {
	long long seq;
	char hash[JOURNAL_HASH_LEN + 1];
};

static int on_at_seq(const struct journal_event *ev, void *data)
{
	struct at_seq *a = data;

	if (ev->seq != a->seq)
		return 0;
	snprintf(a->hash, sizeof(a->hash), "%s", ev->hash);
	return 1;
}

/* The hash of the journal's event seq ("" when it has none). */
static void hash_at(struct journal *j, long long seq, char *hash)
{
	struct at_seq a = { .seq = seq };
	struct diag d = DIAG_INIT;

	journal_replay(j, on_at_seq, &a, &d);
	diag_free(&d);
	memcpy(hash, a.hash, sizeof(a.hash));
	journal_replay(j, NULL, NULL, &d);	/* its state as it was */
	diag_free(&d);
}

/* Says what a torn last line is, given a record of more events: not a
 * crash's (the event was whole when the record was made). */
static void torn_not_crash(const struct journal *j, const struct record *rec)
{
	struct journal_torn t;

	if (journal_torn(j, 0, &t) == 0)
		return;
	printf("%s: line %zu is not a torn write: %s shows event %lld "
	       "whole, so the journal was cut back in the middle of a line\n",
	       journal_path(j), t.line, rec->what, journal_last_seq(j) + 1);
}

/* Compares the run with a record of it: the same number of events, the
 * same final hash.  0 when they match, else 1 after saying how they
 * differ. */
static int compare_record(struct journal *j, const struct record *rec)
{
	long long have = journal_last_seq(j);
	const char *last = journal_last_hash(j);
	char at[JOURNAL_HASH_LEN + 1];

	if (have == rec->events && strcmp(last, rec->hash) == 0)
		return 0;	/* the caller says so */
	printf("%s is not of the run as it stands: ", rec->what);
	if (have < rec->events) {
		printf("the run has %lld events, %s was made from %lld: the "
		       "journal was cut back after event %lld%s\n", have,
		       rec->what, rec->events, have,
		       journal_torn(j, 0, NULL) ? "" : " (or replaced)");
		torn_not_crash(j, rec);
		return 1;
	}
	hash_at(j, rec->events, at);
	if (have > rec->events && strcmp(at, rec->hash) == 0) {
		printf("the run has %lld events, %s was made from %lld: the "
		       "run went on after it (events %lld to %lld are not in "
		       "it)\n", have, rec->what, rec->events, rec->events + 1,
		       have);
		return 1;
	}
	printf("the run's event %lld has the hash %.16s..., %s has %.16s...: "
	       "the journal was changed or replaced (the run has %lld events, "
	       "%s was made from %lld)\n", rec->events, *at ? at : "(none)",
	       rec->what, rec->hash, have, rec->what, rec->events);
	return 1;
}

/* Whether the run has the verdict whose event hash is h. */
static bool run_has_review(const struct run *run, const char *h)
{
	for (size_t i = 0; h && i < run->nreviews; i++)
		if (run->reviews[i].event_hash &&
		    strcmp(run->reviews[i].event_hash, h) == 0)
			return true;
	return false;
}

static const char *jget(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "?";
}

/* Compares the verdicts of reviewers' journals (review.c) with those a
 * record shows: a record's verdict missing from the run (a reviewer's
 * journal cut back, removed or damaged), or a verdict given after the
 * record.  0 when they match (or the record does not say), else 1. */
static int compare_reviews(const struct run *run, const struct record *rec)
{
	size_t i, shown = 0;
	json_t *v;
	int rc = 0;

	if (!json_is_array(rec->reviews))
		return 0;
	json_array_foreach(rec->reviews, i, v) {
		if (!json_string_value(json_object_get(v, "journal")))
			continue;	/* the run's own: in its chain */
		shown++;
		if (!run_has_review(run, json_string_value(json_object_get(
						v, "event_hash")))) {
			sanitize_printf("%s shows a verdict the run has not: %s "
					"by %s at %s (%s, event %.16s...): a "
					"reviewer's journal was cut back, removed "
					"or damaged\n", rec->what,
					jget(v, "verdict"), jget(v, "by"),
					jget(v, "at"), jget(v, "journal"),
					jget(v, "event_hash"));
			rc = 1;
		}
	}
	for (i = 0; i < run->nreviews; i++) {
		const struct review_record *rv = &run->reviews[i];
		bool found = false;
		size_t k;

		if (!rv->file)
			continue;
		json_array_foreach(rec->reviews, k, v)
			found |= rv->event_hash && strcmp(rv->event_hash,
					jget(v, "event_hash")) == 0;
		if (!found) {
			sanitize_printf("%s: the run went on after it: the "
					"verdict %s by %s at %s is not in it\n",
					rec->what, rv->approve ? "approve"
					: "reject", rv->who, rv->when);
			rc = 1;
		}
	}
	if (rc == 0 && shown)
		sanitize_printf("%s shows the same %zu verdict%s of reviewers' "
				"journals as the run\n", rec->what, shown,
				shown == 1 ? "" : "s");
	return rc;
}

/* Every reviewer's journal (review.c): its chain, that it pins this run,
 * and that each verdict's reviewed event is the run's (seq and hash).
 * 0, or 1 after saying what is wrong. */
static int verify_reviews(const struct run *run, struct journal *j)
{
	size_t files = 0;
	int rc = 0;

	for (size_t i = 0; i < run->nreview_problems; i++) {
		sanitize_printf("%s\n", run->review_problems[i]);
		rc = 1;
	}
	for (size_t i = 0; i < run->nreviews; i++) {
		const struct review_record *rv = &run->reviews[i];
		char at[JOURNAL_HASH_LEN + 1] = "";

		if (!rv->file)
			continue;
		files += i == 0 || !run->reviews[i - 1].file ||
			 strcmp(run->reviews[i - 1].file, rv->file) != 0;
		if (rv->reviewed_seq > 0)
			hash_at(j, rv->reviewed_seq, at);
		if (!rv->reviewed_hash || strcmp(at, rv->reviewed_hash) != 0) {
			sanitize_printf("%s:%zu: the verdict of %s reviewed the "
					"run's event %lld with the hash %.16s..., "
					"the run's is %.16s...: the run was "
					"rewritten after it was reviewed\n",
					rv->file, rv->line, rv->who,
					rv->reviewed_seq, rv->reviewed_hash ?
					rv->reviewed_hash : "?", *at ? at
					: "(none)");
			rc = 1;
		}
	}
	if (rc == 0)
		sanitize_printf("reviews: %zu verdict%s, every reviewer's journal "
				"intact and of this run\n", run->nreviews,
				run->nreviews == 1 ? "" : "s");
	(void)files;
	return rc;
}

/* One signature's line; 1 when it fails verify: bad or revoked always;
 * missing, unknown or expired when the policy says signed = true. */
static int say_signature(const struct run *run, const char *what,
			 const char *where, size_t line, enum sig_state st,
			 const char *fpr, const char *uid, const char *note)
{
	bool required = run->cl->review.signed_;

	switch (st) {
	case SIG_GOOD:
		sanitize_printf("signature: %s (%s:%zu): good, by %s (key "
				"%s)\n", what, where, line, uid ? uid : "?",
				fpr ? fpr : "?");
		return 0;
	case SIG_NONE:
		if (!required)
			return 0;
		sanitize_printf("signature: %s (%s:%zu): NOT SIGNED, and the "
				"review policy says signed = true\n", what,
				where, line);
		return 1;
	case SIG_BAD:
		sanitize_printf("signature: %s (%s:%zu): BAD (key %s): %s: it "
				"does not sign this event where it stands (the "
				"chain was rewritten, or the event changed)\n",
				what, where, line, fpr ? fpr : "?", note ? note
				: "");
		return 1;
	case SIG_REVOKED:
		sanitize_printf("signature: %s (%s:%zu): by a REVOKED key %s "
				"(%s)\n", what, where, line, fpr ? fpr : "?",
				uid ? uid : "?");
		return 1;
	case SIG_EXPIRED:
	case SIG_UNKNOWN:
		sanitize_printf("signature: %s (%s:%zu): %s%s (key %s)%s\n",
				what, where, line, st == SIG_EXPIRED
				? "expired: " : "cannot be checked: ",
				note ? note : "", fpr ? fpr : "?", required
				? "" : " (a warning: the policy does not require "
				"signatures)");
		return required;
	}
	return 1;
}

/* Every sign-off's and every verdict's signature (review.c's canonical
 * text, over the event's own prev: a chain rewritten from an older line
 * onward breaks every signature after it).  0, or 1 after saying what
 * fails. */
static int verify_signatures(const struct run *run)
{
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < run->nphases; i++) {
		const struct phase_record *ph = &run->phases[i];
		enum sig_state st;
		char *fpr, *uid, *note, *what, *text;

		if (!ph->signed_off || !ph->line)
			continue;
		text = run_sign_text(run->first_hash, run->release, "signoff",
				     ph->phase->id, ph->seq, ph->who, ph->prev,
				     -1, NULL, NULL);
		run_check_signature(text, ph->signature, &st, &fpr, &uid,
				    &note);
		what = xasprintf("the sign-off of %s by %s", ph->phase->id,
				 ph->who ? ph->who : "?");
		/* A signed sign-off's claim must be its chain's (an unsigned
		 * one's journal_hash is only said, as before signatures). */
		if (ph->signature && ph->hash && ph->prev &&
		    strcmp(ph->hash, ph->prev) != 0) {
			sanitize_printf("%s:%zu: %s says journal_hash %.16s..., "
					"but it follows %.16s...\n", run->path,
					ph->line, what, ph->hash, ph->prev);
			rc = 1;
		}
		rc |= say_signature(run, what, run->path, ph->line, st, fpr,
				    uid, note);
		n += ph->signature != NULL;
		free(what);
		free(text);
		free(fpr);
		free(uid);
		free(note);
	}
	if (run->closed && run->closed_line) {
		enum sig_state st;
		char *fpr, *uid, *note, *what, *text;

		text = run_sign_text(run->first_hash, run->release, "close",
				     "run", run->closed_seq, run->closed_by,
				     run->closed_prev, -1, NULL, NULL);
		run_check_signature(text, run->closed_signature, &st, &fpr,
				    &uid, &note);
		what = xasprintf("the close by %s", run->closed_by ?
				 run->closed_by : "?");
		rc |= say_signature(run, what, run->path, run->closed_line, st,
				    fpr, uid, note);
		n += run->closed_signature != NULL;
		free(what);
		free(text);
		free(fpr);
		free(uid);
		free(note);
	}
	for (size_t i = 0; i < run->nreviews; i++) {
		const struct review_record *rv = &run->reviews[i];
		char *what = xasprintf("the verdict (%s) of %s", rv->approve
				       ? "approve" : "reject", rv->who ?
				       rv->who : "?");

		rc |= say_signature(run, what, rv->file ? rv->file : run->path,
				    rv->line, rv->sig, rv->signer_fpr,
				    rv->signer_uid, rv->sig_note);
		n += rv->signature != NULL;
		if (rv->not_counted)
			sanitize_printf("review policy: %s: not counted: %s\n",
					what, rv->not_counted);
		free(what);
	}
	if (run->cl->review.set)
		sanitize_printf("review policy: %s\n", run_state_word(run));
	if (rc == 0 && n)
		sanitize_printf("signatures: %zu checked, every one good\n", n);
	return rc;
}

/* verify --report FILE: the report's signature is good (FILE.asc beside
 * it, or FILE clearsigned), and the report is of this run as it stands:
 * the final hash and the number of events it carries are the journal's.
 * 0, or 1 after saying why. */
static int verify_report(const char *file, const struct run *run,
			 struct journal *j)
{
	struct buf data = BUF_INIT, sig = BUF_INIT, plain = BUF_INIT;
	char *asc = xasprintf("%s.asc", file), *who = NULL, *err = NULL;
	struct record rec = { 0 };
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
		text = data.data ? data.data : "";
	} else if (str_starts_with(data.data,
				   "-----BEGIN PGP SIGNED MESSAGE-----")) {
		if (sign_verify(data.data, data.len, NULL, 0, &plain, &who,
				&err) < 0)
			goto bad;
		buf_addc(&plain, '\0');
		text = plain.data;
	} else {
		printf("%s: no signature (no %s beside it, and not "
		       "clearsigned)\n", file, asc);
		goto out;
	}
	printf("%s: the signature is good, by %s\n", file, who);
	if (strlen(text) != (text == plain.data ? plain.len - 1 : data.len)) {
		printf("%s: the signed report holds a NUL byte: not a relcheck "
		       "report\n", file);
		goto out;
	}
	rec.what = xasprintf("the report %s", file);
	if (text[strspn(text, " \t\r\n")] == '{') {
		if (record_from_json(&rec, text, &err) < 0) {
			printf("%s: %s\n", file, err);
			rc = 2;
			goto out;
		}
	} else if (record_from_text(&rec, text) < 0) {
		printf("%s: the report carries no final hash and number of "
		       "events (made by an older relcheck, or not a relcheck "
		       "report): it cannot be matched with the run\n", file);
		goto out;
	}
	rc = compare_record(j, &rec);
	if (rc == 0)
		rc = compare_reviews(run, &rec);
	if (rc == 0)
		printf("%s: the report matches the run (%lld events, final "
		       "hash %.16s...)\n", file, rec.events, rec.hash);
	goto out;
bad:
	printf("%s: %s\n", file, err);
out:
	json_decref(rec.reviews);
	free(rec.run);
	free(rec.what);
	free(err);
	free(who);
	free(asc);
	buf_free(&plain);
	buf_free(&sig);
	buf_free(&data);
	return rc;
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

/* The notes on the tag's commit and, for an annotated tag, on the tag
 * object (publish writes both; a different one on either is compared
 * too).  Fills notes[] (caller frees each); 0, or -1 with *err; no tag
 * or no note is 0 notes. */
static int read_notes(const char *root, const char *tag, char *notes[2],
		      size_t *n, char **err)
{
	git_repository *repo = NULL;
	git_object *target = NULL, *commit = NULL;
	char *ref = xasprintf("refs/tags/%s", tag);
	const git_oid *ids[2];
	int rc = -1, e;

	*n = 0;
	gitlib_init();
	if (git_repository_open_ext(&repo, root, 0, NULL) < 0) {
		rc = 0;		/* no repository: nothing published */
		goto out;
	}
	if (project_guard_objects(repo) < 0) {
		*err = xasprintf("cannot read the repository at %s: %s", root,
				 git_msg());
		goto out;
	}
	e = git_revparse_single(&target, repo, ref);
	if (e == GIT_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (e < 0 || git_object_peel(&commit, target, GIT_OBJECT_COMMIT) < 0) {
		*err = xasprintf("cannot read tag %s: %s", tag, git_msg());
		goto out;
	}
	ids[0] = git_object_id(commit);
	ids[1] = git_object_type(target) == GIT_OBJECT_TAG
		 ? git_object_id(target) : NULL;
	for (size_t i = 0; i < 2 && ids[i]; i++) {
		git_note *note = NULL;
		const char *msg;
		e = git_note_read(&note, repo, NOTES_REF, ids[i]);
		if (e == GIT_ENOTFOUND)
			continue;
		if (e < 0) {
			*err = xasprintf("cannot read the note (%s) on tag %s: "
					 "%s", NOTES_REF, tag, git_msg());
			goto out;
		}
		msg = git_note_message(note);
		if (msg && !(*n == 1 && strcmp(notes[0], msg) == 0))
			notes[(*n)++] = xstrdup(msg);
		git_note_free(note);
	}
	rc = 0;
out:
	if (rc < 0)
		while (*n > 0)
			free(notes[--(*n)]);
	git_object_free(commit);
	git_object_free(target);
	git_repository_free(repo);
	free(ref);
	return rc;
}

static const char *path_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The release tag, as publish names it. */
static char *release_tag(const struct checklist *cl, const struct run *run)
{
	if (vars_find(&cl->vars, "tag")) {
		char *err = NULL;
		char *tag = checklist_expand(cl, "${tag}", &err);
		free(err);
		return tag;
	}
	return run->release ? xasprintf("v%s", run->release) : NULL;
}

/* Compares the run with the record published on its tag, when there is
 * one.  0 (matches, or none), 1 (differs), 2 (cannot be read). */
static int verify_published(struct context *ctx, const struct checklist *cl,
			    const struct run *run, struct journal *j)
{
	char *tag = release_tag(cl, run), *notes[2], *err = NULL;
	size_t n = 0;
	int rc = 0;

	if (!tag)
		return 0;
	if (read_notes(ctx->root, tag, notes, &n, &err) < 0) {
		printf("published record: %s\n", err);
		free(err);
		free(tag);
		return 2;
	}
	if (n == 0)
		printf("published record: none (no note %s on tag %s)\n",
		       NOTES_REF, tag);
	for (size_t i = 0; i < n; i++) {
		struct record rec = { 0 };
		rec.what = xasprintf("the record published on tag %s", tag);
		if (record_from_json(&rec, notes[i], &err) < 0) {
			printf("the note %s on tag %s: %s\n", NOTES_REF, tag,
			       err);
			free(err);
			err = NULL;
			rc = 2;
		} else if (rec.run && strcmp(rec.run, path_base(run->path)) != 0) {
			/* Another checklist's run of the same release. */
			printf("published record: the note on tag %s is of the "
			       "run %s, not of this one (%s): not compared\n",
			       tag, rec.run, path_base(run->path));
		} else if (compare_record(j, &rec) == 0 &&
			   compare_reviews(run, &rec) == 0) {
			printf("published record: the run matches the record "
			       "published on tag %s (%lld events)\n", tag,
			       rec.events);
		} else if (rc == 0) {
			rc = 1;
		}
		json_decref(rec.reviews);
		free(rec.run);
		free(rec.what);
		free(notes[i]);
	}
	free(tag);
	return rc;
}

/* A torn last line of a closed run: a closed run takes only reviews, the
 * one due next.  1 (and says so) when the torn line cannot be that. */
static int torn_after_close(const struct run *run, struct journal *j)
{
	size_t n = journal_torn(j, 0, NULL);
	int rc = 0;

	if (!run->closed)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct journal_torn t;
		journal_torn(j, i, &t);
		if (*t.type && event_kind_of(t.type) != EV_REVIEW) {
			printf("%s: line %zu is not a torn write: the run is "
			       "closed and takes only reviews, and the line is "
			       "a '%s' event\n", journal_path(j), t.line,
			       t.type);
			rc = 1;
		} else if (t.seq >= 0 && t.seq != journal_last_seq(j) + 1) {
			printf("%s: line %zu is not a torn write: it is event "
			       "%lld, and the event due after the close is "
			       "%lld\n", journal_path(j), t.line, t.seq,
			       journal_last_seq(j) + 1);
			rc = 1;
		}
	}
	return rc;
}

/* Keeps the worse of the two: 2 (unreadable) over 1 (failed) over 0. */
static void worse(int *status, int rc)
{
	if (rc == 2)
		*status = EXIT_USAGE;
	else if (rc == 1 && *status == EXIT_OK)
		*status = EXIT_FAILED;
}

static int cmd_verify_exec(struct cmd *cmd)
{
	const char *report = cmd_value(cmd, "report");
	struct context *ctx = cmd->ctx;
	struct checklist *cl = cmd->cl;
	struct run *run = cmd->run;
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	struct logs logs = { 0 };
	bool again = cmd_has(cmd, "recheck"), intact;
	char *err = NULL;
	int status = EXIT_FAILED;

	logs.dir = run->log_dir;
	if (journal_open(&j, run->path, 0, &err) < 0) {
		printf("%s\n", err);
		free(err);
		goto out;
	}
	intact = journal_replay_lazy(j, on_event, &logs, &d) == 0;
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		printf("%s\n", m);
		free(m);
	}
	if (intact)
		printf("journal intact: %lld events, the last hash %s\n",
		       journal_last_seq(j), journal_last_hash(j));
	printf("log files: %zu checked, %zu bad\n", logs.checked, logs.bad);
	sanitize_printf("checklist %s (sha256 %.16s)\n", cl->file, cl->sha256);
	if (context_checklist_changed(cl, run))
		sanitize_printf("warning: the run was started with another "
				"checklist (sha256 %.16s): the checklist "
				"changed since\n", run->checklist_sha256);
	if (intact && logs.bad == 0)
		status = EXIT_OK;
	if (intact && torn_after_close(run, j) != 0)
		status = EXIT_FAILED;
	if (again && recheck(ctx, cl, run) > 0)
		status = EXIT_FAILED;
	if (intact) {
		worse(&status, verify_reviews(run, j));
		worse(&status, verify_signatures(run));
		worse(&status, verify_published(ctx, cl, run, j));
		if (report)
			worse(&status, verify_report(report, run, j));
	} else if (report) {
		printf("%s: not compared: the journal is damaged\n", report);
	}
out:
	journal_close(j);
	diag_free(&d);
	return status;
}

static const struct cmd_option verify_options[] = {
	{ .name = "recheck",
	  .help = "run the recorded checks again: does the world still match?" },
	{ .name = "report", .arg = "FILE",
	  .help = "compare a report (json or text) with the journal" },
	{ .name = NULL },
};

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "[RUN] [--recheck] [--report FILE]",
	.summary = "check a run's record is intact (and the world still matches)",
	.options = verify_options,
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_RUN_READ | CMD_RUN_NAMED,
	.exec = cmd_verify_exec,
};
