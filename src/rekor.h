/* rekor.h: one Rekor transparency-log entry of a Sigstore bundle, and
 * its verification offline.
 *
 * An entry (verification_material.transparency_entries[i]) says that
 * the log holds canonicalizedBody at logIndex since integratedTime.  Its
 * proofs: the signed entry timestamp (the log's signature over the
 * canonical JSON {"body","integratedTime","logID","logIndex"}), the
 * inclusion proof (RFC 6962/9162: the audit path from the leaf
 * SHA-256(0x00 || body) to the root of a tree of treeSize leaves) and the
 * checkpoint (a signed note by the log's key naming that size and root).
 *
 * Each verifier returns REKOR_OK, REKOR_FAIL (the entry is false) or
 * REKOR_ERROR (it cannot be trusted: a log the trusted root does not
 * list, a key not valid at the time) with *err (caller frees).
 */
#ifndef RELCHECK_REKOR_H
#define RELCHECK_REKOR_H

#include <stddef.h>
#include <stdint.h>

#include "sigstore-root.h"

struct json_t;

enum { REKOR_OK = 0, REKOR_FAIL = -1, REKOR_ERROR = -2 };

/* Caps on what an entry may hold. */
#define REKOR_MAX_BODY (256 * 1024)
#define REKOR_MAX_HASHES 64
#define REKOR_MAX_CHECKPOINT 8192

struct rekor_entry {
	long long log_index;
	unsigned char log_id[32];
	long long integrated_time;
	char *body_b64;			/* canonicalizedBody as given */
	unsigned char *body;
	size_t body_len;
	unsigned char *set;		/* signedEntryTimestamp */
	size_t set_len;
	long long proof_index;		/* inclusionProof.logIndex */
	long long tree_size;
	unsigned char root_hash[32];
	unsigned char (*hashes)[32];
	size_t nhashes;
	char *checkpoint;		/* inclusionProof.checkpoint.envelope */
};

/* Reads an entry from JSON.  0, or -1 with *err naming the field; e is
 * freed by the caller either way (rekor_entry_free). */
int rekor_entry_parse(struct json_t *o, struct rekor_entry *e, char **err);
void rekor_entry_free(struct rekor_entry *e);

/* The signed entry timestamp, with the log the root names by logID,
 * which must be valid at integratedTime; integratedTime after now is an
 * error.  *log is the log (on REKOR_OK). */
int rekor_verify_set(const struct rekor_entry *e,
		     const struct sigstore_root *root, long long now,
		     const struct sigstore_log **log, char **err);
/* The root an inclusion proof gives (RFC 9162 2.1.3.2): 0, or -1 with
 * *err (index not below size, too many or too few hashes). */
int rekor_proof_root(uint64_t index, uint64_t size,
		     const unsigned char leaf[32],
		     const unsigned char (*hashes)[32], size_t n,
		     unsigned char root[32], char **err);
/* The inclusion proof leads from the body's leaf to rootHash. */
int rekor_verify_inclusion(const struct rekor_entry *e, char **err);
/* The checkpoint is a note signed by log's key, for treeSize and
 * rootHash. */
int rekor_verify_checkpoint(const struct rekor_entry *e,
			    const struct sigstore_log *log, char **err);
/* The body is a dsse 0.0.1 entry of this envelope: payloadHash is
 * SHA-256 of the statement, its one signature is sig and its verifier
 * the certificate cert_der. */
int rekor_body_matches(const struct rekor_entry *e,
		       const unsigned char *statement, size_t statement_len,
		       const unsigned char *sig, size_t sig_len,
		       const unsigned char *cert_der, size_t cert_len,
		       char **err);

#endif
