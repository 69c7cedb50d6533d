/* checklist.c: look-ups on a loaded checklist. */
#include "config.h"

#include "checklist.h"

#include <stdlib.h>
#include <string.h>

/* The item_ids value of an id that more than one phase has. */
static struct item ambiguous;

void checklist_free(struct checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->nphases; i++)
		free(cl->phases[i]->items);
	free(cl->phases);
	free(cl->sources);
	idmap_free(&cl->phase_ids);
	idmap_free(&cl->full_ids);
	idmap_free(&cl->item_ids);
	vars_free(&cl->vars);
	arena_free(&cl->arena);
	free(cl);
}

void checklist_index(struct checklist *cl)
{
	size_t k = 0;

	idmap_free(&cl->phase_ids);
	idmap_free(&cl->full_ids);
	idmap_free(&cl->item_ids);
	for (size_t i = 0; i < cl->nphases; i++) {
		struct phase *ph = cl->phases[i];
		idmap_add(&cl->phase_ids, ph->id, ph);
		for (size_t j = 0; j < ph->nitems; j++) {
			struct item *it = ph->items[j];
			it->index = k++;
			idmap_add(&cl->full_ids, it->full_id, it);
			if (idmap_add(&cl->item_ids, it->id, it))
				idmap_set(&cl->item_ids, it->id, &ambiguous);
		}
	}
}

struct phase *checklist_phase(const struct checklist *cl, const char *id)
{
	return idmap_get(&cl->phase_ids, id);
}

struct item *checklist_item(const struct checklist *cl, const char *id)
{
	struct item *it;

	if (strchr(id, '.'))
		return idmap_get(&cl->full_ids, id);
	it = idmap_get(&cl->item_ids, id);
	return it == &ambiguous ? NULL : it;
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
	struct buf out = BUF_INIT;
	char *err = NULL;

	if (!raw)
		return xstrdup("");
	if (vars_expand_show(&cl->vars, raw, &out, &err) < 0) {
		free(err);
		buf_free(&out);
		return xstrdup(raw);
	}
	return buf_detach(&out);
}

const struct check_value *check_get(const struct check_spec *spec,
				    const char *field)
{
	int i = check_type_field(spec->type, field);

	if (i < 0 || !spec->values[i].set)
		return NULL;
	return &spec->values[i];
}
