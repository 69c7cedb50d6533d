/* sign.h: OpenPGP signatures of reports, through GPGME.
 *
 * Optional at build time: without GPGME (libgpgme-dev), every function
 * fails with a message that says so.  The signing key is GnuPG's default
 * (gpg's default-key, else the first secret key), from $GNUPGHOME.
 */
#ifndef RELCHECK_SIGN_H
#define RELCHECK_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

bool sign_available(void);

/* in, clearsigned, into out.  0, or -1 with *err (caller frees). */
int sign_clear(const struct buf *in, struct buf *out, char **err);
/* An armored detached signature of in, into out. */
int sign_detached(const struct buf *in, struct buf *out, char **err);

/* Verifies a detached signature of data, or (sig NULL) a clearsigned
 * data whose signed text goes to plain.  0 when the signature is good
 * (*who: the signer, caller frees), -1 with *err otherwise. */
int sign_verify(const void *data, size_t len, const void *sig, size_t siglen,
		struct buf *plain, char **who, char **err);

/* What a detached signature of some data is, as GPGME finds it. */
enum sign_state {
	SIGN_GOOD,
	SIGN_BAD,	/* not a signature of this data */
	SIGN_NO_KEY,	/* the public key is not in the keyring */
	SIGN_EXPIRED,	/* the signature or its key expired */
	SIGN_REVOKED,	/* its key is revoked */
	SIGN_ERROR,	/* cannot be checked (no GPGME, not a signature) */
};

struct sign_check {
	enum sign_state state;
	char *fpr;	/* the signing key's fingerprint, when known */
	char *uid;	/* its first user id, when the key is known */
	char *note;	/* what GPGME said, one line */
};

/* Checks sig, an armored detached signature, against data; fills out
 * (free with sign_check_free) and returns its state. */
enum sign_state sign_check_detached(const void *data, size_t len,
				    const void *sig, size_t siglen,
				    struct sign_check *out);
void sign_check_free(struct sign_check *c);

#endif
