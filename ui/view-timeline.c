/* view-timeline.c: the run's journal, event by event, in the pager, and
 * whether its chain is intact. */
#include "config.h"

#include "app.h"
#include "events.h"
#include "sanitize.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TITLE "Timeline (* waivers, notes, n/a; R reviewers' verdicts)"

struct timeline {
	struct buf text;
};

static int on_event(const struct journal_event *ev, void *data)
{
	struct timeline *t = data;
	const char *item = journal_event_str(ev, "item");
	const char *detail = journal_event_str(ev, "reason");
	const char *status = journal_event_str(ev, "status");
	const struct event_type *et = event_type_find(ev->type);
	bool mark = et && et->decision;	/* waive, note, na, reopen */

	if (!detail)
		detail = journal_event_str(ev, "text");
	if (!detail)
		detail = journal_event_str(ev, "note");
	if (!detail)
		detail = journal_event_str(ev, "command");
	if (!item)
		item = journal_event_str(ev, "phase");
	buf_addf(&t->text, "%s%5lld  %.19s  %-24.24s %-9s %s%s%s\n",
		 mark ? "* " : "  ", ev->seq, ev->time, ev->actor, ev->type,
		 item ? item : "", status ? " " : "", status ? status : "");
	/* Each line of a note of several under the event, indented alike:
	 * a line of its own would read as another event. */
	while (detail && *detail) {
		size_t n = strcspn(detail, "\n");

		buf_addf(&t->text, "%s%5s  %.*s\n", mark ? "* " : "  ", "",
			 (int)n, detail);
		detail += n;
		if (*detail)
			detail++;
	}
	return 0;
}

/* The journal's file as fstat says it is now, in *f; false when it
 * cannot be opened (journal_open then says why).  Opened, not only
 * stat()ed: on NFS, open() is what asks the server again. */
static bool file_now(const char *path, struct tl_file *f,
		     struct timespec *when)
{
	struct stat st;
	int fd;
	bool ok;

	clock_gettime(CLOCK_REALTIME, when);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ok = fstat(fd, &st) == 0;
	close(fd);
	if (!ok)
		return false;
	memset(f, 0, sizeof(*f));	/* padding: compared with memcmp */
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->size = st.st_size;
	f->mtime = st.st_mtim;
	f->ctime = st.st_ctim;
	return true;
}

/* Whether time t is more than ms milliseconds before when. */
static bool older_than(const struct timespec *t, const struct timespec *when,
		       long ms)
{
	long long ns = (long long)(when->tv_sec - t->tv_sec) * 1000000000LL +
		       (when->tv_nsec - t->tv_nsec);

	return ns > (long long)ms * 1000000LL;
}

/* Whether f, taken at when, may stand for the bytes read after it: the
 * file left alone for a while before.  A write in the same tick of the
 * file system's clock as the one before leaves its times as they were:
 * a tenth of a second where the times have sub-second parts (a tick of
 * Linux's coarse clock is 10 ms at most), else two seconds (the
 * coarsest tick of a file system relcheck may meet, FAT's). */
static bool file_settled(const struct tl_file *f, const struct timespec *when)
{
	long ms = f->ctime.tv_nsec && f->mtime.tv_nsec ? 100 : 2000;

	return older_than(&f->ctime, when, ms) &&
	       older_than(&f->mtime, when, ms);
}

/* Text from a reviewer's journal (anybody's), one line, safe for the
 * terminal. */
static void add_safe(struct buf *b, const char *s)
{
	char *t;

	if (!s)
		return;
	t = sanitize_text(s, strlen(s));
	for (char *p = t; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	buf_adds(b, t);
	free(t);
}

/* A verdict's lines, marked "R": when, approve or reject by whom,
 * counted or why not, signed by whom; its note under it. */
static void add_verdict(struct buf *b, const struct review_record *rv)
{
	char *sig = run_review_sig_text(rv);

	buf_addf(b, "R %5s  %.19s  %s by ", "", rv->when ? rv->when : "?",
		 rv->approve ? "approve" : "reject");
	add_safe(b, rv->who ? rv->who : "?");
	buf_adds(b, ": ");
	if (rv->not_counted) {
		buf_adds(b, "not counted (");
		add_safe(b, rv->not_counted);
		buf_adds(b, ")");
	} else {
		buf_adds(b, "counted");
	}
	buf_adds(b, ", ");
	add_safe(b, sig);
	buf_adds(b, "\n");
	free(sig);
	if (rv->note && *rv->note) {
		buf_addf(b, "R %5s  ", "");
		add_safe(b, rv->note);
		buf_adds(b, "\n");
	}
}

/* Whether line (of on_event's) starts an event, and its time then. */
static const char *event_time(const char *line, size_t n)
{
	if (n < 28 || line[6] < '0' || line[6] > '9')
		return NULL;
	return line + 9;
}

/* The run's lines (text) with every verdict of the reviewers' journals
 * (run->reviews, in time order) merged in by time, into out. */
static void merge_reviews(const struct run *run, const char *text,
			  size_t len, struct buf *out)
{
	size_t r = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		const char *t = event_time(p, n);

		while (t && r < run->nreviews && run->reviews[r].when &&
		       strncmp(run->reviews[r].when, t, 19) < 0)
			add_verdict(out, &run->reviews[r++]);
		buf_add(out, p, n);
		p += n;
	}
	while (r < run->nreviews)
		add_verdict(out, &run->reviews[r++]);
}

/* Each reviewer's journal's chain state, after the run's: "ID's review
 * journal: intact, 2 verdicts, the last hash H", or BROKEN with the
 * file and line (run->review_problems: the journal not counted). */
static void add_journal_states(const struct run *run, struct buf *b)
{
	for (size_t i = 0; i < run->nreviews; i++) {
		const struct review_record *rv = &run->reviews[i];
		const char *last = NULL;
		size_t n = 0;
		bool said = false;

		if (!rv->file)
			continue;
		for (size_t k = 0; k < run->nreviews; k++) {
			const struct review_record *o = &run->reviews[k];

			if (!o->file || strcmp(o->file, rv->file) != 0)
				continue;
			if (k < i)
				said = true;	/* at its first verdict */
			n++;
			last = o->event_hash;	/* in time order: its last */
		}
		if (said)
			continue;
		add_safe(b, rv->id ? rv->id : "?");
		buf_addf(b, "'s review journal: intact, %zu verdict%s, the "
			 "last hash %s\n", n, n == 1 ? "" : "s",
			 last ? last : "?");
	}
	for (size_t i = 0; i < run->nreview_problems; i++) {
		const char *m = run->review_problems[i];
		const char *at = strstr(m, ".reviews/");
		const char *dot = at ? strstr(at, ".jsonl") : NULL;

		buf_adds(b, "!! ");
		if (at && dot) {
			at += strlen(".reviews/");
			buf_add(b, at, (size_t)(dot - at));
			buf_adds(b, "'s review journal: ");
		}
		buf_adds(b, "BROKEN: ");
		add_safe(b, m);
		buf_adds(b, "\n");
	}
}

/* The journal is read again at every opening, and checked: whatever
 * changed it since (another relcheck, a hand) shows.  Its lines found
 * intact last time are compared byte for byte instead of checked again
 * (journal_replay_since), and their text kept in a->tl_text.  When the
 * file is the one the last whole text was made of, untouched since
 * (the same inode, size, modification and change times: a write moves
 * the change time on, and nothing but the clock puts it back, as touch
 * -r does the modification time; file_settled), that text is shown as
 * it was (a->tl_shown), the file not read. */
void act_timeline(struct app *a)
{
	struct timeline t = { BUF_INIT };
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	struct tl_file now;
	struct timespec when;
	char *err = NULL;
	bool from_start = true, stamped;

	if (!a->run) {
		app_say(a, true, "no run: no timeline");
		return;
	}
	/* The reviewers' journals as they are now: a verdict given since
	 * is read (reviews.c), and the text made again. */
	app_reviews_follow(a);
	stamped = file_now(a->run->path, &now, &when);
	if (stamped && a->tl_file_ok && a->tl_reviews_gen == a->reviews_gen &&
	    memcmp(&now, &a->tl_file, sizeof(now)) == 0) {
		pager_show_gen(a, TITLE, a->tl_shown.data, a->tl_shown_gen);
		return;
	}
	a->tl_file_ok = false;
	buf_init(&t.text);
	if (journal_open(&j, a->run->path, 0, &err) < 0) {
		app_say(a, true, "%s", err);
		free(err);
		buf_free(&t.text);
		return;
	}
	journal_replay_since(j, &a->tl_seen, &from_start, on_event, &t, &d);
	/* The events' lines: those of the seen bytes, kept, then the new
	 * ones; kept in turn for the next opening. */
	if (from_start)
		buf_reset(&a->tl_text);
	buf_add(&a->tl_text, t.text.data, t.text.len);
	buf_reset(&t.text);
	merge_reviews(a->run, a->tl_text.data ? a->tl_text.data : "",
		      a->tl_text.len, &t.text);
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		buf_addf(&t.text, "%s %s\n", strstr(m, "warning:") ? "!! "
			 : "!! BROKEN:", m);
		free(m);
	}
	if (!d.count)
		buf_addf(&t.text, "\nthe chain is intact: %lld events, the last "
			 "hash %s\n", journal_last_seq(j), journal_last_hash(j));
	add_journal_states(a->run, &t.text);
	journal_close(j);
	diag_free(&d);
	/* Stamped before it was read: a write while it was read moves the
	 * times on, and the next opening reads it. */
	if (stamped && file_settled(&now, &when)) {
		a->tl_file = now;
		a->tl_file_ok = true;
		a->tl_reviews_gen = a->reviews_gen;
		buf_reset(&a->tl_shown);
		buf_add(&a->tl_shown, t.text.data, t.text.len);
		a->tl_shown_gen = pager_new_gen();
		pager_show_gen(a, TITLE, a->tl_shown.data, a->tl_shown_gen);
	} else {
		pager_show(a, TITLE, t.text.data);
	}
	buf_free(&t.text);
}
