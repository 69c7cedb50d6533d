/* diag.c: collected diagnostics. */
#include "config.h"

#include "diag.h"
#include "sanitize.h"

#include <stdarg.h>
#include <stdlib.h>

static struct diag_entry *add(struct diag *d, const char *file, int line,
			      const char *fmt, va_list ap)
{
	struct diag_entry *e;
	struct buf msg = BUF_INIT;

	buf_vaddf(&msg, fmt, ap);
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->entries = xrealloc(d->entries, d->cap * sizeof(*d->entries));
	}
	e = &d->entries[d->count++];
	e->file = file ? xstrdup(file) : NULL;
	e->line = line;
	e->message = buf_detach(&msg);
	e->subject = NULL;
	return e;
}

void diag_add(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, file, line, fmt, ap);
	va_end(ap);
}

void diag_add_about(struct diag *d, const char *subject, const char *fmt, ...)
{
	va_list ap;
	struct diag_entry *e;

	va_start(ap, fmt);
	e = add(d, NULL, 0, fmt, ap);
	va_end(ap);
	e->subject = subject ? xstrdup(subject) : NULL;
}

char *diag_format(const struct diag *d, size_t i)
{
	const struct diag_entry *e = &d->entries[i];

	if (e->file && e->line > 0)
		return xasprintf("%s:%d: %s", e->file, e->line, e->message);
	if (e->file)
		return xasprintf("%s: %s", e->file, e->message);
	return xstrdup(e->message);
}

void diag_print(const struct diag *d, FILE *f)
{
	for (size_t i = 0; i < d->count; i++) {
		char *s = diag_format(d, i);
		sanitize_fprintf(f, "%s\n", s);
		free(s);
	}
}

void diag_move(struct diag *dst, struct diag *src)
{
	for (size_t i = 0; i < src->count; i++) {
		if (dst->count == dst->cap) {
			dst->cap = dst->cap ? dst->cap * 2 : 8;
			dst->entries = xrealloc(dst->entries,
						dst->cap * sizeof(*dst->entries));
		}
		dst->entries[dst->count++] = src->entries[i];
	}
	free(src->entries);
	src->entries = NULL;
	src->count = src->cap = 0;
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++) {
		free(d->entries[i].file);
		free(d->entries[i].message);
		free(d->entries[i].subject);
	}
	free(d->entries);
	d->entries = NULL;
	d->count = d->cap = 0;
}
