/* rx.c: PCRE2 helpers. */
#include "config.h"

#include "rx.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static char *rx_error(int code)
{
	PCRE2_UCHAR msg[256];

	if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
		return xasprintf("PCRE2 error %d", code);
	return xstrdup((const char *)msg);
}

pcre2_code *rx_compile(const char *pattern, char **err)
{
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re;

	*err = NULL;
	/* Subjects are untrusted output: with MATCH_INVALID_UTF an invalid
	 * sequence simply never matches, instead of failing the whole match
	 * (and the subject is not validated again on every call). */
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE,
			   &code, &offset, NULL);
	if (!re) {
		char *m = rx_error(code);
		*err = xasprintf("pattern does not compile: %s at offset %zu",
				 m, (size_t)offset);
		free(m);
	}
	return re;
}

int rx_match(const pcre2_code *re, const char *subject, size_t len,
	     const char *group, char **value, char **err)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	*err = NULL;
	if (value)
		*value = NULL;
	if (!md) {
		*err = xstrdup("out of memory for a match");
		return -1;
	}
	rc = pcre2_match(re, (PCRE2_SPTR)subject, len, 0, 0, md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH) {
		pcre2_match_data_free(md);
		return 0;
	}
	if (rc < 0) {
		*err = rx_error(rc);
		pcre2_match_data_free(md);
		return -1;
	}
	if (group && value) {
		PCRE2_UCHAR *s = NULL;
		PCRE2_SIZE n = 0;
		int g;

		if (strcmp(group, "1") == 0)
			g = pcre2_substring_get_bynumber(md, 1, &s, &n);
		else
			g = pcre2_substring_get_byname(md, (PCRE2_SPTR)group,
						       &s, &n);
		if (g == 0) {
			*value = xstrndup((const char *)s, n);
			pcre2_substring_free(s);
		}
	}
	pcre2_match_data_free(md);
	return 1;
}

bool rx_has_group(const pcre2_code *re, const char *name)
{
	return pcre2_substring_number_from_name(re, (PCRE2_SPTR)name) >= 0;
}

unsigned rx_capture_count(const pcre2_code *re)
{
	uint32_t n = 0;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
	return n;
}
