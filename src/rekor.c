/* rekor.c: a Rekor entry read and verified offline (see rekor.h). */
#include "config.h"

#include "b64.h"
#include "hash.h"
#include "rekor.h"
#include "util.h"

#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A non-negative integer given as a JSON integer or a string of digits
 * (protobuf's JSON spells int64 as a string). */
static int json_int(json_t *v, long long *out)
{
	const char *s;
	long long n = 0;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return *out < 0 ? -1 : 0;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	if (!*s || strlen(s) > 18)
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		n = n * 10 + (*s - '0');
	}
	*out = n;
	return 0;
}

/* The base64 string at key in o, decoded; at most max bytes (0: any). */
static int json_b64(json_t *o, const char *key, size_t max,
		    unsigned char **out, size_t *len)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	*out = NULL;
	*len = 0;
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	if (max && strlen(s) > max / 3 * 4 + 4)
		return -1;
	return b64_decode(s, strlen(s), out, len);
}

void rekor_entry_free(struct rekor_entry *e)
{
	free(e->body_b64);
	free(e->body);
	free(e->set);
	free(e->hashes);
	free(e->checkpoint);
	memset(e, 0, sizeof(*e));
}

static int parse_proof(json_t *p, struct rekor_entry *e, char **err)
{
	json_t *hashes = json_object_get(p, "hashes");
	json_t *cp = json_object_get(json_object_get(p, "checkpoint"),
				     "envelope");
	unsigned char *raw = NULL;
	size_t len;

	if (!json_is_object(p)) {
		*err = xstrdup("inclusionProof: missing");
		return -1;
	}
	if (json_int(json_object_get(p, "logIndex"), &e->proof_index) < 0) {
		*err = xstrdup("inclusionProof.logIndex: missing or not a "
			       "non-negative integer");
		return -1;
	}
	if (json_int(json_object_get(p, "treeSize"), &e->tree_size) < 0) {
		*err = xstrdup("inclusionProof.treeSize: missing or not a "
			       "non-negative integer");
		return -1;
	}
	if (json_b64(p, "rootHash", 32, &raw, &len) < 0 || len != 32) {
		free(raw);
		*err = xstrdup("inclusionProof.rootHash: missing or not 32 "
			       "bytes of base64");
		return -1;
	}
	memcpy(e->root_hash, raw, 32);
	free(raw);
	if (!json_is_array(hashes) ||
	    json_array_size(hashes) > REKOR_MAX_HASHES) {
		*err = xasprintf("inclusionProof.hashes: missing or more than "
				 "%d", REKOR_MAX_HASHES);
		return -1;
	}
	e->nhashes = json_array_size(hashes);
	e->hashes = xcalloc(e->nhashes ? e->nhashes : 1, 32);
	for (size_t i = 0; i < e->nhashes; i++) {
		json_t *h = json_array_get(hashes, i);
		const char *s = json_is_string(h) ? json_string_value(h) : "";

		raw = NULL;
		if (strlen(s) != 44 ||
		    b64_decode(s, 44, &raw, &len) < 0 || len != 32) {
			free(raw);
			*err = xasprintf("inclusionProof.hashes[%zu]: not 32 "
					 "bytes of base64", i);
			return -1;
		}
		memcpy(e->hashes[i], raw, 32);
		free(raw);
	}
	if (!json_is_string(cp) ||
	    strlen(json_string_value(cp)) > REKOR_MAX_CHECKPOINT) {
		*err = xasprintf("inclusionProof.checkpoint.envelope: missing "
				 "or longer than %d", REKOR_MAX_CHECKPOINT);
		return -1;
	}
	e->checkpoint = xstrdup(json_string_value(cp));
	return 0;
}

int rekor_entry_parse(json_t *o, struct rekor_entry *e, char **err)
{
	json_t *body = json_object_get(o, "canonicalizedBody");
	unsigned char *id = NULL;
	size_t idlen;

	memset(e, 0, sizeof(*e));
	if (!json_is_object(o)) {
		*err = xstrdup("transparency entry: not an object");
		return -1;
	}
	if (json_int(json_object_get(o, "logIndex"), &e->log_index) < 0) {
		*err = xstrdup("logIndex: missing or not a non-negative "
			       "integer");
		return -1;
	}
	if (json_b64(json_object_get(o, "logId"), "keyId", 32, &id,
		     &idlen) < 0 || idlen != 32) {
		free(id);
		*err = xstrdup("logId.keyId: missing or not 32 bytes of "
			       "base64");
		return -1;
	}
	memcpy(e->log_id, id, 32);
	free(id);
	/* Rekor v2 logs sign no entry timestamp (the time comes from a
	 * timestamp authority): verifying them is another protocol. */
	if (!json_object_get(json_object_get(o, "inclusionPromise"),
			     "signedEntryTimestamp")) {
		*err = xstrdup("inclusionPromise.signedEntryTimestamp: "
			       "missing: Rekor v2 entries are not supported "
			       "(a Rekor v1 entry with its signed entry "
			       "timestamp is needed)");
		return -1;
	}
	if (json_int(json_object_get(o, "integratedTime"),
		     &e->integrated_time) < 0) {
		*err = xstrdup("integratedTime: missing or not a non-negative "
			       "integer");
		return -1;
	}
	if (!json_is_string(body) ||
	    json_b64(o, "canonicalizedBody", REKOR_MAX_BODY, &e->body,
		     &e->body_len) < 0) {
		*err = xasprintf("canonicalizedBody: missing, not base64 or "
				 "larger than %d bytes", REKOR_MAX_BODY);
		return -1;
	}
	e->body_b64 = xstrdup(json_string_value(body));
	if (json_b64(json_object_get(o, "inclusionPromise"),
		     "signedEntryTimestamp", 1024, &e->set, &e->set_len) < 0) {
		*err = xstrdup("inclusionPromise.signedEntryTimestamp: missing "
			       "or not base64");
		return -1;
	}
	return parse_proof(json_object_get(o, "inclusionProof"), e, err);
}

static void hex_of(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

int rekor_verify_set(const struct rekor_entry *e,
		     const struct sigstore_root *root, long long now,
		     const struct sigstore_log **log, char **err)
{
	const struct sigstore_log *l = sigstore_root_tlog(root, e->log_id);
	char id[65];
	char *payload;
	int ok;

	*log = NULL;
	hex_of(e->log_id, 32, id);
	if (!l) {
		*err = xasprintf("the log %.16s... is not in the trusted root",
				 id);
		return REKOR_ERROR;
	}
	payload = xasprintf("{\"body\":\"%s\",\"integratedTime\":%lld,"
			    "\"logID\":\"%s\",\"logIndex\":%lld}",
			    e->body_b64, e->integrated_time, id, e->log_index);
	ok = sigstore_verify(l->key, payload, strlen(payload), e->set,
			     e->set_len) == 0;
	free(payload);
	if (!ok) {
		*err = xasprintf("the signed entry timestamp does not verify "
				 "with the key of %s", l->base_url);
		return REKOR_FAIL;
	}
	/* Trusted from here: the log signed integratedTime. */
	if (e->integrated_time > now + 60) {
		*err = xasprintf("integratedTime %lld is in the future",
				 e->integrated_time);
		return REKOR_ERROR;
	}
	if (!sigstore_valid_at(&l->valid, e->integrated_time)) {
		*err = xasprintf("the key of %s is not valid at integratedTime "
				 "%lld (trusted root validFor)", l->base_url,
				 e->integrated_time);
		return REKOR_ERROR;
	}
	*log = l;
	return REKOR_OK;
}

static void node_hash(const unsigned char *l, const unsigned char *r,
		      unsigned char out[32])
{
	unsigned char in[65];

	in[0] = 0x01;
	memcpy(in + 1, l, 32);
	memcpy(in + 33, r, 32);
	SHA256(in, sizeof(in), out);
}

int rekor_proof_root(uint64_t index, uint64_t size,
		     const unsigned char leaf[32],
		     const unsigned char (*hashes)[32], size_t n,
		     unsigned char root[32], char **err)
{
	uint64_t fn = index, sn;
	unsigned char r[32];

	if (index >= size) {
		*err = xasprintf("index %" PRIu64 " is not below the tree size "
				 "%" PRIu64, index, size);
		return -1;
	}
	sn = size - 1;
	memcpy(r, leaf, 32);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0) {
			*err = xstrdup("the audit path has too many hashes");
			return -1;
		}
		if ((fn & 1) || fn == sn) {
			node_hash(hashes[i], r, r);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			node_hash(r, hashes[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0) {
		*err = xstrdup("the audit path has too few hashes");
		return -1;
	}
	memcpy(root, r, 32);
	return 0;
}

int rekor_verify_inclusion(const struct rekor_entry *e, char **err)
{
	unsigned char leaf[32], root[32];
	unsigned char *in = xmalloc(e->body_len + 1);

	in[0] = 0x00;
	if (e->body_len)
		memcpy(in + 1, e->body, e->body_len);
	SHA256(in, e->body_len + 1, leaf);
	free(in);
	if (rekor_proof_root((uint64_t)e->proof_index, (uint64_t)e->tree_size,
			     leaf, (const unsigned char (*)[32])e->hashes,
			     e->nhashes, root, err) < 0)
		return REKOR_FAIL;
	if (memcmp(root, e->root_hash, 32) != 0) {
		*err = xstrdup("the audit path does not lead to rootHash");
		return REKOR_FAIL;
	}
	return REKOR_OK;
}

int rekor_verify_checkpoint(const struct rekor_entry *e,
			    const struct sigstore_log *log, char **err)
{
	const char *note = e->checkpoint, *end, *l1, *l2, *l3, *p;
	static const char dash[] = "\xe2\x80\x94 ";	/* U+2014, space */
	char size[32], *root_b64;
	size_t signed_len;
	bool verified = false, same;

	end = strstr(note, "\n\n");
	l1 = strchr(note, '\n');
	l2 = l1 ? strchr(l1 + 1, '\n') : NULL;
	l3 = l2 ? strchr(l2 + 1, '\n') : NULL;
	if (!end || !l3 || l3 > end || l1 == note) {
		*err = xstrdup("the checkpoint is not a signed note (origin, "
			       "size, root hash, blank line, signatures)");
		return REKOR_FAIL;
	}
	signed_len = (size_t)(end - note) + 1;
	snprintf(size, sizeof(size), "%lld", e->tree_size);
	root_b64 = b64_encode(e->root_hash, 32);
	same = (size_t)(l2 - l1 - 1) == strlen(size) &&
	       memcmp(l1 + 1, size, strlen(size)) == 0 &&
	       (size_t)(l3 - l2 - 1) == strlen(root_b64) &&
	       memcmp(l2 + 1, root_b64, strlen(root_b64)) == 0;
	free(root_b64);
	if (!same) {
		*err = xstrdup("the checkpoint's size or root hash differ from "
			       "the inclusion proof's");
		return REKOR_FAIL;
	}
	for (p = end + 2; *p; ) {
		const char *eol = strchr(p, '\n'), *sp, *b;
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		unsigned char *raw = NULL;
		size_t rawlen;

		if (n == 0)
			break;
		if (n < sizeof(dash) ||
		    memcmp(p, dash, sizeof(dash) - 1) != 0) {
			*err = xstrdup("the checkpoint has a signature line "
				       "that does not start with an em dash");
			return REKOR_FAIL;
		}
		sp = memchr(p + sizeof(dash) - 1, ' ',
			    n - (sizeof(dash) - 1));
		b = sp ? sp + 1 : NULL;
		if (b && b < p + n &&
		    b64_decode(b, (size_t)(p + n - b), &raw, &rawlen) == 0 &&
		    rawlen > 4 &&
		    sigstore_verify(log->key, note, signed_len, raw + 4,
				    rawlen - 4) == 0)
			verified = true;
		free(raw);
		p += n;
		if (*p == '\n')
			p++;
	}
	if (!verified) {
		*err = xasprintf("no signature of the checkpoint verifies with "
				 "the key of %s", log->base_url);
		return REKOR_FAIL;
	}
	return REKOR_OK;
}

int rekor_body_matches(const struct rekor_entry *e,
		       const unsigned char *statement, size_t statement_len,
		       const unsigned char *sig, size_t sig_len,
		       const unsigned char *cert_der, size_t cert_len,
		       char **err)
{
	json_t *b = json_loadb((const char *)e->body, e->body_len,
			       JSON_REJECT_DUPLICATES, NULL);
	json_t *spec = json_object_get(b, "spec"), *sigs, *ph;
	const char *kind = json_string_value(json_object_get(b, "kind"));
	const char *api = json_string_value(json_object_get(b, "apiVersion"));
	const char *alg, *val, *vb64;
	unsigned char digest[32], *rsig = NULL, *pem = NULL, *der = NULL;
	size_t rsig_len, pem_len;
	char hex[65];
	int rc = REKOR_FAIL, der_len;
	BIO *bio = NULL;
	X509 *x = NULL;

	if (!json_is_object(b) || !kind || !api ||
	    strcmp(kind, "dsse") != 0 || strcmp(api, "0.0.1") != 0) {
		*err = xstrdup("the log entry is not a dsse 0.0.1 entry");
		goto out;
	}
	ph = json_object_get(spec, "payloadHash");
	alg = json_string_value(json_object_get(ph, "algorithm"));
	val = json_string_value(json_object_get(ph, "value"));
	SHA256(statement, statement_len, digest);
	hex_of(digest, 32, hex);
	if (!alg || strcmp(alg, "sha256") != 0 || !val ||
	    strcmp(val, hex) != 0) {
		*err = xstrdup("the log entry's payloadHash is not the SHA-256 "
			       "of the statement");
		goto out;
	}
	sigs = json_object_get(spec, "signatures");
	if (!json_is_array(sigs) || json_array_size(sigs) != 1) {
		*err = xstrdup("the log entry does not hold exactly one "
			       "signature");
		goto out;
	}
	if (json_b64(json_array_get(sigs, 0), "signature", 1024, &rsig,
		     &rsig_len) < 0 || rsig_len != sig_len ||
	    memcmp(rsig, sig, sig_len) != 0) {
		*err = xstrdup("the log entry's signature is not the "
			       "envelope's");
		goto out;
	}
	vb64 = json_string_value(json_object_get(json_array_get(sigs, 0),
						 "verifier"));
	if (!vb64 || b64_decode(vb64, strlen(vb64), &pem, &pem_len) < 0 ||
	    pem_len > INT32_MAX ||
	    !(bio = BIO_new_mem_buf(pem, (int)pem_len)) ||
	    !(x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) ||
	    (der_len = i2d_X509(x, &der)) <= 0 ||
	    (size_t)der_len != cert_len ||
	    memcmp(der, cert_der, cert_len) != 0) {
		*err = xstrdup("the log entry's verifier is not the "
			       "attestation's certificate");
		goto out;
	}
	rc = REKOR_OK;
out:
	OPENSSL_free(der);
	X509_free(x);
	BIO_free(bio);
	free(pem);
	free(rsig);
	json_decref(b);
	return rc;
}
