/* fuzz-toml.c: the TOML reader (src/toml.c) on any input.  A parse
 * either fails with "line N: ..." and leaves nothing, or gives entries
 * that each lookup finds. */
#include "config.h"

#include "toml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct toml t = TOML_INIT;
	char *s = malloc(size + 1), *err = NULL;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (toml_parse(&t, s, size, &err) < 0) {
		if (!err || strncmp(err, "line ", 5) != 0 || t.n != 0)
			abort();
		free(err);
	} else {
		for (size_t i = 0; i < t.n; i++) {
			const struct toml_entry *e = toml_get(&t, t.e[i].key);
			const char *name;
			if (!e || strcmp(e->key, t.e[i].key) != 0)
				abort();
			if (e->type != TOML_ARRAY && !e->str)
				abort();
			(void)toml_has_table(&t, e->key);
			(void)toml_first_in(&t, e->key, &name);
		}
		toml_free(&t);
	}
	free(s);
	return 0;
}
