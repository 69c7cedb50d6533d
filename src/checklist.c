/* checklist.c: look-ups on a loaded checklist. */
#include "config.h"

#include "checklist.h"

#include <stdlib.h>
#include <string.h>

void checklist_free(struct checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->nphases; i++)
		free(cl->phases[i]->items);
	free(cl->phases);
	free(cl->sources);
	vars_free(&cl->vars);
	arena_free(&cl->arena);
	free(cl);
}

struct phase *checklist_phase(const struct checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->nphases; i++)
		if (strcmp(cl->phases[i]->id, id) == 0)
			return cl->phases[i];
	return NULL;
}

struct item *checklist_item(const struct checklist *cl, const char *id)
{
	struct item *found = NULL;
	const char *dot = strchr(id, '.');

	for (size_t i = 0; i < cl->nphases; i++) {
		struct phase *ph = cl->phases[i];
		for (size_t j = 0; j < ph->nitems; j++) {
			struct item *it = ph->items[j];
			if (dot && strcmp(it->full_id, id) == 0)
				return it;
			if (!dot && strcmp(it->id, id) == 0) {
				if (found)
					return NULL;	/* ambiguous */
				found = it;
			}
		}
	}
	return found;
}

size_t checklist_count_items(const struct checklist *cl)
{
	size_t n = 0;

	for (size_t i = 0; i < cl->nphases; i++)
		n += cl->phases[i]->nitems;
	return n;
}

char *checklist_expand(const struct checklist *cl, const char *raw, char **err)
{
	struct buf out = BUF_INIT;

	*err = NULL;
	if (!raw)
		return NULL;
	if (vars_expand(&cl->vars, raw, &out, NULL, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *checklist_command(const struct checklist *cl, const char *raw,
			char **err)
{
	struct buf out = BUF_INIT;
	struct expand_result res;

	*err = NULL;
	if (vars_expand_shell(&cl->vars, raw, &out, &res, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	if (res.deferred) {
		*err = xasprintf("\"%s\" uses a variable that no check has set"
				 " yet", raw);
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *checklist_show(const struct checklist *cl, const char *raw)
{
	char *err = NULL;
	char *s = checklist_expand(cl, raw, &err);

	free(err);
	return s ? s : xstrdup(raw ? raw : "");
}

const struct check_value *check_get(const struct check_spec *spec,
				    const char *field)
{
	int i = check_type_field(spec->type, field);

	if (i < 0 || !spec->values[i].set)
		return NULL;
	return &spec->values[i];
}
