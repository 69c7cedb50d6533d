/* version.h: version strings, Semantic Versioning 2.0.0 and PEP 440.
 *
 * Hand-written parsers, no regex library: SemVer follows semver.org (the
 * same language as its published regex), PEP 440 follows the grammar of
 * the `packaging` library that pip and PyPI use, normalisation included.
 *
 * Ownership: every char * returned, and every *err set, belongs to the
 * caller, who frees it.  A struct filled by a parse function owns its
 * strings and arrays; release them with version_semver_free or
 * version_pep440_free.  A failed parse leaves nothing to free.  Functions
 * that take char **err accept NULL there and leave *err untouched on
 * success.  Numbers must fit in 64 bits (larger ones are an error); digit
 * strings inside identifiers (SemVer pre-release, PEP 440 local) may be of
 * any length.
 */
#ifndef RELCHECK_VERSION_H
#define RELCHECK_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum version_scheme {
	VERSION_SEMVER,	/* Semantic Versioning 2.0.0, strict */
	VERSION_PEP440,	/* PEP 440, with its normalisation rules */
	VERSION_ANY,	/* SemVer when both are SemVer, else PEP 440 */
};

struct semver {
	uint64_t major, minor, patch;
	char *prerelease;	/* "alpha.1" (after the '-'), or NULL */
	char *build;		/* "build.5" (after the '+'), or NULL */
};

enum pep440_pre {
	PEP440_PRE_NONE,
	PEP440_PRE_A,	/* a, alpha */
	PEP440_PRE_B,	/* b, beta */
	PEP440_PRE_RC,	/* rc, c, pre, preview */
};

struct pep440 {
	uint64_t epoch;			/* 0 when not written */
	uint64_t *release;		/* at least one number */
	size_t nrelease;
	enum pep440_pre pre;
	uint64_t pre_n;			/* 0 when written without one */
	bool has_post;
	uint64_t post_n;
	bool has_dev;
	uint64_t dev_n;
	char *local;	/* normalised ("abc.1": lower case, '.'), or NULL */
};

/* Parses s as a strict SemVer 2.0.0 version ("1.0.0-rc.1+build.5"; no
 * leading "v", no leading zeros in numbers and numeric pre-release
 * identifiers, no empty identifiers).  Returns 0, or -1 with *err set. */
int version_parse_semver(const char *s, struct semver *out, char **err);
void version_semver_free(struct semver *v);

/* Parses s as a PEP 440 version, public or local, in any of the spellings
 * that normalise to one ("V1.0-RC.1" is 1.0rc1).  Leading and trailing
 * white space is ignored, as PEP 440 says.  Returns 0, or -1 with *err
 * set. */
int version_parse_pep440(const char *s, struct pep440 *out, char **err);
void version_pep440_free(struct pep440 *v);

/* The normal form of a parsed PEP 440 version ("1!2.0rc1.post0.dev3+a.1");
 * caller frees. */
char *version_pep440_format(const struct pep440 *v);

/* The normal form of s ("1.1.0-dev" gives "1.1.0.dev0"), or NULL when s is
 * not a PEP 440 version; caller frees. */
char *version_normalise_pep440(const char *s);

/* Precedence of parsed versions: <0, 0 or >0 as a sorts before, equal to
 * or after b.  SemVer ignores build metadata; PEP 440 pads the release
 * with zeros (1.0 == 1.0.0) and orders dev < pre < final < post. */
int version_semver_cmp(const struct semver *a, const struct semver *b);
int version_pep440_cmp(const struct pep440 *a, const struct pep440 *b);

/* Compares a and b under scheme and stores -1, 0 or 1 in *cmp.  Returns
 * 0, or -1 with *err set when either is not a version of that scheme
 * (VERSION_ANY: when they are not both SemVer and not both PEP 440). */
int version_compare(const char *a, const char *b, enum version_scheme scheme,
		    int *cmp, char **err);

/* Whether s is a development version: a PEP 440 version with a .devN
 * segment ("1.1.0.dev0", "1.1.0-dev", "1.0a1.dev2"), or a SemVer version
 * whose first pre-release identifier is "dev" ("1.1.0-dev.1.2"). */
bool version_is_development(const char *s);

/* 0 when s is a valid version under scheme (VERSION_ANY: under either),
 * else -1 with *err set to a one-line reason such as
 * "\"1.0\" is not a semantic version (MAJOR.MINOR.PATCH)". */
int version_check(const char *s, enum version_scheme scheme, char **err);

/* Whether a and b are the same version under PEP 440 ("1.0" and "1.0.0",
 * "v1.0.0" and "1.0.0"); when either is not PEP 440, whether the two
 * strings are identical. */
bool version_equal(const char *a, const char *b);

#endif
