/* cmd-status.c: `relcheck status [RUN]`: per phase, per item: state, who,
 * when. */
#include "config.h"

#include "cmd.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_status_exec(struct context *ctx, int argc, char **argv)
{
	struct checklist *cl = NULL;
	struct run *run = NULL;
	size_t done, total, w = 0;
	char *name;
	int status;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: relcheck status [RUN]\n");
		return EXIT_USAGE;
	}
	status = context_named_run(ctx, argc == 2 ? argv[1] : NULL, 0, &cl,
				   &run);
	if (status != EXIT_OK)
		return status;
	for (size_t i = 0; i < run->nitems; i++)
		if (strlen(run->items[i].item->full_id) > w)
			w = strlen(run->items[i].item->full_id);
	name = checklist_show(cl, cl->name ? cl->name : "");
	run_progress(run, NULL, &done, &total);
	printf("%s\n", name);
	printf("run       %s\n", run->path);
	printf("release   %s\n", run->release ? run->release : "?");
	printf("checklist %s (sha256 %.16s)\n", cl->file, cl->sha256);
	printf("started   %s by %s\n", run->started ? run->started : "?",
	       run->started_by ? run->started_by : "?");
	if (run->closed)
		printf("state     %s (closed by %s at %s)\n", run_state_word(run),
		       run->closed_by, run->closed_when);
	else
		printf("state     %s\n", run_state_word(run));
	printf("progress  %zu of %zu required items settled, %zu events\n",
	       done, total, run->nevents);
	free(name);
	for (size_t p = 0; p < run->nphases; p++) {
		const struct phase_record *ph = &run->phases[p];
		char *title = checklist_show(cl, ph->phase->title);

		run_progress(run, ph->phase, &done, &total);
		printf("\n%s: %s  [%zu/%zu]", ph->phase->id, title, done, total);
		if (ph->signed_off)
			printf("  signed off by %s at %s", ph->who, ph->when);
		printf("\n");
		free(title);
		for (size_t i = 0; i < run->nitems; i++) {
			const struct item_record *r = &run->items[i];
			char *t;

			if (r->item->phase != ph->phase)
				continue;
			t = checklist_show(cl, r->item->title);
			printf("  %-8s %-*s  %s%s\n", item_state_name(r->state),
			       (int)w, r->item->full_id, t,
			       r->item->optional ? " (optional)" : "");
			if (r->who)
				printf("  %-8s %-*s  by %s at %s\n", "", (int)w,
				       "", r->who, r->when);
			if (r->reason && r->state != ITEM_PASS)
				printf("  %-8s %-*s  %s\n", "", (int)w, "",
				       r->reason);
			if (r->nnotes)
				printf("  %-8s %-*s  %zu note%s, the last: %s\n",
				       "", (int)w, "", r->nnotes,
				       r->nnotes == 1 ? "" : "s", r->last_note);
			free(t);
		}
	}
	for (size_t i = 0; i < run->nreviews; i++)
		printf("\nreview: %s by %s at %s: %s\n",
		       run->reviews[i].approve ? "approved" : "rejected",
		       run->reviews[i].who, run->reviews[i].when,
		       run->reviews[i].note);
	run_progress(run, NULL, &done, &total);
	status = run->closed || done == total ? EXIT_OK : EXIT_FAILED;
	run_free(run);
	checklist_free(cl);
	return status;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[RUN]",
	.summary = "the state of every item of a run: who, when",
	.exec = cmd_status_exec,
};
