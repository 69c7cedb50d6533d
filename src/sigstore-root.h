/* sigstore-root.h: Sigstore's trusted root (trusted_root.json), read.
 *
 * The root names whom a Sigstore verification trusts: the Fulcio
 * certificate authorities (a chain each, intermediates first and the
 * root last), the Rekor transparency logs (a public key each, named by
 * its key id, the SHA-256 of the key's DER), the certificate
 * transparency logs and the timestamp authorities, each for a period
 * (validFor).  The file is read as hostile input: a size cap, and an
 * error naming the field that is wrong.
 */
#ifndef RELCHECK_SIGSTORE_ROOT_H
#define RELCHECK_SIGSTORE_ROOT_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A trusted root larger than this is refused. */
#define SIGSTORE_ROOT_MAX (1024 * 1024)

/* Seconds since the epoch; end only when has_end (an end of
 * 1970-01-01T00:00:00Z is 0, and ended long ago). */
struct sigstore_validity {
	long long start;
	long long end;
	bool has_end;
};

struct sigstore_ca {
	char *uri;
	STACK_OF(X509) *chain;	/* as listed: [intermediate..., root] */
	struct sigstore_validity valid;
};

struct sigstore_log {
	char *base_url;
	unsigned char key_id[32];
	EVP_PKEY *key;
	char *key_details;	/* PKIX_ECDSA_P256_SHA_256, PKIX_ED25519... */
	struct sigstore_validity valid;
};

struct sigstore_root {
	struct sigstore_ca *cas;
	size_t ncas;
	struct sigstore_log *tlogs;
	size_t ntlogs;
	struct sigstore_log *ctlogs;
	size_t nctlogs;
	struct sigstore_ca *tsas;
	size_t ntsas;
};

/* 0 with *r filled (free with sigstore_root_free), or -1 with *err
 * (caller frees) naming the field.  *r is left empty on error. */
int sigstore_root_parse(const char *text, size_t len,
			struct sigstore_root *r, char **err);
int sigstore_root_load(const char *path, struct sigstore_root *r,
		       char **err);
void sigstore_root_free(struct sigstore_root *r);

/* The Rekor log with this key id, or NULL. */
const struct sigstore_log *sigstore_root_tlog(const struct sigstore_root *r,
					      const unsigned char id[32]);
/* Whether sig is key's signature of the len bytes at msg: ECDSA (P-256
 * with SHA-256, P-384 with SHA-384) or Ed25519.  0 when it is, else -1. */
int sigstore_verify(EVP_PKEY *key, const void *msg, size_t len,
		    const unsigned char *sig, size_t siglen);
/* Whether t (seconds since the epoch) lies in v. */
bool sigstore_valid_at(const struct sigstore_validity *v, long long t);
/* An RFC 3339 time ("2021-03-07T03:20:29Z", fractions and offsets
 * allowed) as seconds since the epoch: 0, or -1 when malformed. */
int sigstore_parse_time(const char *s, long long *t);

#endif
