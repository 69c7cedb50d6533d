/* check-pypi.h: what the checks that ask a package index share (the
 * pypi check, the provenance check): reading the JSON API, finding a
 * local file among the files served, and polling with backoff while the
 * index lags an upload.
 */
#ifndef RELCHECK_CHECK_PYPI_H
#define RELCHECK_CHECK_PYPI_H

#include <stdbool.h>

#include "check.h"
#include "net.h"
#include "pypi-index.h"

enum outcome {
	OUT_DONE,	/* res is final */
	OUT_NOT_YET,	/* worth waiting for */
};

/* How long (ms) the index may be waited for: all of `wait` when asked,
 * what is left of it since the upload the run recorded, or nothing. */
long long pypi_wait_window(const struct check_job *job, long long wait_s);
/* The job's network options (connect_timeout, timeout, retries). */
void pypi_net_options(struct check_job *job, struct net_options *o);
/* Reads what the index says of the release (the JSON API, or the
 * simple API when simple).  0 (v->found false when the index has no such
 * release), or -1 with res set when the index could not be read. */
int pypi_read_index(struct check_job *job, const char *index,
		    const char *project_norm, const char *version,
		    bool simple, struct pypi_release *v,
		    struct check_result *res);
/* The file the index serves under local's name (normalised), or NULL. */
const struct pypi_file *pypi_find_served(const struct pypi_release *v,
					 const char *local);
/* Calls attempt until it says OUT_DONE, or the wait window (see
 * pypi_wait_window) is over, backing off from 2 s to 30 s between
 * tries; res holds the last attempt's result. */
void pypi_poll(struct check_job *job, long long wait_s,
	       enum outcome (*attempt)(struct check_job *, void *,
				       struct check_result *),
	       void *data, struct check_result *res);

#endif
