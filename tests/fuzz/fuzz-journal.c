/* fuzz-journal.c: the journal reader on any file; journal_replay_lazy
 * (the fast path of verify and status) must read it as journal_replay
 * does: the same answer, problems and events (aborts when not). */
#include "config.h"

#include "journal.h"
#include "util.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(const struct journal_event *ev, void *n)
{
	(void)ev;
	(*(size_t *)n)++;
	return 0;
}

/* One event as text: its fields and its payload. */
static int describe(const struct journal_event *ev, void *data)
{
	struct buf *b = data;
	const char *item = journal_event_str(ev, "item");
	char *dump = json_dumps(journal_event_payload(ev),
				JSON_SORT_KEYS | JSON_COMPACT);

	buf_addf(b, "%zu %lld %s %s %s %s %s %s %s %d %s\n", ev->line,
		 ev->seq, ev->time, ev->actor, ev->host, ev->type, ev->prev,
		 ev->hash, item ? item : "-", journal_event_has(ev, "torn"),
		 dump ? dump : "-");
	free(dump);
	return 0;
}

/* A reading, as text: the events, the answer, the state, the problems. */
static void reading(struct journal *j, bool lazy, struct buf *b)
{
	struct diag d = DIAG_INIT;
	int rc = lazy ? journal_replay_lazy(j, describe, b, &d)
		      : journal_replay(j, describe, b, &d);

	buf_addf(b, "rc %d %lld %s %zu\n", rc, journal_last_seq(j),
		 journal_last_hash(j), journal_torn(j, 0, NULL));
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		buf_addf(b, "%s\n", m);
		free(m);
	}
	diag_free(&d);
}

static void same_both_ways(const char *path)
{
	struct journal *j = NULL;
	struct buf slow = BUF_INIT, fast = BUF_INIT;
	char *err = NULL;

	if (journal_open(&j, path, 0, &err) < 0) {
		free(err);
		return;
	}
	buf_init(&slow);
	buf_init(&fast);
	reading(j, false, &slow);
	reading(j, true, &fast);
	if (strcmp(slow.data, fast.data) != 0) {
		fprintf(stderr, "journal_replay:\n%s\njournal_replay_lazy:\n%s",
			slow.data, fast.data);
		abort();
	}
	buf_free(&slow);
	buf_free(&fast);
	journal_close(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/relcheck-fuzz-journal-XXXXXX";
	int fd = mkstemp(path);
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL;
	size_t n = 0;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	same_both_ways(path);
	if (journal_open(&j, path, JOURNAL_WRITE, &err) == 0) {
		journal_replay(j, count, &n, &d);
		/* Appending must keep the file a valid journal or fail. */
		if (!journal_read_only(j)) {
			json_t *p = json_object();
			journal_append(j, "note", p, "fuzz", "fuzz", NULL, &err);
			free(err);
			err = NULL;
		}
		journal_close(j);
	}
	free(err);
	diag_free(&d);
	unlink(path);
	return 0;
}
