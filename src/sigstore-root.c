/* sigstore-root.c: reading Sigstore's trusted_root.json (see
 * sigstore-root.h). */
#include "config.h"

#include "b64.h"
#include "sigstore-root.h"
#include "util.h"

#include <ctype.h>
#include <jansson.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* At most this many entries in each list. */
#define MAX_ENTRIES 64
#define MAX_CHAIN 8

static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int sigstore_parse_time(const char *s, long long *t)
{
	int y, mo, d, h, mi, sec;
	struct tm tm;
	const char *p;
	long long off = 0;
	time_t tt;

	if (strlen(s) < 20 || digits(s, 4, &y) < 0 || s[4] != '-' ||
	    digits(s + 5, 2, &mo) < 0 || s[7] != '-' ||
	    digits(s + 8, 2, &d) < 0 || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &h) < 0 || s[13] != ':' ||
	    digits(s + 14, 2, &mi) < 0 || s[16] != ':' ||
	    digits(s + 17, 2, &sec) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (digits(p + 1, 2, &oh) < 0 || p[3] != ':' ||
		    digits(p + 4, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
		off = (long long)(oh * 60 + om) * 60;
		if (*p == '-')
			off = -off;
		p += 6;
	} else {
		return -1;
	}
	if (*p)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tt = timegm(&tm);
	*t = (long long)tt - off;
	return 0;
}

bool sigstore_valid_at(const struct sigstore_validity *v, long long t)
{
	return t >= v->start && (!v->has_end || t <= v->end);
}

static void ca_free(struct sigstore_ca *c)
{
	free(c->uri);
	sk_X509_pop_free(c->chain, X509_free);
}

static void log_free(struct sigstore_log *l)
{
	free(l->base_url);
	free(l->key_details);
	EVP_PKEY_free(l->key);
}

void sigstore_root_free(struct sigstore_root *r)
{
	for (size_t i = 0; i < r->ncas; i++)
		ca_free(&r->cas[i]);
	for (size_t i = 0; i < r->ntsas; i++)
		ca_free(&r->tsas[i]);
	for (size_t i = 0; i < r->ntlogs; i++)
		log_free(&r->tlogs[i]);
	for (size_t i = 0; i < r->nctlogs; i++)
		log_free(&r->ctlogs[i]);
	free(r->cas);
	free(r->tsas);
	free(r->tlogs);
	free(r->ctlogs);
	memset(r, 0, sizeof(*r));
}

static const char *str_at(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* validFor {start, end?} of where (a field's path, for errors). */
static int read_validity(json_t *vf, const char *where,
			 struct sigstore_validity *v, char **err)
{
	const char *s, *e;

	if (!json_is_object(vf)) {
		*err = xasprintf("%s.validFor: missing or not an object", where);
		return -1;
	}
	s = str_at(vf, "start");
	e = str_at(vf, "end");
	if (!s || sigstore_parse_time(s, &v->start) < 0) {
		*err = xasprintf("%s.validFor.start: missing or not an RFC 3339 "
				 "time", where);
		return -1;
	}
	v->end = 0;
	v->has_end = json_object_get(vf, "end") != NULL;
	if (v->has_end && (!e || sigstore_parse_time(e, &v->end) < 0)) {
		*err = xasprintf("%s.validFor.end: not an RFC 3339 time", where);
		return -1;
	}
	if (v->has_end && v->end < v->start) {
		*err = xasprintf("%s.validFor: ends before it starts", where);
		return -1;
	}
	return 0;
}

static int read_ca(json_t *o, const char *where, struct sigstore_ca *c,
		   char **err)
{
	json_t *certs = json_object_get(json_object_get(o, "certChain"),
					"certificates");
	const char *uri = str_at(o, "uri");

	if (!json_is_array(certs) || json_array_size(certs) == 0 ||
	    json_array_size(certs) > MAX_CHAIN) {
		*err = xasprintf("%s.certChain.certificates: missing, empty or "
				 "more than %d", where, MAX_CHAIN);
		return -1;
	}
	c->uri = xstrdup(uri ? uri : "");
	c->chain = sk_X509_new_null();
	if (!c->chain) {
		*err = xasprintf("%s: out of memory", where);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(certs); i++) {
		const char *raw = str_at(json_array_get(certs, i), "rawBytes");
		unsigned char *der = NULL;
		const unsigned char *p;
		size_t len;
		X509 *x;

		if (!raw || b64_decode(raw, strlen(raw), &der, &len) < 0) {
			*err = xasprintf("%s.certChain.certificates[%zu]."
					 "rawBytes: missing or not base64",
					 where, i);
			return -1;
		}
		p = der;
		x = d2i_X509(NULL, &p, (long)len);
		if (!x || p != der + len) {
			X509_free(x);
			free(der);
			*err = xasprintf("%s.certChain.certificates[%zu]."
					 "rawBytes: not a DER certificate",
					 where, i);
			return -1;
		}
		free(der);
		if (!sk_X509_push(c->chain, x)) {
			X509_free(x);
			*err = xasprintf("%s: out of memory", where);
			return -1;
		}
	}
	return read_validity(json_object_get(o, "validFor"), where, &c->valid,
			     err);
}

static int read_log(json_t *o, const char *where, struct sigstore_log *l,
		    char **err)
{
	json_t *pk = json_object_get(o, "publicKey");
	const char *raw = str_at(pk, "rawBytes");
	const char *details = str_at(pk, "keyDetails");
	const char *kid = str_at(json_object_get(o, "logId"), "keyId");
	const char *url = str_at(o, "baseUrl");
	unsigned char *der = NULL, *id = NULL;
	const unsigned char *p;
	size_t len, idlen;

	l->base_url = xstrdup(url ? url : "");
	l->key_details = xstrdup(details ? details : "");
	if (!raw || b64_decode(raw, strlen(raw), &der, &len) < 0) {
		*err = xasprintf("%s.publicKey.rawBytes: missing or not base64",
				 where);
		return -1;
	}
	p = der;
	l->key = d2i_PUBKEY(NULL, &p, (long)len);
	if (!l->key || p != der + len) {
		free(der);
		*err = xasprintf("%s.publicKey.rawBytes: not a DER public key",
				 where);
		return -1;
	}
	if (!kid || b64_decode(kid, strlen(kid), &id, &idlen) < 0 ||
	    idlen != 32) {
		free(der);
		free(id);
		*err = xasprintf("%s.logId.keyId: missing or not 32 bytes of "
				 "base64", where);
		return -1;
	}
	memcpy(l->key_id, id, 32);
	free(id);
	free(der);
	return read_validity(json_object_get(pk, "validFor"),
			     where, &l->valid, err);
}

/* The list named key: n entries of size sz read by one of the readers. */
static int read_cas(json_t *root, const char *key, bool required,
		    struct sigstore_ca **out, size_t *n, char **err)
{
	json_t *a = json_object_get(root, key);

	if (!a && !required)
		return 0;
	if (!json_is_array(a) || (required && json_array_size(a) == 0) ||
	    json_array_size(a) > MAX_ENTRIES) {
		*err = xasprintf("%s: missing, empty or more than %d entries",
				 key, MAX_ENTRIES);
		return -1;
	}
	*out = xcalloc(json_array_size(a) ? json_array_size(a) : 1,
		       sizeof(**out));
	for (size_t i = 0; i < json_array_size(a); i++) {
		char *where = xasprintf("%s[%zu]", key, i);
		int rc;

		(*n)++;
		rc = read_ca(json_array_get(a, i), where, &(*out)[i], err);
		free(where);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int read_logs(json_t *root, const char *key, bool required,
		     struct sigstore_log **out, size_t *n, char **err)
{
	json_t *a = json_object_get(root, key);

	if (!a && !required)
		return 0;
	if (!json_is_array(a) || (required && json_array_size(a) == 0) ||
	    json_array_size(a) > MAX_ENTRIES) {
		*err = xasprintf("%s: missing, empty or more than %d entries",
				 key, MAX_ENTRIES);
		return -1;
	}
	*out = xcalloc(json_array_size(a) ? json_array_size(a) : 1,
		       sizeof(**out));
	for (size_t i = 0; i < json_array_size(a); i++) {
		char *where = xasprintf("%s[%zu]", key, i);
		int rc;

		(*n)++;
		rc = read_log(json_array_get(a, i), where, &(*out)[i], err);
		free(where);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int sigstore_root_parse(const char *text, size_t len,
			struct sigstore_root *r, char **err)
{
	json_error_t je;
	json_t *root;
	const char *mt;

	memset(r, 0, sizeof(*r));
	if (len > SIGSTORE_ROOT_MAX) {
		*err = xasprintf("trusted root larger than %d bytes",
				 SIGSTORE_ROOT_MAX);
		return -1;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(root)) {
		*err = xasprintf("not a JSON object (%s)",
				 root ? "another JSON value" : je.text);
		json_decref(root);
		return -1;
	}
	mt = str_at(root, "mediaType");
	if (!mt || !str_starts_with(mt, "application/vnd.dev.sigstore."
				    "trustedroot")) {
		*err = xstrdup("mediaType: missing or not application/vnd.dev."
			       "sigstore.trustedroot+json");
		goto bad;
	}
	if (read_logs(root, "tlogs", true, &r->tlogs, &r->ntlogs, err) < 0 ||
	    read_cas(root, "certificateAuthorities", true, &r->cas, &r->ncas,
		     err) < 0 ||
	    read_logs(root, "ctlogs", false, &r->ctlogs, &r->nctlogs,
		      err) < 0 ||
	    read_cas(root, "timestampAuthorities", false, &r->tsas,
		     &r->ntsas, err) < 0)
		goto bad;
	json_decref(root);
	return 0;
bad:
	json_decref(root);
	sigstore_root_free(r);
	return -1;
}

int sigstore_root_load(const char *path, struct sigstore_root *r,
		       char **err)
{
	struct buf b;
	FILE *f;
	char chunk[8192];
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	f = fopen(path, "rb");
	if (!f) {
		*err = xasprintf("cannot read the trusted root %s: %m", path);
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > SIGSTORE_ROOT_MAX)
			break;
	}
	if (ferror(f)) {
		(void)fclose(f);
		buf_free(&b);
		*err = xasprintf("cannot read the trusted root %s", path);
		return -1;
	}
	(void)fclose(f);
	rc = sigstore_root_parse(b.data ? b.data : "", b.len, r, err);
	if (rc < 0) {
		char *why = *err;
		*err = xasprintf("trusted root %s: %s", path, why);
		free(why);
	}
	buf_free(&b);
	return rc;
}

int sigstore_verify(EVP_PKEY *key, const void *msg, size_t len,
		    const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const EVP_MD *md = NULL;
	int ok;

	if (!ctx)
		return -1;
	if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC)
		md = EVP_PKEY_get_bits(key) > 256 ? EVP_sha384() : EVP_sha256();
	else if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
		EVP_MD_CTX_free(ctx);
		return -1;
	}
	ok = EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1 &&
	     EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

const struct sigstore_log *sigstore_root_tlog(const struct sigstore_root *r,
					      const unsigned char id[32])
{
	for (size_t i = 0; i < r->ntlogs; i++)
		if (memcmp(r->tlogs[i].key_id, id, 32) == 0)
			return &r->tlogs[i];
	return NULL;
}
