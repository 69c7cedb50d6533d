/* fuzz-version.c: the version parsers (SemVer, PEP 440) on any input. */
#include "config.h"

#include "version.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *err = NULL, *norm;
	const char *half;
	int cmp;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	half = s + strlen(s) / 2;
	for (int k = 0; k < 3; k++) {
		version_check(s, (enum version_scheme)k, &err);
		free(err);
		err = NULL;
		if (version_compare(s, half, (enum version_scheme)k, &cmp,
				    &err) < 0) {
			free(err);
			err = NULL;
		}
	}
	norm = version_normalise_pep440(s);
	if (norm) {
		/* A normal form normalises to itself. */
		char *again = version_normalise_pep440(norm);
		if (!again || strcmp(again, norm) != 0)
			abort();
		free(again);
		free(norm);
	}
	version_is_development(s);
	version_equal(s, half);
	free(s);
	return 0;
}
