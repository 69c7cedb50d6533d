/* test-redact-edges.c: secrets as they really look (src/sanitize.c).
 *
 * A real PyPI token is a macaroon in base64url: '-' and '_' occur inside
 * it, anywhere.  Each token here is redacted whole, wherever those
 * characters fall, and no piece of it is left in the output; in a log
 * tail (sanitize_tail) as well as alone.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "testutil.h"

/* Real-shaped: the macaroon's base64url with '-' and '_' in it, at the
 * start of the body, in its middle and at its end. */
static const char *const tokens[] = {
	"pypi-AgEIcHlwaS5vcmcCJDU3ZWQ0-TQyLWI2ZDItNGQ1Yi1h_ZTk3LTZmMjBiMzEwZTNm"
	"MQACKlszLCJhYTA5OWI4Zi0xY2M2LTQ0Y2EtYjQ2Ny1lNDY5OWY0N2E0ZDEiXQAABiBrN_kw",
	"pypi-_AgEIcHlwaS5vcmcCJGE0ZjQ1MjQ5LTc5OTYtNDYzNi05NjE0",
	"pypi--AgEIcHlwaS5vcmcCJGE0ZjQ1MjQ5LTc5OTYtNDYzNi05NjE0",
	"pypi-AgEIcHlwaS5vcmcCJGE0ZjQ1MjQ5LTc5OTYtNDYzNi05NjE0-",
	"pypi-AgEIcHlwaS5vcmcCJGE0ZjQ1MjQ5LTc5OTYtNDYzNi05NjE0__",
	"pypi-AgEIcHlwaS5v-_-_-_cmcCJGE0ZjQ1MjQ5LTc5OTYtNDYzNi05NjE0",
};

/* No 6 characters of the token's body survive in out. */
static void assert_no_piece(const char *out, const char *token)
{
	const char *body = token + strlen("pypi-");
	size_t n = strlen(body);

	for (size_t i = 0; i + 6 <= n; i++) {
		char piece[7];
		memcpy(piece, body + i, 6);
		piece[6] = '\0';
		if (strstr(out, piece))
			fail_msg("a piece of the token (%s) is left in: %s",
				 piece, out);
	}
}

static void test_token_whole(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(tokens); i++) {
		char *in = xasprintf("twine upload -p %s dist/*", tokens[i]);
		char *out = sanitize_redact(in);

		assert_string_equal(out,
			"twine upload -p pypi-[redacted] dist/*");
		assert_no_piece(out, tokens[i]);
		free(out);
		free(in);
	}
}

static void test_token_in_tail(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(tokens); i++) {
		char *in = xasprintf("Uploading\nusing %s\ndone\n", tokens[i]);
		char *out = sanitize_tail(in, strlen(in), 10, 4096);

		assert_string_equal(out,
			"Uploading\nusing pypi-[redacted]\ndone\n");
		assert_no_piece(out, tokens[i]);
		free(out);
		free(in);
	}
}

/* Beside a key that names a secret: the whole value goes either way. */
static void test_token_as_value(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(tokens); i++) {
		char *in = xasprintf("TWINE_PASSWORD=%s", tokens[i]);
		char *out = sanitize_redact(in);

		assert_no_piece(out, tokens[i]);
		assert_non_null(strstr(out, "[redacted]"));
		free(out);
		free(in);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_whole),
		cmocka_unit_test(test_token_in_tail),
		cmocka_unit_test(test_token_as_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
