/* context.h: what every command starts from: the global options, the
 * repository, and the checklist they select.
 *
 * Discovery order for the checklist: -c FILE; else relcheck.conf or
 * .relcheck.conf at the top of the repository holding the current folder
 * (or -C DIR); else the installed generic Python/PyPI checklist with its
 * variables detected from the project.
 */
#ifndef RELCHECK_CONTEXT_H
#define RELCHECK_CONTEXT_H

#include <stdbool.h>
#include <stdio.h>

#include "checklist.h"
#include "vars.h"

struct userconf;

/* Exit statuses, the same for every command. */
enum {
	EXIT_OK = 0,
	EXIT_FAILED = 1,	/* checks failed or items not done */
	EXIT_USAGE = 2,		/* usage or configuration error */
};

struct context {
	/* options */
	const char *dir;	/* -C */
	const char *config;	/* -c */
	const char *release;	/* --release */
	struct vars sets;	/* --set NAME=VALUE */
	struct vars defaults;	/* like sets, for the variables the
				 * checklist has (--demo) */
	bool demo;
	bool trust;		/* --trust */
	const char *run_file;	/* --run FILE */
	const char *as;		/* --as "Name <email>" */
	bool reviewer;		/* audit: the maintainer's record of whoever
				 * reads is not taken into the run */
	bool dry_run;		/* --dry-run: the screen runs nothing */
	bool sign;		/* the command's --sign: what it records on
				 * opening the run is signed too */
	/* The last run that could not be opened was damaged (not missing,
	 * not another release's): a failure, exit 1, not a usage error. */
	bool run_damaged;
	const char *demo_notice;	/* --demo: the screen's first dialog */
	/* The user's own config (ui/userconf.h), read by main; NULL when
	 * not read (the defaults). */
	const struct userconf *user;

	/* found */
	char *root;		/* top of the work tree, or the folder */
	bool in_repo;
	char *gitdir;		/* in_repo: root's git folder, with a slash */
	char *config_path;	/* the checklist chosen */
	bool generic;		/* the installed generic one, vars detected */
	char *datadir;		/* where the shipped checklists are */
	char *owned_release;	/* strings release and config point at */
	char *owned_config;
	char *owned_as;		/* the name asked for (context_ask_identity) */
};

void context_init(struct context *ctx);
void context_free(struct context *ctx);

/* Parses NAME=VALUE for --set.  Returns 0, or -1 after printing why. */
int context_add_set(struct context *ctx, const char *arg);

/* Folder of the shipped checklists: $RELCHECK_DATADIR/checklists, else
 * beside the program when run from its build tree, else the installed
 * one.  Caller frees. */
char *context_checklist_dir(const struct context *ctx);

/* Applies -C and finds the repository and the shipped checklists, but
 * not the checklist.  Prints what went wrong and returns EXIT_USAGE, or
 * returns EXIT_OK. */
int context_prepare(struct context *ctx);

/* Finds the repository and the checklist (applies -C).  Prints what went
 * wrong and returns EXIT_USAGE, or returns EXIT_OK. */
int context_discover(struct context *ctx);

/* Loads `file` (or the discovered checklist when NULL) with the context's
 * variables.  Prints every problem as file:line: message to stderr and
 * returns NULL on failure. */
struct checklist *context_load(struct context *ctx, const char *file);

/* May cl do what it needs trust for (run commands, contact the network,
 * read the environment or outside the repository: trust.h)?  A checklist
 * that needs none of it, or is shipped, or was trusted before, may; with
 * --trust, or when the operator says yes at the prompt (stdin a terminal),
 * cl is granted everything and remembered.  Otherwise prints what it
 * would do, item by item, and returns EXIT_USAGE; cl is granted nothing. */
int context_authorise(struct context *ctx, struct checklist *cl);

/* The folder for logs: <git dir>/relcheck/logs, made if missing (or one
 * under $TMPDIR outside a repository).  NULL after printing why. */
char *context_log_dir(struct context *ctx);

struct run;

/* Opens the run of cl (loaded by the caller): --run FILE, else this
 * release's run under the repository's git folder.  flags: RUN_WRITE,
 * RUN_CREATE.  Says on stderr what a reader should know (a torn last
 * line, read-only, the checklist changed since the run began) and, when
 * writing, journals the checklist's changes.  NULL after printing why. */
struct run *context_run(struct context *ctx, const struct checklist *cl,
			int flags);

/* For a command without --release or --run: when cl's version (from the
 * version file) is a development version (1.1.0.dev0) or unknown, finds
 * this checklist's run in progress in the runs folder, else its latest,
 * and sets ctx->release to that run's release (owned by ctx): the caller
 * loads the checklist again for it and returns 1.  A release's own
 * version (1.0.0) stands: returns 0, or, when its run does not exist and
 * flags has no RUN_CREATE, -1.  Returns 0 when nothing is to be found
 * (an unknown version, no run).  -1 after printing why on stderr, with
 * the runs there are and how to name one: a development version with no
 * run, or a release's run that does not exist. */
int context_pick_run(struct context *ctx, const struct checklist *cl,
		     int flags);
/* context_pick_run, then cl loaded again for the run found when there is
 * one.  Returns the checklist to use (cl, or its new load, cl freed), or
 * NULL after printing why (cl freed). */
struct checklist *context_follow_run(struct context *ctx,
				     struct checklist *cl, int flags);

/* Is checklist (the one a run names) the installed generic checklist,
 * whose variables are detected from the project (ctx prepared)? */
bool context_is_generic(const struct context *ctx, const char *checklist);

/* The checklist a run's commands use (recorded: the path the clone that
 * started it recorded) as this clone has it: the recorded file only when
 * it lies (links resolved) inside this repository or the shipped
 * checklists' folder; else (a run fetched from another clone, or one
 * naming a file elsewhere on this disk: a run is the remote's word) the
 * file of the same name at the top of this repository, else among the
 * shipped checklists; else that name at the top of this repository
 * (missing, and said so).  Never a file elsewhere on this disk.  (The run
 * still pins the checklist's sha256: context_checklist_changed.)  Caller
 * frees. */
char *context_checklist_here(const struct context *ctx, const char *recorded);

/* As context_checklist_here, for the run at run_path: a run never shared
 * through git (no refs/relcheck/runs/BASE, no remote's copy) uses the
 * file it recorded wherever it is (this clone chose it, -c FILE). */
char *context_checklist_for_run(const struct context *ctx,
				const char *recorded, const char *run_path);

/* Whether the checklist in use is not the one the run pins (its
 * checklist_sha256, as begun or as last changed): `status` and `verify`
 * warn. */
bool context_checklist_changed(const struct checklist *cl,
			       const struct run *run);

/* The checklist path and the host the run at path records in its first
 * event (as the machine that started it had them; hostile: sanitise
 * before printing).  0, or -1 when there is none (both NULL).  Caller
 * frees both. */
int context_run_origin(const char *path, char **checklist, char **host);

/* Opens the run called name (a file, or a run's name in the runs folder;
 * NULL: the current one, as context_run) with its own checklist and
 * release.  Returns EXIT_OK with *cl and *run (caller frees both), or an
 * exit status after printing why. */
int context_named_run(struct context *ctx, const char *name, int flags,
		      struct checklist **cl, struct run **run);

/* Signing off, closing and reviewing say who did it: with no --as and
 * no git identity (user.name), prints how to give one and returns
 * EXIT_USAGE ("relcheck WHAT: ..."); else EXIT_OK.  Applies -C. */
int context_require_identity(struct context *ctx, const char *what);

/* The screen's identity, asked before its run is opened: with no --as
 * and no git identity, asks on the terminal who acts, offering the name
 * remembered for cl's run (the file beside its journal, <run>.actor;
 * cl NULL: nothing is offered nor remembered), and remembers the answer
 * there (written whole: a temporary file, fsync'd, renamed).  Sets
 * ctx->as for every event of the session.  Returns EXIT_OK, or
 * EXIT_USAGE after printing why (no answer). */
int context_ask_identity(struct context *ctx, const struct checklist *cl);

#endif
