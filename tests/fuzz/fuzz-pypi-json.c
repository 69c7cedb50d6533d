/* fuzz-pypi-json.c: the index's JSON answers (the JSON API and the PEP 691
 * simple API) on any bytes. */
#include "config.h"

#include "pypi-index.h"

#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_release(const struct pypi_release *r)
{
	/* What the checks rely on: a found release has a version, and every
	 * file a name. */
	assert(!r->found || r->version);
	assert(!r->yanked || r->found || r->nfiles == 0);
	for (size_t i = 0; i < r->nfiles; i++)
		assert(r->files[i].filename);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pypi_release r = { 0 };
	char *err = NULL;

	if (pypi_parse_json_api((const char *)data, size, &r, &err) == 0)
		check_release(&r);
	else
		assert(err);
	pypi_release_free(&r);
	free(err);
	err = NULL;
	if (pypi_parse_simple_json((const char *)data, size, "demo-pkg",
				   "1.0.0", &r, &err) == 0)
		check_release(&r);
	else
		assert(err);
	pypi_release_free(&r);
	free(err);
	return 0;
}
