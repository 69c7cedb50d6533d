/* view-evidence.c: an item's evidence and its full log, in the pager. */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void act_evidence(struct app *a, const struct item *it)
{
	struct item_record *r = app_rec(a, it);
	struct buf b = BUF_INIT;
	char *title;

	if (!r || (!r->log && !r->evidence)) {
		app_say(a, true, "no evidence recorded for %s yet", it->full_id);
		return;
	}
	buf_addf(&b, "%s  %s\n", it->full_id, item_state_name(r->state));
	if (r->reason)
		buf_addf(&b, "%s\n", r->reason);
	if (r->who)
		buf_addf(&b, "by %s at %s\n", r->who, r->when);
	if (r->evidence) {
		buf_adds(&b, "\n");
		run_evidence_lines(r, 16, &b);
	}
	if (r->log) {
		char *path = path_join(a->run->log_dir, r->log);
		size_t before = b.len;
		buf_addf(&b, "\n---- %s ----\n", path);
		if (buf_read_file(&b, path) < 0) {
			b.len = before;
			b.data[b.len] = '\0';
			buf_addf(&b, "\nthe log %s cannot be read: %s\n", path,
				 strerror(errno));
		}
		free(path);
	}
	title = xasprintf("Evidence: %s", it->full_id);
	pager_show(a, title, b.data);
	free(title);
	buf_free(&b);
}
