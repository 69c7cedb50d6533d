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

#endif
