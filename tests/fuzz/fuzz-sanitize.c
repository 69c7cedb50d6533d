/* fuzz-sanitize.c: the output sanitiser and redactor on any bytes.
 *
 * Besides the properties of any input (idempotence, no ESC left), each
 * input also carries a token: the first 8 bytes seed a generator that
 * makes one (a "pypi-" or GitHub prefix, a base64url body with '-' and
 * '_'), splits it with controls, line breaks (with 16 characters or
 * more after them), escape sequences, C1 and invisible characters, percent-encodes some of its bytes, and puts it
 * among the rest of the bytes.  After sanitize_note (sanitise, redact)
 * and sanitize_tail, no 12 characters of its body may be left (unless the
 * surrounding bytes hold them themselves): abort otherwise.
 */
#include "config.h"

#include "sanitize.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 12

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* What may split a token and still leave it readable. */
static const char *const splits[] = {
	"\r", "\n", "\r\n", "\x1b[0m", "\x1b]0;t\x07", "\x7f", "\x01",
	"\xc2\x85", "\xe2\x80\xae", "\xe2\x80\x8b", "\xc2\xad", "%0D", "\t",
};

static const char *const prefixes[] = {
	"pypi-", "pypi%2D", "ghp_", "github_pat_",
};

/* The token's body (plain) in body, its written form in out. */
static void make_token(uint64_t seed, struct buf *body, struct buf *out)
{
	size_t len = 24 + next(&seed) % 120;

	buf_adds(out, prefixes[next(&seed) % ARRAY_SIZE(prefixes)]);
	for (size_t i = 0; i < len; i++) {
		char c = alphabet[next(&seed) % (sizeof(alphabet) - 1)];
		uint64_t r = next(&seed) % 16;

		buf_addc(body, c);
		if (r == 0 && i > 0) {
			const char *sp = splits[next(&seed) % ARRAY_SIZE(splits)];
			/* After a line break the redactor takes only a long
			 * run (16) as the token's rest: a short word there is
			 * output, and no split leaves so little. */
			if (!strpbrk(sp, "\r\n") || len - i >= 16)
				buf_adds(out, sp);
		}
		if (r == 1)
			buf_addf(out, "%%%02X", (unsigned char)c);
		else
			buf_addc(out, c);
	}
}

static bool holds(const char *hay, size_t n, const char *needle)
{
	return n >= WINDOW && memmem(hay, n, needle, WINDOW) != NULL;
}

/* Aborts when text holds a window of body that none of the parts around
 * the token (raw and cleaned) holds. */
static void check_gone(const char *text, const struct buf *body,
		       const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	char *ca = sanitize_text((const char *)a, na);
	char *cb = sanitize_text((const char *)b, nb);

	for (size_t i = 0; i + WINDOW <= body->len; i++) {
		const char *w = body->data + i;

		if (!memmem(text, strlen(text), w, WINDOW))
			continue;
		if (holds((const char *)a, na, w) ||
		    holds((const char *)b, nb, w) ||
		    holds(ca, strlen(ca), w) || holds(cb, strlen(cb), w))
			continue;
		abort();	/* a piece of the token survived */
	}
	free(cb);
	free(ca);
}

static void token_among(const uint8_t *data, size_t size)
{
	struct buf body = BUF_INIT, token = BUF_INIT, in = BUF_INIT;
	uint64_t seed = 0x9e3779b97f4a7c15u;
	size_t at;
	char *note, *tail;

	for (size_t i = 0; i < 8; i++)
		seed = seed * 31 + data[i];
	data += 8;
	size -= 8;
	buf_init(&body);
	buf_init(&token);
	buf_init(&in);
	make_token(seed, &body, &token);
	at = size ? next(&seed) % (size + 1) : 0;
	buf_add(&in, data, at);
	/* A line break first: an escape sequence the bytes before leave
	 * open would take the token's first letter as its final byte
	 * (ESC p), and no redactor can see "ypi-" as a token. */
	buf_addc(&in, '\n');
	buf_add(&in, token.data, token.len);
	buf_add(&in, data + at, size - at);

	note = sanitize_text(in.data, in.len);
	{
		char *red = sanitize_redact(note);
		free(note);
		note = red;
	}
	check_gone(note, &body, data, at, data + at, size - at);
	tail = sanitize_tail(in.data, in.len, 1000, 1 << 20);
	check_gone(tail, &body, data, at, data + at, size - at);
	free(tail);
	free(note);
	buf_free(&in);
	buf_free(&token);
	buf_free(&body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *clean = sanitize_text((const char *)data, size);
	char *again = sanitize_text(clean, strlen(clean));
	char *red = sanitize_redact(clean);
	char *red2 = sanitize_redact(red);
	char *tail = sanitize_tail((const char *)data, size, 5, 200);

	/* Idempotent, and nothing that starts a control sequence left. */
	if (strcmp(clean, again) != 0 || strcmp(red, red2) != 0 ||
	    strchr(clean, '\033') || strchr(tail, '\033'))
		abort();
	free(tail);
	free(red2);
	free(red);
	free(again);
	free(clean);
	if (size >= 8)
		token_among(data, size);
	return 0;
}
