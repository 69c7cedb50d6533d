/* check.h: running one check: its job (the fields, expanded), its result
 * (status, reason, evidence), and the run function each type provides.
 *
 * A job is self-contained: the scheduler expands every field on the main
 * thread before handing the job to a worker, so a worker never touches the
 * checklist's variables.  The result belongs to whoever the scheduler
 * hands it to (check_result_free).
 */
#ifndef RELCHECK_CHECK_H
#define RELCHECK_CHECK_H

#include <stdatomic.h>
#include <stdbool.h>

#include "checklist.h"
#include "vars.h"

enum check_status {
	CHECK_PENDING,
	CHECK_RUNNING,
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_ERROR,	/* could not check: network, tool, repository */
	CHECK_SKIPPED,	/* not run: a dependency did not pass */
};

const char *check_status_name(enum check_status st);

struct evidence {
	char *key;
	char *value;
};

struct check_result {
	enum check_status status;
	char *reason;		/* one line a person understands */
	struct evidence *ev;	/* exit codes, commit ids, hashes, ... */
	size_t nev;
	long long duration_ms;
	char *log_path;		/* the full output, or NULL */
	char *tail;		/* its last lines, sanitised and redacted */
	struct vars captures;	/* variables the check set */
};

void check_result_init(struct check_result *r);
void check_result_free(struct check_result *r);
/* Sets status and reason (formatted; replaces any earlier reason). */
void check_result_set(struct check_result *r, enum check_status st,
		      const char *fmt, ...) PRINTF_LIKE(3, 4);
void check_result_evidence(struct check_result *r, const char *key,
			   const char *fmt, ...) PRINTF_LIKE(3, 4);
const char *check_result_get(const struct check_result *r, const char *key);

struct check_job {
	const struct item *item;	/* read-only; outlives the job */
	const struct check_type *type;
	char **str;		/* per field of type: expanded, or NULL */
	char *root;		/* repository root */
	char *log_dir;		/* where log files go (exists) */
	char *version;		/* ${version}, or NULL when unknown */
	char *version_file;	/* ${version_file}, or NULL */
	char *version_pattern;	/* ${version_pattern}, or NULL */
	/* ${version_source} when it is git tags ("git tags (hatch-vcs)"):
	 * the version check then compares the tag with dist/; else NULL. */
	char *version_tags;
	unsigned grants;	/* what it may do (caps.h): the vars' grants */
	/* Waiting for an index to catch up with an upload (a pypi check's
	 * `wait`) is for when there is one to catch up with: always when
	 * wait_asked (check --wait); else only until upload_ms (the wall
	 * clock, ms since the epoch, of the upload the run recorded: the
	 * item's last command; 0 for none) plus `wait`.  Otherwise the
	 * index's first answer counts. */
	bool wait_asked;
	long long upload_ms;
	atomic_int *cancel;	/* set to stop as soon as possible */
	/* A line saying what a long check is doing ("waiting for the index,
	 * 30 s"): set with check_job_progress, read by the scheduler. */
	void (*progress)(struct check_job *job, const char *msg);
	void *progress_data;
};

/* Accessors for a job's fields; the defaults apply when unset. */
const char *check_job_str(const struct check_job *job, const char *field);
long long check_job_int(const struct check_job *job, const char *field,
			long long def);
bool check_job_bool(const struct check_job *job, const char *field, bool def);
void check_job_progress(struct check_job *job, const char *fmt, ...)
	PRINTF_LIKE(2, 3);
bool check_job_cancelled(const struct check_job *job);

/* The variable item's check needs that detection could not find (one of
 * vs's VAR_DETECTED variables with no value), or NULL: such a check is
 * not run (the scheduler skips it, saying which), never run with a
 * placeholder.  The version check needs ${version_file} unless it has a
 * path of its own. */
const char *check_unknown_var(const struct item *item, const struct vars *vs);

/* Builds a job for item (which has a check) with the given variables.
 * Returns NULL with *err (caller frees) when a field does not expand. */
struct check_job *check_job_new(const struct item *item, const struct vars *vs,
				const char *root, const char *log_dir,
				char **err);
void check_job_free(struct check_job *job);

/* What the job's check does of the capabilities: its type's, and its
 * set fields'. */
unsigned check_job_needs(const struct check_job *job);

/* Runs the job's check.  Always fills res (status PASS, FAIL, ERROR).
 * A check that needs a capability the job was not granted is not run: an
 * error that says what it would have done and that trust is needed. */
void check_run(struct check_job *job, struct check_result *res);

/* The run functions, one per type (check-*.c). */
void check_command_run(struct check_job *job, struct check_result *res);
void check_file_run(struct check_job *job, struct check_result *res);
void check_regex_run(struct check_job *job, struct check_result *res);
void check_version_run(struct check_job *job, struct check_result *res);
void check_git_clean_run(struct check_job *job, struct check_result *res);
void check_git_branch_run(struct check_job *job, struct check_result *res);
void check_git_tag_run(struct check_job *job, struct check_result *res);
/* For the version check: the file rel (from the repository root) is
 * committed as the work tree has it (when committed), and HEAD's branch
 * is at the remote named remote at HEAD or after it (when remote is not
 * NULL).  0 when so; -1 with res set (fail or error) when not. */
int check_git_file_pushed(struct check_job *job, const char *rel,
			  bool committed, const char *remote,
			  struct check_result *res);
void check_pypi_run(struct check_job *job, struct check_result *res);
void check_http_run(struct check_job *job, struct check_result *res);
void check_dist_run(struct check_job *job, struct check_result *res);
void check_rebuild_run(struct check_job *job, struct check_result *res);
void check_provenance_run(struct check_job *job, struct check_result *res);
void check_forge_release_run(struct check_job *job, struct check_result *res);
void check_forge_ci_run(struct check_job *job, struct check_result *res);
void check_forge_blockers_run(struct check_job *job,
			      struct check_result *res);

/* Helpers shared by the run functions. */
/* path relative to the job's root; "~/" is $HOME.  Caller frees. */
char *check_path(const struct check_job *job, const char *path);
/* Reads the regular file at path (from check_path) into text, at most max
 * bytes; name is how the reason shows it.  A job without CAP_READ reads
 * only inside the repository and not in its .git, whatever symbolic
 * links say.  0, or -1 with res set (FAIL when it does not exist). */
int check_read_file(const struct check_job *job, const char *path,
		    const char *name, size_t max, struct buf *text,
		    struct check_result *res);
/* Whether the job may look at path (which exists): 0, or -1 with res set
 * to the refusal. */
int check_confine(const struct check_job *job, const char *path,
		  const char *name, struct check_result *res);
/* Opens a new log file for the job in log_dir; returns the fd (and sets
 * res->log_path) or -1 with res set to an error. */
int check_open_log(const struct check_job *job, struct check_result *res);
/* Fills res->tail and the log's sha256 evidence from res->log_path. */
void check_finish_log(struct check_result *res);

#endif
