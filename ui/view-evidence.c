/* view-evidence.c: an item's evidence and its full log, in the pager. */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void act_evidence(struct app *a, const struct item *it)
{
	struct item_record *r = app_rec(a, it);
	struct buf b = BUF_INIT, log = BUF_INIT;
	char *title, *path = NULL;
	bool have_log = false;

	if (!r || (!r->log && !r->evidence)) {
		app_say(a, true, "no evidence recorded for %s yet", it->full_id);
		return;
	}
	buf_addf(&b, "%s  %s\n", it->full_id, item_state_name(r->state));
	if (r->reason)
		buf_addf(&b, "%s\n", r->reason);
	if (r->who)
		buf_addf(&b, "by %s at %s\n", r->who, r->when);
	if (r->log) {
		path = path_join(a->run->log_dir, r->log);
		/* A log that cannot be read is said first, marked ("!!"):
		 * the evidence below may run to many lines. */
		if (buf_read_file(&log, path) < 0)
			buf_addf(&b, "!! the log %s cannot be read: %s\n"
				 "   (in %s)\n", r->log, strerror(errno),
				 a->run->log_dir);
		else
			have_log = true;
	}
	if (r->evidence) {
		buf_adds(&b, "\n");
		run_evidence_lines(r, 16, &b);
	}
	if (have_log) {
		buf_addf(&b, "\n---- %s ----\n", path);
		buf_add(&b, log.data ? log.data : "", log.len);
	}
	free(path);
	buf_free(&log);
	title = xasprintf("Evidence: %s", it->full_id);
	pager_show(a, title, b.data);
	free(title);
	buf_free(&b);
}
