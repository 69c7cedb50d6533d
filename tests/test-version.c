/* test-version.c: SemVer and PEP 440 parsing, ordering (src/version.c).
 *
 * Table-driven.  The PEP 440 rows were checked against the `packaging`
 * library (23.0) that pip uses; the SemVer rows include the valid and
 * invalid lists published with the regex at semver.org.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"
#include "version.h"

/* ---- SemVer ---- */

struct semver_row {
	const char *in;
	uint64_t major, minor, patch;
	const char *pre, *build;
};

static const struct semver_row semver_valid[] = {
	/* semver.org's list of valid versions */
	{ "0.0.4", 0, 0, 4, NULL, NULL },
	{ "1.2.3", 1, 2, 3, NULL, NULL },
	{ "10.20.30", 10, 20, 30, NULL, NULL },
	{ "1.1.2-prerelease+meta", 1, 1, 2, "prerelease", "meta" },
	{ "1.1.2+meta", 1, 1, 2, NULL, "meta" },
	{ "1.1.2+meta-valid", 1, 1, 2, NULL, "meta-valid" },
	{ "1.0.0-alpha", 1, 0, 0, "alpha", NULL },
	{ "1.0.0-beta", 1, 0, 0, "beta", NULL },
	{ "1.0.0-alpha.beta", 1, 0, 0, "alpha.beta", NULL },
	{ "1.0.0-alpha.beta.1", 1, 0, 0, "alpha.beta.1", NULL },
	{ "1.0.0-alpha.1", 1, 0, 0, "alpha.1", NULL },
	{ "1.0.0-alpha0.valid", 1, 0, 0, "alpha0.valid", NULL },
	{ "1.0.0-alpha.0valid", 1, 0, 0, "alpha.0valid", NULL },
	{ "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", 1, 0, 0,
	  "alpha-a.b-c-somethinglong", "build.1-aef.1-its-okay" },
	{ "1.0.0-rc.1+build.1", 1, 0, 0, "rc.1", "build.1" },
	{ "2.0.0-rc.1+build.123", 2, 0, 0, "rc.1", "build.123" },
	{ "1.2.3-beta", 1, 2, 3, "beta", NULL },
	{ "10.2.3-DEV-SNAPSHOT", 10, 2, 3, "DEV-SNAPSHOT", NULL },
	{ "1.2.3-SNAPSHOT-123", 1, 2, 3, "SNAPSHOT-123", NULL },
	{ "1.0.0", 1, 0, 0, NULL, NULL },
	{ "2.0.0", 2, 0, 0, NULL, NULL },
	{ "1.1.7", 1, 1, 7, NULL, NULL },
	{ "2.0.0+build.1848", 2, 0, 0, NULL, "build.1848" },
	{ "2.0.1-alpha.1227", 2, 0, 1, "alpha.1227", NULL },
	{ "1.0.0-alpha+beta", 1, 0, 0, "alpha", "beta" },
	{ "1.2.3----RC-SNAPSHOT.12.9.1--.12+788", 1, 2, 3,
	  "---RC-SNAPSHOT.12.9.1--.12", "788" },
	{ "1.2.3----R-S.12.9.1--.12+meta", 1, 2, 3, "---R-S.12.9.1--.12",
	  "meta" },
	{ "1.2.3----RC-SNAPSHOT.12.9.1--.12", 1, 2, 3,
	  "---RC-SNAPSHOT.12.9.1--.12", NULL },
	{ "1.0.0+0.build.1-rc.10000aaa-kk-0.1", 1, 0, 0, NULL,
	  "0.build.1-rc.10000aaa-kk-0.1" },
	{ "1.0.0-0A.is.legal", 1, 0, 0, "0A.is.legal", NULL },
	/* and more */
	{ "0.0.0", 0, 0, 0, NULL, NULL },
	{ "1.1.0-dev", 1, 1, 0, "dev", NULL },
	{ "1.0.0-0", 1, 0, 0, "0", NULL },
	{ "1.0.0-x.7.z.92", 1, 0, 0, "x.7.z.92", NULL },
	{ "1.0.0+001", 1, 0, 0, NULL, "001" },	/* zeros fine in build */
	{ "1.0.0-rc.1+build.01.002", 1, 0, 0, "rc.1", "build.01.002" },
	{ "18446744073709551615.0.0", UINT64_MAX, 0, 0, NULL, NULL },
};

static const char *const semver_invalid[] = {
	/* semver.org's list of invalid versions */
	"1", "1.2", "1.2.3-0123", "1.2.3-0123.0123", "1.1.2+.123",
	"+invalid", "-invalid", "-invalid+invalid", "-invalid.01", "alpha",
	"alpha.beta", "alpha.beta.1", "alpha.1", "alpha+beta", "alpha_beta",
	"alpha.", "alpha..", "beta", "1.0.0-alpha_beta", "-alpha.",
	"1.0.0-alpha..", "1.0.0-alpha..1", "1.0.0-alpha...1",
	"1.0.0-alpha....1", "1.0.0-alpha.....1", "1.0.0-alpha......1",
	"1.0.0-alpha.......1", "01.1.1", "1.01.1", "1.1.01", "1.2.3.DEV",
	"1.2-SNAPSHOT", "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788",
	"1.2-RC-SNAPSHOT", "-1.0.3-gamma+b7718", "+justmeta",
	"9.8.7+meta+meta", "9.8.7-whatever+meta+meta",
	("99999999999999999999999.999999999.99999999.99999999.99999999----"
	 "RC-SNAPSHOT.12.09.1--------------------------------..12"),
	/* and more */
	"", "v1.0.0", "V1.0.0", "1.0", "01.0.0", "1.0.0-", "1.0.0+",
	"1.0.0-+build", "1.0.0-alpha+", "1.0.0-alpha.", "1.0.0-.alpha",
	"1.0.0+build.", "1.0.0.0", "1.0.0rc1", "1.0.0 ", " 1.0.0",
	"1.0.0\n", "1..0", "1.0.", ".1.0.0", "1.0.0-01", "1.0.0-alpha.00",
	"1.0.0-é", "1.0.0+b_1", "a.b.c", "1.0.0-alpha beta",
	"18446744073709551616.0.0",
};

static void test_semver_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(semver_valid); i++) {
		const struct semver_row *r = &semver_valid[i];
		struct semver v;
		char *err = NULL;

		if (version_parse_semver(r->in, &v, &err) < 0)
			fail_msg("\"%s\": %s", r->in, err);
		assert_null(err);
		assert_true(v.major == r->major);
		assert_true(v.minor == r->minor);
		assert_true(v.patch == r->patch);
		if (r->pre)
			assert_string_equal(v.prerelease, r->pre);
		else
			assert_null(v.prerelease);
		if (r->build)
			assert_string_equal(v.build, r->build);
		else
			assert_null(v.build);
		version_semver_free(&v);
		assert_int_equal(version_check(r->in, VERSION_SEMVER, NULL), 0);
	}
}

static void test_semver_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(semver_invalid); i++) {
		const char *in = semver_invalid[i];
		struct semver v;
		char *err = NULL;

		if (version_parse_semver(in, &v, &err) == 0)
			fail_msg("\"%s\" was accepted as SemVer", in);
		assert_non_null(err);
		assert_null(strchr(err, '\n'));
		assert_null(v.prerelease);
		assert_null(v.build);
		free(err);
		/* NULL err is allowed. */
		assert_int_equal(version_parse_semver(in, &v, NULL), -1);
	}
}

struct message_row {
	const char *in;
	enum version_scheme scheme;
	const char *err;
};

static const struct message_row messages[] = {
	{ "1.0", VERSION_SEMVER,
	  "\"1.0\" is not a semantic version (MAJOR.MINOR.PATCH)" },
	{ "1.0.0.0", VERSION_SEMVER,
	  "\"1.0.0.0\" is not a semantic version (MAJOR.MINOR.PATCH)" },
	{ "v1.0.0", VERSION_SEMVER,
	  "\"v1.0.0\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "remove the leading \"v\"" },
	{ "01.0.0", VERSION_SEMVER,
	  "\"01.0.0\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "major version has a leading zero" },
	{ "1.0.00", VERSION_SEMVER,
	  "\"1.0.00\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "patch version has a leading zero" },
	{ "1.0.0-", VERSION_SEMVER,
	  "\"1.0.0-\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "empty pre-release identifier" },
	{ "1.0.0+", VERSION_SEMVER,
	  "\"1.0.0+\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "empty build metadata identifier" },
	{ "1.0.0-rc.01", VERSION_SEMVER,
	  "\"1.0.0-rc.01\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "pre-release identifier \"01\" has a leading zero" },
	{ "1.0.0-rc_1", VERSION_SEMVER,
	  "\"1.0.0-rc_1\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "invalid character '_' in pre-release" },
	{ "1.0.0rc1", VERSION_SEMVER,
	  "\"1.0.0rc1\" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "unexpected 'r' after the patch number (a pre-release starts "
	  "with '-')" },
	{ "1.0.0 ", VERSION_SEMVER,
	  "\"1.0.0 \" is not a semantic version (MAJOR.MINOR.PATCH): "
	  "unexpected byte 0x20 after the patch number (a pre-release "
	  "starts with '-')" },
	{ "99999999999999999999.0.0", VERSION_SEMVER,
	  "\"99999999999999999999.0.0\" is not a semantic version "
	  "(MAJOR.MINOR.PATCH): major version is too large" },
	/* Untrusted input is escaped and kept on one line. */
	{ "1.0\n\x1b[31m\"", VERSION_SEMVER,
	  "\"1.0\\x0a\\x1b[31m\\\"\" is not a semantic version "
	  "(MAJOR.MINOR.PATCH)" },
	{ "1.0.0.", VERSION_PEP440, "\"1.0.0.\" is not a PEP 440 version" },
	{ "1.0-", VERSION_PEP440, "\"1.0-\" is not a PEP 440 version" },
	{ "", VERSION_PEP440, "\"\" is not a PEP 440 version" },
	{ "1.0.99999999999999999999", VERSION_PEP440,
	  "\"1.0.99999999999999999999\" is not a PEP 440 version: "
	  "a number is too large" },
	{ "1.0.0.", VERSION_ANY,
	  "\"1.0.0.\" is neither a semantic version nor a PEP 440 version" },
	{ "latest", VERSION_ANY,
	  "\"latest\" is neither a semantic version nor a PEP 440 version" },
	{ "1234567890123456789012345678901234567890123456789012345678901234"
	  "5678", VERSION_SEMVER,
	  "\"1234567890123456789012345678901234567890123456789012345678901234"
	  "...\" is not a semantic version (MAJOR.MINOR.PATCH)" },
};

static void test_check_messages(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(messages); i++) {
		const struct message_row *r = &messages[i];
		char *err = NULL;

		assert_int_equal(version_check(r->in, r->scheme, &err), -1);
		if (!err || strcmp(err, r->err) != 0)
			fail_msg("\"%s\": got '%s', want '%s'", r->in,
				 err ? err : "(null)", r->err);
		free(err);
	}
}

static void test_check_valid(void **state)
{
	static const struct {
		const char *in;
		int semver, pep440, any;
	} rows[] = {
		{ "1.0.0", 0, 0, 0 },
		{ "1.1.0-dev", 0, 0, 0 },
		{ "1.0.0-rc.1", 0, 0, 0 },
		{ "1.0", -1, 0, 0 },
		{ "v1.0.0", -1, 0, 0 },
		{ "1.0.0rc1", -1, 0, 0 },
		{ "1.0.0-alpha.beta", 0, -1, 0 },
		{ "1.0.0+build.5", 0, 0, 0 },
		{ "1.0.0.", -1, -1, -1 },
		{ "", -1, -1, -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char *err = NULL;
		int r;

		r = version_check(rows[i].in, VERSION_SEMVER, &err);
		assert_int_equal(r, rows[i].semver);
		assert_true(r < 0 ? err != NULL : err == NULL);
		free(err);
		err = NULL;
		r = version_check(rows[i].in, VERSION_PEP440, &err);
		assert_int_equal(r, rows[i].pep440);
		assert_true(r < 0 ? err != NULL : err == NULL);
		free(err);
		err = NULL;
		r = version_check(rows[i].in, VERSION_ANY, &err);
		assert_int_equal(r, rows[i].any);
		assert_true(r < 0 ? err != NULL : err == NULL);
		free(err);
	}
}

/* ---- PEP 440 ---- */

struct norm_row {
	const char *in, *want;
};

static const struct norm_row pep440_norm[] = {
	/* REFERENCE.md */
	{ "1.1.0-dev", "1.1.0.dev0" },
	{ "1.0.0-rc.1", "1.0.0rc1" },
	{ "v1.0.0", "1.0.0" },
	/* already normal */
	{ "1.0", "1.0" },
	{ "1.0.0", "1.0.0" },
	{ "0", "0" },
	{ "1!2.0rc1.post3.dev4+abc.5", "1!2.0rc1.post3.dev4+abc.5" },
	/* case, leading v, white space */
	{ "V1.0", "1.0" },
	{ "1.0RC1", "1.0rc1" },
	{ "1.0.DEV2", "1.0.dev2" },
	{ "  1.0\n", "1.0" },
	{ "\t1.0a1 ", "1.0a1" },
	/* epoch */
	{ "0!1.0", "1.0" },
	{ "2!1.0", "2!1.0" },
	{ "v1!1.0", "1!1.0" },
	/* release: leading zeros dropped, segments kept */
	{ "01.02.003", "1.2.3" },
	{ "1.0.0.0", "1.0.0.0" },
	{ "2024.01.15", "2024.1.15" },
	/* pre-release spellings */
	{ "1.0a", "1.0a0" },
	{ "1.0alpha1", "1.0a1" },
	{ "1.0-alpha-1", "1.0a1" },
	{ "1.0.a.1", "1.0a1" },
	{ "1.0_b_2", "1.0b2" },
	{ "1.0beta2", "1.0b2" },
	{ "1.0c1", "1.0rc1" },
	{ "1.0pre1", "1.0rc1" },
	{ "1.0-preview.2", "1.0rc2" },
	{ "1.0.rc", "1.0rc0" },
	{ "1.0a-", "1.0a0" },
	/* post-release spellings */
	{ "1.0-1", "1.0.post1" },
	{ "1.0.post", "1.0.post0" },
	{ "1.0post2", "1.0.post2" },
	{ "1.0-post-2", "1.0.post2" },
	{ "1.0_post_3", "1.0.post3" },
	{ "1.0.rev4", "1.0.post4" },
	{ "1.0r5", "1.0.post5" },
	{ "1.0-r", "1.0.post0" },
	{ "1.0a1-1", "1.0a1.post1" },
	{ "1.0a.-1", "1.0a0.post1" },
	/* dev-release spellings */
	{ "1.0.dev", "1.0.dev0" },
	{ "1.0dev3", "1.0.dev3" },
	{ "1.0-dev.1", "1.0.dev1" },
	{ "1.0.0-dev-1", "1.0.0.dev1" },
	{ "1.0_dev_2", "1.0.dev2" },
	{ "1.0a1.dev1", "1.0a1.dev1" },
	{ "1.0-1-dev1", "1.0.post1.dev1" },
	/* local versions */
	{ "1.0+abc", "1.0+abc" },
	{ "1.0+ABC.1", "1.0+abc.1" },
	{ "1.0+abc-1_x", "1.0+abc.1.x" },
	{ "1.0+abc.01", "1.0+abc.1" },
	{ "1.0+00", "1.0+0" },
	{ "1.0+0a", "1.0+0a" },
	{ "1.0a.+abc", "1.0a0+abc" },
	{ "1.1.0-dev+local.7", "1.1.0.dev0+local.7" },
	/* numbers up to 64 bits */
	{ "18446744073709551615", "18446744073709551615" },
};

static const char *const pep440_invalid[] = {
	"", " ", "v", "1.0.0.", "1.0-", "1.0_", ".1.0", "1..0", "1.0+",
	"1.0+a..b", "1.0+a-", "1.0+.a", "1.0+a_", "1.0.0-alpha.beta",
	"1.0.0-0.3.7", "1.0.0-SNAPSHOT", "1.0a1b1", "1.0.post1a1",
	"1.0.dev1.post1", "1.0.dev1a1", "1.0-dev-dev", "!1.0", "1!", "1!v1.0",
	"1.0 .dev0", "1.0\n1.1", "latest", "1.0.x", "1.0-rc.1.2",
	"1.0.0\x1b[31m", "1.0é", "vv1.0", "a1.0",
	/* packaging takes numbers of any size, relcheck 64 bits. */
	"18446744073709551616", "1.0a18446744073709551616",
	"18446744073709551616!1.0",
};

static void test_pep440_normalise(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(pep440_norm); i++) {
		const struct norm_row *r = &pep440_norm[i];
		char *got = version_normalise_pep440(r->in);

		if (!got)
			fail_msg("\"%s\" was rejected", r->in);
		if (strcmp(got, r->want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", r->in, got,
				 r->want);
		free(got);
		/* The normal form is its own normal form. */
		got = version_normalise_pep440(r->want);
		assert_non_null(got);
		assert_string_equal(got, r->want);
		free(got);
	}
}

static void test_pep440_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(pep440_invalid); i++) {
		const char *in = pep440_invalid[i];
		struct pep440 v;
		char *err = NULL, *norm = version_normalise_pep440(in);

		if (norm)
			fail_msg("\"%s\" was accepted as \"%s\"", in, norm);
		assert_int_equal(version_parse_pep440(in, &v, &err), -1);
		assert_non_null(err);
		assert_null(strchr(err, '\n'));
		assert_null(v.release);
		assert_null(v.local);
		free(err);
	}
}

static void test_pep440_fields(void **state)
{
	struct pep440 v;
	char *err = NULL;

	(void)state;
	assert_int_equal(version_parse_pep440("3!1.2.3-RC.4-5.dev6+Ubuntu-1",
					      &v, &err), 0);
	assert_null(err);
	assert_true(v.epoch == 3);
	assert_int_equal(v.nrelease, 3);
	assert_true(v.release[0] == 1 && v.release[1] == 2 &&
		    v.release[2] == 3);
	assert_int_equal(v.pre, PEP440_PRE_RC);
	assert_true(v.pre_n == 4);
	assert_true(v.has_post && v.post_n == 5);
	assert_true(v.has_dev && v.dev_n == 6);
	assert_string_equal(v.local, "ubuntu.1");
	{
		char *s = version_pep440_format(&v);

		assert_string_equal(s, "3!1.2.3rc4.post5.dev6+ubuntu.1");
		free(s);
	}
	version_pep440_free(&v);
	assert_null(v.release);
	version_pep440_free(&v);	/* twice is harmless */

	assert_int_equal(version_parse_pep440("2", &v, NULL), 0);
	assert_true(v.epoch == 0);
	assert_int_equal(v.nrelease, 1);
	assert_int_equal(v.pre, PEP440_PRE_NONE);
	assert_false(v.has_post);
	assert_false(v.has_dev);
	assert_null(v.local);
	version_pep440_free(&v);

	/* Many release segments. */
	assert_int_equal(version_parse_pep440("1.2.3.4.5.6.7.8.9.10.11.12",
					      &v, NULL), 0);
	assert_int_equal(v.nrelease, 12);
	assert_true(v.release[11] == 12);
	version_pep440_free(&v);
}

/* ---- Ordering ---- */

/* Every version in chain sorts strictly before every later one. */
static void check_chain(const char *const *chain, size_t n,
			enum version_scheme scheme)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			int cmp = 99, want = i < j ? -1 : i > j;
			char *err = NULL;

			if (version_compare(chain[i], chain[j], scheme, &cmp,
					    &err) < 0)
				fail_msg("%s vs %s: %s", chain[i], chain[j],
					 err);
			if (cmp != want)
				fail_msg("%s vs %s: got %d, want %d", chain[i],
					 chain[j], cmp, want);
		}
	}
}

static void test_order_pep440(void **state)
{
	static const char *const chain[] = {
		"1.0.dev0", "1.0a1.dev0", "1.0a1", "1.0a1.post1.dev0",
		"1.0a1.post1", "1.0a2", "1.0b2", "1.0rc1", "1.0",
		"1.0+abc", "1.0+abc.1", "1.0+1", "1.0.post1.dev0",
		"1.0.post1", "1.0.post2", "1.1.dev0", "1.1a0", "1.1",
		"1.2", "1.10", "2.0", "2013.10", "1!0.1",
	};
	static const char *const brief[] = {
		"1.0.dev0", "1.0a1", "1.0b2", "1.0rc1", "1.0", "1.0.post1",
		"1.1.dev0",
	};
	static const char *const spellings[] = {
		"1.1.0-dev", "1.1.0-dev.1", "1.1.0a1", "1.1.0-rc.1", "v1.1.0",
		"1.1.0-1",
	};

	(void)state;
	check_chain(chain, ARRAY_SIZE(chain), VERSION_PEP440);
	check_chain(brief, ARRAY_SIZE(brief), VERSION_PEP440);
	check_chain(spellings, ARRAY_SIZE(spellings), VERSION_PEP440);
}

static void test_order_semver(void **state)
{
	/* The example from semver.org, item 11. */
	static const char *const chain[] = {
		"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
		"1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
		"1.0.0",
	};
	static const char *const more[] = {
		"0.0.1", "0.1.0", "0.9.0", "0.10.0", "1.0.0-0", "1.0.0-1",
		"1.0.0-2", "1.0.0-10", "1.0.0-10.a", "1.0.0-1a", "1.0.0-A",
		"1.0.0-Z", "1.0.0-a", "1.0.0-a-b", "1.0.0-aa", "1.0.0-b",
		"1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0",
		"18446744073709551615.0.0",
	};

	(void)state;
	check_chain(chain, ARRAY_SIZE(chain), VERSION_SEMVER);
	check_chain(chain, ARRAY_SIZE(chain), VERSION_ANY);
	check_chain(more, ARRAY_SIZE(more), VERSION_SEMVER);
}

struct cmp_row {
	const char *a, *b;
	enum version_scheme scheme;
	int want;
};

static const struct cmp_row compare_rows[] = {
	/* Build metadata does not count in SemVer. */
	{ "1.0.0+a", "1.0.0+b", VERSION_SEMVER, 0 },
	{ "1.0.0-rc.1+x", "1.0.0-rc.1", VERSION_SEMVER, 0 },
	/* PEP 440 pads the release with zeros, and ignores spelling. */
	{ "1.0", "1.0.0", VERSION_PEP440, 0 },
	{ "1", "1.0.0.0", VERSION_PEP440, 0 },
	{ "1.0.1", "1.0", VERSION_PEP440, 1 },
	{ "v1.0.0", "1.0", VERSION_PEP440, 0 },
	{ "1.0a", "1.0a0", VERSION_PEP440, 0 },
	{ "1.0-1", "1.0.post1", VERSION_PEP440, 0 },
	{ "1.0+ABC", "1.0+abc", VERSION_PEP440, 0 },
	{ "1.0+1", "1.0+01", VERSION_PEP440, 0 },
	{ "1.0+abc", "1.0", VERSION_PEP440, 1 },
	{ "0!2.0", "1!1.0", VERSION_PEP440, -1 },
	{ "1.1.0-dev", "1.1.0", VERSION_PEP440, -1 },
	{ "1.1.0-dev", "1.0.0", VERSION_PEP440, 1 },
	/* VERSION_ANY: SemVer when both are, else PEP 440. */
	{ "1.0.0-alpha", "1.0.0-dev", VERSION_ANY, -1 },
	{ "1.0.0a1", "1.0.0.dev0", VERSION_ANY, 1 },
	{ "1.0", "1.0.0", VERSION_ANY, 0 },
	{ "1.1.0-dev", "1.1.0rc1", VERSION_ANY, -1 },
	{ "1.0.0+a", "1.0.0+b", VERSION_ANY, 0 },
	{ "v1.0.0", "1.0.0", VERSION_ANY, 0 },
	{ "1.0.0", "1.0.0", VERSION_ANY, 0 },
};

static void test_compare_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(compare_rows); i++) {
		const struct cmp_row *r = &compare_rows[i];
		int cmp = 99;
		char *err = NULL;

		if (version_compare(r->a, r->b, r->scheme, &cmp, &err) < 0)
			fail_msg("%s vs %s: %s", r->a, r->b, err);
		if (cmp != r->want)
			fail_msg("%s vs %s: got %d, want %d", r->a, r->b, cmp,
				 r->want);
		assert_int_equal(version_compare(r->b, r->a, r->scheme, &cmp,
						 NULL), 0);
		assert_int_equal(cmp, -r->want);
	}
}

static void test_compare_errors(void **state)
{
	static const struct message_row rows[] = {
		{ "1.0", VERSION_SEMVER,
		  "\"1.0\" is not a semantic version (MAJOR.MINOR.PATCH)" },
		{ "1.0.0.", VERSION_PEP440,
		  "\"1.0.0.\" is not a PEP 440 version" },
		{ "latest", VERSION_ANY, "\"latest\" is neither a semantic "
		  "version nor a PEP 440 version" },
	};
	int cmp = 99;
	char *err = NULL;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		/* Either side may be the bad one. */
		assert_int_equal(version_compare(rows[i].in, "1.0.0",
						 rows[i].scheme, &cmp, &err),
				 -1);
		assert_string_equal(err, rows[i].err);
		free(err);
		err = NULL;
		assert_int_equal(version_compare("1.0.0", rows[i].in,
						 rows[i].scheme, &cmp, &err),
				 -1);
		assert_string_equal(err, rows[i].err);
		free(err);
		err = NULL;
		assert_int_equal(version_compare("1.0.0", rows[i].in,
						 rows[i].scheme, &cmp, NULL),
				 -1);
	}
	/* SemVer only against PEP 440 only. */
	assert_int_equal(version_compare("1.0.0-alpha.beta", "1.0",
					 VERSION_ANY, &cmp, &err), -1);
	assert_string_equal(err, "\"1.0.0-alpha.beta\" and \"1.0\" cannot be "
			    "compared: \"1.0.0-alpha.beta\" is not a PEP 440 "
			    "version and \"1.0\" is not a semantic version");
	free(err);
	err = NULL;
	assert_int_equal(version_compare("1.0", "1.0.0-alpha.beta",
					 VERSION_ANY, &cmp, &err), -1);
	assert_string_equal(err, "\"1.0\" and \"1.0.0-alpha.beta\" cannot be "
			    "compared: \"1.0.0-alpha.beta\" is not a PEP 440 "
			    "version and \"1.0\" is not a semantic version");
	free(err);
	assert_int_equal(cmp, 99);	/* untouched on error */
}

/* ---- Development versions, equality ---- */

static void test_is_development(void **state)
{
	static const struct {
		const char *in;
		bool dev;
	} rows[] = {
		{ "1.1.0-dev", true },
		{ "1.1.0-dev.1", true },
		{ "1.1.0-DEV", true },
		{ "1.1.0.dev0", true },
		{ "1.1.0dev", true },
		{ "1.1.0.dev3+local", true },
		{ "1.1.0a1.dev0", true },
		{ "1.1.0.post1.dev0", true },
		{ "1.1.0-alpha.dev", true },	/* PEP 440: 1.1.0a0.dev0 */
		{ "1.1.0.dev.", true },		/* PEP 440: 1.1.0.dev0 */
		{ "1.1.0-dev.1.2", true },	/* SemVer only */
		{ "1.1.0-dev.x+build", true },	/* SemVer only */
		{ "1.1.0", false },
		{ "1.1.0rc1", false },
		{ "1.1.0-rc.1", false },
		{ "1.1.0-alpha.1", false },
		{ "1.1.0-devel", false },
		{ "1.1.0+dev", false },
		{ "1.1.0-1", false },
		{ "", false },
		{ "dev", false },
		{ "1.1.0.dev.x", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++)
		if (version_is_development(rows[i].in) != rows[i].dev)
			fail_msg("\"%s\": want %s", rows[i].in,
				 rows[i].dev ? "development" : "not");
}

static void test_equal(void **state)
{
	static const struct {
		const char *a, *b;
		bool equal;
	} rows[] = {
		{ "1.0", "1.0.0", true },
		{ "v1.0.0", "1.0.0", true },
		{ "1.1.0-dev", "1.1.0.dev0", true },
		{ "1.0.0-rc.1", "1.0.0rc1", true },
		{ "1.0.0-RC1", "1.0.0rc1", true },
		{ "1.0+ABC", "1.0+abc", true },
		{ "0!1.0", "1.0", true },
		{ " 1.0\n", "1.0", true },
		{ "1.0", "1.0.1", false },
		{ "1.0", "1.0+local", false },
		{ "1.0.0", "1.0.0.post0", false },
		{ "1.0.0rc1", "1.0.0", false },
		/* Not PEP 440 on one side: the strings must be identical. */
		{ "1.0.0-alpha.beta", "1.0.0-alpha.beta", true },
		{ "1.0.0-alpha.beta", "1.0.0-Alpha.beta", false },
		{ "latest", "latest", true },
		{ "latest", "1.0", false },
		{ "", "", true },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		if (version_equal(rows[i].a, rows[i].b) != rows[i].equal)
			fail_msg("\"%s\" vs \"%s\": want %s", rows[i].a,
				 rows[i].b,
				 rows[i].equal ? "equal" : "unequal");
		assert_true(version_equal(rows[i].b, rows[i].a) ==
			    rows[i].equal);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semver_valid),
		cmocka_unit_test(test_semver_invalid),
		cmocka_unit_test(test_check_messages),
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_pep440_normalise),
		cmocka_unit_test(test_pep440_invalid),
		cmocka_unit_test(test_pep440_fields),
		cmocka_unit_test(test_order_pep440),
		cmocka_unit_test(test_order_semver),
		cmocka_unit_test(test_compare_rows),
		cmocka_unit_test(test_compare_errors),
		cmocka_unit_test(test_is_development),
		cmocka_unit_test(test_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
