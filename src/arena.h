/* arena.h: a bump allocator.  A checklist owns one arena that holds all of
 * its strings and structures; freeing the arena frees the checklist. */
#ifndef RELCHECK_ARENA_H
#define RELCHECK_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

#define ARENA_INIT { NULL }

/* Zeroed memory, aligned for any type; lives until arena_free. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
