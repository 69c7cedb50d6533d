/* idmap.c: string -> pointer map over tsearch (see idmap.h). */
#include "config.h"

#include "idmap.h"
#include "util.h"

#include <search.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct idmap_entry {
	const char *key;	/* first: a key alone is looked up as one */
	void *value;
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct idmap_entry *)a)->key,
		      ((const struct idmap_entry *)b)->key);
}

static struct idmap_entry *find(const struct idmap *m, const char *key)
{
	struct idmap_entry probe = { key, NULL };
	void *const *node = tfind(&probe, &m->root, entry_cmp);

	return node ? *node : NULL;
}

void *idmap_get(const struct idmap *m, const char *key)
{
	struct idmap_entry *e = find(m, key);

	return e ? e->value : NULL;
}

void *idmap_add(struct idmap *m, const char *key, void *value)
{
	struct idmap_entry *e = xmalloc(sizeof(*e));
	struct idmap_entry **node;

	e->key = key;
	e->value = value;
	node = tsearch(e, &m->root, entry_cmp);
	if (!node) {
		static const char msg[] = "relcheck: out of memory\n";
		ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
		(void)r;
		_exit(3);	/* as xmalloc */
	}
	if (*node != e) {
		free(e);
		return (*node)->value;
	}
	m->count++;
	return NULL;
}

void idmap_set(struct idmap *m, const char *key, void *value)
{
	struct idmap_entry *e = find(m, key);

	if (e)
		e->value = value;
	else
		idmap_add(m, key, value);
}

void *idmap_del(struct idmap *m, const char *key)
{
	struct idmap_entry *e = find(m, key);
	void *value;

	if (!e)
		return NULL;
	tdelete(e, &m->root, entry_cmp);
	value = e->value;
	free(e);
	m->count--;
	return value;
}

void idmap_free(struct idmap *m)
{
	tdestroy(m->root, free);
	m->root = NULL;
	m->count = 0;
}
