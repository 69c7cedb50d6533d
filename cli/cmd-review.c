/* cmd-review.c: `relcheck review RUN --approve|--reject --note TEXT`. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "run.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int cmd_review_exec(struct context *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "approve", no_argument, NULL, 'a' },
		{ "reject", no_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char *note = NULL;
	int verdict = -1, c, status = EXIT_FAILED;
	struct checklist *cl = NULL;
	struct run *run = NULL;
	char *err = NULL;

	optind = 0;	/* 0: GNU getopt starts afresh, permuting */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
		case 'r':
			if (verdict >= 0 && verdict != (c == 'a')) {
				sanitize_fprintf(stderr, "relcheck review: --approve or "
						 "--reject, not both\n");
				return EXIT_USAGE;
			}
			verdict = c == 'a';
			break;
		case 'n':
			note = optarg;
			break;
		default:
			sanitize_fprintf(stderr, "relcheck review: %s '%s'\n", c == ':'
					 ? "a value is needed for" : "unknown option",
					 argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || verdict < 0 || !note) {
		sanitize_fprintf(stderr, "usage: relcheck review RUN --approve|--reject "
				 "--note TEXT\n");
		return EXIT_USAGE;
	}
	if (context_require_identity(ctx, "review") != EXIT_OK)
		return EXIT_USAGE;
	if (context_named_run(ctx, argv[optind], RUN_WRITE, &cl, &run) !=
	    EXIT_OK)
		return EXIT_USAGE;
	if (run_review(run, verdict == 1, note, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck review: %s\n", err);
		free(err);
	} else {
		sanitize_printf("review recorded: %s by %s\n", verdict ? "approved"
				: "rejected", run->actor);
		status = EXIT_OK;
	}
	run_free(run);
	checklist_free(cl);
	return status;
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "RUN --approve|--reject --note TEXT",
	.summary = "a reviewer's verdict on a closed run",
	.exec = cmd_review_exec,
};
