/* test-sanitize.c: terminal-safe text, redaction, tails (src/sanitize.c).
 *
 * Every input is copied into a heap block of exactly its length, with no
 * NUL after it, so that the sanitizers catch any read past len.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sanitize.h"
#include "util.h"

#define FFFD "\xef\xbf\xbd"

struct text_row {
	const char *in;
	size_t len;
	const char *want;
};

/* A row whose input is a string literal, NULs included. */
#define ROW(in, want) { in, sizeof(in) - 1, want }

/* sanitize_text of len bytes copied to a block of exactly that size. */
static char *clean(const char *in, size_t len)
{
	char *copy = len ? xmalloc(len) : NULL;
	char *out;

	if (len)
		memcpy(copy, in, len);
	out = sanitize_text(copy, len);
	free(copy);
	return out;
}

static void check_rows(const struct text_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = clean(rows[i].in, rows[i].len);

		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, got,
				 rows[i].want);
		free(got);
	}
}

/* ---- Escape sequences ---- */

static void test_colour(void **state)
{
	static const struct text_row rows[] = {
		ROW("\x1b[31mred\x1b[0m", "red"),
		ROW("\x1b[1;38;5;196mbold\x1b[m plain", "bold plain"),
		ROW("\x1b[38;2;255;0;0mrgb\x1b[39;49m", "rgb"),
		ROW("PASSED \x1b[32m\x1b[1m[100%]\x1b[0m\n",
		    "PASSED [100%]\n"),
		/* tput sgr0 also selects a character set: ESC ( B */
		ROW("\x1b[1mx\x1b(B\x1b[m", "x"),
		ROW("no escapes here", "no escapes here"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_cursor(void **state)
{
	static const struct text_row rows[] = {
		ROW("a\x1b[2Ab\x1b[10;20Hc\x1b[K\x1b[2J", "abc"),
		ROW("\x1b[?25lhidden cursor\x1b[?25h", "hidden cursor"),
		ROW("\x1b[?1049halt screen\x1b[?1049l", "alt screen"),
		ROW("\x1b[5 qshape", "shape"),		/* intermediate */
		ROW("\x1b" "7saved\x1b" "8", "saved"),	/* DECSC, DECRC */
		ROW("\x1b" "creset", "reset"),		/* RIS */
		ROW("\x1b=\x1b>keypad", "keypad"),
		ROW("\x1b#8align", "align"),		/* DECALN */
		ROW("\x1bMup", "up"),			/* RI */
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_osc(void **state)
{
	static const struct text_row rows[] = {
		/* OSC 8 hyperlinks: the link text stays, the URL goes. */
		ROW("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
		    "click"),
		ROW("\x1b]8;id=1;https://evil.example/\x07" "click\x1b]8;;\x07",
		    "click"),
		/* OSC 52 clipboard writes, payload and all. */
		ROW("before\x1b]52;c;cm0gLXJmIH4K\x07" "after", "beforeafter"),
		ROW("before\x1b]52;c;cm0gLXJmIH4K\x1b\\after", "beforeafter"),
		ROW("\x1b]52;c;?\x07", ""),
		/* Titles. */
		ROW("\x1b]0;pwned\x07ok", "ok"),
		ROW("\x1b]2;window title\x1b\\ok", "ok"),
		ROW("\x1b]1;icon\x07", ""),
		/* Payloads with newlines and UTF-8 go too. */
		/* A line break ends a string left open: what follows is
		 * shown as text, never hidden with a token's start in it. */
		ROW("\x1b]52;c;line1\nline2 \xc3\xa9\x07z",
		    "\nline2 \xc3\xa9z"),
		/* An ESC that is not ST ends the string and starts a
		 * sequence of its own. */
		ROW("\x1b]0;title\x1b[31mred", "red"),
		/* CAN and SUB cancel. */
		ROW("\x1b]52;c;abc\x18visible", "visible"),
		ROW("\x1b]52;c;abc\x1avisible", "visible"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_dcs_apc_pm_sos(void **state)
{
	static const struct text_row rows[] = {
		ROW("\x1bPq#0;2;0;0;0#0!10~\x1b\\x", "x"),	/* sixel */
		ROW("\x1bP+q544e\x1b\\x", "x"),		/* XTGETTCAP */
		ROW("\x1b_Gf=100,a=T;iVBORw0KGgo=\x1b\\x", "x"), /* kitty */
		ROW("\x1b^privacy message\x1b\\x", "x"),
		ROW("\x1bXstart of string\x1b\\x", "x"),
		/* BEL does not end these: only ST does. */
		ROW("\x1bPdata\x07more\x1b\\x", "x"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_csi_8bit(void **state)
{
	static const struct text_row rows[] = {
		ROW("a\x9b" "31mb", "ab"),
		ROW("a\x9b?25lb", "ab"),
		/* The same as a UTF-8 encoded C1 control (U+009B). */
		ROW("a\xc2\x9b" "31mb", "ab"),
		ROW("a\xc2\x9b" "2Jb", "ab"),
		/* 0x9B inside a valid character is just part of it. */
		ROW("\xe2\x9c\x9b", "\xe2\x9c\x9b"),	/* U+271B */
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_truncated(void **state)
{
	static const struct text_row rows[] = {
		ROW("abc\x1b", "abc"),
		ROW("\x1b", ""),
		ROW("abc\x1b[", "abc"),
		ROW("abc\x1b[31", "abc"),
		ROW("abc\x1b[31;", "abc"),
		ROW("abc\x1b]", "abc"),
		ROW("abc\x1b]0;half a title", "abc"),
		ROW("abc\x1b]52;c;payload\x1b", "abc"),
		ROW("abc\x1bP", "abc"),
		ROW("abc\x1b(", "abc"),
		ROW("abc\x9b", "abc"),
		ROW("abc\x9b" "12", "abc"),
		ROW("abc\xc2\x9b", "abc"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_malformed(void **state)
{
	static const struct text_row rows[] = {
		/* ESC before a control or a non-ASCII byte: ESC dropped. */
		ROW("a\x1b\nb", "a\nb"),
		ROW("a\x1b\x1b[1mb", "ab"),
		ROW("a\x1b\xc3\xa9", "a\xc3\xa9"),
		/* A byte that cannot be in a CSI ends it. */
		ROW("\x1b[31\nx", "\nx"),
		ROW("\x1b[31\x18x", "x"),
		ROW("\x1b[1\xc3\xa9", "\xc3\xa9"),
		/* ESC ESC \ is not an OSC. */
		ROW("\x1b\x1b\\x", "x"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

/* ---- Controls ---- */

static void test_controls(void **state)
{
	static const struct text_row rows[] = {
		ROW("ding\x07" "dong", "dingdong"),
		ROW("a\bb", "ab"),
		ROW("pass\b\b\b\bxxxx", "passxxxx"),
		ROW("\x01\x02\x03\x04\x05\x06\x0b\x0c\x0e\x0f\x10\x11\x12\x13"
		    "\x14\x15\x16\x17\x19\x1c\x1d\x1e\x1fx", "x"),
		ROW("del\x7f", "del"),
		ROW("tab\there\nnext", "tab\there\nnext"),
		/* NUL bytes are dropped, the rest is kept. */
		ROW("a\0b", "ab"),
		ROW("\0\0\0", ""),
		ROW("x\0\x1b[31m\0y\0", "xy"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_carriage_return(void **state)
{
	static const struct text_row rows[] = {
		ROW("a\r\nb\r\n", "a\nb\n"),
		/* Progress bars: each redraw becomes a line. */
		ROW(" 10%|#   |\r 50%|##  |\r100%|####|\n",
		    " 10%|#   |\n 50%|##  |\n100%|####|\n"),
		ROW("\r\x1b[K 50%\r\x1b[K100%\n", "\n 50%\n100%\n"),
		ROW("a\r", "a\n"),
		ROW("\r\r\n", "\n\n"),
		ROW("\n\r", "\n\n"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

/* ---- UTF-8 ---- */

static void test_utf8_valid(void **state)
{
	static const struct text_row rows[] = {
		ROW("caf\xc3\xa9", "caf\xc3\xa9"),		/* é */
		ROW("\xe6\xbc\xa2\xe5\xad\x97", "\xe6\xbc\xa2\xe5\xad\x97"),
		/* 😀 */
		ROW("\xf0\x9f\x98\x80 ok", "\xf0\x9f\x98\x80 ok"),
		ROW("e\xcc\x81", "e\xcc\x81"),	/* e, combining acute */
		ROW("\xc2\xa0nbsp", "\xc2\xa0nbsp"),	/* U+00A0 */
		ROW("\xef\xbf\xbd", FFFD),		/* U+FFFD itself */
		ROW("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"), /* U+10FFFF */
		ROW("\xe2\x9c\x93 pass", "\xe2\x9c\x93 pass"),	/* ✓ */
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_utf8_invalid(void **state)
{
	static const struct text_row rows[] = {
		ROW("\xff", FFFD),
		ROW("a\x80" "b", "a" FFFD "b"),
		ROW("\xfe\xff", FFFD FFFD),
		/* Latin-1 é */
		ROW("caf\xe9!", "caf" FFFD "!"),
		/* Overlong forms. */
		ROW("\xc0\xaf", FFFD FFFD),
		ROW("\xc1\xbf", FFFD FFFD),
		ROW("\xe0\x80\xaf", FFFD FFFD FFFD),
		ROW("\xf0\x80\x80\xaf", FFFD FFFD FFFD FFFD),
		/* Surrogates, and past U+10FFFF. */
		ROW("\xed\xa0\x80", FFFD FFFD FFFD),
		ROW("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD),
		ROW("\xf5\x80\x80\x80", FFFD FFFD FFFD FFFD),
		ROW("\xf8\x88\x80\x80\x80", FFFD FFFD FFFD FFFD FFFD),
		/* Cut sequences: one U+FFFD for the maximal subpart. */
		ROW("\xe6\xbc" "x", FFFD "x"),
		ROW("\xf0\x9f\x98" "x", FFFD "x"),
		ROW("\xf0\x9f\x98", FFFD),
		ROW("\xe6\xbc", FFFD),
		ROW("\xc3", FFFD),
		ROW("\xe6\xbc\x1b[31m", FFFD),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_c1(void **state)
{
	static const struct text_row rows[] = {
		ROW("a\xc2\x85" "b", "ab"),		/* NEL */
		ROW("a\xc2\x80" "b", "ab"),
		ROW("a\xc2\x9f" "b", "ab"),
		ROW("a\xc2\x9d" "0;t" "b", "a0;tb"),	/* OSC: text stays */
		ROW("a\xc2\xa0" "b", "a\xc2\xa0" "b"),	/* not C1 */
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

/* ---- Bidi and invisible format characters ---- */

static void test_invisible(void **state)
{
	static const struct text_row rows[] = {
		/* U+202E RIGHT-TO-LEFT OVERRIDE and the other embeddings. */
		ROW("abc\xe2\x80\xae" "fdp.exe", "abcfdp.exe"),
		ROW("\xe2\x80\xaa" "a\xe2\x80\xab" "b\xe2\x80\xac" "c\xe2\x80\xad",
		    "abc"),
		/* Isolates U+2066..U+2069, LRM, RLM, ALM. */
		ROW("\xe2\x81\xa6" "a\xe2\x81\xa9" "b\xe2\x80\x8e\xe2\x80\x8f"
		    "\xd8\x9c" "c", "abc"),
		/* Zero width space, word joiner, BOM, soft hyphen. */
		ROW("to\xe2\x80\x8bken\xe2\x81\xa0\xef\xbb\xbf!\xc2\xad", "token!"),
		/* Tags (ASCII smuggling) and interlinear annotations. */
		ROW("a\xf3\xa0\x81\x81\xf3\xa0\x81\xbf" "b\xef\xbf\xb9" "c", "abc"),
		/* Line and paragraph separators are line breaks. */
		ROW("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "a\nb\nc"),
		/* Joiners stay: emoji and scripts need them. */
		ROW("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
		    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"),
		ROW("\xd9\x85\xe2\x80\x8c\xd9\x87", "\xd9\x85\xe2\x80\x8c\xd9\x87"),
	};

	(void)state;
	check_rows(rows, ARRAY_SIZE(rows));
}

static void test_text_edges(void **state)
{
	char *s;

	(void)state;
	s = sanitize_text(NULL, 0);
	assert_string_equal(s, "");
	free(s);
	/* len stops short of the data: nothing past it is read. */
	s = clean("abc\x1b[31mdef", 5);
	assert_string_equal(s, "abc");
	free(s);
	s = clean("\xc3\xa9", 1);
	assert_string_equal(s, FFFD);
	free(s);
	s = clean("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

/* Small, fixed pseudo-random generator (xorshift32). */
static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Whether s is valid UTF-8 with no control but '\n' and '\t'. */
static bool is_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned char c = *p;
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				return false;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1fu;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0fu;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07u;
		} else {
			return false;
		}
		for (size_t k = 1; k <= n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[k] & 0x3fu);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
		    (cp >= 0x80 && cp <= 0x9f))
			return false;
		p += n + 1;
	}
	return true;
}

static void test_random_input(void **state)
{
	static const unsigned char alphabet[] = {
		0x1b, 0x1b, '[', ']', 'P', '_', '\\', 0x07, 0x9b, 0x9c, 0xc2,
		0x80, 0x85, 0xe2, 0xf0, 0x9f, 0xbf, 0xed, 0xa0, 0xff, 0x00,
		'\r', '\n', '\t', 0x08, 0x7f, 0x18, '0', ';', 'm', 'a', ' ',
	};
	uint32_t x = 2463534242u;

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = rnd(&x) % 64;
		unsigned char in[64];
		char *out, *again;

		for (size_t i = 0; i < len; i++)
			in[i] = (rnd(&x) & 3) ? alphabet[rnd(&x) %
							  sizeof(alphabet)]
					      : (unsigned char)rnd(&x);
		out = clean((const char *)in, len);
		if (!is_safe(out))
			fail_msg("iteration %d: unsafe output", iter);
		/* Sanitising is idempotent. */
		again = sanitize_text(out, strlen(out));
		assert_string_equal(again, out);
		free(again);
		free(out);
	}
}

/* ---- Redaction ---- */

struct redact_row {
	const char *in, *want;
};

#define TOKEN "pypi-AgEIcHlwaS5vcmcCJGE0ZjQ1MjQ5LTc5OTYtNDYzNi05NjE0"
#define TEST_TOKEN "pypi-AgENdGVzdC5weXBpLm9yZwIkZDM3YzY1NTQtY2FkNS00"
/* Shaped like a real one: base64url, with '-' and '_' inside. */
#define REAL_TOKEN "pypi-AgEIcHlwaS5vcmcCJDNmZTU2-_Y2NiLWQ4ZTQtNDc3Zi1h" \
	"YjQ1LTY0_Mzg2NjA5YTkxOQACKlszLCJhMDM-4YzQ3Ny1lZTk5LTRkNzIt_OWQ1"

static const struct redact_row redact_rows[] = {
	/* PyPI and TestPyPI tokens, wherever they are. */
	{ TOKEN, "pypi-[redacted]" },
	{ TEST_TOKEN, "pypi-[redacted]" },
	{ "Uploading with " TOKEN ".", "Uploading with pypi-[redacted]." },
	{ "twine upload -u __token__ -p " TOKEN " dist/*",
	  "twine upload -u __token__ -p pypi-[redacted] dist/*" },
	{ "[" TOKEN "]\n(" TOKEN ")", "[pypi-[redacted]]\n(pypi-[redacted])" },
	{ "x" TOKEN "y", "xpypi-[redacted]" },
	{ "pypi-abcdefghij0123456789", "pypi-[redacted]" },	/* 20 */
	{ "pypi-abcdefghij012345678", "pypi-abcdefghij012345678" }, /* 19 */
	{ "pip install pypi-simple", "pip install pypi-simple" },
	{ "pypi-", "pypi-" },
	/* Real tokens are base64url: '-' and '_' inside, all of it goes. */
	{ REAL_TOKEN, "pypi-[redacted]" },
	{ "use " REAL_TOKEN " now", "use pypi-[redacted] now" },
	{ "pypi-AgEIcHlwaS5vcmc-_-_-_-_-_-_-_-_-x",
	  "pypi-[redacted]" },
	/* Split by a carriage return, a wrapped line, other controls. */
	{ "pypi-AgEIcHlw\raS5vcmcCJDk2Zm_tail-part",
	  "pypi-[redacted]" },
	{ "pypi-AgEIcHlwaS5vcmcCJDk2\r\nZm_tail-part end",
	  "pypi-[redacted]\n end" },
	{ "p\ryp\ri-\rAgEIcHlw\x01" "aS5\x7f" "vcmcCJ\tDk2Zm_tail",
	  "pypi-[redacted]" },
	{ "x pypi-AgEI\x1b[0mcHlwaS5vcmcCJDk2Zm_tail y",
	  "x pypi-[redacted] y" },
	{ "pypi-AgEI\xc2\x9b" "cHlwaS5\xe2\x80\x8b" "vcmcCJ\xe2\x80\xae" "Dk2Zm_tail",
	  "pypi-[redacted]" },
	/* A token at the end of a line: the next line stays. */
	{ TOKEN "\n(next)", "pypi-[redacted]\n(next)" },
	{ TOKEN "\r\n", "pypi-[redacted]\r\n" },
	/* Percent-encoded, in part or whole. */
	{ "pypi%2DAgEIcHlwaS5vcmcCJDk2Zm_tail-part",
	  "pypi-[redacted]" },
	{ "pypi%2dAgEIcHlwaS5vcmcCJDk2Zm_tail-part",
	  "pypi-[redacted]" },
	{ "password=&t=pypi-%41%67%45%49%63%48%6c%77%61%53%35%76%63%6d%63%5F"
	  "%2D%41%42%43%44&x=1", "password=[redacted]" },
	{ "?t=pypi-%41%67%45%49%63%48%6c%77%61%53%35%76%63%6d%63%5F%2D"
	  "%41%42%43%44&x=1",
	  "?t=pypi-[redacted]&x=1" },
	{ "%70ypi%2DAgEIcHlwaS5%0D%0AvcmcCJDk2Zm_tail&x",
	  "pypi-[redacted]&x" },
	{ "100%25 pypi-short", "100%25 pypi-short" },
	/* GitHub tokens. */
	{ "ghp_" "R2hwVG9rZW5Gb3JUZXN0aW5nT25seTAxMjM0NTY3",
	  "ghp_[redacted]" },
	{ "gho_" "R2hwVG9rZW5Gb3JUZXN0aW5nT25seTAxMjM0NTY3 ok",
	  "gho_[redacted] ok" },
	{ "github_pat_11ABCDEFG0abcdefghijkl_MNOPQRSTUVWXYZabcdefghijklmnopq"
	  "rstuvwxyz0123456789ABCDEFGH", "github_pat_[redacted]" },
	{ "git checkout ghp_fix", "git checkout ghp_fix" },
	/* .pypirc, headers. */
	{ "[pypi]\nusername = __token__\npassword = " REAL_TOKEN "\n",
	  "[pypi]\nusername = __token__\npassword = [redacted]\n" },
	{ "Authorization: Basic X190b2tlbl9fOnB5cGk=",
	  "Authorization: [redacted]" },
	{ "curl -H 'authorization: bearer abc' x",
	  "curl -H 'authorization: [redacted]" },
	{ "https://__token__:" REAL_TOKEN "@upload.pypi.org/legacy/",
	  "https://__token__:[redacted]@upload.pypi.org/legacy/" },
	/* Key and value. */
	{ "password = hunter2", "password = [redacted]" },
	{ "password: hunter2", "password: [redacted]" },
	{ "PASSWORD=hunter2", "PASSWORD=[redacted]" },
	{ "TWINE_PASSWORD=" TOKEN, "TWINE_PASSWORD=[redacted]" },
	{ "export TWINE_PASSWORD='x y'", "export TWINE_PASSWORD='[redacted]'" },
	{ "passwd=secret", "passwd=[redacted]" },
	{ "passwd=", "passwd=" },
	{ "passwd=\nnext", "passwd=\nnext" },
	{ "token = abc", "token = [redacted]" },
	{ "Token: abc", "Token: [redacted]" },
	{ "GITHUB_TOKEN=ghp_abc123", "GITHUB_TOKEN=[redacted]" },
	{ "api_key: xyz", "api_key: [redacted]" },
	{ "API-KEY=xyz", "API-KEY=[redacted]" },
	{ "client_secret := s", "client_secret := [redacted]" },
	{ "Authorization: Bearer abc.def", "Authorization: [redacted]" },
	{ "--password=abc --verbose", "--password=[redacted]" },
	{ "db.password=abc", "db.password=[redacted]" },
	{ "  password: hunter2  \nuser: bob",
	  "  password: [redacted]  \nuser: bob" },
	{ "password: hunter2\r\nuser: bob",
	  "password: [redacted]\r\nuser: bob" },
	{ "user=bob\npassword=x\nhost=h",
	  "user=bob\npassword=[redacted]\nhost=h" },
	{ "{\"password\": \"s3cr3t\", \"user\": \"bob\"}",
	  "{\"password\": \"[redacted]\", \"user\": \"bob\"}" },
	{ "{'token':'abc'}", "{'token':'[redacted]'}" },
	{ "password = \"unterminated", "password = [redacted]" },
	{ "password = \"\"", "password = \"\"" },
	/* URL userinfo. */
	{ "https://user:secret@host/path",
	  "https://user:[redacted]@host/path" },
	{ "git clone https://__token__:" TOKEN "@upload.pypi.org/legacy/",
	  "git clone https://__token__:[redacted]@upload.pypi.org/legacy/" },
	{ "see <https://u:p@h>.", "see <https://u:[redacted]@h>." },
	{ "https://u:p:q@h", "https://u:[redacted]@h" },
	{ "https://u:p@x@h", "https://u:[redacted]@h" },
	{ "https://user@host/", "https://user@host/" },
	{ "https://host:8080/x", "https://host:8080/x" },
	{ "https://u:@host", "https://u:@host" },
	{ "https://example.org/a:b@c", "https://example.org/a:b@c" },
	{ "mailto:user@example.org", "mailto:user@example.org" },
	/* Lookalikes stay. */
	{ "passwords are checked", "passwords are checked" },
	{ "password is required", "password is required" },
	{ "Enter your password: ", "Enter your password: " },
	{ "tokens: 42", "tokens: 42" },
	{ "the token is valid", "the token is valid" },
	{ "tokenizer=fast", "tokenizer=fast" },
	{ "password_file=/etc/x", "password_file=/etc/x" },
	{ "caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80",
	  "caf\xc3\xa9 \xe6\xbc\xa2 \xf0\x9f\x98\x80" },
	{ "", "" },
};

static void test_redact(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(redact_rows); i++) {
		const struct redact_row *r = &redact_rows[i];
		char *got = sanitize_redact(r->in);

		if (strcmp(got, r->want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"", r->in, got,
				 r->want);
		free(got);
		/* Redacting twice changes nothing more. */
		got = sanitize_redact(r->want);
		assert_string_equal(got, r->want);
		free(got);
	}
}

/* ---- Tails ---- */

struct tail_row {
	const char *in;
	size_t len, lines, bytes;
	const char *want;
};

#define TAIL(in, lines, bytes, want) { in, sizeof(in) - 1, lines, bytes, want }

static const struct tail_row tail_rows[] = {
	TAIL("a\nb\nc\n", 2, 100, "b\nc\n"),
	TAIL("a\nb\nc\n", 1, 100, "c\n"),
	TAIL("a\nb\nc\n", 3, 100, "a\nb\nc\n"),
	TAIL("a\nb\nc\n", 50, 100, "a\nb\nc\n"),
	TAIL("a\nb\nc", 2, 100, "b\nc"),
	TAIL("a\nb\nc", 1, 100, "c"),
	TAIL("a\n\n\nb\n", 2, 100, "\nb\n"),
	TAIL("a\nb\nc\n", 0, 100, ""),
	TAIL("", 5, 100, ""),
	TAIL("\n", 5, 100, "\n"),
	/* Byte limit, at a character boundary. */
	TAIL("0123456789", 5, 4, "6789"),
	TAIL("0123456789", 5, 0, ""),
	TAIL("\xc3\xa9\xc3\xa9\xc3\xa9", 5, 3, "\xc3\xa9"),
	TAIL("\xc3\xa9\xc3\xa9\xc3\xa9", 5, 4, "\xc3\xa9\xc3\xa9"),
	TAIL("x\xf0\x9f\x98\x80", 5, 3, ""),
	TAIL("line one\nline two\n", 5, 9, "line two\n"),
	TAIL("line one\nline two\n", 1, 5, " two\n"),
	/* Sanitised first: escapes, \r and NULs count as such. */
	TAIL("\x1b[31mred\x1b[0m\nok\n", 1, 100, "ok\n"),
	TAIL("\x1b[31mred\x1b[0m\nok\n", 2, 100, "red\nok\n"),
	TAIL(" 10%\r 50%\r100%\ndone\n", 2, 100, "100%\ndone\n"),
	TAIL("a\0b\nc\0", 2, 100, "ab\nc"),
	TAIL("line1\n\x1b]52;c;secret-payload\nline3\x07\nend\n", 3, 100,
	     "\nline3\nend\n"),
	TAIL("ok\n\xff\n", 1, 100, FFFD "\n"),
	/* Redacted before the cut, so no piece of a secret shows. */
	TAIL("x\npassword=hunter2\n", 1, 100, "password=[redacted]\n"),
	TAIL("upload " TOKEN, 1, 10, "[redacted]"),
	TAIL("https://u:hunter2@h\n", 1, 12, "redacted]@h\n"),
};

static void test_tail(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(tail_rows); i++) {
		const struct tail_row *r = &tail_rows[i];
		char *copy = xmalloc(r->len ? r->len : 1);
		char *got;

		memcpy(copy, r->in, r->len);
		got = sanitize_tail(copy, r->len, r->lines, r->bytes);
		free(copy);
		if (strcmp(got, r->want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, got,
				 r->want);
		assert_true(strlen(got) <= r->bytes);
		free(got);
	}
}

static void test_tail_large(void **state)
{
	struct buf b = BUF_INIT;
	char *got;

	(void)state;
	for (int i = 1; i <= 10000; i++)
		buf_addf(&b, "\x1b[32mline %d\x1b[0m\r\n", i);
	got = sanitize_tail(b.data, b.len, 3, 4096);
	assert_string_equal(got, "line 9998\nline 9999\nline 10000\n");
	free(got);
	got = sanitize_tail(b.data, b.len, SIZE_MAX, 21);
	assert_string_equal(got, "line 9999\nline 10000\n");
	free(got);
	got = sanitize_tail(b.data, b.len, SIZE_MAX, SIZE_MAX);
	assert_int_equal(strlen(got), b.len - 10000 * 10);
	free(got);
	buf_free(&b);
}

/* Found by tests/fuzz/fuzz-sanitize: one pass of redaction left a
 * "password = ..." that a second pass redacted (a token redacted before
 * it).  Redaction must be a fixed point. */
/* A token read on through a line break may take the next line's key with
 * it ("upload_password" is made of token characters): its value must not
 * be left behind. */
static void test_redact_key_after_token(void **state)
{
	static const char *const in[] = {
		"pypi-AgEIcHlwaS5vcmcCJabcdefghijklmnop\nupload_password = "
		"hunter2\nok",
		"pypi-AgEIcHlwaS5vcmcCJabcdefghijklmnop\r\nTWINE_PASSWORD="
		"hunter2\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++) {
		char *red = sanitize_redact(in[i]);
		if (strstr(red, "hunter2") || strstr(red, "AgEIcHlwaS5vcmc"))
			fail_msg("\"%s\" gave \"%s\"", in[i], red);
		free(red);
	}
}

static void test_redact_fuzz_regression(void **state)
{
	static const unsigned char input[] = {
  0x1b, 0xdf, 0xb8, 0x65, 0x72, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72,
  0x64, 0x20, 0x1b, 0xdf, 0xb8, 0x65, 0x72, 0x70, 0x61, 0x73, 0x73, 0x77,
  0x6f, 0x72, 0x64, 0x20, 0x3d, 0x20, 0x22, 0x79, 0x78, 0x0d, 0x72, 0x70,
  0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x20, 0x3d, 0x3a, 0x2f, 0x2f,
  0x0d, 0xff, 0xff, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x20,
  0x3d, 0x20, 0x22, 0x78, 0x0d, 0x0a, 0x78, 0x31, 0x64, 0x72, 0x1b, 0x72,
  0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x20, 0x3d, 0x22, 0x73,
  0x22, 0x6d, 0x31, 0x65, 0x72, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72,
  0x64, 0x20, 0x3d, 0x20, 0x22, 0x65, 0x72, 0x70, 0x61, 0x73, 0x73, 0x77,
  0x22, 0x6d, 0x31, 0x65, 0x72, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72,
  0x64, 0x20, 0x3d, 0x20, 0x22, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64,
  0x20, 0x3d, 0x20, 0x22, 0x65, 0x72, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f,
  0x72, 0x64, 0x00, 0x00, 0x00, 0x65, 0x72, 0x70, 0x61, 0x73, 0x3d, 0x20,
  0x22, 0x79, 0x78, 0x0d, 0x72, 0x1b, 0x72, 0x70, 0x61, 0x75, 0x69, 0x20,
  0x27, 0x23, 0x08, 0xe8, 0x7e, 0x70, 0x79, 0x70, 0x69, 0x2d, 0x79, 0x79,
  0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x37, 0x37,
  0x37, 0x36, 0x64, 0x56, 0x37, 0x37, 0x2e, 0x67, 0x31, 0x31, 0x65, 0x72,
  0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x20, 0x3d, 0x20, 0x22,
  0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x20, 0x3d, 0x22, 0x65, 0x20,
  0x72, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6f, 0x72, 0x64, 0x00, 0x00, 0x00,
  0x65, 0x72, 0x70, 0x61, 0x73, 0x73
	};
	char *clean, *red, *again;

	(void)state;
	clean = sanitize_text((const char *)input, sizeof(input));
	red = sanitize_redact(clean);
	again = sanitize_redact(red);
	assert_string_equal(red, again);
	assert_null(strstr(red, "\"assword ="));
	free(again);
	free(red);
	free(clean);
}

/* ---- Text a person gives; the printing and JSON choke points ---- */

static void test_note(void **state)
{
	char *s;

	(void)state;
	s = sanitize_note("done \x1b]52;c;aGk=\x07with " REAL_TOKEN "\r\n(ok)");
	assert_string_equal(s, "done with pypi-[redacted]\n(ok)");
	free(s);
	s = sanitize_note("tok pypi-AgEIcHlwa\rS5vcmcCJDk2Zm_tail-part");
	assert_string_equal(s, "tok pypi-[redacted]\n");
	free(s);
	s = sanitize_note(NULL);
	assert_string_equal(s, "");
	free(s);
	s = sanitize_name("Eve\x1b[2J\n\tMallory \xe2\x80\xae<e@x>");
	assert_string_equal(s, "Eve  Mallory <e@x>");
	free(s);
}

static void test_fprintf(void **state)
{
	char *data = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&data, &size);

	(void)state;
	assert_non_null(f);
	assert_int_equal(sanitize_fprintf(f, "%-6s|%s\n", "a\x1b[2Jb",
					  "\xc2\x9b" "31mc\xe2\x80\xae" "d\x9b"),
			 6);
	fclose(f);
	assert_string_equal(data, "ab|cd\n");
	free(data);
}

static void test_json(void **state)
{
	json_t *j = json_pack("{s:s, s:[s, {s:s}], s:i}",
			      "t\x1b[31mitle", "a\x1b]8;;http://x\x1b\\b",
			      "list", "\xe2\x80\xae" "c", "k", "d\xc2\x85",
			      "n", 1);
	char *s;

	(void)state;
	assert_non_null(j);
	s = sanitize_json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"list\":[\"c\",{\"k\":\"d\"}],\"n\":1,"
			    "\"title\":\"ab\"}");
	free(s);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_osc),
		cmocka_unit_test(test_dcs_apc_pm_sos),
		cmocka_unit_test(test_csi_8bit),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_carriage_return),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_text_edges),
		cmocka_unit_test(test_random_input),
		cmocka_unit_test(test_redact),
		cmocka_unit_test(test_redact_key_after_token),
		cmocka_unit_test(test_redact_fuzz_regression),
		cmocka_unit_test(test_tail),
		cmocka_unit_test(test_tail_large),
		cmocka_unit_test(test_note),
		cmocka_unit_test(test_fprintf),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
