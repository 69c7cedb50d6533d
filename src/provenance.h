/* provenance.h: a PEP 740 provenance object, read and verified.
 *
 * The Integrity API serves, per file, {"version": 1,
 * "attestation_bundles": [{"publisher": {...}, "attestations": [...]}]}.
 * The publisher object is the index's word, not signed; each attestation
 * is verified by attest.h.  A bare attestation object is read too, as
 * one bundle with no publisher (the way tests and tools hold one).
 * The body is hostile: a size cap, caps on bundles and attestations, an
 * error naming the field.
 */
#ifndef RELCHECK_PROVENANCE_H
#define RELCHECK_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "attest.h"
#include "util.h"

#define PROVENANCE_MAX_BYTES (512 * 1024)
#define PROVENANCE_MAX_BUNDLES 8
#define PROVENANCE_MAX_ATTESTATIONS 8

struct provenance_bundle {
	bool has_publisher;
	struct trusted_publisher publisher;	/* the index's (unsigned) */
	struct attestation *atts;
	size_t natts;
};

struct provenance {
	struct provenance_bundle *bundles;
	size_t nbundles;
};

/* 0, or -1 with *err (caller frees).  p is freed by the caller either
 * way (provenance_free). */
int provenance_parse(const char *text, size_t len, struct provenance *p,
		     char **err);
void provenance_free(struct provenance *p);

/* Verifies every attestation of p against x (whose served publisher is
 * each bundle's own).  Appends a line per attestation to detail (each
 * step passed, the publisher found, the log index, the integrated time
 * in UTC).  Returns ATTEST_OK when all verify (there is at least one,
 * since provenance_parse wants one), else the first failure's status
 * with *reason (caller frees). */
int provenance_verify(const struct provenance *p,
		      const struct attest_expect *x, struct buf *detail,
		      char **reason);

/* The publisher a checklist or an index names, said in one line
 * ("GitHub o/r, workflow w.yml"); caller frees. */
char *trusted_publisher_describe(const struct trusted_publisher *p);

#endif
