/* fuzz-journal.c: the journal reader on any file. */
#include "config.h"

#include "journal.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(const struct journal_event *ev, void *n)
{
	(void)ev;
	(*(size_t *)n)++;
	return 0;
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
