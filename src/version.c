/* version.c: SemVer 2.0.0 and PEP 440 parsing, normalisation, ordering.
 *
 * Both parsers are hand-written.  The SemVer one accepts exactly the
 * language of the regex published at semver.org; the PEP 440 one accepts
 * exactly the language of packaging's VERSION_PATTERN (case-insensitive,
 * surrounding white space ignored).  That regex only ever needs its first
 * choice at each optional part, so a greedy scan gives the same parse.
 */
#include "config.h"

#include "version.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest part of an input quoted in a message. */
#define QUOTE_MAX 64

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* s in double quotes, fit for a one-line message: quotes, backslashes and
 * bytes outside printable ASCII escaped, long inputs cut. */
static void add_quoted(struct buf *b, const char *s)
{
	size_t n = 0;

	buf_addc(b, '"');
	for (const char *p = s; *p; p++, n++) {
		unsigned char c = (unsigned char)*p;

		if (n == QUOTE_MAX) {
			buf_adds(b, "...");
			break;
		}
		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
	buf_addc(b, '"');
}

static void set_err(char **err, const char *s, const char *what,
		    const char *detail)
{
	struct buf b = BUF_INIT;

	if (!err)
		return;
	add_quoted(&b, s);
	buf_addf(&b, " is not %s", what);
	if (detail)
		buf_addf(&b, ": %s", detail);
	*err = buf_detach(&b);
}

/* One character for a message: 'x', or a byte value. */
static char *describe_char(char c)
{
	unsigned char u = (unsigned char)c;

	if (u > 0x20 && u < 0x7f && c != '\'')
		return xasprintf("'%c'", c);
	return xasprintf("byte 0x%02x", u);
}

/* Reads a run of digits at *pp into *out.  Returns the number of digits
 * (0: none, *pp unchanged); sets *overflow when the value does not fit. */
static size_t read_number(const char **pp, uint64_t *out, bool *overflow)
{
	const char *start = *pp, *p = start;
	uint64_t v = 0;

	while (is_digit(*p)) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			*overflow = true;
		else
			v = v * 10 + d;
		p++;
	}
	*out = v;
	*pp = p;
	return (size_t)(p - start);
}

/* ---- SemVer ---- */

#define SEMVER_WHAT "a semantic version (MAJOR.MINOR.PATCH)"

static bool is_ident_char(char c)
{
	return is_digit(c) || is_alpha(c) || c == '-';
}

/* Checks the dot-separated identifiers in [p, end) and returns NULL, or a
 * message (caller frees).  what: "pre-release" or "build metadata". */
static char *check_idents(const char *p, const char *end, const char *what,
			  bool numeric_rules)
{
	while (p <= end) {
		const char *q = p;
		bool numeric = true;

		while (q < end && *q != '.') {
			if (!is_ident_char(*q)) {
				char *c = describe_char(*q);
				char *m = xasprintf("invalid character %s in "
						    "%s", c, what);
				free(c);
				return m;
			}
			if (!is_digit(*q))
				numeric = false;
			q++;
		}
		if (q == p)
			return xasprintf("empty %s identifier", what);
		if (numeric_rules && numeric && *p == '0' && q - p > 1) {
			struct buf b = BUF_INIT;

			buf_addf(&b, "%s identifier ", what);
			buf_addc(&b, '"');
			buf_add(&b, p, (size_t)(q - p));
			buf_adds(&b, "\" has a leading zero");
			return buf_detach(&b);
		}
		p = q + 1;
	}
	return NULL;
}

int version_parse_semver(const char *s, struct semver *out, char **err)
{
	static const char *const names[] = { "major", "minor", "patch" };
	uint64_t nums[3];
	const char *p = s, *pre = NULL, *pre_end = NULL, *build = NULL;
	char *detail = NULL;

	memset(out, 0, sizeof(*out));
	if ((*p == 'v' || *p == 'V') && is_digit(p[1])) {
		set_err(err, s, SEMVER_WHAT, "remove the leading \"v\"");
		return -1;
	}
	for (int i = 0; i < 3; i++) {
		const char *start = p;
		bool overflow = false;

		if (read_number(&p, &nums[i], &overflow) == 0 ||
		    (i < 2 && *p != '.')) {
			set_err(err, s, SEMVER_WHAT, NULL);
			return -1;
		}
		if (*start == '0' && p - start > 1)
			detail = xasprintf("%s version has a leading zero",
					   names[i]);
		else if (overflow)
			detail = xasprintf("%s version is too large",
					   names[i]);
		if (detail)
			goto fail;
		if (i < 2)
			p++;
	}
	if (*p == '-') {
		pre = ++p;
		while (*p && *p != '+')
			p++;
		pre_end = p;
		detail = check_idents(pre, pre_end, "pre-release", true);
		if (detail)
			goto fail;
	}
	if (*p == '+') {
		build = ++p;
		p += strlen(p);
		detail = check_idents(build, p, "build metadata", false);
		if (detail)
			goto fail;
	}
	if (*p) {
		if (*p == '.') {
			set_err(err, s, SEMVER_WHAT, NULL);
			return -1;
		}
		char *c = describe_char(*p);
		detail = xasprintf("unexpected %s after the patch number "
				   "(a pre-release starts with '-')", c);
		free(c);
		goto fail;
	}
	out->major = nums[0];
	out->minor = nums[1];
	out->patch = nums[2];
	if (pre)
		out->prerelease = xstrndup(pre, (size_t)(pre_end - pre));
	if (build)
		out->build = xstrdup(build);
	return 0;
fail:
	set_err(err, s, SEMVER_WHAT, detail);
	free(detail);
	return -1;
}

void version_semver_free(struct semver *v)
{
	free(v->prerelease);
	free(v->build);
	v->prerelease = v->build = NULL;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

/* Compares two runs of digits without leading zeros by value. */
static int cmp_digits(const char *a, size_t na, const char *b, size_t nb)
{
	int c;

	if (na != nb)
		return na < nb ? -1 : 1;
	c = memcmp(a, b, na);
	return c < 0 ? -1 : c > 0;
}

static bool all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(p[i]))
			return false;
	return n > 0;
}

/* Compares dot-separated identifiers: numeric ones by value, the others
 * in ASCII order; a shorter list that is a prefix of the other sorts
 * first.  A numeric identifier sorts before an alphanumeric one in SemVer
 * pre-releases (numeric_low), after it in PEP 440 local versions. */
static int cmp_idents(const char *a, const char *b, bool numeric_low)
{
	for (;;) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		bool da = all_digits(a, na), db = all_digits(b, nb);
		int c;

		if (da && db) {
			c = cmp_digits(a, na, b, nb);
		} else if (da != db) {
			c = da == numeric_low ? -1 : 1;
		} else {
			c = memcmp(a, b, na < nb ? na : nb);
			c = c < 0 ? -1 : c > 0;
			if (!c && na != nb)
				c = na < nb ? -1 : 1;
		}
		if (c)
			return c;
		a += na;
		b += nb;
		if (!*a || !*b)
			return !*a && !*b ? 0 : (!*a ? -1 : 1);
		a++;
		b++;
	}
}

int version_semver_cmp(const struct semver *a, const struct semver *b)
{
	int c;

	if ((c = cmp_u64(a->major, b->major)) ||
	    (c = cmp_u64(a->minor, b->minor)) ||
	    (c = cmp_u64(a->patch, b->patch)))
		return c;
	if (!a->prerelease || !b->prerelease)
		return !a->prerelease - !b->prerelease;
	return cmp_idents(a->prerelease, b->prerelease, true);
}

/* ---- PEP 440 ---- */

#define PEP440_WHAT "a PEP 440 version"

static bool is_sep(char c)
{
	return c == '-' || c == '_' || c == '.';
}

static bool is_alnum(char c)
{
	return is_digit(c) || is_alpha(c);
}

/* Whether p starts with word, ignoring case; advances *pp past it. */
static bool match_word(const char **pp, const char *word)
{
	const char *p = *pp;

	for (; *word; word++, p++)
		if (to_lower(*p) != *word)
			return false;
	*pp = p;
	return true;
}

/* Matches one of the NULL-terminated words at *pp, first match wins (the
 * regex's order), and returns its index, or -1. */
static int match_words(const char **pp, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (match_word(pp, words[i]))
			return i;
	return -1;
}

/* "[-_.]?(label)[-_.]?([0-9]+)?" at *pp.  Returns the label's index and
 * advances *pp, or -1 leaving it. */
static int match_segment(const char **pp, const char *const *labels,
			 uint64_t *n, bool *overflow)
{
	const char *p = *pp;
	int which;

	if (is_sep(*p))
		p++;
	which = match_words(&p, labels);
	if (which < 0)
		return -1;
	if (is_sep(*p))
		p++;
	*n = 0;
	read_number(&p, n, overflow);
	*pp = p;
	return which;
}

/* Appends the local segment [p, q) normalised: lower case, and without
 * leading zeros when numeric (packaging compares and prints those as
 * integers). */
static void add_local_segment(struct buf *b, const char *p, const char *q)
{
	if (all_digits(p, (size_t)(q - p))) {
		while (q - p > 1 && *p == '0')
			p++;
	}
	for (; p < q; p++)
		buf_addc(b, to_lower(*p));
}

int version_parse_pep440(const char *s, struct pep440 *out, char **err)
{
	static const char *const pre_labels[] = {
		"alpha", "a", "beta", "b", "preview", "pre", "c", "rc", NULL
	};
	static const enum pep440_pre pre_kinds[] = {
		PEP440_PRE_A, PEP440_PRE_A, PEP440_PRE_B, PEP440_PRE_B,
		PEP440_PRE_RC, PEP440_PRE_RC, PEP440_PRE_RC, PEP440_PRE_RC,
	};
	static const char *const post_labels[] = { "post", "rev", "r", NULL };
	static const char *const dev_labels[] = { "dev", NULL };
	const char *p = s, *q;
	bool overflow = false;
	size_t cap = 4;
	uint64_t n;
	int which;

	memset(out, 0, sizeof(*out));
	while (is_space(*p))
		p++;
	if (*p == 'v' || *p == 'V')
		p++;

	/* Epoch: digits and '!'. */
	q = p;
	if (read_number(&q, &n, &overflow) && *q == '!') {
		out->epoch = n;
		p = q + 1;
	} else {
		overflow = false;
	}

	/* Release: N(.N)*. */
	out->release = xmalloc(cap * sizeof(*out->release));
	for (;;) {
		if (!read_number(&p, &n, &overflow))
			goto fail;
		if (out->nrelease == cap) {
			cap *= 2;
			out->release = xrealloc(out->release,
						cap * sizeof(*out->release));
		}
		out->release[out->nrelease++] = n;
		if (*p != '.' || !is_digit(p[1]))
			break;
		p++;
	}

	which = match_segment(&p, pre_labels, &out->pre_n, &overflow);
	if (which >= 0)
		out->pre = pre_kinds[which];

	if (*p == '-' && is_digit(p[1])) {
		p++;
		read_number(&p, &out->post_n, &overflow);
		out->has_post = true;
	} else if (match_segment(&p, post_labels, &out->post_n,
				 &overflow) >= 0) {
		out->has_post = true;
	}

	if (match_segment(&p, dev_labels, &out->dev_n, &overflow) >= 0)
		out->has_dev = true;

	if (*p == '+') {
		struct buf local = BUF_INIT;

		p++;
		for (;;) {
			q = p;
			while (is_alnum(*q))
				q++;
			if (q == p) {
				buf_free(&local);
				goto fail;
			}
			add_local_segment(&local, p, q);
			p = q;
			if (!is_sep(*p) || !is_alnum(p[1]))
				break;
			buf_addc(&local, '.');
			p++;
		}
		out->local = buf_detach(&local);
	}

	while (is_space(*p))
		p++;
	if (*p)
		goto fail;
	if (overflow) {
		version_pep440_free(out);
		set_err(err, s, PEP440_WHAT, "a number is too large");
		return -1;
	}
	return 0;
fail:
	version_pep440_free(out);
	set_err(err, s, PEP440_WHAT, NULL);
	return -1;
}

void version_pep440_free(struct pep440 *v)
{
	free(v->release);
	free(v->local);
	memset(v, 0, sizeof(*v));
}

char *version_pep440_format(const struct pep440 *v)
{
	static const char *const pre_names[] = { "", "a", "b", "rc" };
	struct buf b = BUF_INIT;

	buf_init(&b);
	if (v->epoch)
		buf_addf(&b, "%" PRIu64 "!", v->epoch);
	for (size_t i = 0; i < v->nrelease; i++)
		buf_addf(&b, "%s%" PRIu64, i ? "." : "", v->release[i]);
	if (v->pre != PEP440_PRE_NONE)
		buf_addf(&b, "%s%" PRIu64, pre_names[v->pre], v->pre_n);
	if (v->has_post)
		buf_addf(&b, ".post%" PRIu64, v->post_n);
	if (v->has_dev)
		buf_addf(&b, ".dev%" PRIu64, v->dev_n);
	if (v->local)
		buf_addf(&b, "+%s", v->local);
	return buf_detach(&b);
}

char *version_normalise_pep440(const char *s)
{
	struct pep440 v;
	char *norm;

	if (version_parse_pep440(s, &v, NULL) < 0)
		return NULL;
	norm = version_pep440_format(&v);
	version_pep440_free(&v);
	return norm;
}

/* The pre-release part of packaging's sort key as a rank: a dev release
 * of a final version (1.0.dev0) sorts before its pre-releases, a final
 * version after them. */
static int pre_rank(const struct pep440 *v)
{
	if (v->pre == PEP440_PRE_NONE)
		return !v->has_post && v->has_dev ? 0 : 4;
	return (int)v->pre;	/* 1, 2, 3 */
}

int version_pep440_cmp(const struct pep440 *a, const struct pep440 *b)
{
	size_t n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
	int c, ra, rb;

	if ((c = cmp_u64(a->epoch, b->epoch)))
		return c;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = i < a->nrelease ? a->release[i] : 0;
		uint64_t y = i < b->nrelease ? b->release[i] : 0;

		if ((c = cmp_u64(x, y)))
			return c;
	}
	ra = pre_rank(a);
	rb = pre_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->pre != PEP440_PRE_NONE && (c = cmp_u64(a->pre_n, b->pre_n)))
		return c;
	/* No post release sorts before any. */
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->has_post && (c = cmp_u64(a->post_n, b->post_n)))
		return c;
	/* No dev release sorts after any. */
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (a->has_dev && (c = cmp_u64(a->dev_n, b->dev_n)))
		return c;
	/* No local version sorts before any. */
	if (!a->local || !b->local)
		return !b->local - !a->local;
	return cmp_idents(a->local, b->local, false);
}

/* ---- Both ---- */

static int sign(int c)
{
	return c < 0 ? -1 : c > 0;
}

static int compare_semver(const char *a, const char *b, int *cmp, char **err)
{
	struct semver va, vb;

	if (version_parse_semver(a, &va, err) < 0)
		return -1;
	if (version_parse_semver(b, &vb, err) < 0) {
		version_semver_free(&va);
		return -1;
	}
	*cmp = sign(version_semver_cmp(&va, &vb));
	version_semver_free(&va);
	version_semver_free(&vb);
	return 0;
}

static int compare_pep440(const char *a, const char *b, int *cmp, char **err)
{
	struct pep440 va, vb;

	if (version_parse_pep440(a, &va, err) < 0)
		return -1;
	if (version_parse_pep440(b, &vb, err) < 0) {
		version_pep440_free(&va);
		return -1;
	}
	*cmp = sign(version_pep440_cmp(&va, &vb));
	version_pep440_free(&va);
	version_pep440_free(&vb);
	return 0;
}

static bool is_semver(const char *s)
{
	struct semver v;

	if (version_parse_semver(s, &v, NULL) < 0)
		return false;
	version_semver_free(&v);
	return true;
}

static bool is_pep440(const char *s)
{
	struct pep440 v;

	if (version_parse_pep440(s, &v, NULL) < 0)
		return false;
	version_pep440_free(&v);
	return true;
}

static void set_neither(char **err, const char *s)
{
	struct buf b = BUF_INIT;

	if (!err)
		return;
	add_quoted(&b, s);
	buf_adds(&b, " is neither a semantic version nor a PEP 440 version");
	*err = buf_detach(&b);
}

int version_compare(const char *a, const char *b, enum version_scheme scheme,
		    int *cmp, char **err)
{
	struct buf m = BUF_INIT;
	bool sa, sb, pa, pb;

	switch (scheme) {
	case VERSION_SEMVER:
		return compare_semver(a, b, cmp, err);
	case VERSION_PEP440:
		return compare_pep440(a, b, cmp, err);
	case VERSION_ANY:
		break;
	}
	sa = is_semver(a);
	sb = is_semver(b);
	if (sa && sb)
		return compare_semver(a, b, cmp, err);
	pa = is_pep440(a);
	pb = is_pep440(b);
	if (pa && pb)
		return compare_pep440(a, b, cmp, err);
	if (!err)
		return -1;
	if (!sa && !pa) {
		set_neither(err, a);
		return -1;
	}
	if (!sb && !pb) {
		set_neither(err, b);
		return -1;
	}
	/* One is SemVer only, the other PEP 440 only. */
	add_quoted(&m, a);
	buf_adds(&m, " and ");
	add_quoted(&m, b);
	buf_adds(&m, " cannot be compared: ");
	add_quoted(&m, pa ? b : a);
	buf_adds(&m, " is not a PEP 440 version and ");
	add_quoted(&m, pa ? a : b);
	buf_adds(&m, " is not a semantic version");
	*err = buf_detach(&m);
	return -1;
}

bool version_is_development(const char *s)
{
	struct pep440 p;
	struct semver v;
	bool dev;

	if (version_parse_pep440(s, &p, NULL) == 0) {
		dev = p.has_dev;
		version_pep440_free(&p);
		return dev;
	}
	if (version_parse_semver(s, &v, NULL) < 0)
		return false;
	dev = v.prerelease && strcspn(v.prerelease, ".") == 3 &&
	      strncasecmp(v.prerelease, "dev", 3) == 0;
	version_semver_free(&v);
	return dev;
}

int version_check(const char *s, enum version_scheme scheme, char **err)
{
	struct semver v;
	struct pep440 p;

	switch (scheme) {
	case VERSION_SEMVER:
		if (version_parse_semver(s, &v, err) < 0)
			return -1;
		version_semver_free(&v);
		return 0;
	case VERSION_PEP440:
		if (version_parse_pep440(s, &p, err) < 0)
			return -1;
		version_pep440_free(&p);
		return 0;
	case VERSION_ANY:
		break;
	}
	if (is_semver(s) || is_pep440(s))
		return 0;
	set_neither(err, s);
	return -1;
}

bool version_equal(const char *a, const char *b)
{
	int cmp;

	if (compare_pep440(a, b, &cmp, NULL) == 0)
		return cmp == 0;
	return strcmp(a, b) == 0;
}
