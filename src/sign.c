/* sign.c: GPGME, loaded when a signature is first made or checked, or a
 * message that it is missing.
 *
 * GPGME brings libassuan and libgpg-error: linked, the dynamic loader
 * mapped and relocated the three at every start, about 0.3 ms of every
 * command (--version and `check` included), while only report --sign
 * and verify of a signed report use them (issue 16).  So libgpgme is
 * opened with dlopen() by the first of those, once, and its functions
 * called through a table typed by <gpgme.h> (__typeof__), as src/net.c
 * does with libcurl.  Built with GPGME but without it at run time, the
 * signing and verifying commands say so; nothing else notices.
 */
#include "config.h"

#include "sign.h"

#include <stdlib.h>
#include <string.h>

void sign_check_free(struct sign_check *c)
{
	free(c->fpr);
	free(c->uid);
	free(c->note);
	memset(c, 0, sizeof(*c));
}

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

enum sign_state sign_check_detached(const void *data, size_t len,
				    const void *sig, size_t siglen,
				    struct sign_check *out)
{
	(void)data; (void)len; (void)sig; (void)siglen;
	memset(out, 0, sizeof(*out));
	missing(&out->note);
	return out->state = SIGN_ERROR;
}

#else

#include <dlfcn.h>
#include <gpgme.h>
#include <pthread.h>
#include <stddef.h>

/* GPGME's soname in every 1.x release (configure asks for >= 1.10).  A
 * build may name another file: tests/test-sign-missing names one that
 * does not exist. */
#ifndef GPGME_SONAME
#define GPGME_SONAME "libgpgme.so.11"
#endif

/* The functions of GPGME relcheck calls: one line each.  (gpgme_err_code
 * is inline, and gpgme_check_version a macro for check_version_internal.) */
#define GPGME_FUNCTIONS(X) \
	X(check_version_internal) X(new) X(release) X(set_protocol) \
	X(set_armor) X(strerror) X(free) X(data_new) X(data_new_from_mem) \
	X(data_release) X(data_release_and_get_mem) X(op_sign) \
	X(op_verify) X(op_verify_result) X(get_key) X(key_unref)

static struct {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): name is a member's name */
#define GPGME_MEMBER(name) __typeof__(gpgme_##name) *name;
	GPGME_FUNCTIONS(GPGME_MEMBER)
#undef GPGME_MEMBER
} gpg;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *lib;		/* libgpgme, open until the process ends */
static char *load_error;	/* why it could not be loaded (owned) */

static void load(void)
{
	void *sym;

	lib = dlopen(GPGME_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		load_error = xasprintf("cannot load GPGME, which signs and "
				       "verifies reports: %s (install "
				       "libgpgme11)", dlerror());
		return;
	}
#define GPGME_LOAD(name) \
	if (!load_error) { \
		sym = dlsym(lib, "gpgme_" #name); \
		if (!sym) \
			load_error = xasprintf("cannot load GPGME: no " \
					       "gpgme_" #name " in " \
					       GPGME_SONAME); \
		gpg.name = (__typeof__(gpg.name))sym; \
	}
	GPGME_FUNCTIONS(GPGME_LOAD)
#undef GPGME_LOAD
	/* What the gpgme_check_version() macro does: GPGME's own start-up,
	 * and a check of the struct layout this file was built against. */
	if (!load_error &&
	    !gpg.check_version_internal(NULL, offsetof(struct _gpgme_signature,
							validity)))
		load_error = xstrdup("cannot start GPGME: its library does "
				     "not match the headers relcheck was "
				     "built with");
}

bool sign_available(void)
{
	return true;
}

static gpgme_ctx_t start(char **err)
{
	gpgme_ctx_t ctx = NULL;
	gpgme_error_t e;

	pthread_once(&once, load);
	if (load_error) {
		*err = xstrdup(load_error);
		return NULL;
	}
	e = gpg.new(&ctx);
	if (e) {
		*err = xasprintf("GPGME: %s", gpg.strerror(e));
		return NULL;
	}
	gpg.set_protocol(ctx, GPGME_PROTOCOL_OpenPGP);
	gpg.set_armor(ctx, 1);
	return ctx;
}

static void take(gpgme_data_t d, struct buf *out)
{
	size_t n = 0;
	char *p = gpg.data_release_and_get_mem(d, &n);

	if (p)
		buf_add(out, p, n);
	gpg.free(p);
}

static int do_sign(const struct buf *in, struct buf *out, gpgme_sig_mode_t mode,
		   char **err)
{
	gpgme_ctx_t ctx;
	gpgme_data_t din = NULL, dout = NULL;
	gpgme_error_t e;
	int rc = -1;

	*err = NULL;
	ctx = start(err);	/* after: its *err is the message */
	if (!ctx)
		return -1;
	if ((e = gpg.data_new_from_mem(&din, in->data ? in->data : "",
				       in->len, 0)) ||
	    (e = gpg.data_new(&dout)) ||
	    (e = gpg.op_sign(ctx, din, dout, mode))) {
		*err = xasprintf("cannot sign: %s (is there a secret key in "
				 "$GNUPGHOME?)", gpg.strerror(e));
		gpg.data_release(dout);
		goto out;
	}
	take(dout, out);
	rc = 0;
out:
	gpg.data_release(din);
	gpg.release(ctx);
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
	gpgme_ctx_t ctx;
	gpgme_data_t dd = NULL, ds = NULL, dp = NULL;
	gpgme_verify_result_t res;
	gpgme_error_t e;
	int rc = -1;

	*who = NULL;
	*err = NULL;
	ctx = start(err);
	if (!ctx)
		return -1;
	e = gpg.data_new_from_mem(&dd, data, len, 0);
	if (!e && sig)
		e = gpg.data_new_from_mem(&ds, sig, siglen, 0);
	if (!e && !sig)
		e = gpg.data_new(&dp);
	if (!e)
		e = sig ? gpg.op_verify(ctx, ds, dd, NULL)
			: gpg.op_verify(ctx, dd, NULL, dp);
	if (e) {
		*err = xasprintf("cannot verify: %s", gpg.strerror(e));
		goto out;
	}
	res = gpg.op_verify_result(ctx);
	if (!res || !res->signatures) {
		*err = xstrdup("no signature found");
		goto out;
	}
	if (gpgme_err_code(res->signatures->status) != GPG_ERR_NO_ERROR) {
		*err = xasprintf("the signature is BAD: %s",
				 gpg.strerror(res->signatures->status));
		goto out;
	}
	{
		gpgme_key_t key = NULL;
		const char *fpr = res->signatures->fpr;
		if (fpr && gpg.get_key(ctx, fpr, &key, 0) == 0 && key &&
		    key->uids && key->uids->uid)
			*who = xasprintf("%s (%s)", key->uids->uid, fpr);
		else
			*who = xasprintf("key %s", fpr ? fpr : "?");
		gpg.key_unref(key);
	}
	if (dp && plain) {
		take(dp, plain);
		dp = NULL;
	}
	rc = 0;
out:
	gpg.data_release(dp);
	gpg.data_release(ds);
	gpg.data_release(dd);
	gpg.release(ctx);
	return rc;
}

/* The state of one signature: its status, and its summary's bits for
 * what the status alone does not say (a revoked key's good signature). */
static enum sign_state state_of(gpgme_signature_t sg)
{
	switch (gpgme_err_code(sg->status)) {
	case GPG_ERR_NO_ERROR:
		if (sg->summary & GPGME_SIGSUM_KEY_REVOKED)
			return SIGN_REVOKED;
		if (sg->summary & (GPGME_SIGSUM_KEY_EXPIRED |
				   GPGME_SIGSUM_SIG_EXPIRED))
			return SIGN_EXPIRED;
		if (sg->summary & GPGME_SIGSUM_RED)
			return SIGN_BAD;
		return SIGN_GOOD;
	case GPG_ERR_BAD_SIGNATURE:
		return SIGN_BAD;
	case GPG_ERR_NO_PUBKEY:
		return SIGN_NO_KEY;
	case GPG_ERR_SIG_EXPIRED:
	case GPG_ERR_KEY_EXPIRED:
		return SIGN_EXPIRED;
	case GPG_ERR_CERT_REVOKED:
		return SIGN_REVOKED;
	default:
		return SIGN_ERROR;
	}
}

enum sign_state sign_check_detached(const void *data, size_t len,
				    const void *sig, size_t siglen,
				    struct sign_check *out)
{
	gpgme_ctx_t ctx;
	gpgme_data_t dd = NULL, ds = NULL;
	gpgme_verify_result_t res;
	gpgme_signature_t sg;
	gpgme_error_t e;
	gpgme_key_t key = NULL;

	memset(out, 0, sizeof(*out));
	out->state = SIGN_ERROR;
	ctx = start(&out->note);
	if (!ctx)
		return out->state;
	e = gpg.data_new_from_mem(&dd, data, len, 0);
	if (!e)
		e = gpg.data_new_from_mem(&ds, sig, siglen, 0);
	if (!e)
		e = gpg.op_verify(ctx, ds, dd, NULL);
	res = e ? NULL : gpg.op_verify_result(ctx);
	sg = res ? res->signatures : NULL;
	if (e || !sg) {
		out->note = e ? xasprintf("cannot verify: %s", gpg.strerror(e))
			      : xstrdup("no signature found");
		goto out;
	}
	out->state = state_of(sg);
	out->fpr = sg->fpr ? xstrdup(sg->fpr) : NULL;
	if (sg->fpr && gpg.get_key(ctx, sg->fpr, &key, 0) == 0 && key) {
		/* the primary key's fingerprint, when a subkey signed */
		if (key->subkeys && key->subkeys->fpr) {
			free(out->fpr);
			out->fpr = xstrdup(key->subkeys->fpr);
		}
		if (key->uids && key->uids->uid)
			out->uid = xstrdup(key->uids->uid);
	}
	gpg.key_unref(key);
	out->note = xstrdup(out->state == SIGN_GOOD ? "good signature"
			    : gpg.strerror(sg->status ? sg->status
					   : GPG_ERR_GENERAL));
out:
	gpg.data_release(ds);
	gpg.data_release(dd);
	gpg.release(ctx);
	return out->state;
}

#endif
