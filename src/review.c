/* review.c: each reviewer's own journal of verdicts, and the run's
 * reviews merged from every one of them (run.h).
 *
 * A reviewer never writes the run's journal: their verdicts go to
 * RUN.reviews/ID.jsonl, a journal of their own (journal.h's format and
 * lock), so that two reviewers never write the same file, and a reviewer
 * never diverges from the release manager nor waits for their lock.
 * Reading the run merges them: the run's own review events (runs
 * recorded before review journals) and every reviewer's journal whose
 * chain verifies and whose first event pins this run, ordered by time,
 * then by reviewer id.  A journal that does not verify, that pins
 * another run, or whose events are not all its reviewer's is said, with
 * its file and line, and none of its verdicts is counted.
 */
#include "config.h"

#include "run.h"
#include "events.h"
#include "hash.h"
#include "policy.h"
#include "sanitize.h"
#include "sign.h"

#include <jansson.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REVIEWER_ID_MAX 64
/* A verdict is a line of about 1.5 KB signed: 4 MB is thousands. */
#define REVIEW_JOURNAL_MAX (4 * 1024 * 1024)

static bool id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
}

/* The part of identity the id is made of: the mail of "Name <mail>"
 * when there is one, else the whole. */
static char *id_source(const char *identity)
{
	const char *lt = strrchr(identity, '<');
	const char *gt = lt ? strchr(lt, '>') : NULL;

	if (lt && gt && gt > lt + 1)
		return xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return xstrdup(identity);
}

char *run_reviewer_id(const char *identity)
{
	char *s, *out;
	size_t n = 0;
	bool alnum = false;

	if (!identity)
		return NULL;
	s = id_source(identity);
	out = xmalloc(strlen(s) + 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = (unsigned char)tolower(*p < 0x80 ? *p : '-');

		if (!id_char(c))
			c = '-';
		/* Never "..", never a run of dashes made by mapping. */
		if (n && ((c == '.' && out[n - 1] == '.') ||
			  (c == '-' && out[n - 1] == '-')))
			continue;
		/* Never starting with '.' or '-'. */
		if (!n && (c == '.' || c == '-'))
			continue;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	free(s);
	if (n > REVIEWER_ID_MAX)
		out[REVIEWER_ID_MAX] = '\0';
	for (;;) {
		size_t len = strlen(out);

		if (len && (out[len - 1] == '.' || out[len - 1] == '-'))
			out[len - 1] = '\0';
		else if (str_ends_with(out, ".lock"))
			out[len - 5] = '\0';
		else
			break;
	}
	for (const char *p = out; *p; p++)
		alnum |= isalnum((unsigned char)*p) != 0;
	if (!alnum) {
		free(out);
		return NULL;
	}
	return out;
}

bool run_reviewer_id_valid(const char *id)
{
	char *again = run_reviewer_id(id);
	bool same = again && strcmp(again, id) == 0;

	free(again);
	return same;
}

char *run_reviews_dir(const char *run_path)
{
	size_t n = strlen(run_path);

	if (str_ends_with(run_path, ".jsonl"))
		n -= 6;
	return xasprintf("%.*s.reviews", (int)n, run_path);
}

static void record_free(struct review_record *rv)
{
	free(rv->who);
	free(rv->when);
	free(rv->note);
	free(rv->id);
	free(rv->file);
	free(rv->event_hash);
	free(rv->prev);
	free(rv->reviewed_hash);
	free(rv->signature);
	free(rv->not_counted);
	free(rv->signer_fpr);
	free(rv->signer_uid);
	free(rv->sig_note);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A review event as a record (file: its journal, NULL for the run's). */
static void record_of(struct review_record *rv, const struct journal_event *ev,
		      const char *file)
{
	json_t *p = journal_event_payload(ev);
	json_t *seq = json_object_get(p, "journal_seq");

	memset(rv, 0, sizeof(*rv));
	rv->approve = json_is_true(json_object_get(p, "approve"));
	rv->who = dup_or_null(ev->actor);
	rv->when = dup_or_null(ev->time);
	rv->note = dup_or_null(journal_event_str(ev, "note"));
	rv->id = run_reviewer_id(ev->actor);
	rv->file = dup_or_null(file);
	rv->line = ev->line;
	rv->seq = ev->seq;
	rv->event_hash = dup_or_null(ev->hash);
	rv->prev = dup_or_null(ev->prev);
	rv->reviewed_hash = dup_or_null(journal_event_str(ev, "journal_hash"));
	/* The run's own review event reviewed the event before it. */
	rv->reviewed_seq = json_is_integer(seq) ? json_integer_value(seq)
			   : file ? -1 : ev->seq - 1;
	rv->signature = dup_or_null(journal_event_str(ev, "signature"));
}

void run_add_review(struct run *run, const struct journal_event *ev)
{
	run->reviews = xrealloc(run->reviews, (run->nreviews + 1) *
				sizeof(*run->reviews));
	record_of(&run->reviews[run->nreviews++], ev, NULL);
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* By time, then reviewer id, then the run's own first, then file
 * order: the same files give the same order on every machine. */
static int cmp_review(const void *pa, const void *pb)
{
	const struct review_record *a = pa, *b = pb;
	int c;

	if ((c = cmp_str(a->when, b->when)) != 0)
		return c;
	if ((c = cmp_str(a->id, b->id)) != 0)
		return c;
	if ((c = cmp_str(a->file, b->file)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Sorted, and each one's count by the policy (policy.h) said; and the
 * run's last actor and time are the last review's when it came later
 * than the run's last event. */
static void sort_reviews(struct run *run)
{
	const struct review_record *last;

	if (run->nreviews > 1)
		qsort(run->reviews, run->nreviews, sizeof(*run->reviews),
		      cmp_review);
	for (size_t i = 0; i < run->nreviews; i++) {
		free(run->reviews[i].not_counted);
		run->reviews[i].not_counted = policy_why_not_counted(run,
							&run->reviews[i]);
	}
	if (!run->nreviews)
		return;
	last = &run->reviews[run->nreviews - 1];
	if (last->file && cmp_str(last->when, run->last_time) > 0) {
		free(run->last_actor);
		free(run->last_time);
		run->last_actor = dup_or_null(last->who);
		run->last_time = dup_or_null(last->when);
	}
}

static void check_review(const struct run *run, struct review_record *rv);

/* ---- reading one reviewer's journal ---- */

struct rj {
	const struct run *run;
	const char *path;
	const char *id;		/* the file's name: whose it must be */
	struct review_record *got;
	size_t n;
	char *bad;		/* why it is not counted */
	size_t bad_line;
};

static void rj_refuse(struct rj *c, const struct journal_event *ev,
		      char *why)
{
	c->bad = why;
	c->bad_line = ev->line;
}

/* Whether the first event pins this run (the reason when not). */
static char *pin_mismatch(const struct rj *c, const struct journal_event *ev)
{
	const struct run *run = c->run;
	const char *id = journal_event_str(ev, "reviewer");
	const char *pinned = journal_event_str(ev, "run");
	const char *release = journal_event_str(ev, "release");
	const char *sha = journal_event_str(ev, "checklist_sha256");

	if (event_kind_of(ev->type) != EV_REVIEW_JOURNAL)
		return xasprintf("the first event is %s, not review-journal: "
				 "not a reviewer's journal", ev->type);
	if (!id || strcmp(id, c->id) != 0)
		return xasprintf("it is the journal of reviewer %s, not of %s "
				 "(its file's name)", id ? id : "?", c->id);
	if (!pinned || cmp_str(pinned, run->first_hash) != 0)
		return xasprintf("it reviews another run (its first event "
				 "%.16s..., this run's %.16s...)",
				 pinned ? pinned : "?",
				 run->first_hash ? run->first_hash : "?");
	if (!release || cmp_str(release, run->release) != 0)
		return xasprintf("it reviews release %s, not %s", release
				 ? release : "?", run->release ? run->release
				 : "?");
	if (!sha || cmp_str(sha, run->started_sha256) != 0)
		return xasprintf("it reviews a run of another checklist "
				 "(sha256 %.16s...)", sha ? sha : "?");
	return NULL;
}

static int on_review_event(const struct journal_event *ev, void *data)
{
	struct rj *c = data;
	char *id;

	if (ev->seq == 1) {
		char *why = pin_mismatch(c, ev);
		if (why) {
			rj_refuse(c, ev, why);
			return 1;
		}
		return 0;
	}
	if (event_kind_of(ev->type) != EV_REVIEW) {
		rj_refuse(c, ev, xasprintf("a %s event has no place in a "
					   "reviewer's journal", ev->type));
		return 1;
	}
	id = run_reviewer_id(ev->actor);
	if (!id || strcmp(id, c->id) != 0) {
		rj_refuse(c, ev, xasprintf("a review by %s (id %s) in the "
					   "journal of %s", ev->actor,
					   id ? id : "none", c->id));
		free(id);
		return 1;
	}
	free(id);
	c->got = xrealloc(c->got, (c->n + 1) * sizeof(*c->got));
	record_of(&c->got[c->n++], ev, c->path);
	return 0;
}

static void rj_free(struct rj *c)
{
	for (size_t i = 0; i < c->n; i++)
		record_free(&c->got[i]);
	free(c->got);
	free(c->bad);
}

/* A problem of a reviewer's journal: said in problems; kept in the run
 * too unless it is a warning (a torn last line, a crash's). */
static void add_problem(struct run *run, struct diag *problems,
			const char *file, size_t line, const char *msg)
{
	char *m;

	if (problems)
		diag_add(problems, file, (int)line, "%s", msg);
	if (str_starts_with(msg, "warning"))
		return;
	m = line ? xasprintf("%s:%zu: %s", file, line, msg)
		 : xasprintf("%s: %s", file, msg);
	run->review_problems = xrealloc(run->review_problems,
					(run->nreview_problems + 1) *
					sizeof(char *));
	run->review_problems[run->nreview_problems++] = m;
}

/* Replays the reviewer's journal j (of id) into c; 0 when every verdict
 * in it counts, else -1 with the problems said (warnings too). */
static int rj_read(struct run *run, struct journal *j, struct rj *c,
		   struct diag *problems)
{
	struct diag d = DIAG_INIT;
	bool damaged = false;

	journal_replay_lazy(j, on_review_event, c, &d);
	for (size_t i = 0; i < d.count; i++) {
		const struct diag_entry *e = &d.entries[i];
		bool warning = str_starts_with(e->message, "warning");
		char *m = warning ? xstrdup(e->message)
			  : xasprintf("%s: its verdicts are not counted",
				      e->message);

		if (!warning)
			damaged = true;
		add_problem(run, problems, c->path, e->line > 0 ?
			    (size_t)e->line : 0, m);
		free(m);
	}
	diag_free(&d);
	if (c->bad) {
		char *m = xasprintf("%s: its verdicts are not counted", c->bad);
		add_problem(run, problems, c->path, c->bad_line, m);
		free(m);
		damaged = true;
	}
	return damaged ? -1 : 0;
}

/* What path is when it is not a regular file (lstat's st). */
static const char *file_kind(const struct stat *st)
{
	return S_ISLNK(st->st_mode) ? "a symbolic link"
	       : S_ISDIR(st->st_mode) ? "a folder"
	       : S_ISFIFO(st->st_mode) ? "a FIFO"
	       : S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? "a device"
	       : S_ISSOCK(st->st_mode) ? "a socket"
	       : S_ISREG(st->st_mode) ? "a file" : "not a regular file";
}

/* Why path may not be read as a reviewer's journal (NULL: it may, or it
 * is not there and may be made): a symbolic link (to /dev/zero, a FIFO,
 * another run's journal), anything but a regular file, or more bytes
 * than any reviewer writes.  journal_open's JOURNAL_REGULAR holds the
 * first rules again at the open itself. */
static char *rj_unfit(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? NULL : xasprintf("cannot read it: %s",
							   strerror(errno));
	if (!S_ISREG(st.st_mode))
		return xasprintf("%s, not a reviewer's journal",
				 file_kind(&st));
	if (st.st_size > REVIEW_JOURNAL_MAX)
		return xasprintf("%lld bytes, more than a reviewer's journal "
				 "may hold (%d MB): not read",
				 (long long)st.st_size,
				 REVIEW_JOURNAL_MAX / (1024 * 1024));
	return NULL;
}

/* Why the folder of the reviewers' journals is unfit (NULL: it is a
 * folder, or not there). */
static char *rj_dir_unfit(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) < 0)
		return errno == ENOENT ? NULL : xasprintf("cannot read it: %s",
							   strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return xasprintf("%s, not the folder of the reviewers' "
				 "journals", file_kind(&st));
	return NULL;
}

static void load_one(struct run *run, const char *path, const char *id,
		     struct diag *problems)
{
	struct rj c = { .run = run, .path = path, .id = id };
	struct journal *j = NULL;
	char *err = rj_unfit(path);

	if (err) {
		char *m = xasprintf("%s: its verdicts are not counted", err);

		add_problem(run, problems, path, 0, m);
		free(m);
		free(err);
		return;
	}
	if (journal_open(&j, path, JOURNAL_REGULAR, &err) < 0) {
		add_problem(run, problems, path, 0, err);
		free(err);
		return;
	}
	/* (none: a reviewer's journal just made by another process) */
	if (rj_read(run, j, &c, problems) == 0 && c.n > 0) {
		run->reviews = xrealloc(run->reviews, (run->nreviews + c.n) *
					sizeof(*run->reviews));
		memcpy(run->reviews + run->nreviews, c.got, c.n *
		       sizeof(*c.got));
		run->nreviews += c.n;
		c.n = 0;
	}
	journal_close(j);
	rj_free(&c);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void run_load_reviews(struct run *run, struct diag *problems)
{
	char *dir = run_reviews_dir(run->path);
	char *unfit = rj_dir_unfit(dir);
	DIR *d = unfit ? NULL : opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (unfit) {
		char *m = xasprintf("%s: no verdict of it is counted", unfit);

		add_problem(run, problems, dir, 0, m);
		free(m);
		free(unfit);
	}
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !str_ends_with(de->d_name, ".jsonl"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *id = xstrndup(names[i], strlen(names[i]) - 6);
		char *path = path_join(dir, names[i]);

		if (!run_reviewer_id_valid(id))
			add_problem(run, problems, path, 0, "not a reviewer's "
				    "id: its verdicts are not counted");
		else
			load_one(run, path, id, problems);
		free(path);
		free(id);
		free(names[i]);
	}
	free(names);
	free(dir);
	for (size_t i = 0; i < run->nreviews; i++)
		check_review(run, &run->reviews[i]);
	sort_reviews(run);
}

/* ---- writing a verdict ---- */

static json_t *pin_payload(const struct run *run, const char *id)
{
	json_t *p = json_object();

	json_object_set_new(p, "reviewer", json_string(id));
	json_object_set_new(p, "release", json_string(run->release ?
						      run->release : ""));
	json_object_set_new(p, "checklist_sha256", json_string(
				    run->started_sha256 ? run->started_sha256
				    : ""));
	json_object_set_new(p, "run", json_string(run->first_hash ?
						  run->first_hash : ""));
	return p;
}

/* Opens the reviewer's journal for writing, replayed and checked, with
 * its first event written when it is new.  Returns 0, or -1 with *err. */
static int rj_open_write(struct run *run, const char *id, struct journal **jp,
			 char **err)
{
	char *dir = run_reviews_dir(run->path);
	char *name = xasprintf("%s.jsonl", id);
	char *path = path_join(dir, name);
	struct rj c = { .run = run, .path = path, .id = id };
	struct diag none = DIAG_INIT;
	struct run probe = { 0 };
	char *why = NULL;
	int rc = -1;

	*jp = NULL;
	free(name);
	if ((why = rj_dir_unfit(dir)) != NULL) {
		*err = xasprintf("%s: %s", dir, why);
		goto out;
	}
	if (path_mkdirs(dir, 0700) < 0) {
		*err = xasprintf("cannot make %s: %s", dir, strerror(errno));
		goto out;
	}
	/* Never written through a link (another run's journal). */
	if ((why = rj_unfit(path)) != NULL) {
		*err = xasprintf("%s: %s", path, why);
		goto out;
	}
	if (journal_open(jp, path, JOURNAL_WRITE | JOURNAL_CREATE |
			 JOURNAL_REGULAR, err) < 0)
		goto out;
	if (journal_read_only(*jp)) {
		*err = xasprintf("%s: %s", path, journal_read_only(*jp));
		goto out;
	}
	/* The problems are the caller's to say: kept aside in probe. */
	if (rj_read(&probe, *jp, &c, &none) < 0 || journal_read_only(*jp)) {
		*err = xasprintf("your review journal %s cannot take a verdict "
				 "(relcheck verify says why): %s", path,
				 probe.nreview_problems ? probe.review_problems[0]
				 : journal_read_only(*jp));
		goto out;
	}
	if (journal_is_empty(*jp) &&
	    journal_append(*jp, event_name(EV_REVIEW_JOURNAL),
			   pin_payload(run, id), run->actor, run->host, NULL,
			   err) < 0)
		goto out;
	rc = 0;
out:
	for (size_t i = 0; i < probe.nreview_problems; i++)
		free(probe.review_problems[i]);
	free(probe.review_problems);
	diag_free(&none);
	rj_free(&c);
	free(why);
	if (rc < 0) {
		journal_close(*jp);
		*jp = NULL;
	}
	free(path);
	free(dir);
	return rc;
}

int run_review(struct run *run, bool approve, const char *note, char **err)
{
	struct journal *j = NULL;
	struct journal_event ev;
	struct review_record *rv;
	char *id, *clean, *prev = NULL;
	json_t *p;
	int rc = -1;

	*err = policy_why_not_review(run, note);
	if (*err)
		return -1;
	id = run_reviewer_id(run->actor);
	if (!id) {
		*err = xasprintf("%s names no reviewer: give --as "
				 "\"Name <mail>\" or set git's user.email",
				 run->actor);
		return -1;
	}
	if (rj_open_write(run, id, &j, err) < 0)
		goto out;
	clean = sanitize_note(note);
	p = json_object();
	json_object_set_new(p, "approve", json_boolean(approve));
	json_object_set_new(p, "verdict", json_string(approve ? "approve"
							     : "reject"));
	json_object_set_new(p, "note", json_string(clean));
	prev = xstrdup(journal_last_hash(j));
	json_object_set_new(p, "journal_seq", json_integer(
				    journal_last_seq(run->journal)));
	json_object_set_new(p, "journal_hash", json_string(
				    journal_last_hash(run->journal)));
	free(clean);
	if (run_sign_payload(run, j, p, "review", approve ? "approve"
			     : "reject", err) < 0) {
		json_decref(p);
		goto out;
	}
	json_incref(p);
	if (journal_append(j, event_name(EV_REVIEW), p, run->actor, run->host,
			   &ev, err) < 0) {
		json_decref(p);
		goto out;
	}
	ev.payload = p;
	ev.lazy = NULL;
	run->reviews = xrealloc(run->reviews, (run->nreviews + 1) *
				sizeof(*run->reviews));
	rv = &run->reviews[run->nreviews++];
	ev.prev = prev;
	record_of(rv, &ev, journal_path(j));
	check_review(run, rv);
	json_decref(p);
	sort_reviews(run);
	rc = 0;
out:
	journal_close(j);
	free(prev);
	free(id);
	return rc;
}

char *run_sign_text(const char *run_hash, const char *release,
		    const char *type, const char *which, long long seq,
		    const char *actor, const char *prev,
		    long long reviewed_seq, const char *reviewed_hash,
		    const char *note)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "relcheck signature 1\ntype %s\nwhich %s\nrun %s\n"
		 "release %s\nseq %lld\nactor %s\nprev %s\n", type,
		 which ? which : "", run_hash ? run_hash : "",
		 release ? release : "", seq, actor ? actor : "",
		 prev ? prev : "");
	if (reviewed_hash)
		buf_addf(&b, "reviewed %lld %s\n", reviewed_seq,
			 reviewed_hash);
	if (note) {
		char hex[SHA256_HEX_LEN + 1];

		sha256_hex(note, strlen(note), hex);
		buf_addf(&b, "note-sha256 %s\n", hex);
	}
	return buf_detach(&b);
}

int run_sign_payload(const struct run *run, const struct journal *j,
		     json_t *p, const char *type, const char *which,
		     char **err)
{
	json_t *rs = json_object_get(p, "journal_seq");
	struct buf in = BUF_INIT, out = BUF_INIT;
	char *text;
	bool review;
	int rc;

	*err = NULL;
	if (!run->sign)
		return 0;
	/* A verdict names the run's event it reviewed and its note; a
	 * sign-off's journal_hash is its prev, signed as such. */
	review = strcmp(type, event_name(EV_REVIEW)) == 0;
	text = run_sign_text(run->first_hash, run->release, type, which,
			     journal_last_seq(j) + 1, run->actor,
			     journal_last_hash(j), json_is_integer(rs)
			     ? json_integer_value(rs) : -1, review ?
			     json_string_value(json_object_get(p,
							"journal_hash")) : NULL,
			     review ? json_string_value(json_object_get(p,
							"note")) : NULL);
	buf_adds(&in, text);
	free(text);
	rc = sign_detached(&in, &out, err);
	if (rc == 0) {
		buf_addc(&out, '\0');
		json_object_set_new(p, "signature", json_string(out.data));
	}
	buf_free(&in);
	buf_free(&out);
	return rc;
}

void run_check_signature(const char *text, const char *signature,
			 enum sig_state *state, char **fpr, char **uid,
			 char **note)
{
	struct sign_check c;

	*fpr = *uid = *note = NULL;
	if (!signature) {
		*state = SIG_NONE;
		return;
	}
	switch (sign_check_detached(text, strlen(text), signature,
				    strlen(signature), &c)) {
	case SIGN_GOOD: *state = SIG_GOOD; break;
	case SIGN_BAD: *state = SIG_BAD; break;
	case SIGN_EXPIRED: *state = SIG_EXPIRED; break;
	case SIGN_REVOKED: *state = SIG_REVOKED; break;
	case SIGN_NO_KEY:
	case SIGN_ERROR: *state = SIG_UNKNOWN; break;
	}
	*fpr = c.fpr;
	*uid = c.uid;
	*note = c.note;
}

/* Checks rv's signature (of the run's reviewer journal event it is). */
static void check_review(const struct run *run, struct review_record *rv)
{
	char *text;

	free(rv->signer_fpr);
	free(rv->signer_uid);
	free(rv->sig_note);
	if (!rv->signature) {
		rv->sig = SIG_NONE;
		rv->signer_fpr = rv->signer_uid = rv->sig_note = NULL;
		return;
	}
	text = run_sign_text(run->first_hash, run->release, "review",
			     rv->approve ? "approve" : "reject", rv->seq,
			     rv->who, rv->prev, rv->reviewed_seq,
			     rv->reviewed_hash, rv->note ? rv->note : "");
	run_check_signature(text, rv->signature, &rv->sig, &rv->signer_fpr,
			    &rv->signer_uid, &rv->sig_note);
	free(text);
}
void run_reviews_free(struct run *run)
{
	for (size_t i = 0; i < run->nreviews; i++)
		record_free(&run->reviews[i]);
	free(run->reviews);
	for (size_t i = 0; i < run->nreview_problems; i++)
		free(run->review_problems[i]);
	free(run->review_problems);
}

char *run_review_sig_text(const struct review_record *rv)
{
	const char *note = rv->sig_note ? rv->sig_note : "";

	switch (rv->sig) {
	case SIG_NONE:
		return xstrdup("unsigned");
	case SIG_GOOD:
		return xasprintf("signed by %s (key %s)", rv->signer_uid ?
				 rv->signer_uid : "?", rv->signer_fpr ?
				 rv->signer_fpr : "?");
	case SIG_BAD:
		return xasprintf("signature BAD (key %s): %s", rv->signer_fpr ?
				 rv->signer_fpr : "?", note);
	case SIG_UNKNOWN:
		return xasprintf("signed, not checked: %s", note);
	case SIG_EXPIRED:
		return xasprintf("signed by an expired key %s: %s",
				 rv->signer_fpr ? rv->signer_fpr : "?", note);
	case SIG_REVOKED:
		return xasprintf("signed by a REVOKED key %s: %s",
				 rv->signer_fpr ? rv->signer_fpr : "?", note);
	}
	return xstrdup("?");
}
