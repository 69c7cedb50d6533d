/* sync.h: what `relcheck push`, `relcheck fetch` and `relcheck runs`
 * share: the remote chosen, its relcheck refs fetched into
 * refs/relcheck-remotes/REMOTE/, and each journal (a run's, a reviewer's)
 * compared with the remote's copy by its hash chain (chain.h).
 * Everything here prints (made safe by sanitize_fprintf): names and
 * bytes from a remote are hostile. */
#ifndef RELCHECK_SYNC_H
#define RELCHECK_SYNC_H

#include <stdbool.h>

#include "chain.h"
#include "cmd.h"
#include "share.h"

/* One journal that travels: a run's (id NULL) or a reviewer's. */
struct sync_item {
	enum share_kind kind;
	char *base;
	char *id;		/* SHARE_REVIEW: the reviewer's ID */
	char *label;		/* "run BASE", "review BASE/ID" */
	char *local_ref;	/* refs/relcheck/runs/BASE, ... */
	char *remote_ref;	/* refs/relcheck-remotes/REMOTE/runs/BASE */
	char *path;		/* the journal's file */
	char *logdir;		/* SHARE_RUN: BASE.logs */
};

struct sync {
	const char *name;	/* the command, for messages */
	struct context *ctx;
	struct share *sh;
	char *remote;
	char *dir;		/* <git dir>/relcheck/runs */
	struct sync_item *items;
	size_t nitems;
	int status;		/* EXIT_OK, or EXIT_FAILED once anything
				 * was refused */
	bool theirs;		/* fetch --theirs: a divergence takes the
				 * remote's, ours set aside */
};

/* Opens the repository, picks the remote (--remote, else the branch's,
 * else origin).  EXIT_OK, or an exit status after saying why. */
int sync_begin(struct sync *y, struct cmd *cmd, bool make_dir);
void sync_end(struct sync *y);

/* git fetch of the remote's refs under refs/relcheck/ into
 * refs/relcheck-remotes/REMOTE/ (our copies, replaced, pruned).
 * EXIT_OK, or EXIT_FAILED after saying why. */
int sync_fetch_refs(struct sync *y);

/* The journals this clone has (files), or the remote has (its refs as
 * fetched; a ref whose name is no run or reviewer name is refused and
 * said), keeping those of run only when it is not NULL. */
void sync_local_items(struct sync *y, const char *run);
void sync_remote_items(struct sync *y, const char *run);

/* The run name a RUN argument means (BASE, BASE.jsonl or a path to it).
 * Caller frees; NULL (said) when it is no run name. */
char *sync_run_arg(struct sync *y, const char *arg);

/* The remote's journal of it, read from its ref (0, 1 none, -1 said). */
int sync_read_remote(struct sync *y, const struct sync_item *it,
		     struct share_record *rec);
/* Our file's bytes (empty when there is none).  0, or -1 said. */
int sync_read_file(struct sync *y, const char *path, struct buf *b);

/* Says, on stderr, how our journal and the remote's diverged or which
 * is broken. */
void sync_say_refusal(struct sync *y, const struct sync_item *it,
		      const struct chain_result *cr);

/* The log files a journal names, with the sha256 each names (the
 * chain verified on the way).  0, or -1 with *err. */
struct sync_log {
	char *name;
	char sha256[65];
};
int sync_named_logs(const struct buf *journal, struct sync_log **logs,
		    size_t *n, char **err);
void sync_logs_free(struct sync_log *logs, size_t n);

#endif
