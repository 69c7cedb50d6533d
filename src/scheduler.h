/* scheduler.h: runs checks concurrently on worker threads.
 *
 * The caller adds the items whose checks should run, starts the
 * scheduler, and then waits on scheduler_fd() (with poll, or an event loop
 * such as the screen's) and collects each result with scheduler_next() as it
 * comes.  An item runs once the items it depends on have passed; if one
 * of them did not pass, the item is reported as skipped without running.
 * Dependencies outside the added set count as met.
 *
 * Everything but the check itself happens on the caller's thread: jobs are
 * made (variables expanded, including those earlier checks captured) when
 * they become ready, so workers share nothing but the queues.
 */
#ifndef RELCHECK_SCHEDULER_H
#define RELCHECK_SCHEDULER_H

#include <stdbool.h>

#include "check.h"
#include "checklist.h"

struct scheduler;

struct scheduler_options {
	const char *root;	/* repository root */
	const char *log_dir;	/* existing folder for logs */
	int max_threads;	/* 0: 8 */
	bool independent;	/* ignore depends (verify --recheck) */
	bool wait;		/* the index checks wait in any case
				 * (check --wait; see check_job.wait_asked) */
};

struct scheduler *scheduler_new(const struct checklist *cl,
			const struct scheduler_options *opt);
/* Adds item (it must have a check).  Before sched_start only. */
void scheduler_add(struct scheduler *s, const struct item *item);
/* When item's upload was recorded (ms since the epoch; 0: not), so that
 * its index check waits for the index within its window.  Before
 * scheduler_start only. */
void scheduler_upload_time(struct scheduler *s, const struct item *item,
			   long long epoch_ms);
/* Starts the workers and every check that is ready.  0, or -1 with *err
 * (caller frees) when no thread could be started. */
int scheduler_start(struct scheduler *s, char **err);
/* Readable when a result may be waiting. */
int scheduler_fd(const struct scheduler *s);
/* Hands over the next finished result, if any: *item and *out (the
 * caller owns it: check_result_free).  Never blocks. */
bool scheduler_next(struct scheduler *s, const struct item **item,
		struct check_result *out);
/* Blocks up to timeout_ms (-1: no limit) until a result may be waiting. */
void scheduler_wait(struct scheduler *s, int timeout_ms);
/* Every added item has been handed over. */
bool scheduler_finished(const struct scheduler *s);
/* Whether item is running now; what it says it is doing (a copy, or
 * NULL). */
bool scheduler_running(struct scheduler *s, const struct item *item);
/* Whether item was added and its result not handed over yet (waiting,
 * running, or done and queued). */
bool scheduler_holds(struct scheduler *s, const struct item *item);
char *scheduler_progress(struct scheduler *s, const struct item *item);
/* Asks every running check to stop; pending ones are not started. */
void scheduler_cancel(struct scheduler *s);
/* Cancels, waits for the workers (each check honours cancel promptly),
 * and frees. */
void scheduler_free(struct scheduler *s);

#endif
