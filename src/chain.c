/* chain.c: equal, a fast-forward, diverged or broken: two journals
 * compared by their bytes, each verified by journal.c. */
#include "config.h"

#include "chain.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The bytes in a temporary file without a name (journal.c reads files:
 * through /proc/self/fd/N, returned in *path; caller frees it, and
 * closes the fd after the journal).  The fd, or -1. */
static int temp_copy(const void *bytes, size_t len, char **path, char **err)
{
	int fd = file_temp_unnamed("relcheck-chain");

	*path = NULL;
	if (fd < 0) {
		*err = xasprintf("cannot make a temporary file: %s",
				 strerror(errno));
		return -1;
	}
	if (fd_write_all(fd, bytes, len) < 0) {
		*err = xasprintf("cannot write a temporary file: %s",
				 strerror(errno));
		close(fd);
		return -1;
	}
	*path = xasprintf("/proc/self/fd/%d", fd);
	return fd;
}

int chain_verify(const void *bytes, size_t len, journal_fn fn, void *data,
		 char **why, size_t *line)
{
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *path = NULL, *err = NULL;
	int fd, rc;

	*why = NULL;
	*line = 0;
	fd = temp_copy(bytes, len, &path, why);
	if (fd < 0)
		return -1;
	if (journal_open(&j, path, 0, &err) < 0) {
		*why = err;
		close(fd);
		free(path);
		return -1;
	}
	rc = journal_replay_lazy(j, fn, data, &d) == 0 ? 0 : 1;
	if (rc) {
		for (size_t i = 0; i < d.count; i++) {
			if (str_starts_with(d.entries[i].message, "warning"))
				continue;
			*why = xstrdup(d.entries[i].message);
			*line = d.entries[i].line > 0 ?
				(size_t)d.entries[i].line : 0;
			break;
		}
		if (!*why)
			*why = xstrdup("the chain does not verify");
	}
	journal_close(j);
	diag_free(&d);
	close(fd);
	free(path);
	return rc;
}

/* What chain_compare wants of a side: the event at one line. */
struct at_line {
	size_t line;
	struct chain_event *ev;
};

static int take_event(const struct journal_event *ev, void *data)
{
	struct at_line *at = data;

	if (ev->line != at->line)
		return 0;
	at->ev->seq = ev->seq;
	at->ev->type = xstrdup(ev->type ? ev->type : "");
	at->ev->actor = xstrdup(ev->actor ? ev->actor : "");
	at->ev->time = xstrdup(ev->time ? ev->time : "");
	return 0;
}

static void event_init(struct chain_event *ev, size_t line)
{
	ev->line = line;
	ev->seq = -1;
	ev->type = ev->actor = ev->time = NULL;
}

/* Verifies one side, filling ev with its event at ev->line (when
 * ev->line is not 0).  0 intact, 1 broken (out says so), -1 error. */
static int side(const void *bytes, size_t len, int which,
		struct chain_event *ev, struct chain_result *out, char **err)
{
	struct at_line at = { ev->line, ev };
	char *why = NULL;
	size_t line = 0;
	int rc = chain_verify(bytes, len, take_event, &at, &why, &line);

	if (rc < 0) {
		*err = why;
		return -1;
	}
	if (rc > 0) {
		out->rel = CHAIN_BROKEN;
		out->broken_side = which;
		out->broken_line = line;
		out->why = why;
		return 1;
	}
	if (!ev->type) {	/* the line is not a whole event */
		ev->type = xstrdup("");
		ev->actor = xstrdup("");
		ev->time = xstrdup("");
	}
	return 0;
}

int chain_compare(const void *a, size_t alen, const void *b, size_t blen,
		  struct chain_result *out, char **err)
{
	const char *pa = a, *pb = b;
	size_t n = alen < blen ? alen : blen, off = 0;
	int rc;

	*err = NULL;
	memset(out, 0, sizeof(*out));
	event_init(&out->a, 0);
	event_init(&out->b, 0);
	while (off < n && pa[off] == pb[off])
		off++;
	if (off < n) {		/* they differ within both: diverged */
		size_t line = 1;

		for (size_t i = 0; i < off; i++)
			if (pa[i] == '\n')
				line++;
		out->rel = CHAIN_DIVERGED;
		out->a.line = out->b.line = line;
	} else if (alen == blen) {
		out->rel = CHAIN_EQUAL;
	} else {
		out->rel = alen > blen ? CHAIN_A_EXTENDS_B : CHAIN_B_EXTENDS_A;
	}
	/* Whatever the bytes say, a side that does not verify is broken:
	 * a longer journal with a forged tail is no fast-forward. */
	rc = side(a, alen, 0, &out->a, out, err);
	if (rc == 0)
		rc = side(b, blen, 1, &out->b, out, err);
	if (rc < 0) {
		chain_result_free(out);
		return -1;
	}
	return 0;
}

void chain_result_free(struct chain_result *r)
{
	free(r->a.type);
	free(r->a.actor);
	free(r->a.time);
	free(r->b.type);
	free(r->b.actor);
	free(r->b.time);
	free(r->why);
	memset(r, 0, sizeof(*r));
}

char *chain_event_describe(const struct chain_event *ev)
{
	if (ev->seq < 0)
		return xasprintf("line %zu (not a whole event: a torn line)",
				 ev->line);
	return xasprintf("line %zu (seq %lld, %s by %s, %s)", ev->line,
			 ev->seq, ev->type, ev->actor, ev->time);
}
