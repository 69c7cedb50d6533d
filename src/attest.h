/* attest.h: one PEP 740 attestation, verified offline step by step.
 *
 * An attestation (PEP 740): envelope.statement (an in-toto Statement
 * v1, base64), envelope.signature (over the DSSE pre-authentication
 * encoding of the statement), verification_material.certificate (the
 * Fulcio leaf, base64 DER) and verification_material.
 * transparency_entries (exactly one Rekor entry).
 *
 * The steps, in the order attest_verify runs them (each a function of
 * its own, so that a test can run one):
 *   statement    one subject: this file's name and sha256; a PyPI
 *                predicateType
 *   signature    the DSSE signature verifies with the certificate's key
 *   timestamp    the log's signed entry timestamp verifies with a log key
 *                of the trusted root (from here integratedTime is
 *                trusted)
 *   chain        the certificate chains to a Fulcio CA of the trusted
 *                root at integratedTime, the CA valid then; codeSigning
 *   log entry    the log's body is this envelope (statement hash,
 *                signature, certificate)
 *   inclusion    the audit path leads from the body to the proof's root
 *   checkpoint   the log signed that tree size and root
 *   timestamp authority  each RFC 3161 timestamp (when there are any)
 *                is signed by a timestamp authority of the trusted root,
 *                valid at its time, over the envelope's signature
 *   publisher    the certificate's identity is the publisher expected
 * A step returns ATTEST_OK, ATTEST_FAIL (false) or ATTEST_ERROR (cannot
 * be trusted either way: an unknown log, a key or CA not valid then),
 * with *err (caller frees) saying why.
 */
#ifndef RELCHECK_ATTEST_H
#define RELCHECK_ATTEST_H

#include <stddef.h>

#include <openssl/x509.h>

#include "fulcio.h"
#include "rekor.h"
#include "sigstore-root.h"

struct json_t;

enum { ATTEST_OK = 0, ATTEST_FAIL = -1, ATTEST_ERROR = -2 };

enum attest_step {
	STEP_READ,
	STEP_STATEMENT,
	STEP_SIGNATURE,
	STEP_TIMESTAMP,
	STEP_CHAIN,
	STEP_LOG_ENTRY,
	STEP_INCLUSION,
	STEP_CHECKPOINT,
	STEP_TSA,
	STEP_PUBLISHER,
	STEP_DONE,
};

const char *attest_step_name(enum attest_step s);

#define ATTEST_MAX_STATEMENT (64 * 1024)
#define ATTEST_MAX_CERT (16 * 1024)
#define ATTEST_MAX_TIMESTAMPS 4
#define ATTEST_MAX_TIMESTAMP (32 * 1024)

#define PREDICATE_PYPI_PUBLISH "https://docs.pypi.org/attestations/publish/v1"
#define PREDICATE_SLSA "https://slsa.dev/provenance/v1"

struct attestation {
	unsigned char *statement;
	size_t statement_len;
	unsigned char *sig;
	size_t sig_len;
	unsigned char *cert_der;
	size_t cert_len;
	X509 *cert;
	struct rekor_entry tlog;
	/* verification_material.timestamps: RFC 3161 TimeStampResp, DER */
	unsigned char *ts[ATTEST_MAX_TIMESTAMPS];
	size_t ts_len[ATTEST_MAX_TIMESTAMPS];
	size_t nts;
};

/* What the attestation must say, and whom to trust. */
struct attest_expect {
	const char *name;		/* the file's name, or NULL */
	const char *sha256_local;	/* hex, or NULL */
	const char *sha256_index;	/* hex, or NULL */
	/* The index's publisher object, and the checklist's; or NULL. */
	const struct trusted_publisher *served;
	const struct trusted_publisher *expected;
	const struct sigstore_root *root;
	long long now;			/* seconds since the epoch */
};

/* What a verification found. */
struct attest_report {
	enum attest_step step;		/* the one that failed, or STEP_DONE */
	int status;			/* ATTEST_OK, _FAIL, _ERROR */
	char *reason;			/* "STEP: why", or NULL */
	struct trusted_publisher who;		/* from the certificate */
	long long log_index;
	long long integrated_time;
	long long tsa_time;		/* the timestamp's, or 0 */
	const char *log_url;		/* the root's; valid while it is */
};

/* Reads an attestation object.  0, or -1 with *err naming the field;
 * a is freed by the caller either way. */
int attest_parse(struct json_t *o, struct attestation *a, char **err);
void attest_free(struct attestation *a);

int attest_step_statement(const struct attestation *a,
			  const struct attest_expect *x, char **err);
int attest_step_signature(const struct attestation *a, char **err);
int attest_step_timestamp(const struct attestation *a,
			  const struct sigstore_root *root, long long now,
			  const struct sigstore_log **log, char **err);
int attest_step_chain(const struct attestation *a,
		      const struct sigstore_root *root, long long when,
		      char **err);
int attest_step_log_entry(const struct attestation *a, char **err);
int attest_step_inclusion(const struct attestation *a, char **err);
int attest_step_checkpoint(const struct attestation *a,
			   const struct sigstore_log *log, char **err);
/* Each timestamp; *when is the last one's time (0 when none). */
int attest_step_tsa(const struct attestation *a,
		    const struct sigstore_root *root, long long *when,
		    char **err);
/* who: the certificate's publisher (filled as far as it could be). */
int attest_step_publisher(const struct attestation *a,
			  const struct trusted_publisher *served,
			  const struct trusted_publisher *expected,
			  struct trusted_publisher *who, char **err);

/* All the steps in order, stopping at the first that does not pass.
 * Returns r->status; r is freed with attest_report_free. */
int attest_verify(const struct attestation *a, const struct attest_expect *x,
		  struct attest_report *r);
void attest_report_free(struct attest_report *r);

#endif
