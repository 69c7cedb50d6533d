/* fuzz-sanitize.c: the output sanitiser and redactor on any bytes. */
#include "config.h"

#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	return 0;
}
