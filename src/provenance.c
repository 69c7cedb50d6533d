/* provenance.c: a PEP 740 provenance object (see provenance.h). */
#include "config.h"

#include "provenance.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *opt_string(json_t *o, const char *key, bool *bad)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || strlen(json_string_value(v)) > 1024) {
		*bad = true;
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static int read_publisher(json_t *o, struct trusted_publisher *p, char **err)
{
	bool bad = false;

	if (!json_is_object(o)) {
		*err = xstrdup("publisher: not an object");
		return -1;
	}
	p->kind = opt_string(o, "kind", &bad);
	p->repository = opt_string(o, "repository", &bad);
	p->workflow = opt_string(o, "workflow", &bad);
	if (!p->workflow)
		p->workflow = opt_string(o, "workflow_filepath", &bad);
	p->environment = opt_string(o, "environment", &bad);
	p->email = opt_string(o, "email", &bad);
	if (bad || !p->kind) {
		*err = xstrdup("publisher: no kind, or a field that is not a "
			       "string");
		return -1;
	}
	return 0;
}

static int read_bundle(json_t *o, size_t i, struct provenance_bundle *b,
		       char **err)
{
	json_t *atts = json_object_get(o, "attestations");
	char *why = NULL;

	if (!json_is_object(o)) {
		*err = xasprintf("attestation_bundles[%zu]: not an object", i);
		return -1;
	}
	if (read_publisher(json_object_get(o, "publisher"), &b->publisher,
			   &why) < 0) {
		*err = xasprintf("attestation_bundles[%zu].%s", i, why);
		free(why);
		return -1;
	}
	b->has_publisher = true;
	if (!json_is_array(atts) || json_array_size(atts) == 0 ||
	    json_array_size(atts) > PROVENANCE_MAX_ATTESTATIONS) {
		*err = xasprintf("attestation_bundles[%zu].attestations: "
				 "missing, empty or more than %d", i,
				 PROVENANCE_MAX_ATTESTATIONS);
		return -1;
	}
	b->atts = xcalloc(json_array_size(atts), sizeof(*b->atts));
	for (size_t k = 0; k < json_array_size(atts); k++) {
		b->natts++;
		if (attest_parse(json_array_get(atts, k), &b->atts[k],
				 &why) < 0) {
			*err = xasprintf("attestation_bundles[%zu]."
					 "attestations[%zu]: %s", i, k, why);
			free(why);
			return -1;
		}
	}
	return 0;
}

int provenance_parse(const char *text, size_t len, struct provenance *p,
		     char **err)
{
	json_error_t je;
	json_t *root, *bundles;
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (len > PROVENANCE_MAX_BYTES) {
		*err = xasprintf("provenance larger than %d bytes",
				 PROVENANCE_MAX_BYTES);
		return -1;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(root)) {
		*err = xstrdup("provenance: not a JSON object");
		goto out;
	}
	if (json_object_get(root, "envelope")) {
		/* A bare attestation: one bundle, no publisher. */
		p->bundles = xcalloc(1, sizeof(*p->bundles));
		p->nbundles = 1;
		p->bundles[0].atts = xcalloc(1, sizeof(struct attestation));
		p->bundles[0].natts = 1;
		rc = attest_parse(root, &p->bundles[0].atts[0], err);
		goto out;
	}
	if (!json_is_integer(json_object_get(root, "version")) ||
	    json_integer_value(json_object_get(root, "version")) != 1) {
		*err = xstrdup("provenance: version is not 1");
		goto out;
	}
	bundles = json_object_get(root, "attestation_bundles");
	if (!json_is_array(bundles) || json_array_size(bundles) == 0 ||
	    json_array_size(bundles) > PROVENANCE_MAX_BUNDLES) {
		*err = xasprintf("attestation_bundles: missing, empty or more "
				 "than %d", PROVENANCE_MAX_BUNDLES);
		goto out;
	}
	p->bundles = xcalloc(json_array_size(bundles), sizeof(*p->bundles));
	for (size_t i = 0; i < json_array_size(bundles); i++) {
		p->nbundles++;
		if (read_bundle(json_array_get(bundles, i), i, &p->bundles[i],
				err) < 0)
			goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

void provenance_free(struct provenance *p)
{
	for (size_t i = 0; i < p->nbundles; i++) {
		for (size_t k = 0; k < p->bundles[i].natts; k++)
			attest_free(&p->bundles[i].atts[k]);
		free(p->bundles[i].atts);
		trusted_publisher_free(&p->bundles[i].publisher);
	}
	free(p->bundles);
	memset(p, 0, sizeof(*p));
}

char *trusted_publisher_describe(const struct trusted_publisher *p)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, p->kind ? p->kind : "unknown publisher");
	if (p->repository)
		buf_addf(&b, " %s", p->repository);
	if (p->workflow)
		buf_addf(&b, ", workflow %s", p->workflow);
	if (p->environment)
		buf_addf(&b, ", environment %s (unsigned)", p->environment);
	if (p->email)
		buf_addf(&b, " %s", p->email);
	if (p->ref)
		buf_addf(&b, ", ref %s", p->ref);
	return buf_detach(&b);
}

int provenance_verify(const struct provenance *p,
		      const struct attest_expect *x, struct buf *detail,
		      char **reason)
{
	int status = ATTEST_OK;

	*reason = NULL;
	for (size_t i = 0; i < p->nbundles; i++) {
		const struct provenance_bundle *b = &p->bundles[i];
		struct attest_expect bx = *x;

		bx.served = b->has_publisher ? &b->publisher : NULL;
		for (size_t k = 0; k < b->natts; k++) {
			struct attest_report r;
			int rc = attest_verify(&b->atts[k], &bx, &r);

			if (rc == ATTEST_OK) {
				char *who = trusted_publisher_describe(&r.who);
				char when[32];
				time_t t = (time_t)r.integrated_time;
				struct tm tm;

				gmtime_r(&t, &tm);
				strftime(when, sizeof(when),
					 "%Y-%m-%d %H:%M:%S UTC", &tm);
				buf_addf(detail, "  statement, signature, "
					 "signed entry timestamp, certificate "
					 "chain, log entry, inclusion proof, "
					 "checkpoint, %spublisher: verified; "
					 "%s; log index %lld, integrated %s\n",
					 r.tsa_time ? "timestamp authority, "
						    : "",
					 who, r.log_index, when);
				free(who);
			} else {
				buf_addf(detail, "  %s\n", r.reason);
				if (status == ATTEST_OK) {
					status = rc;
					*reason = xstrdup(r.reason);
				}
			}
			attest_report_free(&r);
		}
	}
	return status;
}
