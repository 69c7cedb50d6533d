/* fuzz-pypi-html.c: the index's PEP 503 HTML page on any bytes. */
#include "config.h"

#include "pypi-index.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pypi_release r = { 0 };
	char *err = NULL;

	if (pypi_parse_simple_html((const char *)data, size, "demo-pkg",
				   "1.0.0", &r, &err) == 0) {
		assert(r.found == (r.nfiles > 0));
		assert(!r.found || r.version);
		for (size_t i = 0; i < r.nfiles; i++)
			assert(!r.files[i].sha256 ||
			       strlen(r.files[i].sha256) == 64);
	} else {
		assert(err);
	}
	pypi_release_free(&r);
	free(err);
	return 0;
}
