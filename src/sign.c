/* sign.c: GPGME, or a message that it is missing. */
#include "config.h"

#include "sign.h"

#include <stdlib.h>
#include <string.h>

#ifndef HAVE_GPGME

static int missing(char **err)
{
	*err = xstrdup("relcheck was built without GPGME: install "
		       "libgpgme-dev and build it again to sign");
	return -1;
}

bool sign_available(void)
{
	return false;
}

int sign_clear(const struct buf *in, struct buf *out, char **err)
{
	(void)in;
	(void)out;
	return missing(err);
}

int sign_detached(const struct buf *in, struct buf *out, char **err)
{
	(void)in;
	(void)out;
	return missing(err);
}

int sign_verify(const void *data, size_t len, const void *sig, size_t siglen,
		struct buf *plain, char **who, char **err)
{
	(void)data; (void)len; (void)sig; (void)siglen; (void)plain;
	*who = NULL;
	return missing(err);
}

#else

#include <gpgme.h>
#include <locale.h>

bool sign_available(void)
{
	return true;
}

static gpgme_ctx_t start(char **err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_error_t e;

	gpgme_check_version(NULL);
	e = gpgme_new(&ctx);
	if (e) {
		*err = xasprintf("GPGME: %s", gpgme_strerror(e));
		return NULL;
	}
	gpgme_set_protocol(ctx, GPGME_PROTOCOL_OpenPGP);
	gpgme_set_armor(ctx, 1);
	return ctx;
}

static void take(gpgme_data_t d, struct buf *out)
{
	size_t n = 0;
	char *p = gpgme_data_release_and_get_mem(d, &n);

	if (p)
		buf_add(out, p, n);
	gpgme_free(p);
}

static int do_sign(const struct buf *in, struct buf *out, gpgme_sig_mode_t mode,
		   char **err)
{
	gpgme_ctx_t ctx = start(err);
	gpgme_data_t din = NULL, dout = NULL;
	gpgme_error_t e;
	int rc = -1;

	*err = NULL;
	if (!ctx)
		return -1;
	if ((e = gpgme_data_new_from_mem(&din, in->data ? in->data : "",
					 in->len, 0)) ||
	    (e = gpgme_data_new(&dout)) ||
	    (e = gpgme_op_sign(ctx, din, dout, mode))) {
		*err = xasprintf("cannot sign: %s (is there a secret key in "
				 "$GNUPGHOME?)", gpgme_strerror(e));
		gpgme_data_release(dout);
		goto out;
	}
	take(dout, out);
	rc = 0;
out:
	gpgme_data_release(din);
	gpgme_release(ctx);
	return rc;
}

int sign_clear(const struct buf *in, struct buf *out, char **err)
{
	return do_sign(in, out, GPGME_SIG_MODE_CLEAR, err);
}

int sign_detached(const struct buf *in, struct buf *out, char **err)
{
	return do_sign(in, out, GPGME_SIG_MODE_DETACH, err);
}

int sign_verify(const void *data, size_t len, const void *sig, size_t siglen,
		struct buf *plain, char **who, char **err)
{
	gpgme_ctx_t ctx = start(err);
	gpgme_data_t dd = NULL, ds = NULL, dp = NULL;
	gpgme_verify_result_t res;
	gpgme_error_t e;
	int rc = -1;

	*who = NULL;
	*err = NULL;
	if (!ctx)
		return -1;
	e = gpgme_data_new_from_mem(&dd, data, len, 0);
	if (!e && sig)
		e = gpgme_data_new_from_mem(&ds, sig, siglen, 0);
	if (!e && !sig)
		e = gpgme_data_new(&dp);
	if (!e)
		e = sig ? gpgme_op_verify(ctx, ds, dd, NULL)
			: gpgme_op_verify(ctx, dd, NULL, dp);
	if (e) {
		*err = xasprintf("cannot verify: %s", gpgme_strerror(e));
		goto out;
	}
	res = gpgme_op_verify_result(ctx);
	if (!res || !res->signatures) {
		*err = xstrdup("no signature found");
		goto out;
	}
	if (gpgme_err_code(res->signatures->status) != GPG_ERR_NO_ERROR) {
		*err = xasprintf("the signature is BAD: %s",
				 gpgme_strerror(res->signatures->status));
		goto out;
	}
	{
		gpgme_key_t key = NULL;
		const char *fpr = res->signatures->fpr;
		if (fpr && gpgme_get_key(ctx, fpr, &key, 0) == 0 && key &&
		    key->uids && key->uids->uid)
			*who = xasprintf("%s (%s)", key->uids->uid, fpr);
		else
			*who = xasprintf("key %s", fpr ? fpr : "?");
		gpgme_key_unref(key);
	}
	if (dp && plain) {
		take(dp, plain);
		dp = NULL;
	}
	rc = 0;
out:
	gpgme_data_release(dp);
	gpgme_data_release(ds);
	gpgme_data_release(dd);
	gpgme_release(ctx);
	return rc;
}

#endif
