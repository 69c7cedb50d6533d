/* idmap.h: a map from strings (ids) to pointers, for the loader's and the
 * checklist's look-ups.
 *
 * A balanced tree (POSIX tsearch: a red-black tree in glibc and musl), so
 * that every operation is O(log n) whatever the keys are: no input can
 * make it slow, as colliding keys could a hash table.  The map does not
 * own its keys or values: a key must live as long as its entry (arena
 * strings do).  Values are never NULL.
 */
#ifndef RELCHECK_IDMAP_H
#define RELCHECK_IDMAP_H

#include <stddef.h>

struct idmap {
	void *root;
	size_t count;
};

#define IDMAP_INIT { NULL, 0 }

/* The value of key, or NULL. */
void *idmap_get(const struct idmap *m, const char *key);
/* Adds key -> value unless key is there: returns the value already there
 * (the map unchanged), or NULL when added. */
void *idmap_add(struct idmap *m, const char *key, void *value);
/* Sets key -> value, added or replaced. */
void idmap_set(struct idmap *m, const char *key, void *value);
/* Removes key; returns its value, or NULL when it was not there. */
void *idmap_del(struct idmap *m, const char *key);
void idmap_free(struct idmap *m);

#endif
