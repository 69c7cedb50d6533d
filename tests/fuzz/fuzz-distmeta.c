/* fuzz-distmeta.c: the metadata reader of sdists and wheels
 * (dist_parse_metadata, src/distfile.c) on any input.  A parse either
 * fails with a reason and keeps nothing, or gives fields that hold no
 * line break (continuation lines are joined) and no NUL. */
#include "config.h"

#include "distfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void field_ok(const char *s)
{
	if (s && strchr(s, '\n'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dist_meta m = { 0 };
	char *err = NULL;

	if (dist_parse_metadata((const char *)data, size, &m, &err) < 0) {
		if (!err || !*err || m.name || m.version ||
		    m.metadata_version || m.requires_python)
			abort();
		free(err);
		return 0;
	}
	field_ok(m.metadata_version);
	field_ok(m.name);
	field_ok(m.version);
	field_ok(m.requires_python);
	dist_meta_free(&m);
	return 0;
}
