/* sanitize.c: terminal-safe text, secret redaction, evidence tails.
 *
 * sanitize_text is one pass over the input with no lookbehind: each
 * position is either plain text (copied, or checked and replaced when it
 * is not valid UTF-8), a control (dropped, '\r' turned into '\n'), or the
 * start of an escape sequence (skipped whole by the skip_* helpers, which
 * return the index after it and never index past len).
 */
#include "config.h"

#include "sanitize.h"
#include "util.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ESC 0x1b
#define BEL 0x07
#define CAN 0x18
#define SUB 0x1a
#define CSI8 0x9b

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

/* A control string (OSC, DCS, SOS, PM, APC) from i, after its introducer.
 * It ends at ST (ESC \), at BEL for OSC, or at CAN/SUB; an ESC that does
 * not start ST ends it too and is left to start the next sequence.  So
 * does a line break, which a terminal would not take: a string left open
 * must not swallow the lines after it, where it would hide the start of a
 * token and leave the rest of it to be shown unredacted. */
static size_t skip_string(const unsigned char *s, size_t len, size_t i,
			  bool bel_ends)
{
	for (; i < len; i++) {
		unsigned char c = s[i];

		if (c == BEL && bel_ends)
			return i + 1;
		if (c == CAN || c == SUB)
			return i + 1;
		if (c == '\n' || c == '\r')
			return i;
		if (c == ESC) {
			if (i + 1 >= len)
				return len;
			return s[i + 1] == '\\' ? i + 2 : i;
		}
	}
	return len;
}

/* A control sequence from i, after ESC [ or 0x9B: parameter bytes
 * 0x30-0x3F, intermediate bytes 0x20-0x2F, a final byte 0x40-0x7E.  Any
 * other byte ends a malformed sequence and is left to the caller. */
static size_t skip_csi(const unsigned char *s, size_t len, size_t i)
{
	for (; i < len; i++) {
		unsigned char c = s[i];

		if (c >= 0x40 && c <= 0x7e)
			return i + 1;
		if (c < 0x20 || c > 0x3f)
			return i;
	}
	return len;
}

/* An escape sequence at s[i] == ESC. */
static size_t skip_escape(const unsigned char *s, size_t len, size_t i)
{
	unsigned char c;

	if (++i >= len)
		return len;
	c = s[i];
	switch (c) {
	case '[':
		return skip_csi(s, len, i + 1);
	case ']':
		return skip_string(s, len, i + 1, true);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return skip_string(s, len, i + 1, false);
	default:
		break;
	}
	/* nF (ESC ( B, ESC # 8 ...): intermediates, then a final byte. */
	while (i < len && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i >= len)
		return len;
	if (s[i] >= 0x30 && s[i] <= 0x7e)
		return i + 1;
	/* ESC before a control or a non-ASCII byte: drop what came before. */
	return i;
}

/* The length of the valid UTF-8 sequence at s (n > 0 bytes available),
 * with its code point in *cp; or 0, with the length of the maximal
 * invalid subpart (at least 1) in *bad. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned *cp,
		       size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need;
	unsigned v;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1fu;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0fu;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07u;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	for (size_t k = 1; k <= need; k++) {
		if (k >= n || s[k] < lo || s[k] > hi) {
			*bad = k;
			return 0;
		}
		v = (v << 6) | (s[k] & 0x3fu);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = v;
	return need + 1;
}

/* Format characters that change the direction of text or show nothing:
 * they can make a line read differently from what it holds (U+202E) or
 * hide text inside a word.  Zero-width joiners (U+200C, U+200D) and
 * variation selectors stay: scripts and emoji need them. */
static bool is_invisible(unsigned cp)
{
	static const struct { unsigned lo, hi; } ranges[] = {
		{ 0x00ad, 0x00ad },	/* soft hyphen */
		{ 0x034f, 0x034f },	/* combining grapheme joiner */
		{ 0x061c, 0x061c },	/* Arabic letter mark */
		{ 0x115f, 0x1160 },	/* Hangul fillers */
		{ 0x17b4, 0x17b5 },
		{ 0x180b, 0x180f },	/* Mongolian selectors, separator */
		{ 0x200b, 0x200b },	/* zero width space */
		{ 0x200e, 0x200f },	/* LRM, RLM */
		{ 0x202a, 0x202e },	/* LRE, RLE, PDF, LRO, RLO */
		{ 0x2060, 0x206f },	/* word joiner, isolates, invisibles */
		{ 0x3164, 0x3164 },	/* Hangul filler */
		{ 0xfeff, 0xfeff },	/* zero width no-break space, BOM */
		{ 0xffa0, 0xffa0 },	/* halfwidth Hangul filler */
		{ 0xfff9, 0xfffb },	/* interlinear annotation */
		{ 0x1bca0, 0x1bca3 },	/* shorthand format controls */
		{ 0x1d173, 0x1d17a },	/* musical symbol formats */
		{ 0xe0000, 0xe007f },	/* tags */
	};

	for (size_t k = 0; k < ARRAY_SIZE(ranges); k++)
		if (cp >= ranges[k].lo && cp <= ranges[k].hi)
			return true;
	return false;
}

/* Kept as it is: printable ASCII, a tab, a line feed. */
static bool plain(unsigned char c)
{
	return c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f);
}

char *sanitize_text(const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	struct buf out = BUF_INIT;
	size_t i = 0;

	buf_init(&out);
	buf_grow(&out, len);	/* most text is kept whole */
	while (i < len) {
		unsigned char c = s[i];
		size_t n, bad;
		unsigned cp;

		if (plain(c)) {
			/* A run of printable ASCII, tabs and line ends in
			 * one copy (a byte at a time was most of the
			 * timeline's drawing). */
			for (n = i + 1; n < len && plain(s[n]); n++)
				;
			buf_add(&out, s + i, n - i);
			i = n;
		} else if (c == ESC) {
			i = skip_escape(s, len, i);
		} else if (c == CSI8) {
			/* Not part of a valid sequence here: a lone byte. */
			i = skip_csi(s, len, i + 1);
		} else if (c == '\r') {
			buf_addc(&out, '\n');
			i += i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
		} else if (c < 0x80) {
			i++;	/* other C0 controls, DEL, NUL */
		} else if ((n = utf8_seq(s + i, len - i, &cp, &bad)) == 0) {
			buf_add(&out, replacement, sizeof(replacement) - 1);
			i += bad;
		} else if (cp == CSI8) {
			i = skip_csi(s, len, i + n);
		} else if (cp <= 0x9f || is_invisible(cp)) {
			i += n;	/* C1 controls, bidi and invisible formats */
		} else if (cp == 0x2028 || cp == 0x2029) {
			buf_addc(&out, '\n');	/* line, paragraph separator */
			i += n;
		} else {
			buf_add(&out, s + i, n);
			i += n;
		}
	}
	return buf_detach(&out);
}

/* ---- Redaction ---- */

#define REDACTED "[redacted]"

/* API tokens, found by their prefix wherever they are, and how many
 * token characters ([A-Za-z0-9_-]) must follow it.  PyPI's are "pypi-"
 * and a base64url macaroon (TestPyPI's too); GitHub's are ghp_, gho_,
 * ghu_, ghs_, ghr_ and github_pat_ and base62 or [A-Za-z0-9_]. */
static const struct {
	const char *prefix;
	size_t min;
} token_prefixes[] = {
	{ "pypi-", 20 },
	{ "github_pat_", 20 },
	{ "ghp_", 20 },
	{ "gho_", 20 },
	{ "ghu_", 20 },
	{ "ghs_", 20 },
	{ "ghr_", 20 },
};

/* Keys whose values are secrets, matched at the end of a key, ignoring
 * case ("TWINE_PASSWORD" ends in "password"). */
static const char *const secret_keys[] = {
	"password", "passwd", "passphrase", "token", "secret", "secret_key",
	"access_key", "api_key", "apikey", "api-key", "authorization",
};

static bool is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool is_key_char(char c)
{
	return is_token_char(c) || c == '.';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_eol(char c)
{
	return c == '\0' || c == '\n' || c == '\r';
}

/* The byte at s[i] as a token sees it: itself, or the byte a "%XX"
 * there stands for (a token pasted from a URL).  Returns how many bytes
 * it takes, 0 at the end. */
static size_t token_byte(const char *s, size_t n, size_t i, char *c)
{
	static const char hex[] = "0123456789abcdef";
	const char *h1, *h2;

	if (i >= n)
		return 0;
	if (s[i] == '%' && i + 2 < n && s[i + 1] && s[i + 2] &&
	    (h1 = strchr(hex, s[i + 1] | 0x20)) != NULL &&
	    (h2 = strchr(hex, s[i + 2] | 0x20)) != NULL) {
		*c = (char)((h1 - hex) * 16 + (h2 - hex));
		return 3;
	}
	*c = s[i];
	return 1;
}

/* The length of the bytes at s[i] that a token may be split by and
 * still be read whole by a person or a program: controls (a '\r' that
 * sends the cursor back, a line break of a wrapped line, NULs), escape
 * sequences, C1 controls and invisible format characters, as bytes or
 * percent-encoded controls.  The line breaks are counted in *lines. */
static size_t glue_len(const char *s, size_t n, size_t i, size_t *lines)
{
	size_t start = i, seq, bad;
	unsigned cp;
	char c;

	while (i < n) {
		unsigned char u = (unsigned char)s[i];

		if (u == ESC) {
			i = skip_escape((const unsigned char *)s, n, i);
		} else if (u < 0x20 || u == 0x7f) {
			*lines += u == '\n';
			i++;
		} else if (u == '%' && token_byte(s, n, i, &c) == 3 &&
			   ((unsigned char)c < 0x20 || c == 0x7f)) {
			i += 3;
		} else if (u >= 0x80 &&
			   (seq = utf8_seq((const unsigned char *)s + i, n - i,
					   &cp, &bad)) != 0 &&
			   (cp <= 0x9f || is_invisible(cp) || cp == 0x200c ||
			    cp == 0x200d)) {
			i += seq;
		} else {
			break;
		}
	}
	return i - start;
}

#define MIN_AFTER_BREAK 16

/* Whether the token characters at i (read on through glue) are the rest
 * of a token broken over a line: a long run, or one that no word of text
 * looks like (digits, - or _, mixed case).  "done", "Done" and "OK" on the line
 * after a token are output, not its tail. */
static bool token_rest(const char *s, size_t n, size_t i)
{
	size_t run = 0, upper = 0, lower = 0, lines = 0;
	bool other = false, first_upper = false;

	while (run < MIN_AFTER_BREAK) {
		char c;
		size_t k = token_byte(s, n, i, &c);

		if (!k || !is_token_char(c))
			break;
		if (c >= 'A' && c <= 'Z') {
			upper++;
			first_upper |= run == 0;
		} else if (c >= 'a' && c <= 'z') {
			lower++;
		} else {
			other = true;
		}
		run++;
		i += k;
		/* On through more glue: a token can be split again. */
		i += glue_len(s, n, i, &lines);
	}
	if (run >= MIN_AFTER_BREAK || other)
		return true;
	/* A word: all lower case, all upper case, or capitalised. */
	return !(upper == 0 || lower == 0 || (upper == 1 && first_upper));
}

/* A token at s[i] that starts with prefix and has at least min token
 * characters after it, read through glue (glue_len) and percent-encoding:
 * appends prefix, the replacement and the line breaks it spanned, and
 * returns the index after the token; or returns 0. */
static size_t redact_prefixed(const char *s, size_t n, size_t i,
			      const char *prefix, size_t min, struct buf *out)
{
	size_t j = i, body = 0, lines = 0, k;
	char c;

	for (const char *p = prefix; *p; p++) {
		if (p != prefix)
			j += glue_len(s, n, j, &lines);
		k = token_byte(s, n, j, &c);
		if (!k || c != *p)
			return 0;
		j += k;
	}
	for (;;) {
		size_t saved = lines;
		size_t g = glue_len(s, n, j, &lines);
		k = token_byte(s, n, j + g, &c);
		/* Across a line break, a word on the next line ("done") is
		 * output, not the token's rest. */
		if (!k || !is_token_char(c) ||
		    (lines > saved && !token_rest(s, n, j + g))) {
			lines = saved;	/* glue after the token stays */
			break;
		}
		j += g + k;
		body++;
	}
	if (body < min)
		return 0;
	buf_adds(out, prefix);
	buf_adds(out, REDACTED);
	while (lines--)
		buf_addc(out, '\n');
	return j;
}

/* An API token at s[i] (see token_prefixes), or 0. */
static size_t redact_token(const char *s, size_t n, size_t i,
			   struct buf *out)
{
	char c;

	/* Quick refusal: every prefix starts with 'p' or 'g'. */
	if (!token_byte(s, n, i, &c) || (c != 'p' && c != 'g'))
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(token_prefixes); k++) {
		size_t next = redact_prefixed(s, n, i, token_prefixes[k].prefix,
					      token_prefixes[k].min, out);
		if (next)
			return next;
	}
	return 0;
}

/* A URL's "://user:password@" at s[i]: appends it with the password
 * replaced and returns the index after the '@', or returns 0. */
static size_t redact_userinfo(const char *s, size_t i, struct buf *out)
{
	size_t a = i + 3, end, at = 0;
	const char *colon;

	if (strncmp(s + i, "://", 3) != 0)
		return 0;
	/* The authority ends at the path, query or fragment, or at a byte
	 * that cannot be part of a URL in text. */
	for (end = a; s[end] && !strchr("/?#\"'<>` \t\r\n", s[end]); end++)
		if (s[end] == '@')
			at = end;
	if (!at)
		return 0;
	colon = memchr(s + a, ':', at - a);
	if (!colon || colon + 1 == s + at)
		return 0;
	buf_add(out, s + i, (size_t)(colon + 1 - (s + i)));
	buf_adds(out, REDACTED "@");
	return at + 1;
}

static bool ends_with_secret_key(const char *key, size_t n)
{
	for (size_t k = 0; k < ARRAY_SIZE(secret_keys); k++) {
		size_t m = strlen(secret_keys[k]);

		if (n >= m && strncasecmp(key + n - m, secret_keys[k], m) == 0)
			return true;
	}
	return false;
}

/* "key = value" with a secret key starting at s[i] (the start of a key):
 * appends it with the value replaced and returns the index after the
 * value, or returns 0. */
static size_t redact_key_value(const char *s, size_t i, struct buf *out)
{
	size_t j = i, k, v, end;
	char quote;

	while (is_key_char(s[j]))
		j++;
	if (j == i || !ends_with_secret_key(s + i, j - i))
		return 0;
	k = j;
	if (i > 0 && (s[i - 1] == '"' || s[i - 1] == '\'') && s[k] == s[i - 1])
		k++;	/* "key": */
	while (is_blank(s[k]))
		k++;
	if ((s[k] == ':' && s[k + 1] == '=') ||
	    (s[k] == '=' && s[k + 1] == '>'))
		k += 2;		/* := and => */
	else if (s[k] == '=' || s[k] == ':')
		k++;
	else
		return 0;
	while (is_blank(s[k]))
		k++;
	v = k;
	if (is_eol(s[v]))
		return 0;
	quote = s[v] == '"' || s[v] == '\'' ? s[v] : '\0';
	if (quote) {
		for (end = v + 1; !is_eol(s[end]) && s[end] != quote; end++)
			;
		if (s[end] == quote) {
			if (end == v + 1)
				return 0;	/* "" */
			buf_add(out, s + i, v + 1 - i);
			buf_adds(out, REDACTED);
			buf_addc(out, quote);
			return end + 1;
		}
	}
	for (end = v; !is_eol(s[end]); end++)
		;
	while (end > v && is_blank(s[end - 1]))
		end--;
	buf_add(out, s + i, v - i);
	buf_adds(out, REDACTED);
	return end;
}

/* One pass over in: API tokens first, over the whole text, so that a
 * token split over lines is gone before a "key = value" that holds its
 * first line is redacted to the end of that line only; then URL userinfo
 * and keys. */
/* A key's value (or a URL's password) at in[i], when a key may start
 * there; see redact_token for the rest. */
static size_t redact_key_at(const char *in, size_t n, size_t i,
			    struct buf *out)
{
	size_t next = redact_userinfo(in, i, out);

	(void)n;
	if (!next && (i == 0 || !is_key_char(in[i - 1])))
		next = redact_key_value(in, i, out);
	return next;
}

/* One pass over in: at each place, what at redacts, else the byte. */
static char *redact_pass(const char *in,
			 size_t (*at)(const char *, size_t, size_t,
				      struct buf *))
{
	struct buf out = BUF_INIT;
	size_t i = 0, n = strlen(in);

	buf_init(&out);
	while (in[i]) {
		size_t next = at(in, n, i, &out);

		if (next) {
			i = next;
		} else {
			buf_addc(&out, in[i]);
			i++;
		}
	}
	return buf_detach(&out);
}

/* Keys first: a token read on through a line break may take the key of
 * the next line ("password") with it, and its value must not be left
 * behind; then tokens, then keys again (a token redacted may bring a key
 * next to its value). */
static char *redact_once(const char *in)
{
	char *keys = redact_pass(in, redact_key_at);
	char *tokens = redact_pass(keys, redact_token);
	char *out = redact_pass(tokens, redact_key_at);

	free(keys);
	free(tokens);
	return out;
}

/* ---- Tails ---- */

char *sanitize_tail(const char *in, size_t len, size_t max_lines,
		    size_t max_bytes)
{
	char *clean = sanitize_text(in, len);
	char *text = sanitize_redact(clean);
	size_t n = strlen(text), start = 0, k = n;
	char *tail;

	free(clean);
	if (max_lines == 0) {
		start = n;
	} else {
		size_t lines = 0;
		if (k > 0 && text[k - 1] == '\n')
			k--;	/* the last line's own end */
		for (; k > 0; k--) {
			if (text[k - 1] == '\n' && ++lines == max_lines) {
				start = k;
				break;
			}
		}
	}
	if (n - start > max_bytes) {
		start = n - max_bytes;
		while (start < n && ((unsigned char)text[start] & 0xc0) == 0x80)
			start++;
	}
	tail = xstrdup(text + start);
	free(text);
	return tail;
}

char *sanitize_redact(const char *in)
{
	/* One pass can bring a key next to its value (a token redacted
	 * before it): repeat until nothing changes, so that no secret
	 * survives in the output (found by fuzzing). */
	char *cur = redact_once(in);

	for (int i = 0; i < 8; i++) {
		char *next = redact_once(cur);
		bool same = strcmp(next, cur) == 0;
		free(cur);
		cur = next;
		if (same)
			break;
	}
	return cur;
}

/* ---- Text a person gives, and output ---- */

char *sanitize_note(const char *in)
{
	char *clean = sanitize_text(in, in ? strlen(in) : 0);
	char *red = sanitize_redact(clean);

	free(clean);
	return red;
}

static char *one_line(char *s)
{
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return s;
}

char *sanitize_name(const char *in)
{
	return one_line(sanitize_note(in));
}

char *sanitize_line(const char *in)
{
	return one_line(sanitize_text(in, in ? strlen(in) : 0));
}

int sanitize_vfprintf(FILE *out, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	char *clean;
	int rc;

	buf_init(&b);
	buf_vaddf(&b, fmt, ap);
	clean = sanitize_text(b.data, b.len);
	rc = fputs(clean, out) == EOF ? -1 : (int)strlen(clean);
	free(clean);
	buf_free(&b);
	return rc;
}

int sanitize_fprintf(FILE *out, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sanitize_vfprintf(out, fmt, ap);
	va_end(ap);
	return rc;
}


/* A JSON string for s made safe, or NULL when it needs no change. */
static json_t *clean_json_string(const char *s, size_t len)
{
	char *clean = sanitize_text(s, len);
	json_t *j = NULL;

	if (strlen(clean) != len || memcmp(clean, s, len) != 0)
		j = json_string(clean);
	free(clean);
	return j;
}

/* NOLINTNEXTLINE(misc-no-recursion): as deep as the document we built */
void sanitize_json(json_t *j)
{
	const char *key;
	json_t *v;
	void *tmp;
	size_t i;

	if (json_is_string(j)) {
		json_t *fixed = clean_json_string(json_string_value(j),
					  json_string_length(j));
		if (fixed)
			json_string_set(j, json_string_value(fixed));
		json_decref(fixed);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			sanitize_json(v);
	} else if (json_is_object(j)) {
		json_object_foreach_safe(j, tmp, key, v) {
			char *k = sanitize_text(key, strlen(key));

			sanitize_json(v);
			if (strcmp(k, key) != 0) {
				json_incref(v);
				json_object_del(j, key);
				json_object_set_new(j, k, v);
			}
			free(k);
		}
	}
}

json_t *sanitize_json_string(const char *s)
{
	char *clean;
	json_t *j;

	if (!s)
		return json_null();
	clean = sanitize_text(s, strlen(s));
	j = json_string(clean);
	free(clean);
	return j ? j : json_null();
}

int sanitize_json_dumpf(json_t *j, FILE *out, size_t flags)
{
	sanitize_json(j);
	return json_dumpf(j, out, flags);
}

char *sanitize_json_dumps(json_t *j, size_t flags)
{
	sanitize_json(j);
	return json_dumps(j, flags);
}
