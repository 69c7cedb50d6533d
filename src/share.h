/* share.h: runs kept as git objects under refs of their own, and
 * exchanged with a remote by the git program.
 *
 *   refs/relcheck/runs/BASE          a commit whose tree is journal.jsonl
 *                                    (the writer's journal) and logs/
 *                                    (the logs the journal names)
 *   refs/relcheck/reviews/BASE/ID    a commit whose tree is review.jsonl
 *                                    (one reviewer's journal)
 *   refs/relcheck-remotes/REMOTE/... a remote's copies, as last fetched
 *
 * Each new state of a journal is a commit whose parent is the last one,
 * so a ref's history is the journal's growth.  Objects are written with
 * libgit2 (never the working tree or the index); a ref moves only from
 * the value it was read at (compare-and-swap), so a concurrent writer is
 * never overwritten.  What comes from a remote is hostile: a name is
 * checked before it becomes a path or a ref, a tree must hold exactly
 * the entries above (plain files, named as relcheck names them, no
 * larger than the caps), else it is refused and named.
 *
 * The transport is the git program (share_git): credentials, ssh and
 * https, insteadOf and hooks are found as git finds them.
 */
#ifndef RELCHECK_SHARE_H
#define RELCHECK_SHARE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

#define SHARE_RUNS "refs/relcheck/runs/"
#define SHARE_REVIEWS "refs/relcheck/reviews/"
#define SHARE_REMOTES "refs/relcheck-remotes/"

/* The caps on what a remote may hand us. */
#define SHARE_MAX_JOURNAL (64u * 1024 * 1024)
#define SHARE_MAX_LOG (32u * 1024 * 1024)
#define SHARE_MAX_LOGS 4096
/* A run's journal and logs together, summed from the object headers
 * before any blob is loaded. */
#define SHARE_MAX_TOTAL (256u * 1024 * 1024)

#define SHARE_HEX 41		/* an object id in hex, and its NUL */

enum share_kind {
	SHARE_RUN,		/* journal.jsonl and logs/ */
	SHARE_REVIEW,		/* review.jsonl */
	SHARE_RUN_JOURNAL,	/* a run held to its shape and sizes, but
				 * only its journal read (`runs`) */
};

/* The names that become files and refs.  A run's BASE: [A-Za-z0-9._+-]
 * (an '@' too), at most 128 bytes, starting with a letter, digit or
 * '_', no "..", not ending in ".lock".  A reviewer's ID (the contract
 * with run_reviewer_id): [a-z0-9._@+-], at most 64 bytes, not starting
 * with '.' or '-', no "..", not ending in ".lock", and one that
 * run_reviewer_id gives back as it is.  A log's name: as a
 * BASE, at most 200 bytes.  A remote's name: as a BASE, at most 64
 * bytes (it is also an argument of git: never a leading '-'). */
bool share_run_name_ok(const char *s);
bool share_reviewer_id_ok(const char *s);
bool share_log_name_ok(const char *s);
bool share_remote_name_ok(const char *s);

struct share_log {
	char *name;
	struct buf bytes;
};

/* What a ref's commit holds. */
struct share_record {
	char commit[SHARE_HEX];	/* "" when none */
	struct buf journal;
	struct share_log *logs;
	size_t nlogs;
};

/* Empty (it owns nothing: journal.data may be NULL until bytes come). */
void share_record_init(struct share_record *r);
void share_record_free(struct share_record *r);
/* Adds a log (its bytes copied). */
void share_record_add_log(struct share_record *r, const char *name,
			  const void *bytes, size_t len);

struct share;

/* Opens the repository at root (no search upward).  0, or -1 with *err
 * (caller frees). */
int share_open(struct share **out, const char *root, char **err);
void share_close(struct share *s);

/* The commit ref points at: 0 (hex filled), 1 no such ref, -1 (*err). */
int share_ref(struct share *s, const char *ref, char hex[SHARE_HEX],
	      char **err);

/* Reads the commit ref points at, as kind.  0 read, 1 no such ref, -1
 * with *err (caller frees) naming the ref and what was refused. */
int share_read(struct share *s, const char *ref, enum share_kind kind,
	       struct share_record *out, char **err);

/* Writes rec as a commit on ref, whose parent is parent ("" none), and
 * moves ref to it from expect ("": ref must not exist yet).  When the
 * parent already holds the same tree, no commit is made and ref is
 * moved to the parent.  The commit's id in out.  0, or -1 with *err
 * (the ref moved by someone else meanwhile: said so). */
int share_commit(struct share *s, const char *ref, enum share_kind kind,
		 const struct share_record *rec, const char *parent,
		 const char *expect, char out[SHARE_HEX], char **err);

/* Moves ref to hex from expect ("": must not exist), compare-and-swap.
 * 0, or -1 with *err. */
int share_set_ref(struct share *s, const char *ref, const char *hex,
		  const char *expect, char **err);

/* Whether commit a is b or descends from it. */
bool share_descends(struct share *s, const char *a, const char *b);

/* The names of the refs under prefix (ending in '/'), the prefix taken
 * off, sorted.  Caller frees each and the list.  0, or -1 with *err. */
int share_list(struct share *s, const char *prefix, char ***names,
	       size_t *n, char **err);

/* The current branch's remote, else "origin".  Caller frees. */
char *share_default_remote(struct share *s);
/* Whether the repository has a remote of that name (configured). */
bool share_has_remote(struct share *s, const char *name);

/* The git program, run in root with argv (argv[0] "git"), without a
 * shell, with GIT_TERMINAL_PROMPT=0 (never a prompt: a credential that
 * git cannot find is an error) and a timeout.  Its output and errors
 * go to *out.  Returns 0 when it ran (*exit_code its status, 124 when
 * it timed out), or -1 with *err when it could not be started. */
int share_git(const char *root, const char *const *argv, int timeout_s,
	      int *exit_code, struct buf *out, char **err);

#endif
