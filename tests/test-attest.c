/* test-attest.c: PEP 740 attestations verified step by step
 * (src/attest.c, src/rekor.c, src/sigstore-root.c, src/provenance.c),
 * on the two real attestations in tests/data/sigstore and on hostile
 * variants made here: a byte changed in each signed part must make the
 * right step fail, and an untrusted key or CA must be an error.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <openssl/x509v3.h>

#include "attest.h"
#include "b64.h"
#include "provenance.h"
#include "rekor.h"
#include "sigstore-root.h"
#include "util.h"

#define GCB "gcb_attestation_test-0.0.0.tar.gz.provenance"
#define PYPI "pypi_attestations-0.0.19.tar.gz.publish.attestation.with_timestamp"
#define GCB_NAME "gcb_attestation_test-0.0.0.tar.gz"
#define GCB_SHA "461317362419124b6012e855423a9078d6de8aed3e74fa78cc74d669b23dc6cf"
#define PYPI_NAME "pypi_attestations-0.0.19.tar.gz"
#define PYPI_SHA "9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3"
#define GCB_TIME 1745247747LL
#define PYPI_TIME 1760084548LL
#define GCB_EMAIL "919436158236-compute@developer.gserviceaccount.com"

static char *data_path(const char *name)
{
	const char *top = getenv("top_srcdir");

	return xasprintf("%s/tests/data/sigstore/%s", top ? top : ".", name);
}

static json_t *load_json(const char *name)
{
	char *path = data_path(name);
	json_t *j = json_load_file(path, 0, NULL);

	assert_non_null(j);
	free(path);
	return j;
}

/* The attestation object inside a real file (a provenance object or a
 * bare attestation); borrowed from whole. */
static json_t *att_of(json_t *whole)
{
	json_t *b = json_array_get(json_object_get(whole,
				   "attestation_bundles"), 0);

	return b ? json_array_get(json_object_get(b, "attestations"), 0)
		 : whole;
}

static json_t *entry_of(json_t *att)
{
	return json_array_get(json_object_get(json_object_get(att,
			      "verification_material"),
			      "transparency_entries"), 0);
}

static void load_root_json(json_t *j, struct sigstore_root *r)
{
	char *text = json_dumps(j, JSON_COMPACT), *err = NULL;

	assert_int_equal(sigstore_root_parse(text, strlen(text), r, &err), 0);
	free(text);
}

static void load_root(struct sigstore_root *r)
{
	char *path = data_path("trusted_root.json"), *err = NULL;

	assert_int_equal(sigstore_root_load(path, r, &err), 0);
	free(path);
}

static void parse_att(json_t *att, struct attestation *a)
{
	char *err = NULL;
	int rc = attest_parse(att, a, &err);

	if (rc != 0)
		fail_msg("attest_parse: %s", err);
}

/* Flips one bit of byte `at` (from the end when negative) of the base64
 * string o[key]. */
static void flip_b64(json_t *o, const char *key, long at)
{
	const char *s = json_string_value(json_object_get(o, key));
	unsigned char *raw;
	size_t len;
	char *enc;

	assert_non_null(s);
	assert_int_equal(b64_decode(s, strlen(s), &raw, &len), 0);
	assert_true(len > 0);
	raw[at < 0 ? len + (size_t)at : (size_t)at % len] ^= 0x01;
	enc = b64_encode(raw, len);
	json_object_set_new(o, key, json_string(enc));
	free(enc);
	free(raw);
}

struct fixture {
	json_t *whole;
	json_t *att;
	const char *name;
	const char *sha;
	long long time;
};

static void fixture_load(struct fixture *f, int which)
{
	f->whole = load_json(which ? PYPI : GCB);
	f->att = att_of(f->whole);
	f->name = which ? PYPI_NAME : GCB_NAME;
	f->sha = which ? PYPI_SHA : GCB_SHA;
	f->time = which ? PYPI_TIME : GCB_TIME;
}

/* ---- every step passes on both real files ---- */

static void test_real_steps(void **state)
{
	(void)state;
	for (int which = 0; which < 2; which++) {
		struct fixture f;
		struct sigstore_root root;
		struct attestation a;
		const struct sigstore_log *log = NULL;
		struct attest_expect x = { 0 };
		char *err = NULL;

		fixture_load(&f, which);
		load_root(&root);
		parse_att(f.att, &a);
		x.name = f.name;
		x.sha256_local = f.sha;
		x.sha256_index = f.sha;
		x.root = &root;
		x.now = (long long)time(NULL);
		assert_int_equal(attest_step_statement(&a, &x, &err), 0);
		assert_int_equal(attest_step_signature(&a, &err), 0);
		assert_int_equal(attest_step_timestamp(&a, &root, x.now, &log,
						       &err), 0);
		assert_non_null(log);
		assert_string_equal(log->base_url, "https://rekor.sigstore.dev");
		assert_int_equal(a.tlog.integrated_time, f.time);
		assert_int_equal(attest_step_chain(&a, &root, f.time, &err), 0);
		assert_int_equal(attest_step_log_entry(&a, &err), 0);
		assert_int_equal(attest_step_inclusion(&a, &err), 0);
		assert_int_equal(attest_step_checkpoint(&a, log, &err), 0);
		assert_null(err);
		attest_free(&a);
		sigstore_root_free(&root);
		json_decref(f.whole);
	}
}

static void test_real_verify(void **state)
{
	struct fixture f;
	struct sigstore_root root;
	struct attestation a;
	struct attest_report r;
	struct trusted_publisher want = { 0 };
	struct attest_expect x = { 0 };

	(void)state;
	fixture_load(&f, 0);
	load_root(&root);
	parse_att(f.att, &a);
	want.kind = "Google";
	want.email = GCB_EMAIL;
	x.name = f.name;
	x.sha256_local = f.sha;
	x.root = &root;
	x.expected = &want;
	x.now = (long long)time(NULL);
	assert_int_equal(attest_verify(&a, &x, &r), ATTEST_OK);
	assert_int_equal(r.step, STEP_DONE);
	assert_string_equal(r.who.kind, "Google");
	assert_string_equal(r.who.email, GCB_EMAIL);
	assert_int_equal(r.log_index, 200170367);
	attest_report_free(&r);
	/* Another email expected: the publisher step, naming both. */
	want.email = "someone@example.com";
	assert_int_equal(attest_verify(&a, &x, &r), ATTEST_FAIL);
	assert_int_equal(r.step, STEP_PUBLISHER);
	assert_non_null(strstr(r.reason, "someone@example.com"));
	assert_non_null(strstr(r.reason, GCB_EMAIL));
	attest_report_free(&r);
	attest_free(&a);
	json_decref(f.whole);

	/* The second file's signer is a person (GitHub's OAuth), not a
	 * Trusted Publisher: all verifies but the publisher. */
	fixture_load(&f, 1);
	parse_att(f.att, &a);
	x.name = f.name;
	x.sha256_local = f.sha;
	x.expected = NULL;
	assert_int_equal(attest_verify(&a, &x, &r), ATTEST_FAIL);
	assert_int_equal(r.step, STEP_PUBLISHER);
	assert_non_null(strstr(r.reason, "https://github.com/login/oauth"));
	attest_report_free(&r);
	attest_free(&a);
	json_decref(f.whole);
	sigstore_root_free(&root);
}

/* ---- hostile variants: each fails at its step ---- */

/* flip_b64 on an array's first string. */
static void flip_first(json_t *arr)
{
	json_t *tmp = json_object();

	json_object_set(tmp, "h", json_array_get(arr, 0));
	flip_b64(tmp, "h", 0);
	json_array_set(arr, 0, json_object_get(tmp, "h"));
	json_decref(tmp);
}

enum mutation {
	M_SIGNATURE, M_CERT, M_STATEMENT, M_STATEMENT_JUNK, M_AUDIT, M_CHECKPOINT_SIG, M_SET,
	M_TIME, M_LOGID, M_SUBJECT_SHA, M_BODY,
};

static void mutate(json_t *att, enum mutation m)
{
	json_t *env = json_object_get(att, "envelope");
	json_t *vm = json_object_get(att, "verification_material");
	json_t *te = entry_of(att);
	json_t *proof = json_object_get(te, "inclusionProof");

	switch (m) {
	case M_SIGNATURE:
		flip_b64(env, "signature", 12);
		break;
	case M_CERT:	/* in the issuer's signature of the certificate */
		flip_b64(vm, "certificate", -3);
		break;
	case M_STATEMENT: {
		/* One byte, the statement still as valid: a hex digit of
		 * the digest in upper case. */
		const char *b = json_string_value(json_object_get(env,
						  "statement"));
		unsigned char *raw;
		size_t len;
		char *d, *enc;

		assert_int_equal(b64_decode(b, strlen(b), &raw, &len), 0);
		raw = xrealloc(raw, len + 1);
		raw[len] = '\0';
		d = strstr((char *)raw, "\"sha256\":\"");
		assert_non_null(d);
		d += strlen("\"sha256\":\"");
		while (*d && !(*d >= 'a' && *d <= 'f'))
			d++;
		*d = (char)(*d - 'a' + 'A');
		enc = b64_encode(raw, len);
		json_object_set_new(env, "statement", json_string(enc));
		free(enc);
		free(raw);
		break;
	}
	case M_STATEMENT_JUNK:
		flip_b64(env, "statement", 40);
		break;
	case M_AUDIT:
		flip_first(json_object_get(proof, "hashes"));
		break;
	case M_CHECKPOINT_SIG: {
		json_t *cp = json_object_get(proof, "checkpoint");
		const char *note = json_string_value(json_object_get(cp,
							 "envelope"));
		const char *sp = strrchr(note, ' ');
		char *sig = xstrndup(sp + 1, strlen(sp + 1) - 1);
		json_t *tmp = json_object();
		char *n;

		json_object_set_new(tmp, "s", json_string(sig));
		flip_b64(tmp, "s", 20);
		n = xasprintf("%.*s %s\n", (int)(sp - note), note,
			      json_string_value(json_object_get(tmp, "s")));
		json_object_set_new(cp, "envelope", json_string(n));
		free(n);
		free(sig);
		json_decref(tmp);
		break;
	}
	case M_SET:
		flip_b64(json_object_get(te, "inclusionPromise"),
			 "signedEntryTimestamp", 20);
		break;
	case M_TIME: {
		const char *t = json_string_value(json_object_get(te,
						  "integratedTime"));
		long long v = t ? atoll(t) : json_integer_value(
				json_object_get(te, "integratedTime"));
		json_object_set_new(te, "integratedTime", json_integer(v + 1));
		break;
	}
	case M_LOGID:
		flip_b64(json_object_get(te, "logId"), "keyId", 0);
		break;
	case M_SUBJECT_SHA:	/* the attestation as it is, another file */
		break;
	case M_BODY:
		flip_b64(te, "canonicalizedBody", 60);
		break;
	}
}

/* Runs the whole verification of the mutated attestation; returns the
 * report's step and status. */
static void verify_mutant(int which, enum mutation m, enum attest_step step,
			  int status)
{
	struct fixture f;
	struct sigstore_root root;
	struct attestation a;
	struct attest_report r;
	struct attest_expect x = { 0 };

	fixture_load(&f, which);
	load_root(&root);
	mutate(f.att, m);
	parse_att(f.att, &a);
	x.name = f.name;
	x.sha256_local = f.sha;
	if (m == M_SUBJECT_SHA)		/* another file's sha256 */
		x.sha256_local = which ? GCB_SHA : PYPI_SHA;
	x.root = &root;
	x.now = (long long)time(NULL);
	attest_verify(&a, &x, &r);
	if (r.step != step || r.status != status)
		fail_msg("file %d mutation %d: step %s status %d (%s), "
			 "expected %s %d", which, (int)m,
			 attest_step_name(r.step), r.status,
			 r.reason ? r.reason : "", attest_step_name(step),
			 status);
	assert_non_null(r.reason);
	assert_true(str_starts_with(r.reason, attest_step_name(step)));
	attest_report_free(&r);
	attest_free(&a);
	sigstore_root_free(&root);
	json_decref(f.whole);
}

static void test_hostile(void **state)
{
	(void)state;
	for (int which = 0; which < 2; which++) {
		verify_mutant(which, M_STATEMENT, STEP_SIGNATURE, ATTEST_FAIL);
		verify_mutant(which, M_STATEMENT_JUNK, STEP_STATEMENT,
			      ATTEST_FAIL);
		verify_mutant(which, M_SIGNATURE, STEP_SIGNATURE, ATTEST_FAIL);
		verify_mutant(which, M_SET, STEP_TIMESTAMP, ATTEST_FAIL);
		verify_mutant(which, M_TIME, STEP_TIMESTAMP, ATTEST_FAIL);
		verify_mutant(which, M_LOGID, STEP_TIMESTAMP, ATTEST_ERROR);
		verify_mutant(which, M_CERT, STEP_CHAIN, ATTEST_FAIL);
		verify_mutant(which, M_BODY, STEP_TIMESTAMP, ATTEST_FAIL);
		verify_mutant(which, M_AUDIT, STEP_INCLUSION, ATTEST_FAIL);
		verify_mutant(which, M_CHECKPOINT_SIG, STEP_CHECKPOINT,
			      ATTEST_FAIL);
		verify_mutant(which, M_SUBJECT_SHA, STEP_STATEMENT,
			      ATTEST_FAIL);
	}
}

/* The steps after the first failing one fail too when run alone: each
 * step checks its own bytes. */
static void test_steps_alone(void **state)
{
	(void)state;
	for (int which = 0; which < 2; which++) {
		struct fixture f;
		struct attestation a;
		char *err = NULL;

		/* A changed statement: its hash is not the log's. */
		fixture_load(&f, which);
		mutate(f.att, M_STATEMENT);
		parse_att(f.att, &a);
		assert_int_equal(attest_step_log_entry(&a, &err), REKOR_FAIL);
		assert_non_null(strstr(err, "payloadHash"));
		free(err);
		err = NULL;
		attest_free(&a);
		json_decref(f.whole);

		/* A changed certificate: not the log's verifier. */
		fixture_load(&f, which);
		mutate(f.att, M_CERT);
		parse_att(f.att, &a);
		assert_int_equal(attest_step_signature(&a, &err), 0);
		assert_int_equal(attest_step_log_entry(&a, &err), REKOR_FAIL);
		assert_non_null(strstr(err, "verifier"));
		free(err);
		err = NULL;
		attest_free(&a);
		json_decref(f.whole);

		/* A changed body: its leaf is not in the tree. */
		fixture_load(&f, which);
		mutate(f.att, M_BODY);
		parse_att(f.att, &a);
		assert_int_equal(attest_step_inclusion(&a, &err), REKOR_FAIL);
		free(err);
		err = NULL;
		attest_free(&a);
		json_decref(f.whole);

		/* A tree size that is not the checkpoint's. */
		fixture_load(&f, which);
		{
			json_t *proof = json_object_get(entry_of(f.att),
							"inclusionProof");
			const char *ts = json_string_value(json_object_get(
						proof, "treeSize"));
			char *more = xasprintf("%lld", atoll(ts) + 1);

			json_object_set_new(proof, "treeSize",
					    json_string(more));
			free(more);
		}
		parse_att(f.att, &a);
		{
			struct sigstore_root root;
			const struct sigstore_log *log;

			load_root(&root);
			log = sigstore_root_tlog(&root, a.tlog.log_id);
			assert_non_null(log);
			assert_int_equal(attest_step_checkpoint(&a, log, &err),
					 REKOR_FAIL);
			assert_non_null(strstr(err, "differ"));
			sigstore_root_free(&root);
		}
		free(err);
		err = NULL;
		attest_free(&a);
		json_decref(f.whole);

		/* A changed signature: not the log's. */
		fixture_load(&f, which);
		mutate(f.att, M_SIGNATURE);
		parse_att(f.att, &a);
		assert_int_equal(attest_step_log_entry(&a, &err), REKOR_FAIL);
		assert_non_null(strstr(err, "signature"));
		free(err);
		err = NULL;
		attest_free(&a);
		json_decref(f.whole);
	}
}

static void tsa_starts_2026(json_t *j)
{
	json_t *t = json_object_get(j, "timestampAuthorities");

	for (size_t i = 0; i < json_array_size(t); i++)
		json_object_set_new(json_object_get(json_array_get(t, i),
				    "validFor"), "start",
				    json_string("2026-01-01T00:00:00Z"));
}

static void no_tsa(json_t *j)
{
	json_object_del(j, "timestampAuthorities");
}

static void root_edited(void (*edit)(json_t *), struct sigstore_root *r);

/* The RFC 3161 timestamp of the second real file. */
static void test_tsa(void **state)
{
	struct fixture f;
	struct sigstore_root root;
	struct attestation a;
	long long when;
	char *err = NULL;
	json_t *vm;

	(void)state;
	fixture_load(&f, 1);
	load_root(&root);
	parse_att(f.att, &a);
	assert_int_equal(a.nts, 1);
	assert_int_equal(attest_step_tsa(&a, &root, &when, &err), 0);
	assert_int_equal(when, 1760084548);	/* 2025-10-10 08:22:28Z */
	sigstore_root_free(&root);
	/* An authority trusted only after its time, or none. */
	root_edited(tsa_starts_2026, &root);
	assert_int_equal(attest_step_tsa(&a, &root, &when, &err), ATTEST_FAIL);
	free(err);
	err = NULL;
	sigstore_root_free(&root);
	root_edited(no_tsa, &root);
	assert_int_equal(attest_step_tsa(&a, &root, &when, &err), ATTEST_FAIL);
	free(err);
	err = NULL;
	sigstore_root_free(&root);
	attest_free(&a);
	/* A byte changed in the token's signature, or in its time. */
	load_root(&root);
	for (int at = -4; at != 0; at = at == -4 ? -1200 : 0) {
		struct attest_report r;
		struct attest_expect x = { 0 };

		json_decref(f.whole);
		fixture_load(&f, 1);
		vm = json_object_get(f.att, "verification_material");
		{
			json_t *tmp = json_object();

			json_object_set(tmp, "t", json_array_get(
				json_object_get(vm, "timestamps"), 0));
			flip_b64(tmp, "t", at);
			json_array_set(json_object_get(vm, "timestamps"), 0,
				       json_object_get(tmp, "t"));
			json_decref(tmp);
		}
		parse_att(f.att, &a);
		x.name = f.name;
		x.root = &root;
		x.now = (long long)time(NULL);
		assert_int_equal(attest_verify(&a, &x, &r), ATTEST_FAIL);
		assert_int_equal(r.step, STEP_TSA);
		attest_report_free(&r);
		attest_free(&a);
	}
	/* The signature the token covers is another. */
	json_decref(f.whole);
	fixture_load(&f, 1);
	parse_att(f.att, &a);
	a.sig[5] ^= 1;
	assert_int_equal(attest_step_tsa(&a, &root, &when, &err), ATTEST_FAIL);
	free(err);
	attest_free(&a);
	sigstore_root_free(&root);
	json_decref(f.whole);
}

/* attest_step_statement on a statement given as text. */
static int statement(const char *text, const char *name, const char *local,
		     const char *index, const char *want_err)
{
	struct attestation a;
	struct attest_expect x = { 0 };
	char *err = NULL;
	int rc;

	memset(&a, 0, sizeof(a));
	a.statement = (unsigned char *)xstrdup(text);
	a.statement_len = strlen(text);
	x.name = name;
	x.sha256_local = local;
	x.sha256_index = index;
	rc = attest_step_statement(&a, &x, &err);
	if (want_err && (!err || !strstr(err, want_err)))
		fail_msg("statement error \"%s\", not \"%s\"",
			 err ? err : "(none)", want_err);
	free(err);
	free(a.statement);
	return rc;
}

#define ST_HEAD "{\"_type\":\"https://in-toto.io/Statement/v1\","
#define ST_SUBJ "{\"name\":\"a-1.0.tar.gz\",\"digest\":{\"sha256\":\"" GCB_SHA "\"}}"
#define ST_PRED "\"predicateType\":\"https://docs.pypi.org/attestations/publish/v1\"}"

static void test_statement_rules(void **state)
{
	(void)state;
	assert_int_equal(statement(ST_HEAD "\"subject\":[" ST_SUBJ "]," ST_PRED,
				   "a-1.0.tar.gz", GCB_SHA, GCB_SHA, NULL), 0);
	assert_int_equal(statement(ST_HEAD "\"subject\":[" ST_SUBJ "," ST_SUBJ
				   "]," ST_PRED, "a-1.0.tar.gz", NULL, NULL,
				   "exactly one"), ATTEST_FAIL);
	assert_int_equal(statement(ST_HEAD "\"subject\":[]," ST_PRED,
				   NULL, NULL, NULL, "exactly one"),
			 ATTEST_FAIL);
	assert_int_equal(statement(ST_HEAD "\"subject\":[" ST_SUBJ "]," ST_PRED,
				   "b-1.0.tar.gz", NULL, NULL, "b-1.0.tar.gz"),
			 ATTEST_FAIL);
	assert_int_equal(statement(ST_HEAD "\"subject\":[" ST_SUBJ "]," ST_PRED,
				   "a-1.0.tar.gz", GCB_SHA, PYPI_SHA,
				   "the index serves"), ATTEST_FAIL);
	assert_int_equal(statement(ST_HEAD "\"subject\":[" ST_SUBJ "]," ST_PRED,
				   "a-1.0.tar.gz", PYPI_SHA, GCB_SHA,
				   "local file"), ATTEST_FAIL);
	assert_int_equal(statement(ST_HEAD "\"subject\":[" ST_SUBJ "],"
				   "\"predicateType\":\"https://example.com/x\"}",
				   NULL, NULL, NULL, "predicateType"),
			 ATTEST_FAIL);
	assert_int_equal(statement("{\"_type\":\"https://in-toto.io/Statement/"
				   "v0.1\",\"subject\":[" ST_SUBJ "]," ST_PRED,
				   NULL, NULL, NULL, "Statement v1"),
			 ATTEST_FAIL);
	assert_int_equal(statement(ST_HEAD "\"subject\":[{\"name\":\"a\","
				   "\"digest\":{\"sha256\":\"abc\"}}]," ST_PRED,
				   NULL, NULL, NULL, "sha256"), ATTEST_FAIL);
	assert_int_equal(statement("not json", NULL, NULL, NULL,
				   "Statement v1"), ATTEST_FAIL);
}

/* A trusted root with one change made by edit. */
static void root_edited(void (*edit)(json_t *), struct sigstore_root *r)
{
	json_t *j = load_json("trusted_root.json");

	edit(j);
	load_root_json(j, r);
	json_decref(j);
}

static void ca_ends_2023(json_t *j)
{
	json_t *cas = json_object_get(j, "certificateAuthorities");

	for (size_t i = 0; i < json_array_size(cas); i++)
		json_object_set_new(json_object_get(json_array_get(cas, i),
				    "validFor"), "end",
				    json_string("2023-01-01T00:00:00Z"));
}

/* validFor {start, end} both the epoch: an end of 0, valid only then
 * (0 once meant "no end"). */
static void epoch_only(json_t *vf)
{
	json_object_set_new(vf, "start", json_string("1970-01-01T00:00:00Z"));
	json_object_set_new(vf, "end", json_string("1970-01-01T00:00:00Z"));
}

static void ca_epoch(json_t *j)
{
	json_t *cas = json_object_get(j, "certificateAuthorities");

	for (size_t i = 0; i < json_array_size(cas); i++)
		epoch_only(json_object_get(json_array_get(cas, i),
					   "validFor"));
}

static void tlog_epoch(json_t *j)
{
	json_t *logs = json_object_get(j, "tlogs");

	for (size_t i = 0; i < json_array_size(logs); i++)
		epoch_only(json_object_get(json_object_get(
			   json_array_get(logs, i), "publicKey"), "validFor"));
}

static void tlog_starts_2026(json_t *j)
{
	json_t *logs = json_object_get(j, "tlogs");

	for (size_t i = 0; i < json_array_size(logs); i++)
		json_object_set_new(json_object_get(json_object_get(
				    json_array_get(logs, i), "publicKey"),
				    "validFor"), "start",
				    json_string("2026-01-01T00:00:00Z"));
}

static void test_validity(void **state)
{
	(void)state;
	for (int which = 0; which < 2; which++) {
		struct fixture f;
		struct sigstore_root root;
		struct attestation a;
		const struct sigstore_log *log = NULL;
		char *err = NULL;

		fixture_load(&f, which);
		parse_att(f.att, &a);

		/* A CA that the root trusts only until before the integrated
		 * time: an error, never a pass. */
		root_edited(ca_ends_2023, &root);
		assert_int_equal(attest_step_chain(&a, &root, f.time, &err),
				 ATTEST_ERROR);
		assert_non_null(strstr(err, "validFor"));
		free(err);
		err = NULL;
		sigstore_root_free(&root);

		/* validFor ending at the epoch (end parses to 0): ended, not
		 * open-ended. */
		root_edited(ca_epoch, &root);
		assert_int_equal(attest_step_chain(&a, &root, f.time, &err),
				 ATTEST_ERROR);
		free(err);
		err = NULL;
		sigstore_root_free(&root);
		root_edited(tlog_epoch, &root);
		assert_int_equal(attest_step_timestamp(&a, &root, f.time + 10,
						       &log, &err),
				 REKOR_ERROR);
		assert_null(log);
		free(err);
		err = NULL;
		sigstore_root_free(&root);

		/* A log key not yet valid at the integrated time. */
		root_edited(tlog_starts_2026, &root);
		assert_int_equal(attest_step_timestamp(&a, &root, f.time + 10,
						       &log, &err),
				 REKOR_ERROR);
		assert_null(log);
		assert_non_null(strstr(err, "not valid"));
		free(err);
		err = NULL;
		sigstore_root_free(&root);

		/* An integrated time in the future (the clock says so). */
		load_root(&root);
		assert_int_equal(attest_step_timestamp(&a, &root, f.time - 3600,
						       &log, &err),
				 REKOR_ERROR);
		assert_non_null(strstr(err, "future"));
		free(err);
		err = NULL;
		/* The chain at a time its certificate was not valid. */
		assert_int_equal(attest_step_chain(&a, &root, f.time + 3600,
						   &err), ATTEST_FAIL);
		free(err);
		sigstore_root_free(&root);
		attest_free(&a);
		json_decref(f.whole);
	}
}

/* ---- certificates made here ---- */

static EVP_PKEY *new_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");

	assert_non_null(k);
	return k;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	e = X509V3_EXT_nconf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

/* A Fulcio extension 1.3.6.1.4.1.57264.1.ARC: raw bytes, or a DER
 * UTF8String. */
static void add_fulcio(X509 *x, int arc, const char *value, bool raw)
{
	char oid[64];
	ASN1_OBJECT *obj;
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *e;

	snprintf(oid, sizeof(oid), "1.3.6.1.4.1.57264.1.%d", arc);
	obj = OBJ_txt2obj(oid, 1);
	if (raw) {
		ASN1_OCTET_STRING_set(os, (const unsigned char *)value,
				      (int)strlen(value));
	} else {
		ASN1_UTF8STRING *u = ASN1_UTF8STRING_new();
		unsigned char *der = NULL;
		int n;

		ASN1_STRING_set(u, value, (int)strlen(value));
		n = i2d_ASN1_UTF8STRING(u, &der);
		ASN1_OCTET_STRING_set(os, der, n);
		OPENSSL_free(der);
		ASN1_UTF8STRING_free(u);
	}
	e = X509_EXTENSION_create_by_OBJ(NULL, obj, 0, os);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(obj);
}

/* A certificate for key, issued by issuer (self-issued when NULL),
 * valid from t0 for secs; sign_cert signs it. */
static X509 *make_cert(EVP_PKEY *key, X509 *issuer,
		       bool ca, long long t0, long secs)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	static long serial = 1;

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)(ca ? "test-ca"
							   : "test-leaf"),
				   -1, -1, 0);
	X509_set_subject_name(x, name);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
	X509_NAME_free(name);
	ASN1_TIME_set(X509_getm_notBefore(x), (time_t)t0);
	ASN1_TIME_set(X509_getm_notAfter(x), (time_t)(t0 + secs));
	X509_set_pubkey(x, key);
	if (ca) {
		add_ext(x, issuer, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, issuer, NID_key_usage, "critical,keyCertSign");
	} else {
		add_ext(x, issuer, NID_key_usage, "critical,digitalSignature");
	}
	return x;
}

static void sign_cert(X509 *x, EVP_PKEY *signer)
{
	assert_true(X509_sign(x, signer, EVP_sha256()) > 0);
}

/* A root with one CA: this self-signed certificate.  Returns the CA
 * (the root's). */
static struct sigstore_ca *one_ca_root(X509 *ca, struct sigstore_root *r)
{
	struct sigstore_ca *c = xcalloc(1, sizeof(*c));

	memset(r, 0, sizeof(*r));
	c->chain = sk_X509_new_null();
	X509_up_ref(ca);
	sk_X509_push(c->chain, ca);
	r->cas = c;
	r->ncas = 1;
	return c;
}

static void test_chain_made_here(void **state)
{
	long long t0 = 1700000000;
	EVP_PKEY *cakey = new_key(), *leafkey = new_key(), *otherkey = new_key();
	X509 *ca = make_cert(cakey, NULL, true, t0 - 86400, 10 * 86400);
	X509 *other = make_cert(otherkey, NULL, true, t0 - 86400,
				10 * 86400);
	X509 *leaf, *plain;
	struct sigstore_root root, real;
	struct sigstore_ca *c;
	struct attestation a;
	char *err = NULL;

	(void)state;
	sign_cert(ca, cakey);
	sign_cert(other, otherkey);
	leaf = make_cert(leafkey, ca, false, t0, 600);
	add_ext(leaf, ca, NID_ext_key_usage, "codeSigning");
	sign_cert(leaf, cakey);
	plain = make_cert(leafkey, ca, false, t0, 600);
	sign_cert(plain, cakey);
	memset(&a, 0, sizeof(a));

	/* The leaf chains to its CA, at a time in its validity. */
	c = one_ca_root(ca, &root);
	a.cert = leaf;
	assert_int_equal(attest_step_chain(&a, &root, t0 + 60, &err), 0);
	/* Not when the CA's validFor ends before. */
	c->valid.end = t0 - 10;
	c->valid.has_end = true;
	assert_int_equal(attest_step_chain(&a, &root, t0 + 60, &err),
			 ATTEST_ERROR);
	free(err);
	err = NULL;
	c->valid.has_end = false;
	/* Nor after the leaf expired, saying so (not "does not chain"). */
	assert_int_equal(attest_step_chain(&a, &root, t0 + 601, &err),
			 ATTEST_FAIL);
	assert_non_null(strstr(err, "not valid at the integrated time"));
	free(err);
	err = NULL;
	/* Nor before it was valid. */
	assert_int_equal(attest_step_chain(&a, &root, t0 - 1, &err),
			 ATTEST_FAIL);
	assert_non_null(strstr(err, "not valid at the integrated time"));
	free(err);
	err = NULL;
	/* Without codeSigning: refused. */
	a.cert = plain;
	assert_int_equal(attest_step_chain(&a, &root, t0 + 60, &err),
			 ATTEST_FAIL);
	assert_non_null(strstr(err, "code signing"));
	free(err);
	err = NULL;

	/* A CA certificate for code signing is no leaf. */
	{
		EVP_PKEY *k = new_key();
		X509 *sub = make_cert(k, ca, true, t0, 600);

		add_ext(sub, ca, NID_ext_key_usage, "codeSigning");
		sign_cert(sub, cakey);
		a.cert = sub;
		assert_int_equal(attest_step_chain(&a, &root, t0 + 60, &err),
				 ATTEST_FAIL);
		assert_non_null(strstr(err, "is a CA"));
		free(err);
		err = NULL;
		X509_free(sub);
		EVP_PKEY_free(k);
	}
	sigstore_root_free(&root);

	/* The leaf of a CA made here does not chain to Sigstore's. */
	load_root(&real);
	a.cert = leaf;
	assert_int_equal(attest_step_chain(&a, &real, t0 + 60, &err),
			 ATTEST_FAIL);
	free(err);
	err = NULL;
	sigstore_root_free(&real);
	/* Nor to another CA. */
	one_ca_root(other, &root);
	assert_int_equal(attest_step_chain(&a, &root, t0 + 60, &err),
			 ATTEST_FAIL);
	free(err);
	sigstore_root_free(&root);

	X509_free(leaf);
	X509_free(plain);
	X509_free(ca);
	X509_free(other);
	EVP_PKEY_free(cakey);
	EVP_PKEY_free(leafkey);
	EVP_PKEY_free(otherkey);
}

/* A leaf with a CI identity. */
static X509 *ci_cert(const char *issuer, const char *repo_uri,
		     const char *config_uri, const char *san)
{
	EVP_PKEY *k = new_key();
	X509 *x = make_cert(k, NULL, false, 1700000000, 600);

	if (issuer)
		add_fulcio(x, 8, issuer, false);
	if (repo_uri)
		add_fulcio(x, 12, repo_uri, false);
	if (config_uri) {
		add_fulcio(x, 18, config_uri, false);
		add_fulcio(x, 9, config_uri, false);
	}
	add_fulcio(x, 14, "refs/tags/v1.0.0", false);
	if (san)
		add_ext(x, NULL, NID_subject_alt_name, san);
	sign_cert(x, k);
	EVP_PKEY_free(k);
	return x;
}

static int who_of(X509 *x, struct trusted_publisher *p, char **err)
{
	struct fulcio_identity id;
	int rc;

	rc = fulcio_identity_read(x, &id, err);
	if (rc == 0)
		rc = fulcio_publisher(&id, p, err);
	fulcio_identity_free(&id);
	return rc;
}

#define GH "https://token.actions.githubusercontent.com"
#define GH_WF "https://github.com/octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0"

static void test_github_identity(void **state)
{
	X509 *x = ci_cert(GH, "https://github.com/octo/demo", GH_WF,
			  "URI:" GH_WF);
	struct trusted_publisher who, want = { 0 }, served = { 0 };
	struct attestation a;
	char *err = NULL;

	(void)state;
	assert_int_equal(who_of(x, &who, &err), 0);
	assert_string_equal(who.kind, "GitHub");
	assert_string_equal(who.repository, "octo/demo");
	assert_string_equal(who.workflow, "release.yml");
	assert_null(who.environment);

	/* As expected, in any case for the repository. */
	want.kind = "GitHub";
	want.repository = "Octo/Demo";
	want.workflow = "release.yml";
	served.kind = "GitHub";
	served.repository = "octo/demo";
	served.workflow = "release.yml";
	served.environment = "pypi";
	assert_int_equal(trusted_publisher_check(&who, &served, &want, &err), 0);
	/* Another repository expected: both named. */
	want.repository = "octo/other";
	assert_int_equal(trusted_publisher_check(&who, &served, &want, &err), -1);
	assert_non_null(strstr(err, "octo/other"));
	assert_non_null(strstr(err, "octo/demo"));
	free(err);
	err = NULL;
	want.repository = "octo/demo";
	/* Another workflow. */
	want.workflow = "publish.yml";
	assert_int_equal(trusted_publisher_check(&who, &served, &want, &err), -1);
	assert_non_null(strstr(err, "publish.yml"));
	assert_non_null(strstr(err, "release.yml"));
	free(err);
	err = NULL;
	want.workflow = "release.yml";
	/* The environment: compared with the index's object only. */
	want.environment = "pypi";
	assert_int_equal(trusted_publisher_check(&who, &served, &want, &err), 0);
	want.environment = "release";
	assert_int_equal(trusted_publisher_check(&who, &served, &want, &err), -1);
	assert_non_null(strstr(err, "unsigned"));
	free(err);
	err = NULL;
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	free(err);
	err = NULL;
	want.environment = NULL;
	/* The index's publisher object disagrees with the certificate. */
	served.repository = "evil/demo";
	assert_int_equal(trusted_publisher_check(&who, &served, NULL, &err), -1);
	assert_non_null(strstr(err, "evil/demo"));
	free(err);
	err = NULL;
	served.repository = "octo/demo";
	served.workflow = "other.yml";
	assert_int_equal(trusted_publisher_check(&who, &served, NULL, &err), -1);
	free(err);
	err = NULL;
	served.kind = "GitLab";
	served.workflow = "release.yml";
	assert_int_equal(trusted_publisher_check(&who, &served, NULL, &err), -1);
	free(err);
	err = NULL;

	/* Through the publisher step. */
	trusted_publisher_free(&who);
	memset(&a, 0, sizeof(a));
	a.cert = x;
	served.kind = "GitHub";
	assert_int_equal(attest_step_publisher(&a, &served, &want, &who, &err),
			 ATTEST_OK);
	trusted_publisher_free(&who);
	want.workflow = "nope.yml";
	assert_int_equal(attest_step_publisher(&a, &served, &want, &who, &err),
			 ATTEST_FAIL);
	free(err);
	trusted_publisher_free(&who);
	X509_free(x);
	trusted_publisher_free(&who);
}

/* F1, F2: an expectation that does not name the publisher completely
 * is refused, never a pass: a GitLab project of the same name and any
 * workflow would pass. */
static void test_incomplete_expectation(void **state)
{
	X509 *x = ci_cert("https://gitlab.com", "https://gitlab.com/owner/repo",
			  "https://gitlab.com/owner/repo//publish.yml@refs/"
			  "tags/v1.0.0", NULL);
	struct trusted_publisher who, want = { 0 };
	char *err = NULL, *why;

	(void)state;
	assert_int_equal(who_of(x, &who, &err), 0);
	assert_string_equal(who.kind, "GitLab");
	/* Repository and workflow, no kind: a GitLab signer must not pass
	 * for a GitHub one of the same name. */
	want.repository = "owner/repo";
	want.workflow = "publish.yml";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	assert_non_null(strstr(err, "incomplete"));
	assert_non_null(strstr(err, "set publisher"));
	free(err);
	err = NULL;
	want.kind = "GitHub";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	assert_non_null(strstr(err, "GitLab"));
	free(err);
	err = NULL;
	want.kind = "GitLab";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), 0);
	/* Only the kind, or the kind and an empty repository. */
	want.repository = NULL;
	want.workflow = NULL;
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	assert_non_null(strstr(err, "set repository and workflow"));
	free(err);
	err = NULL;
	want.repository = "";
	want.workflow = "publish.yml";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	assert_non_null(strstr(err, "set repository"));
	free(err);
	err = NULL;
	want.repository = "owner/repo";
	want.workflow = "";
	why = trusted_publisher_incomplete(&want);
	assert_non_null(why);
	assert_string_equal(why, "set workflow");
	free(why);
	/* The environment alone is never enough. */
	memset(&want, 0, sizeof(want));
	want.environment = "pypi";
	why = trusted_publisher_incomplete(&want);
	assert_non_null(why);
	assert_non_null(strstr(why, "set publisher"));
	free(why);
	why = trusted_publisher_incomplete(NULL);
	assert_non_null(why);
	free(why);
	/* Google: the email. */
	want.kind = "google";
	why = trusted_publisher_incomplete(&want);
	assert_non_null(why);
	assert_string_equal(why, "set email");
	free(why);
	want.email = "a@b.iam.gserviceaccount.com";
	assert_null(trusted_publisher_incomplete(&want));
	want.kind = "Bitbucket";
	why = trusted_publisher_incomplete(&want);
	assert_non_null(strstr(why, "Bitbucket"));
	free(why);
	trusted_publisher_free(&who);
	X509_free(x);
}

/* F6: the ref, when expected, is the certificate's source ref (.1.14)
 * and its build config's (.1.18, after '@'). */
static void test_ref_pinned(void **state)
{
	X509 *x = ci_cert(GH, "https://github.com/octo/demo", GH_WF,
			  "URI:" GH_WF);
	X509 *y = ci_cert(GH, "https://github.com/octo/demo",
			  "https://github.com/octo/demo/.github/workflows/"
			  "release.yml@refs/heads/main", NULL);
	struct trusted_publisher who, who2, want = { 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(who_of(x, &who, &err), 0);
	assert_int_equal(who_of(y, &who2, &err), 0);
	assert_string_equal(who.ref, "refs/tags/v1.0.0");
	assert_string_equal(who.config_ref, "refs/tags/v1.0.0");
	assert_string_equal(who2.ref, "refs/tags/v1.0.0");
	assert_string_equal(who2.config_ref, "refs/heads/main");
	want.kind = "GitHub";
	want.repository = "octo/demo";
	want.workflow = "release.yml";
	/* Not pinned: any ref passes. */
	assert_int_equal(trusted_publisher_check(&who2, NULL, &want, &err), 0);
	want.ref = "";
	assert_int_equal(trusted_publisher_check(&who2, NULL, &want, &err), 0);
	want.ref = "refs/tags/v1.0.0";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), 0);
	/* The source ref is right, the build config's is not. */
	assert_int_equal(trusted_publisher_check(&who2, NULL, &want, &err), -1);
	assert_non_null(strstr(err, "refs/heads/main"));
	assert_non_null(strstr(err, "1.3.6.1.4.1.57264.1.14"));
	free(err);
	err = NULL;
	/* Another tag: both named. */
	want.ref = "refs/tags/v1.0.1";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	assert_non_null(strstr(err, "refs/tags/v1.0.1"));
	assert_non_null(strstr(err, "refs/tags/v1.0.0"));
	free(err);
	err = NULL;
	/* A prefix is not the ref. */
	want.ref = "refs/tags/v1.0";
	assert_int_equal(trusted_publisher_check(&who, NULL, &want, &err), -1);
	free(err);
	trusted_publisher_free(&who);
	trusted_publisher_free(&who2);
	X509_free(x);
	X509_free(y);
}

/* A Rekor v2 entry (no inclusionPromise, no integratedTime: the time is
 * a timestamp authority's) fails, saying so. */
static void test_rekor_v2(void **state)
{
	struct fixture f;
	struct attestation a;
	json_t *te;
	char *err = NULL;

	(void)state;
	fixture_load(&f, 0);
	te = entry_of(f.att);
	json_object_del(te, "inclusionPromise");
	json_object_del(te, "integratedTime");
	json_object_set_new(json_object_get(te, "kindVersion"), "version",
			    json_string("0.0.2"));
	assert_int_equal(attest_parse(f.att, &a, &err), -1);
	assert_non_null(strstr(err, "Rekor v2 entries are not supported"));
	free(err);
	err = NULL;
	attest_free(&a);
	/* An empty inclusionPromise: the same. */
	json_object_set_new(te, "inclusionPromise", json_object());
	json_object_set_new(te, "integratedTime", json_string("1700000000"));
	assert_int_equal(attest_parse(f.att, &a, &err), -1);
	assert_non_null(strstr(err, "Rekor v2 entries are not supported"));
	free(err);
	attest_free(&a);
	json_decref(f.whole);
}

static void test_identity_edges(void **state)
{
	struct trusted_publisher who;
	char *err = NULL;
	X509 *x;

	(void)state;
	/* A workflow of another repository. */
	x = ci_cert(GH, "https://github.com/octo/demo",
		    "https://github.com/evil/demo/.github/workflows/r.yml@x",
		    NULL);
	assert_int_equal(who_of(x, &who, &err), -1);
	free(err);
	err = NULL;
	trusted_publisher_free(&who);
	X509_free(x);
	/* A repository on another host. */
	/* (of the same length as https://github.com/, so that only the
	 * host's comparison can tell) */
	x = ci_cert(GH, "https://githuh.com/octo/demo", GH_WF, NULL);
	assert_int_equal(who_of(x, &who, &err), -1);
	free(err);
	err = NULL;
	trusted_publisher_free(&who);
	X509_free(x);
	/* The SAN URI stands for the build config URI when there is none. */
	x = ci_cert(GH, "https://github.com/octo/demo", NULL, "URI:" GH_WF);
	assert_int_equal(who_of(x, &who, &err), 0);
	assert_string_equal(who.workflow, "release.yml");
	trusted_publisher_free(&who);
	X509_free(x);
	/* GitLab: group/project and the CI file's path. */
	x = ci_cert("https://gitlab.com", "https://gitlab.com/grp/sub/proj",
		    "https://gitlab.com/grp/sub/proj//ci/release.yml@refs/"
		    "tags/v1", NULL);
	assert_int_equal(who_of(x, &who, &err), 0);
	assert_string_equal(who.kind, "GitLab");
	assert_string_equal(who.repository, "grp/sub/proj");
	assert_string_equal(who.workflow, "ci/release.yml");
	trusted_publisher_free(&who);
	X509_free(x);
	/* Google: the email. */
	x = ci_cert("https://accounts.google.com", NULL, NULL,
		    "email:builder@proj.iam.gserviceaccount.com");
	assert_int_equal(who_of(x, &who, &err), 0);
	assert_string_equal(who.kind, "Google");
	assert_string_equal(who.email, "builder@proj.iam.gserviceaccount.com");
	trusted_publisher_free(&who);
	X509_free(x);
	/* An issuer PyPI does not know. */
	x = ci_cert("https://issuer.example", NULL, NULL, "email:a@b.c");
	assert_int_equal(who_of(x, &who, &err), -1);
	assert_non_null(strstr(err, "issuer.example"));
	free(err);
	err = NULL;
	trusted_publisher_free(&who);
	X509_free(x);
	/* No issuer at all. */
	x = ci_cert(NULL, NULL, NULL, "email:a@b.c");
	assert_int_equal(who_of(x, &who, &err), -1);
	free(err);
	err = NULL;
	trusted_publisher_free(&who);
	X509_free(x);
	/* The old raw issuer (.1.1), and both disagreeing. */
	{
		EVP_PKEY *k = new_key();
		struct fulcio_identity id;

		x = make_cert(k, NULL, false, 1700000000, 600);
		add_fulcio(x, 1, "https://accounts.google.com", true);
		sign_cert(x, k);
		assert_int_equal(fulcio_identity_read(x, &id, &err), 0);
		assert_string_equal(id.issuer, "https://accounts.google.com");
		fulcio_identity_free(&id);
		X509_free(x);
		x = make_cert(k, NULL, false, 1700000000, 600);
		add_fulcio(x, 1, "https://accounts.google.com", true);
		add_fulcio(x, 8, GH, false);
		sign_cert(x, k);
		assert_int_equal(fulcio_identity_read(x, &id, &err), -1);
		free(err);
		err = NULL;
		fulcio_identity_free(&id);
		X509_free(x);
		/* .1.8 not a UTF8String. */
		x = make_cert(k, NULL, false, 1700000000, 600);
		add_fulcio(x, 8, GH, true);
		sign_cert(x, k);
		assert_int_equal(fulcio_identity_read(x, &id, &err), -1);
		free(err);
		fulcio_identity_free(&id);
		X509_free(x);
		EVP_PKEY_free(k);
	}
}

/* ---- the pieces ---- */

static void test_inclusion_edges(void **state)
{
	unsigned char leaf[32] = { 1 }, root[32], h[3][32];
	char *err = NULL;

	(void)state;
	memset(h, 7, sizeof(h));
	/* A tree of one leaf: the root is the leaf, no path. */
	assert_int_equal(rekor_proof_root(0, 1, leaf, NULL, 0, root, &err), 0);
	assert_memory_equal(root, leaf, 32);
	/* index not below size */
	assert_int_equal(rekor_proof_root(1, 1, leaf, NULL, 0, root, &err),
			 -1);
	free(err);
	err = NULL;
	/* too few, too many */
	assert_int_equal(rekor_proof_root(0, 4, leaf,
					  (const unsigned char (*)[32])h, 1,
					  root, &err), -1);
	assert_non_null(strstr(err, "too few"));
	free(err);
	err = NULL;
	assert_int_equal(rekor_proof_root(0, 4, leaf,
					  (const unsigned char (*)[32])h, 3,
					  root, &err), -1);
	assert_non_null(strstr(err, "too many"));
	free(err);
	err = NULL;
	assert_int_equal(rekor_proof_root(0, 4, leaf,
					  (const unsigned char (*)[32])h, 2,
					  root, &err), 0);
}

static void test_b64(void **state)
{
	unsigned char *out;
	size_t n;

	(void)state;
	assert_int_equal(b64_decode("aGk=", 4, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "hi", 2);
	free(out);
	assert_int_equal(b64_decode("", 0, &out, &n), 0);
	assert_int_equal(n, 0);
	free(out);
	assert_int_equal(b64_decode("aGk", 3, &out, &n), -1);
	assert_int_equal(b64_decode("aG k", 4, &out, &n), -1);
	assert_int_equal(b64_decode("aGl=", 4, &out, &n), -1);	/* bits */
	assert_int_equal(b64_decode("aB==", 4, &out, &n), -1);
	assert_int_equal(b64_decode("aA==", 4, &out, &n), 0);
	assert_int_equal(n, 1);
	free(out);
	assert_int_equal(b64_decode("a===", 4, &out, &n), -1);
	assert_int_equal(b64_decode("aG=k", 4, &out, &n), -1);
	assert_int_equal(b64_decode("aGk=aGk=", 8, &out, &n), -1);
	assert_int_equal(b64_decode("aGk-", 4, &out, &n), -1);
	for (size_t len = 0; len < 7; len++) {
		unsigned char raw[6] = { 0xff, 0, 0x80, 0x7f, 1, 0xfe };
		char *e = b64_encode(raw, len);

		assert_int_equal(b64_decode(e, strlen(e), &out, &n), 0);
		assert_int_equal(n, len);
		if (len)
			assert_memory_equal(out, raw, len);
		free(out);
		free(e);
	}
}

static void expect_root_error(json_t *j, const char *field)
{
	char *text = json_dumps(j, JSON_COMPACT), *err = NULL;
	struct sigstore_root r;

	assert_int_equal(sigstore_root_parse(text, strlen(text), &r, &err), -1);
	if (!strstr(err, field))
		fail_msg("error \"%s\" does not name %s", err, field);
	assert_int_equal(r.ncas + r.ntlogs, 0);
	free(err);
	free(text);
	json_decref(j);
}

static void test_root_hostile(void **state)
{
	struct sigstore_root r;
	char *err = NULL;
	char *big;
	json_t *j;
	long long t;

	(void)state;
	assert_int_equal(sigstore_root_parse("[]", 2, &r, &err), -1);
	free(err);
	err = NULL;
	big = xmalloc(SIGSTORE_ROOT_MAX + 2);
	memset(big, ' ', SIGSTORE_ROOT_MAX + 1);
	assert_int_equal(sigstore_root_parse(big, SIGSTORE_ROOT_MAX + 1, &r,
					     &err), -1);
	assert_non_null(strstr(err, "larger"));
	free(err);
	free(big);

	j = load_json("trusted_root.json");
	json_object_del(j, "mediaType");
	expect_root_error(j, "mediaType");
	j = load_json("trusted_root.json");
	json_object_set_new(json_object_get(json_array_get(
		json_object_get(j, "tlogs"), 0), "publicKey"), "rawBytes",
		json_string("AAAA"));
	expect_root_error(j, "tlogs[0].publicKey.rawBytes");
	j = load_json("trusted_root.json");
	json_object_set_new(json_object_get(json_array_get(
		json_object_get(j, "tlogs"), 1), "logId"), "keyId",
		json_string("AAAA"));
	expect_root_error(j, "tlogs[1].logId.keyId");
	j = load_json("trusted_root.json");
	json_object_set_new(json_object_get(json_array_get(
		json_object_get(j, "certificateAuthorities"), 1), "validFor"),
		"start", json_string("yesterday"));
	expect_root_error(j, "certificateAuthorities[1].validFor.start");
	/* An end of the epoch (0) after a later start: it ends before it
	 * starts, not "open-ended". */
	j = load_json("trusted_root.json");
	json_object_set_new(json_object_get(json_array_get(
		json_object_get(j, "certificateAuthorities"), 1), "validFor"),
		"end", json_string("1970-01-01T00:00:00Z"));
	expect_root_error(j, "certificateAuthorities[1].validFor");
	j = load_json("trusted_root.json");
	json_object_set_new(json_array_get(json_object_get(json_object_get(
		json_array_get(json_object_get(j, "certificateAuthorities"), 0),
		"certChain"), "certificates"), 0), "rawBytes",
		json_string("MIIB"));
	expect_root_error(j, "certificateAuthorities[0].certChain");
	j = load_json("trusted_root.json");
	json_object_set_new(j, "certificateAuthorities", json_array());
	expect_root_error(j, "certificateAuthorities");

	/* Times. */
	assert_int_equal(sigstore_parse_time("2021-03-07T03:20:29Z", &t), 0);
	assert_int_equal(t, 1615087229);
	assert_int_equal(sigstore_parse_time("2022-12-31T23:59:59.999Z", &t),
			 0);
	assert_int_equal(t, 1672531199);
	assert_int_equal(sigstore_parse_time("2021-03-07T04:20:29+01:00", &t),
			 0);
	assert_int_equal(t, 1615087229);
	assert_int_equal(sigstore_parse_time("2021-03-07 03:20:29Z", &t), -1);
	assert_int_equal(sigstore_parse_time("2021-13-07T03:20:29Z", &t), -1);
	assert_int_equal(sigstore_parse_time("2021-03-07T03:20:29", &t), -1);
	assert_int_equal(sigstore_parse_time("2021-03-07T03:20:29Zx", &t), -1);
}

static int parse_prov(json_t *j, struct provenance *p, char **err)
{
	char *text = json_dumps(j, JSON_COMPACT);
	int rc = provenance_parse(text, strlen(text), p, err);

	free(text);
	return rc;
}

static void test_provenance_shape(void **state)
{
	json_t *j = load_json(GCB), *bundles, *b0;
	struct provenance p;
	struct sigstore_root root;
	struct attest_expect x = { 0 };
	struct buf detail;
	char *err = NULL;

	(void)state;
	load_root(&root);
	assert_int_equal(parse_prov(j, &p, &err), 0);
	assert_int_equal(p.nbundles, 1);
	assert_true(p.bundles[0].has_publisher);
	assert_string_equal(p.bundles[0].publisher.kind, "Google");
	x.name = GCB_NAME;
	x.sha256_index = GCB_SHA;
	x.root = &root;
	x.now = (long long)time(NULL);
	buf_init(&detail);
	assert_int_equal(provenance_verify(&p, &x, &detail, &err), ATTEST_OK);
	assert_non_null(strstr(detail.data, "log index 200170367"));
	assert_non_null(strstr(detail.data, "2025-04-21 15:02:27 UTC"));
	assert_non_null(strstr(detail.data, GCB_EMAIL));
	buf_reset(&detail);
	provenance_free(&p);
	/* The index's publisher object names another email. */
	bundles = json_object_get(j, "attestation_bundles");
	b0 = json_array_get(bundles, 0);
	json_object_set_new(json_object_get(b0, "publisher"), "email",
			    json_string("x@example.com"));
	assert_int_equal(parse_prov(j, &p, &err), 0);
	assert_int_equal(provenance_verify(&p, &x, &detail, &err),
			 ATTEST_FAIL);
	assert_non_null(strstr(err, "x@example.com"));
	free(err);
	err = NULL;
	provenance_free(&p);
	/* Too many bundles. */
	for (int i = 0; i < PROVENANCE_MAX_BUNDLES; i++)
		json_array_append(bundles, b0);
	assert_int_equal(parse_prov(j, &p, &err), -1);
	assert_non_null(strstr(err, "attestation_bundles"));
	free(err);
	err = NULL;
	provenance_free(&p);
	json_array_clear(bundles);
	assert_int_equal(parse_prov(j, &p, &err), -1);
	free(err);
	err = NULL;
	provenance_free(&p);
	json_decref(j);
	/* Another version. */
	j = load_json(GCB);
	json_object_set_new(j, "version", json_integer(2));
	assert_int_equal(parse_prov(j, &p, &err), -1);
	assert_non_null(strstr(err, "version"));
	free(err);
	err = NULL;
	provenance_free(&p);
	json_decref(j);
	/* A bare attestation. */
	j = load_json(PYPI);
	assert_int_equal(parse_prov(j, &p, &err), 0);
	assert_int_equal(p.nbundles, 1);
	assert_false(p.bundles[0].has_publisher);
	provenance_free(&p);
	/* A malformed audit-path hash after a good one (the fuzzer's
	 * double free). */
	{
		json_t *h = json_object_get(json_object_get(entry_of(j),
					    "inclusionProof"), "hashes");
		json_t *saved = json_deep_copy(h);

		json_array_set_new(h, 1, json_string("AAAA"));
		assert_int_equal(parse_prov(j, &p, &err), -1);
		assert_non_null(strstr(err, "hashes[1]"));
		free(err);
		err = NULL;
		provenance_free(&p);
		json_object_set_new(json_object_get(entry_of(j),
				    "inclusionProof"), "hashes", saved);
	}
	/* Two transparency entries. */
	json_array_append(json_object_get(json_object_get(j,
			  "verification_material"), "transparency_entries"),
			  entry_of(j));
	assert_int_equal(parse_prov(j, &p, &err), -1);
	assert_non_null(strstr(err, "transparency_entries"));
	free(err);
	provenance_free(&p);
	json_decref(j);
	buf_free(&detail);
	sigstore_root_free(&root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_steps),
		cmocka_unit_test(test_real_verify),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_steps_alone),
		cmocka_unit_test(test_statement_rules),
		cmocka_unit_test(test_tsa),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_chain_made_here),
		cmocka_unit_test(test_github_identity),
		cmocka_unit_test(test_identity_edges),
		cmocka_unit_test(test_inclusion_edges),
		cmocka_unit_test(test_b64),
		cmocka_unit_test(test_root_hostile),
		cmocka_unit_test(test_provenance_shape),
		cmocka_unit_test(test_incomplete_expectation),
		cmocka_unit_test(test_ref_pinned),
		cmocka_unit_test(test_rekor_v2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
