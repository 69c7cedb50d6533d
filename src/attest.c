/* attest.c: one PEP 740 attestation verified step by step (see
 * attest.h). */
#include "config.h"

#include "attest.h"
#include "b64.h"
#include "hash.h"
#include "util.h"

#include <ctype.h>
#include <jansson.h>
#include <openssl/sha.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DSSE_TYPE "application/vnd.in-toto+json"
#define STATEMENT_V1 "https://in-toto.io/Statement/v1"

const char *attest_step_name(enum attest_step s)
{
	switch (s) {
	case STEP_READ:
		return "attestation";
	case STEP_STATEMENT:
		return "statement";
	case STEP_SIGNATURE:
		return "signature";
	case STEP_TIMESTAMP:
		return "signed entry timestamp";
	case STEP_CHAIN:
		return "certificate chain";
	case STEP_LOG_ENTRY:
		return "transparency log entry";
	case STEP_INCLUSION:
		return "inclusion proof";
	case STEP_CHECKPOINT:
		return "checkpoint";
	case STEP_TSA:
		return "timestamp authority";
	case STEP_PUBLISHER:
		return "publisher";
	case STEP_DONE:
		return "verified";
	}
	return "?";
}

static int b64_field(json_t *o, const char *key, size_t max,
		     unsigned char **out, size_t *len)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	*out = NULL;
	*len = 0;
	if (!s || strlen(s) > max / 3 * 4 + 4)
		return -1;
	return b64_decode(s, strlen(s), out, len);
}

int attest_parse(json_t *o, struct attestation *a, char **err)
{
	json_t *env = json_object_get(o, "envelope");
	json_t *vm = json_object_get(o, "verification_material");
	json_t *entries = json_object_get(vm, "transparency_entries");
	const unsigned char *p;
	char *why = NULL;

	memset(a, 0, sizeof(*a));
	if (!json_is_object(o) || !json_is_object(env) ||
	    !json_is_object(vm)) {
		*err = xstrdup("not an attestation (envelope and "
			       "verification_material)");
		return -1;
	}
	if (b64_field(env, "statement", ATTEST_MAX_STATEMENT, &a->statement,
		      &a->statement_len) < 0) {
		*err = xasprintf("envelope.statement: missing, not base64 or "
				 "larger than %d bytes", ATTEST_MAX_STATEMENT);
		return -1;
	}
	if (b64_field(env, "signature", 1024, &a->sig, &a->sig_len) < 0 ||
	    a->sig_len == 0) {
		*err = xstrdup("envelope.signature: missing or not base64");
		return -1;
	}
	if (b64_field(vm, "certificate", ATTEST_MAX_CERT, &a->cert_der,
		      &a->cert_len) < 0) {
		*err = xstrdup("verification_material.certificate: missing or "
			       "not base64");
		return -1;
	}
	p = a->cert_der;
	a->cert = d2i_X509(NULL, &p, (long)a->cert_len);
	if (!a->cert || p != a->cert_der + a->cert_len) {
		*err = xstrdup("verification_material.certificate: not a DER "
			       "certificate");
		return -1;
	}
	if (!json_is_array(entries) || json_array_size(entries) != 1) {
		*err = xstrdup("verification_material.transparency_entries: "
			       "not exactly one entry");
		return -1;
	}
	if (json_object_get(vm, "timestamps")) {
		json_t *ts = json_object_get(vm, "timestamps");

		if (!json_is_array(ts) ||
		    json_array_size(ts) > ATTEST_MAX_TIMESTAMPS) {
			*err = xasprintf("verification_material.timestamps: "
					 "not a list of at most %d",
					 ATTEST_MAX_TIMESTAMPS);
			return -1;
		}
		for (size_t i = 0; i < json_array_size(ts); i++) {
			json_t *v = json_array_get(ts, i);
			const char *t = json_string_value(v);

			if (!t || strlen(t) > ATTEST_MAX_TIMESTAMP ||
			    b64_decode(t, strlen(t), &a->ts[i],
				       &a->ts_len[i]) < 0) {
				*err = xasprintf("verification_material."
						 "timestamps[%zu]: not base64, "
						 "or too long", i);
				return -1;
			}
			a->nts++;
		}
	}
	if (rekor_entry_parse(json_array_get(entries, 0), &a->tlog,
			      &why) < 0) {
		*err = xasprintf("verification_material.transparency_entries"
				 "[0].%s", why);
		free(why);
		return -1;
	}
	return 0;
}

void attest_free(struct attestation *a)
{
	free(a->statement);
	free(a->sig);
	free(a->cert_der);
	X509_free(a->cert);
	rekor_entry_free(&a->tlog);
	for (size_t i = 0; i < a->nts; i++)
		free(a->ts[i]);
	memset(a, 0, sizeof(*a));
}

static bool is_hex64(const char *s)
{
	if (strlen(s) != SHA256_HEX_LEN)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

int attest_step_statement(const struct attestation *a,
			  const struct attest_expect *x, char **err)
{
	json_t *st = json_loadb((const char *)a->statement, a->statement_len,
				JSON_REJECT_DUPLICATES, NULL);
	json_t *subjects = json_object_get(st, "subject"), *subj;
	const char *type = json_string_value(json_object_get(st, "_type"));
	const char *pred = json_string_value(json_object_get(st,
							     "predicateType"));
	const char *name, *digest;
	int rc = ATTEST_FAIL;

	if (!json_is_object(st) || !type || strcmp(type, STATEMENT_V1) != 0) {
		*err = xstrdup("not an in-toto Statement v1");
		goto out;
	}
	if (!json_is_array(subjects) || json_array_size(subjects) != 1) {
		*err = xstrdup("the statement does not have exactly one "
			       "subject");
		goto out;
	}
	subj = json_array_get(subjects, 0);
	name = json_string_value(json_object_get(subj, "name"));
	digest = json_string_value(json_object_get(json_object_get(subj,
						   "digest"), "sha256"));
	if (!name || !digest || !is_hex64(digest)) {
		*err = xstrdup("the subject has no name or no sha256 digest");
		goto out;
	}
	if (!pred || (strcmp(pred, PREDICATE_PYPI_PUBLISH) != 0 &&
		      strcmp(pred, PREDICATE_SLSA) != 0)) {
		*err = xasprintf("predicateType %s is not one PyPI knows",
				 pred ? pred : "(none)");
		goto out;
	}
	if (x->name && strcmp(name, x->name) != 0) {
		*err = xasprintf("the subject is %s, not %s", name, x->name);
		goto out;
	}
	if (x->sha256_local && strcasecmp(digest, x->sha256_local) != 0) {
		*err = xasprintf("the subject's sha256 %.12s is not the local "
				 "file's %.12s", digest, x->sha256_local);
		goto out;
	}
	if (x->sha256_index && strcasecmp(digest, x->sha256_index) != 0) {
		*err = xasprintf("the subject's sha256 %.12s is not the one the "
				 "index serves, %.12s", digest, x->sha256_index);
		goto out;
	}
	rc = ATTEST_OK;
out:
	json_decref(st);
	return rc;
}

int attest_step_signature(const struct attestation *a, char **err)
{
	EVP_PKEY *key = X509_get0_pubkey(a->cert);
	struct buf pae;
	int ok;

	if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_EC) {
		*err = xstrdup("the certificate's key is not an ECDSA key");
		return ATTEST_FAIL;
	}
	buf_init(&pae);
	buf_addf(&pae, "DSSEv1 %zu %s %zu ", strlen(DSSE_TYPE), DSSE_TYPE,
		 a->statement_len);
	buf_add(&pae, a->statement, a->statement_len);
	ok = sigstore_verify(key, pae.data, pae.len, a->sig, a->sig_len) == 0;
	buf_free(&pae);
	if (!ok) {
		*err = xstrdup("the DSSE signature does not verify with the "
			       "certificate's key");
		return ATTEST_FAIL;
	}
	return ATTEST_OK;
}

int attest_step_timestamp(const struct attestation *a,
			  const struct sigstore_root *root, long long now,
			  const struct sigstore_log **log, char **err)
{
	return rekor_verify_set(&a->tlog, root, now, log, err);
}

/* Whether the leaf chains to ca at time when: 0, or -1. */
static int chains_to(X509 *leaf, const struct sigstore_ca *ca,
		     long long when)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	int n = sk_X509_num(ca->chain), ok = 0;

	if (!store || !ctx || !untrusted || n < 1)
		goto out;
	if (X509_STORE_add_cert(store, sk_X509_value(ca->chain, n - 1)) != 1)
		goto out;
	for (int i = 0; i < n - 1; i++)
		if (!sk_X509_push(untrusted, sk_X509_value(ca->chain, i)))
			goto out;
	if (X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1)
		goto out;
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx),
				   (time_t)when);
	ok = X509_verify_cert(ctx) == 1;
out:
	sk_X509_free(untrusted);	/* the certificates are the root's */
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return ok ? 0 : -1;
}

/* An ASN1_TIME as 2024-01-31T12:00:00Z, or "?" when it cannot be read. */
static void asn1_time_text(const ASN1_TIME *t, char *out, size_t size)
{
	struct tm tm;

	if (!t || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, size, "?");
}

/* Whether the leaf was valid at when: 0, or -1 with *err saying when it
 * was valid (clearer than "does not chain"). */
static int leaf_valid_at(X509 *leaf, long long when, char **err)
{
	const ASN1_TIME *nb = X509_get0_notBefore(leaf);
	const ASN1_TIME *na = X509_get0_notAfter(leaf);
	char from[32], to[32], at[32];
	time_t t = (time_t)when;
	struct tm tm;

	if (ASN1_TIME_cmp_time_t(nb, t) != 1 &&
	    ASN1_TIME_cmp_time_t(na, t) >= 0)
		return 0;
	asn1_time_text(nb, from, sizeof(from));
	asn1_time_text(na, to, sizeof(to));
	if (!gmtime_r(&t, &tm) ||
	    strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(at, sizeof(at), "%lld", when);
	*err = xasprintf("the certificate was not valid at the integrated "
			 "time %s (valid from %s to %s)", at, from, to);
	return -1;
}

int attest_step_chain(const struct attestation *a,
		      const struct sigstore_root *root, long long when,
		      char **err)
{
	bool chained = false;

	if (X509_check_ca(a->cert) != 0) {
		*err = xstrdup("the leaf certificate is a CA");
		return ATTEST_FAIL;
	}
	if (!(X509_get_extension_flags(a->cert) & EXFLAG_XKUSAGE) ||
	    !(X509_get_extended_key_usage(a->cert) & XKU_CODE_SIGN)) {
		*err = xstrdup("the certificate is not for code signing (no "
			       "codeSigning extended key usage)");
		return ATTEST_FAIL;
	}
	if (leaf_valid_at(a->cert, when, err) < 0)
		return ATTEST_FAIL;
	for (size_t i = 0; i < root->ncas; i++) {
		if (chains_to(a->cert, &root->cas[i], when) < 0)
			continue;
		if (sigstore_valid_at(&root->cas[i].valid, when))
			return ATTEST_OK;
		chained = true;
	}
	if (chained) {
		*err = xasprintf("the certificate chains to a Fulcio CA that "
				 "the trusted root does not trust at the "
				 "integrated time %lld (validFor)", when);
		return ATTEST_ERROR;
	}
	*err = xstrdup("the certificate does not chain to a Fulcio CA of the "
		       "trusted root, valid at the integrated time");
	return ATTEST_FAIL;
}

int attest_step_log_entry(const struct attestation *a, char **err)
{
	return rekor_body_matches(&a->tlog, a->statement, a->statement_len,
				  a->sig, a->sig_len, a->cert_der,
				  a->cert_len, err);
}

int attest_step_inclusion(const struct attestation *a, char **err)
{
	return rekor_verify_inclusion(&a->tlog, err);
}

int attest_step_checkpoint(const struct attestation *a,
			   const struct sigstore_log *log, char **err)
{
	return rekor_verify_checkpoint(&a->tlog, log, err);
}

/* One timestamp token against one authority: 0 when it verifies, with
 * *when its time. */
static int tsa_verifies(const unsigned char *der, size_t len,
			const unsigned char digest[32],
			const struct sigstore_ca *tsa, long long *when)
{
	const unsigned char *p = der;
	TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)len);
	TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *certs = sk_X509_new_null();
	unsigned char *imprint = OPENSSL_malloc(32);
	int n = sk_X509_num(tsa->chain), ok = 0;
	const ASN1_GENERALIZEDTIME *gt;
	struct tm tm;

	if (!resp || p != der + len || !ctx || !store || !certs ||
	    !imprint || n < 1)
		goto out;
	if (X509_STORE_add_cert(store, sk_X509_value(tsa->chain, n - 1)) != 1)
		goto out;
	for (int i = 0; i < n - 1; i++) {
		X509 *c = sk_X509_value(tsa->chain, i);
		if (!sk_X509_push(certs, c))
			goto out;
		X509_up_ref(c);
	}
	gt = TS_TST_INFO_get_time(TS_RESP_get_tst_info(resp));
	if (!gt || ASN1_TIME_to_tm(gt, &tm) != 1)
		goto out;
	*when = (long long)timegm(&tm);
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store),
				   (time_t)*when);
	memcpy(imprint, digest, 32);
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE |
				TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_imprint(ctx, imprint, 32);
	imprint = NULL;		/* the context's */
	TS_VERIFY_CTX_set_store(ctx, store);
	store = NULL;
	TS_VERIFY_CTX_set_certs(ctx, certs);
	certs = NULL;
	ok = TS_RESP_verify_response(ctx, resp) == 1 &&
	     sigstore_valid_at(&tsa->valid, *when);
out:
	OPENSSL_free(imprint);
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(ctx);
	TS_RESP_free(resp);
	return ok ? 0 : -1;
}

int attest_step_tsa(const struct attestation *a,
		    const struct sigstore_root *root, long long *when,
		    char **err)
{
	unsigned char digest[32];

	*when = 0;
	SHA256(a->sig, a->sig_len, digest);
	for (size_t i = 0; i < a->nts; i++) {
		bool ok = false;

		for (size_t k = 0; k < root->ntsas && !ok; k++)
			ok = tsa_verifies(a->ts[i], a->ts_len[i], digest,
					  &root->tsas[k], when) == 0;
		if (!ok) {
			*err = xasprintf("timestamp %zu does not verify with a "
					 "timestamp authority of the trusted "
					 "root, valid at its time, over the "
					 "envelope's signature", i);
			return ATTEST_FAIL;
		}
	}
	return ATTEST_OK;
}

int attest_step_publisher(const struct attestation *a,
			  const struct trusted_publisher *served,
			  const struct trusted_publisher *expected,
			  struct trusted_publisher *who, char **err)
{
	struct fulcio_identity id;
	int rc = ATTEST_FAIL;

	memset(who, 0, sizeof(*who));
	if (fulcio_identity_read(a->cert, &id, err) < 0)
		goto out;
	if (fulcio_publisher(&id, who, err) < 0)
		goto out;
	if (trusted_publisher_check(who, served, expected, err) < 0)
		goto out;
	rc = ATTEST_OK;
out:
	fulcio_identity_free(&id);
	return rc;
}

/* Records a step's outcome in r: 0 when it passed, else -1.  *why is
 * taken (and set to NULL). */
static int step(struct attest_report *r, enum attest_step s, int rc,
		char **why)
{
	if (rc == ATTEST_OK) {
		free(*why);
		*why = NULL;
		return 0;
	}
	r->step = s;
	r->status = rc == ATTEST_ERROR ? ATTEST_ERROR : ATTEST_FAIL;
	r->reason = xasprintf("%s: %s", attest_step_name(s),
			      *why ? *why : "does not verify");
	free(*why);
	*why = NULL;
	return -1;
}

int attest_verify(const struct attestation *a, const struct attest_expect *x,
		  struct attest_report *r)
{
	const struct sigstore_log *log = NULL;
	char *why = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	r->log_index = a->tlog.log_index;
	r->integrated_time = a->tlog.integrated_time;
	rc = attest_step_statement(a, x, &why);
	if (step(r, STEP_STATEMENT, rc, &why) < 0)
		return r->status;
	rc = attest_step_signature(a, &why);
	if (step(r, STEP_SIGNATURE, rc, &why) < 0)
		return r->status;
	rc = attest_step_timestamp(a, x->root, x->now, &log, &why);
	if (step(r, STEP_TIMESTAMP, rc, &why) < 0)
		return r->status;
	r->log_url = log->base_url;
	rc = attest_step_chain(a, x->root, a->tlog.integrated_time, &why);
	if (step(r, STEP_CHAIN, rc, &why) < 0)
		return r->status;
	rc = attest_step_log_entry(a, &why);
	if (step(r, STEP_LOG_ENTRY, rc, &why) < 0)
		return r->status;
	rc = attest_step_inclusion(a, &why);
	if (step(r, STEP_INCLUSION, rc, &why) < 0)
		return r->status;
	rc = attest_step_checkpoint(a, log, &why);
	if (step(r, STEP_CHECKPOINT, rc, &why) < 0)
		return r->status;
	rc = attest_step_tsa(a, x->root, &r->tsa_time, &why);
	if (step(r, STEP_TSA, rc, &why) < 0)
		return r->status;
	rc = attest_step_publisher(a, x->served, x->expected, &r->who, &why);
	if (step(r, STEP_PUBLISHER, rc, &why) < 0)
		return r->status;
	r->step = STEP_DONE;
	r->status = ATTEST_OK;
	return ATTEST_OK;
}

void attest_report_free(struct attest_report *r)
{
	free(r->reason);
	trusted_publisher_free(&r->who);
	memset(r, 0, sizeof(*r));
}
