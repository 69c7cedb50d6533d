/* loader.c: checklist files → a validated checklist.
 *
 * A file is applied as a layer on top of what its @include lines brought
 * in.  libconfig's own @include pastes text, and libconfig refuses a
 * setting given twice, so a project file could not override anything it
 * included.  relcheck therefore takes @include lines out of the text before
 * libconfig sees it (keeping the line count, so that line numbers stay
 * true) and merges the included checklist beneath this one:
 *   - vars: a later layer replaces a variable of the same name;
 *   - phases: matched by id; a later layer may retitle a phase, replace an
 *     item (same id: the new definition is whole), add items (at the end, or
 *     where `after`/`before` says) and add phases;
 *   - drop = [ "phase.item", "phase" ]: removes items or phases.
 * Then come the variables detected from the project, then --set, then the
 * builtins (root, version).  Validation of what needs every layer
 * (variables, patterns, dependencies) runs last, on the merged result.
 */
#include "config.h"

#include "hash.h"
#include "loader.h"
#include "project.h"
#include "rx.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INCLUDE_DEPTH 10

/* While the layers are merged, a phase's items are a linked list with a
 * map from id to place, so that replacing, inserting (after/before) and
 * dropping an item cost O(log n), not a walk and a move of the array: a
 * checklist of 60,000 items loads in linear time (bench/load-big.sh).
 * merge_finish turns them into the arrays of struct phase. */
struct node {
	struct item *it;
	struct node *prev, *next;
};

struct phase_build {
	struct phase *ph;
	struct idmap items;	/* id -> struct node */
	struct node *head, *tail;
	bool dropped;
	struct where maintainer_at;	/* where maintainer = true was */
};

struct loader {
	const struct load_options *opt;
	struct diag *d;
	struct checklist *cl;
	struct sha256 *sha;	/* of every file read, in order */
	char *stack[MAX_INCLUDE_DEPTH + 1];	/* realpaths being loaded */
	int depth;
	size_t sources_cap;
	struct where name_at;	/* of the last layer's `name` */
	struct idmap phases;	/* id -> struct phase_build, not dropped */
	struct phase_build **order;	/* every phase made, in order */
	size_t norder, order_cap;
	struct idmap int_lines;	/* "file:line" of integers already found
				 * out of range in the text -> itself */
};

/* Per-file bookkeeping for duplicate phase ids within one file. */
struct file_scope {
	const char *file;
	struct idmap phases;	/* id -> struct where (arena) */
};

static void err(struct loader *L, const char *file, int line,
		const char *fmt, ...) PRINTF_LIKE(4, 5);

static void err(struct loader *L, const char *file, int line,
		const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_add(L->d, file, line, "%s", msg.data);
	buf_free(&msg);
}

static int line_of(const config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 0;
}

static bool id_valid(const char *id)
{
	if (!isalnum((unsigned char)*id) || isupper((unsigned char)*id))
		return false;
	for (const char *p = id; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		      *p == '-' || *p == '_'))
			return false;
	return true;
}

static const char *type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP: return "a group";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64: return "an integer";
	case CONFIG_TYPE_FLOAT: return "a number";
	case CONFIG_TYPE_STRING: return "a string";
	case CONFIG_TYPE_BOOL: return "a boolean";
	case CONFIG_TYPE_ARRAY: return "an array";
	case CONFIG_TYPE_LIST: return "a list";
	default: return "a value";
	}
}

static const char *name_of(const config_setting_t *s)
{
	const char *n = config_setting_name(s);

	return n ? n : "element";
}

/* ---- simple typed reads, each reporting its own error ---- */

static const char *get_string(struct loader *L, const char *file,
			      const config_setting_t *s)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		err(L, file, line_of(s), "'%s' must be a string, not %s",
		    name_of(s), type_name(config_setting_type(s)));
		return NULL;
	}
	return config_setting_get_string(s);
}

static int get_bool(struct loader *L, const char *file,
		    const config_setting_t *s, bool *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		err(L, file, line_of(s), "'%s' must be true or false, not %s",
		    name_of(s), type_name(config_setting_type(s)));
		return -1;
	}
	*out = config_setting_get_bool(s) != 0;
	return 0;
}

/* The largest integer a checklist may give: the check engine keeps
 * counts and seconds in an int, and a bigger value (libconfig reads 2^31
 * and more as a 64-bit setting) would wrap: timeout = 4294967296 would be
 * no timeout at all. */
#define COUNT_MAX INT_MAX

/* A non-negative integer of at most COUNT_MAX, int or int64 setting
 * alike (libconfig 1.5 reads a literal beyond 64 bits as the largest or
 * smallest 64-bit value, and a hex literal beyond 63 bits as negative:
 * both are out of range here too). */
static int get_count(struct loader *L, const char *file,
		     const config_setting_t *s, const char *name,
		     long long *out)
{
	int type = config_setting_type(s);
	long long i;

	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
		err(L, file, line_of(s), "'%s' must be %s, not %s", name,
		    field_kind_name(FIELD_INT), type_name(type));
		return -1;
	}
	i = type == CONFIG_TYPE_INT ? config_setting_get_int(s)
	    : config_setting_get_int64(s);
	if (i < 0 || i > COUNT_MAX) {
		char *key = xasprintf("%s:%d", file, line_of(s));
		bool told = idmap_get(&L->int_lines, key) != NULL;

		free(key);
		if (told)	/* the text's literal said it, unwrapped */
			return -1;
		err(L, file, line_of(s), "'%s' must be an integer from 0 to "
		    "%d, not %lld", name, COUNT_MAX, i);
		return -1;
	}
	*out = i;
	return 0;
}

/* A string, or a list/array of strings, into list (arena). */
static int get_strings(struct loader *L, const char *file,
		       const config_setting_t *s, struct strlist *list)
{
	struct arena *a = &L->cl->arena;
	int type = config_setting_type(s);
	int n;

	if (type == CONFIG_TYPE_STRING) {
		list->n = 1;
		list->s = arena_alloc(a, sizeof(*list->s));
		list->at = arena_alloc(a, sizeof(*list->at));
		list->s[0] = arena_strdup(a, config_setting_get_string(s));
		list->at[0] = (struct where){ file, line_of(s) };
		return 0;
	}
	if (type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY) {
		err(L, file, line_of(s),
		    "'%s' must be a string or a list of strings, not %s",
		    name_of(s), type_name(type));
		return -1;
	}
	n = config_setting_length(s);
	list->n = 0;
	list->s = arena_alloc(a, sizeof(*list->s) * (size_t)(n + 1));
	list->at = arena_alloc(a, sizeof(*list->at) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			err(L, file, line_of(e),
			    "'%s' must hold only strings; element %d is %s",
			    name_of(s), i + 1,
			    type_name(config_setting_type(e)));
			return -1;
		}
		list->s[list->n] = arena_strdup(a, config_setting_get_string(e));
		list->at[list->n] = (struct where){ file, line_of(e) };
		list->n++;
	}
	return 0;
}

static void unknown_key(struct loader *L, const char *file,
			const config_setting_t *s, const char *what,
			const char *known)
{
	err(L, file, line_of(s), "unknown setting '%s' in %s (known: %s)",
	    name_of(s), what, known);
}

/* ---- checks ---- */

static void parse_check_field(struct loader *L, const char *file,
			      const struct field_spec *f,
			      const config_setting_t *s, struct check_value *v)
{
	struct arena *a = &L->cl->arena;
	int type = config_setting_type(s);

	v->at = (struct where){ file, line_of(s) };
	switch (f->kind) {
	case FIELD_INT:
		if (get_count(L, file, s, f->name, &v->i) < 0)
			return;
		break;
	case FIELD_BOOL:
		if (type != CONFIG_TYPE_BOOL) {
			err(L, file, line_of(s), "'%s' must be %s, not %s",
			    f->name, field_kind_name(f->kind), type_name(type));
			return;
		}
		v->b = config_setting_get_bool(s) != 0;
		break;
	case FIELD_STRINGS:
		if (get_strings(L, file, s, &v->list) < 0)
			return;
		break;
	default:
		if (type != CONFIG_TYPE_STRING) {
			err(L, file, line_of(s), "'%s' must be %s, not %s",
			    f->name, field_kind_name(f->kind), type_name(type));
			return;
		}
		v->s = arena_strdup(a, config_setting_get_string(s));
		break;
	}

	if (f->kind == FIELD_MODE) {
		char *end;
		long m;

		errno = 0;
		m = strtol(v->s, &end, 8);
		if (!*v->s || strspn(v->s, "01234567") != strlen(v->s) ||
		    *end || errno || m < 0 || m > 07777) {
			err(L, file, line_of(s),
			    "'%s' must be octal permission bits such as "
			    "\"0600\", not \"%s\"", f->name, v->s);
			return;
		}
		v->i = m;
	} else if (f->kind == FIELD_ENUM) {
		struct buf known = BUF_INIT;
		bool ok = false;

		for (size_t i = 0; f->choices[i]; i++) {
			if (strcmp(f->choices[i], v->s) == 0)
				ok = true;
			buf_addf(&known, "%s%s", i ? ", " : "", f->choices[i]);
		}
		if (!ok) {
			err(L, file, line_of(s),
			    "'%s' must be one of %s, not \"%s\"",
			    f->name, known.data, v->s);
			buf_free(&known);
			return;
		}
		buf_free(&known);
	} else if (f->kind == FIELD_VARNAME) {
		if (!var_name_valid(v->s)) {
			err(L, file, line_of(s), "'%s' must be a variable name "
			    "(letters, digits, _), not \"%s\"", f->name, v->s);
			return;
		}
		if (strcmp(v->s, "version") == 0 || strcmp(v->s, "root") == 0 ||
		    strcmp(v->s, "scratch") == 0) {
			err(L, file, line_of(s), "'%s': %s is set by relcheck "
			    "itself and cannot be captured", f->name, v->s);
			return;
		}
		if (!vars_find(&L->cl->vars, v->s))
			vars_set(&L->cl->vars, v->s, NULL, VAR_RUNTIME,
				 file, line_of(s));
	}
	v->set = true;
}

static struct check_spec *parse_check(struct loader *L, const char *file,
				      const config_setting_t *g)
{
	struct arena *a = &L->cl->arena;
	const config_setting_t *ts;
	const struct check_type *type;
	struct check_spec *spec;
	const char *tname;
	size_t nfields;
	int n;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		err(L, file, line_of(g), "'check' must be a group { type = ...; }"
		    ", not %s", type_name(config_setting_type(g)));
		return NULL;
	}
	ts = config_setting_get_member(g, "type");
	if (!ts) {
		err(L, file, line_of(g), "check has no 'type'");
		return NULL;
	}
	tname = get_string(L, file, ts);
	if (!tname)
		return NULL;
	type = check_type_find(tname);
	if (!type) {
		struct buf known = BUF_INIT;
		for (size_t i = 0; check_types[i]; i++)
			buf_addf(&known, "%s%s", i ? ", " : "",
				 check_types[i]->name);
		err(L, file, line_of(ts), "unknown check type '%s' (known: %s)",
		    tname, known.data);
		buf_free(&known);
		return NULL;
	}

	nfields = check_type_nfields(type);
	spec = arena_alloc(a, sizeof(*spec));
	spec->type = type;
	spec->values = arena_alloc(a, sizeof(*spec->values) * nfields);
	spec->at = (struct where){ file, line_of(g) };

	n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								    (unsigned)i);
		const char *name = config_setting_name(s);
		int fi = check_type_field(type, name);

		if (fi < 0) {
			struct buf known = BUF_INIT;
			for (size_t k = 0; k < nfields; k++)
				buf_addf(&known, "%s%s", k ? ", " : "",
					 type->fields[k].name);
			err(L, file, line_of(s), "unknown field '%s' for check "
			    "type '%s' (known: %s)", name, type->name,
			    known.data);
			buf_free(&known);
			continue;
		}
		if (strcmp(name, "type") == 0)
			continue;
		parse_check_field(L, file, &type->fields[fi], s,
				  &spec->values[fi]);
	}
	{
		int mi = check_type_field(type, "min");
		int ma = check_type_field(type, "max");
		if (mi >= 0 && ma >= 0 && spec->values[mi].set &&
		    spec->values[ma].set &&
		    spec->values[mi].i > spec->values[ma].i)
			err(L, file, spec->values[ma].at.line, "'max' (%lld) is "
			    "less than 'min' (%lld)", spec->values[ma].i,
			    spec->values[mi].i);
	}
	for (size_t k = 0; k < nfields; k++) {
		const struct field_spec *f = &type->fields[k];
		if (f->required && strcmp(f->name, "type") != 0 &&
		    !config_setting_get_member(g, f->name))
			err(L, file, line_of(g),
			    "check type '%s' needs the field '%s' (%s)",
			    type->name, f->name, f->help);
	}
	return spec;
}

/* ---- items and phases ---- */

static void node_unlink(struct phase_build *pb, struct node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else
		pb->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		pb->tail = n->prev;
	n->prev = n->next = NULL;
}

/* Links n in before `at`, or at the end when at is NULL. */
static void node_link_before(struct phase_build *pb, struct node *n,
			     struct node *at)
{
	n->next = at;
	n->prev = at ? at->prev : pb->tail;
	if (n->prev)
		n->prev->next = n;
	else
		pb->head = n;
	if (at)
		at->prev = n;
	else
		pb->tail = n;
}

static void remove_item(struct phase_build *pb, const char *id)
{
	struct node *n = idmap_del(&pb->items, id);

	if (n)
		node_unlink(pb, n);
}

/* Places it: in place of an item with its id, else at the end, or where
 * after/before (when not NULL) says.  Returns -1 when that item is not in
 * the phase. */
static int place_item(struct loader *L, struct phase_build *pb,
		      struct item *it, const char *after, const char *before)
{
	struct node *old = idmap_get(&pb->items, it->id), *ref, *n;

	if (!after && !before && old) {
		old->it = it;	/* replace in place */
		return 0;
	}
	if (old)
		remove_item(pb, it->id);
	if (after)
		ref = idmap_get(&pb->items, after);
	else if (before)
		ref = idmap_get(&pb->items, before);
	else
		ref = NULL;
	if ((after || before) && !ref)
		return -1;
	n = arena_alloc(&L->cl->arena, sizeof(*n));
	n->it = it;
	node_link_before(pb, n, after ? ref->next : ref);
	idmap_add(&pb->items, it->id, n);
	return 0;
}

static const char item_keys[] =
	"id, title, section, description, commands, optional, depends, "
	"check, after, before, irreversible, settled_by, maintainer";

/* Parses one item and places it in pb's phase.  `seen` maps the ids this
 * file already gave in this phase to their items. */
static void apply_item(struct loader *L, const char *file,
		       struct phase_build *pb, const config_setting_t *g,
		       struct idmap *seen)
{
	struct arena *a = &L->cl->arena;
	struct phase *ph = pb->ph;
	const struct item *first;
	struct item *it;
	const char *after = NULL, *before = NULL;
	const config_setting_t *after_s = NULL;
	bool bad = false;
	int n;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		err(L, file, line_of(g), "an item must be a group { id = ...; "
		    "title = ...; }, not %s", type_name(config_setting_type(g)));
		return;
	}
	it = arena_alloc(a, sizeof(*it));
	it->at = (struct where){ file, line_of(g) };
	it->phase = ph;

	n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								    (unsigned)i);
		const char *key = config_setting_name(s);
		const char *str;

		if (strcmp(key, "id") == 0) {
			str = get_string(L, file, s);
			if (!str) {
				bad = true;
			} else if (!id_valid(str)) {
				err(L, file, line_of(s), "bad item id '%s' (use "
				    "a-z, 0-9, - and _, starting with a letter "
				    "or digit)", str);
				bad = true;
			} else {
				it->id = arena_strdup(a, str);
			}
		} else if (strcmp(key, "title") == 0 ||
			   strcmp(key, "section") == 0 ||
			   strcmp(key, "description") == 0 ||
			   strcmp(key, "after") == 0 ||
			   strcmp(key, "before") == 0 ||
			   strcmp(key, "irreversible") == 0 ||
			   strcmp(key, "settled_by") == 0) {
			str = get_string(L, file, s);
			if (!str) {
				bad = true;
				continue;
			}
			if (strcmp(key, "irreversible") == 0) {
				if (!*str) {
					err(L, file, line_of(s), "'irreversible'"
					    " is empty: say what the step does "
					    "that cannot be undone, and where");
					bad = true;
				}
				it->irreversible = arena_strdup(a, str);
			} else if (strcmp(key, "settled_by") == 0) {
				it->settled_by = arena_strdup(a, str);
				it->settled_by_at = (struct where){ file,
							line_of(s) };
			} else if (key[0] == 't')
				it->title = arena_strdup(a, str);
			else if (key[0] == 's')
				it->section = arena_strdup(a, str);
			else if (key[0] == 'd')
				it->description = arena_strdup(a, str);
			else if (key[0] == 'a') {
				after = str;
				after_s = s;
			} else {
				before = str;
				after_s = s;
			}
		} else if (strcmp(key, "commands") == 0) {
			if (get_strings(L, file, s, &it->commands) < 0)
				bad = true;
		} else if (strcmp(key, "depends") == 0) {
			if (get_strings(L, file, s, &it->depends) < 0)
				bad = true;
		} else if (strcmp(key, "optional") == 0) {
			if (get_bool(L, file, s, &it->optional) < 0)
				bad = true;
		} else if (strcmp(key, "maintainer") == 0) {
			/* done once per maintainer (maintainer.h) */
			if (get_bool(L, file, s, &it->maintainer) < 0)
				bad = true;
			it->maintainer_at = (struct where){ file, line_of(s) };
		} else if (strcmp(key, "check") == 0) {
			it->check = parse_check(L, file, s);
			if (!it->check)
				bad = true;
		} else {
			unknown_key(L, file, s, "an item", item_keys);
			bad = true;
		}
	}
	if (!config_setting_get_member(g, "id")) {
		err(L, file, line_of(g), "item has no 'id'");
		return;
	}
	if (!it->id)
		return;
	if (!config_setting_get_member(g, "title")) {
		err(L, file, line_of(g), "item '%s' has no 'title'", it->id);
		bad = true;
	} else if (it->title && !*it->title) {
		err(L, file, line_of(config_setting_get_member(g, "title")),
		    "item '%s' has an empty 'title'", it->id);
		bad = true;
	}
	if (after && before) {
		err(L, file, line_of(after_s),
		    "item '%s' has both 'after' and 'before'", it->id);
		bad = true;
	}
	first = idmap_add(seen, it->id, it);
	if (first) {
		err(L, file, line_of(g), "duplicate item id '%s.%s' (first at "
		    "line %d)", ph->id, it->id, first->at.line);
		return;
	}
	if (bad)
		return;

	{
		char *full = xasprintf("%s.%s", ph->id, it->id);
		it->full_id = arena_strdup(a, full);
		free(full);
	}

	if (place_item(L, pb, it, after, before) < 0)
		err(L, file, line_of(after_s), "'%s' names item '%s', which "
		    "phase '%s' does not have", after ? "after" : "before",
		    after ? after : before, ph->id);
}

/* The phase being built with id, made (with its title) when new. */
static struct phase_build *phase_build_get(struct loader *L, const char *id,
					   const char *file, int line)
{
	struct arena *a = &L->cl->arena;
	struct phase_build *pb = idmap_get(&L->phases, id);

	if (pb)
		return pb;
	pb = xcalloc(1, sizeof(*pb));
	pb->ph = arena_alloc(a, sizeof(*pb->ph));
	pb->ph->id = arena_strdup(a, id);
	pb->ph->at = (struct where){ file, line };
	idmap_add(&L->phases, pb->ph->id, pb);
	if (L->norder == L->order_cap) {
		L->order_cap = L->order_cap ? L->order_cap * 2 : 8;
		L->order = xrealloc(L->order, L->order_cap * sizeof(*L->order));
	}
	L->order[L->norder++] = pb;
	return pb;
}

/* A maintainer phase makes each of its items a maintainer item (one
 * that says maintainer = false contradicts it: an error at its line);
 * a phase whose items all are is a maintainer phase. */
static void maintainer_finish(struct loader *L, struct phase_build *pb)
{
	struct phase *ph = pb->ph;
	size_t n = 0;

	for (size_t i = 0; i < ph->nitems; i++) {
		struct item *it = ph->items[i];

		if (ph->maintainer && !it->maintainer &&
		    it->maintainer_at.line) {
			err(L, it->maintainer_at.file, it->maintainer_at.line,
			    "item '%s' says maintainer = false, but its phase "
			    "'%s' is done once per maintainer (maintainer = "
			    "true at %s:%d): every item of it is", it->id,
			    ph->id, pb->maintainer_at.file,
			    pb->maintainer_at.line);
			continue;
		}
		if (ph->maintainer)
			it->maintainer = true;
		n += it->maintainer;
	}
	if (ph->nitems && n == ph->nitems)
		ph->maintainer = true;
}

/* The merged phases and items into cl's arrays, and the look-ups. */
static void merge_finish(struct loader *L)
{
	struct checklist *cl = L->cl;
	size_t live = 0;

	for (size_t i = 0; i < L->norder; i++)
		live += !L->order[i]->dropped;
	cl->phases = xcalloc(live ? live : 1, sizeof(*cl->phases));
	for (size_t i = 0; i < L->norder; i++) {
		struct phase_build *pb = L->order[i];
		struct phase *ph = pb->ph;

		if (!pb->dropped) {
			size_t k = 0;
			ph->nitems = pb->items.count;
			ph->items = xcalloc(ph->nitems ? ph->nitems : 1,
					    sizeof(*ph->items));
			for (const struct node *n = pb->head; n; n = n->next)
				ph->items[k++] = n->it;
			maintainer_finish(L, pb);
			cl->phases[cl->nphases++] = ph;
		}
		idmap_free(&pb->items);
		free(pb);
	}
	free(L->order);
	L->order = NULL;
	L->norder = L->order_cap = 0;
	idmap_free(&L->phases);
	checklist_index(cl);
}

static const char phase_keys[] = "id, title, description, items, "
	"maintainer";

static void apply_phase(struct loader *L, struct file_scope *fs,
			const config_setting_t *g)
{
	struct checklist *cl = L->cl;
	struct arena *a = &cl->arena;
	const config_setting_t *ids, *items, *title_s, *desc_s;
	const char *id, *title = NULL, *desc = NULL;
	const struct where *first;
	struct where *at;
	struct phase_build *pb;
	struct phase *ph;
	struct idmap seen = IDMAP_INIT;
	int n;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		err(L, fs->file, line_of(g), "a phase must be a group { id = ...;"
		    " title = ...; items = (...); }, not %s",
		    type_name(config_setting_type(g)));
		return;
	}
	n = config_setting_length(g);
	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								    (unsigned)i);
		const char *key = config_setting_name(s);
		if (strcmp(key, "id") != 0 && strcmp(key, "title") != 0 &&
		    strcmp(key, "description") != 0 &&
		    strcmp(key, "items") != 0 && strcmp(key, "maintainer") != 0)
			unknown_key(L, fs->file, s, "a phase", phase_keys);
	}
	ids = config_setting_get_member(g, "id");
	if (!ids) {
		err(L, fs->file, line_of(g), "phase has no 'id'");
		return;
	}
	id = get_string(L, fs->file, ids);
	if (!id)
		return;
	if (!id_valid(id)) {
		err(L, fs->file, line_of(ids), "bad phase id '%s' (use a-z, 0-9,"
		    " - and _, starting with a letter or digit)", id);
		return;
	}
	at = arena_alloc(a, sizeof(*at));
	*at = (struct where){ fs->file, line_of(ids) };
	first = idmap_add(&fs->phases, arena_strdup(a, id), at);
	if (first) {
		err(L, fs->file, line_of(ids), "duplicate phase id '%s' (first "
		    "at line %d)", id, first->line);
		return;
	}

	title_s = config_setting_get_member(g, "title");
	if (title_s && !(title = get_string(L, fs->file, title_s)))
		return;
	desc_s = config_setting_get_member(g, "description");
	if (desc_s && !(desc = get_string(L, fs->file, desc_s)))
		return;

	if (!idmap_get(&L->phases, id) && !title) {
		err(L, fs->file, line_of(g), "phase '%s' has no 'title'", id);
		return;
	}
	pb = phase_build_get(L, id, fs->file, line_of(g));
	ph = pb->ph;
	{
		const config_setting_t *ms = config_setting_get_member(g,
							"maintainer");
		bool m = false;

		/* once per maintainer: checked in merge_finish */
		if (ms && get_bool(L, fs->file, ms, &m) == 0) {
			ph->maintainer = m;
			pb->maintainer_at = (struct where){ fs->file,
							    line_of(ms) };
		}
	}
	if (title)
		ph->title = arena_strdup(a, title);
	if (desc)
		ph->description = arena_strdup(a, desc);

	items = config_setting_get_member(g, "items");
	if (!items)
		return;
	if (config_setting_type(items) != CONFIG_TYPE_LIST) {
		err(L, fs->file, line_of(items), "'items' must be a list ( {...},"
		    " {...} ), not %s", type_name(config_setting_type(items)));
		return;
	}
	n = config_setting_length(items);
	for (int i = 0; i < n; i++)
		apply_item(L, fs->file, pb,
			   config_setting_get_elem(items, (unsigned)i), &seen);
	idmap_free(&seen);
}

static void apply_drop(struct loader *L, const char *file,
		       const config_setting_t *s)
{
	struct strlist list = { 0 };

	if (get_strings(L, file, s, &list) < 0)
		return;
	for (size_t i = 0; i < list.n; i++) {
		const char *name = list.s[i];
		const char *dot = strchr(name, '.');
		struct phase_build *pb;

		if (!dot) {
			pb = idmap_del(&L->phases, name);
			if (!pb)
				err(L, file, list.at[i].line, "drop: no phase "
				    "'%s' to drop", name);
			else
				pb->dropped = true;
			continue;
		}
		{
			char *pid = xstrndup(name, (size_t)(dot - name));
			pb = idmap_get(&L->phases, pid);
			free(pid);
		}
		if (!pb || !idmap_get(&pb->items, dot + 1)) {
			err(L, file, list.at[i].line, "drop: no item '%s' to "
			    "drop", name);
			continue;
		}
		remove_item(pb, dot + 1);
	}
}

static const char root_keys[] = "name, description, vars, phases, drop, "
	"review";

static void apply_root(struct loader *L, const char *file, config_t *cfg)
{
	config_setting_t *root = config_root_setting(cfg);
	struct file_scope fs = { .file = file };
	const config_setting_t *drop = NULL;
	int n = config_setting_length(root);

	for (int i = 0; i < n; i++) {
		const config_setting_t *s = config_setting_get_elem(root,
								    (unsigned)i);
		const char *key = config_setting_name(s);

		if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0) {
			const char *str = get_string(L, file, s);
			if (!str)
				continue;
			if (key[0] == 'n') {
				L->cl->name = arena_strdup(&L->cl->arena, str);
				L->name_at = (struct where){ file, line_of(s) };
			} else {
				L->cl->description =
					arena_strdup(&L->cl->arena, str);
			}
		} else if (strcmp(key, "vars") == 0) {
			int nv;
			if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
				err(L, file, line_of(s), "'vars' must be a group "
				    "{ name = \"value\"; }, not %s",
				    type_name(config_setting_type(s)));
				continue;
			}
			nv = config_setting_length(s);
			for (int k = 0; k < nv; k++) {
				const config_setting_t *v =
					config_setting_get_elem(s, (unsigned)k);
				const char *vn = config_setting_name(v);
				if (!var_name_valid(vn)) {
					err(L, file, line_of(v), "bad variable "
					    "name '%s' (letters, digits and _)",
					    vn);
					continue;
				}
				if (strcmp(vn, "version") == 0 ||
				    strcmp(vn, "root") == 0 ||
				    strcmp(vn, "scratch") == 0 ||
				    strcmp(vn, "previous_tag") == 0) {
					err(L, file, line_of(v), "'%s' is set by "
					    "relcheck itself and cannot be a "
					    "variable in vars", vn);
					continue;
				}
				if (config_setting_type(v) != CONFIG_TYPE_STRING) {
					err(L, file, line_of(v), "variable '%s' "
					    "must be a string, not %s", vn,
					    type_name(config_setting_type(v)));
					continue;
				}
				vars_set(&L->cl->vars, vn,
					 config_setting_get_string(v), VAR_FILE,
					 file, line_of(v));
			}
		} else if (strcmp(key, "phases") == 0) {
			int np;
			if (config_setting_type(s) != CONFIG_TYPE_LIST) {
				err(L, file, line_of(s), "'phases' must be a list "
				    "( {...}, {...} ), not %s",
				    type_name(config_setting_type(s)));
				continue;
			}
			np = config_setting_length(s);
			for (int k = 0; k < np; k++)
				apply_phase(L, &fs, config_setting_get_elem(
						    s, (unsigned)k));
		} else if (strcmp(key, "drop") == 0) {
			drop = s;
		} else if (strcmp(key, "review") == 0) {
			/* the review policy: checklist.c's */
			checklist_review_parse(L->cl, file, s, L->d);
		} else {
			unknown_key(L, file, s, "the checklist", root_keys);
		}
	}
	if (drop)
		apply_drop(L, file, drop);
	idmap_free(&fs.phases);
}

/* ---- files and includes ---- */

static void add_source(struct loader *L, const char *path)
{
	struct checklist *cl = L->cl;

	if (cl->nsources == L->sources_cap) {
		L->sources_cap = L->sources_cap ? L->sources_cap * 2 : 4;
		cl->sources = xrealloc(cl->sources,
				       L->sources_cap * sizeof(*cl->sources));
	}
	cl->sources[cl->nsources++] = arena_strdup(&cl->arena, path);
}

/* Finds an included file: absolute, beside the including file, then on
 * the include path.  Returns a path the caller frees, or NULL. */
static char *resolve_include(struct loader *L, const char *from,
			     const char *name)
{
	char *dir, *p;

	if (name[0] == '/')
		return path_is_file(name) ? xstrdup(name) : NULL;
	dir = path_dirname(from);
	p = path_join(dir, name);
	free(dir);
	if (path_is_file(p))
		return p;
	free(p);
	for (size_t i = 0; L->opt->include_path && L->opt->include_path[i];
	     i++) {
		p = path_join(L->opt->include_path[i], name);
		if (path_is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

struct include_line {
	char *name;
	int line;
};

/* Takes the @include lines out of text (blanking them in place) and
 * returns them.  A malformed @include line is reported. */
static struct include_line *take_includes(struct loader *L, const char *file,
					  char *text, size_t *count)
{
	struct include_line *inc = NULL;
	int line = 1;

	*count = 0;
	for (char *p = text; *p; line++) {
		char *eol = strchr(p, '\n');
		char *q = p;
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, "@include", 8) == 0 &&
		    (q[8] == ' ' || q[8] == '\t' || q[8] == '"' ||
		     q[8] == '\n' || q[8] == '\r' || q[8] == '\0')) {
			char *open = strchr(q + 8, '"');
			char *close = open ? strchr(open + 1, '"') : NULL;
			char *rest = close ? close + 1 : NULL;

			if (rest) {
				while (*rest == ' ' || *rest == '\t' ||
				       *rest == '\r')
					rest++;
			}
			if (!close || (eol && close > eol) ||
			    (rest && rest < p + len && *rest != '#' &&
			     strncmp(rest, "//", 2) != 0)) {
				err(L, file, line, "malformed @include (write "
				    "@include \"file.conf\" on a line of its "
				    "own)");
			} else {
				inc = xrealloc(inc, (*count + 1) * sizeof(*inc));
				inc[*count].name = xstrndup(open + 1,
					(size_t)(close - open - 1));
				inc[*count].line = line;
				(*count)++;
			}
			memset(p, ' ', len);
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	return inc;
}

/* ---- the raw text, before libconfig reads it ---- */

/* Length of the UTF-8 sequence at p (end: one past the text), or 0 when
 * it is not one: no overlong forms, no surrogates, nothing past
 * U+10FFFF, no NUL (libconfig would stop reading there, unseen). */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n, left = (size_t)(end - p);
	unsigned lo = 0x80, hi = 0xbf;

	if (*p == 0)
		return 0;
	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	if (*p == 0xe0)
		lo = 0xa0;
	else if (*p == 0xed)
		hi = 0x9f;
	else if (*p == 0xf0)
		lo = 0x90;
	else if (*p == 0xf4)
		hi = 0x8f;
	if (left < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* Reports each line of text that is not UTF-8 (checklists are UTF-8:
 * titles end up in JSON, HTML and the journal). */
static void check_utf8(struct loader *L, const char *file, const char *text,
		       size_t len)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + len;
	int line = 1;
	bool reported = false;

	while (p < end) {
		size_t n = utf8_len(p, end);

		if (n == 0) {
			if (!reported)
				err(L, file, line, "not UTF-8 text: %s 0x%02x",
				    *p ? "byte" : "NUL byte", *p);
			reported = true;
			n = 1;
		} else if (*p == '\n') {
			line++;
			reported = false;
		}
		p += n;
	}
}

/* Reads the integer literal of libconfig's syntax at p ([-+]digits, 0x
 * hex, an L or LL suffix), n bytes long, into *mag (its magnitude,
 * saturated at ULLONG_MAX).  Returns -1 when it is not an integer (a
 * float: a '.' or an exponent). */
static int int_literal(const char *p, size_t n, unsigned long long *mag)
{
	unsigned long long v = 0;
	size_t i = 0;
	unsigned base = 10;

	if (i < n && (p[i] == '-' || p[i] == '+'))
		i++;
	if (i + 1 < n && p[i] == '0' && (p[i + 1] == 'x' || p[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	while (n > i && (p[n - 1] == 'L' || p[n - 1] == 'l'))
		n--;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		unsigned d;
		if (isdigit((unsigned char)p[i]))
			d = (unsigned)(p[i] - '0');
		else if (base == 16 && isxdigit((unsigned char)p[i]))
			d = (unsigned)(tolower((unsigned char)p[i]) - 'a' + 10);
		else
			return -1;
		v = v > (ULLONG_MAX - d) / base ? ULLONG_MAX : v * base + d;
	}
	*mag = v;
	return 0;
}

/* Reports every integer literal in text beyond COUNT_MAX, naming the
 * setting it is given to.  libconfig 1.5 reads an integer with atoi:
 * 4294967296 would reach the loader as 0, and no check of the value it
 * hands over could tell.  Strings and comments are skipped as libconfig
 * skips them. */
static void check_int_literals(struct loader *L, const char *file,
			       const char *text, size_t len)
{
	const char *p = text, *end = text + len, *name = NULL;
	size_t namelen = 0;
	int line = 1;

	while (p < end) {
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '"') {
			for (p++; p < end && *p != '"'; p++) {
				if (*p == '\\' && p + 1 < end)
					p++;
				if (*p == '\n')
					line++;
			}
			p++;
		} else if (*p == '#' || (*p == '/' && p + 1 < end &&
					 p[1] == '/')) {
			while (p < end && *p != '\n')
				p++;
		} else if (*p == '/' && p + 1 < end && p[1] == '*') {
			for (p += 2; p < end && !(*p == '*' && p + 1 < end &&
						   p[1] == '/'); p++)
				if (*p == '\n')
					line++;
			p += 2;
		} else if (isalpha((unsigned char)*p) || *p == '*') {
			name = p;
			while (p < end && (isalnum((unsigned char)*p) ||
					   strchr("-_*", *p)))
				p++;
			namelen = (size_t)(p - name);
		} else if (isdigit((unsigned char)*p) || ((*p == '-' ||
			   *p == '+' || *p == '.') && p + 1 < end &&
			   (isdigit((unsigned char)p[1]) || p[1] == '.'))) {
			const char *q = p + 1;
			unsigned long long mag;
			while (q < end && (isalnum((unsigned char)*q) ||
					   *q == '.' || ((*q == '-' || *q == '+')
					   && (q[-1] == 'e' || q[-1] == 'E'))))
				q++;
			if (int_literal(p, (size_t)(q - p), &mag) == 0 &&
			    mag > COUNT_MAX) {
				char *key = xasprintf("%s:%d", file, line);
				err(L, file, line, "'%.*s' must be an integer "
				    "from 0 to %d, not %.*s", (int)namelen,
				    name ? name : "", COUNT_MAX, (int)(q - p), p);
				idmap_add(&L->int_lines, arena_strdup(
						  &L->cl->arena, key), L);
				free(key);
			}
			p = q;
		} else {
			p++;
		}
	}
}

/* NOLINTNEXTLINE(misc-no-recursion): MAX_INCLUDE_DEPTH bounds it */
static void load_file(struct loader *L, const char *path, const char *from,
		      int from_line)
{
	struct buf text = BUF_INIT;
	struct include_line *inc;
	size_t ninc;
	char real[PATH_MAX];
	const char *apath;
	config_t cfg;

	if (buf_read_file(&text, path) < 0) {
		if (from)
			err(L, from, from_line, "cannot include '%s': %s",
			    path, strerror(errno));
		else
			err(L, path, 0, "cannot read: %s", strerror(errno));
		return;
	}
	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	for (int i = 0; i < L->depth; i++) {
		if (strcmp(L->stack[i], real) == 0) {
			struct buf chain = BUF_INIT;
			for (int k = i; k < L->depth; k++)
				buf_addf(&chain, "%s -> ", L->stack[k]);
			buf_adds(&chain, real);
			err(L, from, from_line, "include cycle: %s", chain.data);
			buf_free(&chain);
			buf_free(&text);
			return;
		}
	}
	if (L->depth >= MAX_INCLUDE_DEPTH) {
		err(L, from, from_line, "includes nest deeper than %d",
		    MAX_INCLUDE_DEPTH);
		buf_free(&text);
		return;
	}
	L->stack[L->depth++] = xstrdup(real);

	sha256_add(L->sha, text.data, text.len);
	add_source(L, path);
	/* The text is parsed from memory, so settings carry no file name of
	 * their own: errors and `where`s name this copy, owned by the arena. */
	apath = L->cl->sources[L->cl->nsources - 1];
	check_utf8(L, apath, text.data, text.len);
	check_int_literals(L, apath, text.data, text.len);

	inc = take_includes(L, apath, text.data, &ninc);
	for (size_t i = 0; i < ninc; i++) {
		char *p = resolve_include(L, apath, inc[i].name);
		if (!p) {
			err(L, apath, inc[i].line, "cannot include '%s': no such "
			    "file beside %s or in the checklist folder",
			    inc[i].name, apath);
		} else {
			load_file(L, p, apath, inc[i].line);
			free(p);
		}
		free(inc[i].name);
	}
	free(inc);

	config_init(&cfg);
	if (!config_read_string(&cfg, text.data))
		err(L, apath, config_error_line(&cfg), "%s",
		    config_error_text(&cfg));
	else
		apply_root(L, apath, &cfg);
	config_destroy(&cfg);
	buf_free(&text);
	free(L->stack[--L->depth]);
}

/* ---- whole-checklist validation ---- */

/* Expands raw for validation: runtime variables stand in as "x". */
static char *check_expand(struct loader *L, const struct vars *probe,
			  const char *raw, struct where at)
{
	struct buf out = BUF_INIT;
	char *msg;

	if (vars_expand(probe, raw, &out, NULL, &msg) < 0) {
		err(L, at.file, at.line, "%s", msg);
		free(msg);
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void validate_string(struct loader *L, const struct vars *probe,
			    const char *raw, struct where at)
{
	free(check_expand(L, probe, raw, at));
}

static void validate_check(struct loader *L, const struct vars *probe,
			   const struct check_spec *spec)
{
	const struct check_type *t = spec->type;

	for (size_t k = 0; t->fields[k].name; k++) {
		const struct field_spec *f = &t->fields[k];
		const struct check_value *v = &spec->values[k];
		char *s, *msg;

		if (!v->set)
			continue;
		if (f->kind == FIELD_STRINGS) {
			for (size_t i = 0; i < v->list.n; i++)
				validate_string(L, probe, v->list.s[i],
						v->list.at[i]);
			continue;
		}
		if (!v->s || f->kind == FIELD_ENUM || f->kind == FIELD_MODE ||
		    f->kind == FIELD_VARNAME)
			continue;
		s = check_expand(L, probe, v->s, v->at);
		if (!s)
			continue;
		if (f->kind == FIELD_REGEX) {
			pcre2_code *re = rx_compile(s, &msg);
			const struct check_value *cap = check_get(spec,
								  "capture");
			if (!re) {
				err(L, v->at.file, v->at.line, "'%s': %s",
				    f->name, msg);
				free(msg);
			} else if (strcmp(t->name, "version") == 0 &&
				   strcmp(f->name, "pattern") == 0 &&
				   !rx_capture_count(re)) {
				err(L, v->at.file, v->at.line, "'pattern' needs "
				    "a group around the version, such as "
				    "version = \"([^\"]+)\"");
			} else if (cap && strcmp(f->name, "pattern") == 0 &&
				   !rx_has_group(re, cap->s)) {
				err(L, cap->at.file, cap->at.line, "capture "
				    "'%s': the pattern has no group "
				    "(?<%s>...)", cap->s, cap->s);
			}
			pcre2_code_free(re);
		} else if (f->kind == FIELD_URL) {
			if (!str_starts_with(s, "http://") &&
			    !str_starts_with(s, "https://"))
				err(L, v->at.file, v->at.line, "'%s' must be an "
				    "http:// or https:// URL, not \"%s\"",
				    f->name, s);
		}
		free(s);
	}
}

/* version_pattern is a pattern too, read by set_version and by version
 * checks: it must compile and have the group that holds the version. */
static void validate_version_pattern(struct loader *L,
				     const struct vars *probe)
{
	const struct var *v = vars_find(&L->cl->vars, "version_pattern");
	struct buf out = BUF_INIT;
	pcre2_code *re;
	uint32_t groups = 0;
	char *msg = NULL;

	/* An expansion error is reported with the other variables'. */
	if (!v || !v->value || vars_expand(probe, v->value, &out, NULL,
					   &msg) < 0)
		goto out;
	re = rx_compile(out.data, &msg);
	if (!re) {
		err(L, v->file, v->line, "'version_pattern': %s", msg);
		goto out;
	}
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups < 1)
		err(L, v->file, v->line, "'version_pattern' has no group "
		    "( ... ) around the version");
	pcre2_code_free(re);
out:
	free(msg);
	buf_free(&out);
}

/* Reports the cycle path[from..depth] that comes back to path[from]. */
static void cycle_error(struct loader *L, struct item **path, size_t from,
			size_t depth)
{
	struct buf msg = BUF_INIT;
	const struct item *it = path[from];

	for (size_t i = from; i <= depth; i++)
		buf_addf(&msg, "%s -> ", path[i]->full_id);
	buf_adds(&msg, it->full_id);
	err(L, it->at.file, it->at.line, "dependency cycle: %s", msg.data);
	buf_free(&msg);
}

/* Depth-first search for a dependency cycle from start; colour (by
 * item->index): 0 new, 1 on the path, 2 done.  A loop over path and next
 * (the dependency to try at each depth; both have room for every item),
 * not recursion: a chain of 100,000 items must not overflow the stack. */
static bool find_cycle(struct loader *L, struct item *start,
		       unsigned char *colour, struct item **path, size_t *next)
{
	size_t depth = 0;

	if (colour[start->index])
		return false;
	colour[start->index] = 1;
	path[0] = start;
	next[0] = 0;
	for (;;) {
		struct item *it = path[depth], *dep;

		if (next[depth] == it->depends.n) {
			colour[it->index] = 2;
			if (depth == 0)
				return false;
			depth--;
			continue;
		}
		dep = it->deps[next[depth]++];
		if (!dep || colour[dep->index] == 2)
			continue;
		if (colour[dep->index] == 1) {
			size_t from = depth;
			while (path[from] != dep)
				from--;
			cycle_error(L, path, from, depth);
			return true;
		}
		colour[dep->index] = 1;
		path[++depth] = dep;
		next[depth] = 0;
	}
}

/* Reports depends entry d of it, which names nothing.  An id alone names
 * an item of the same phase: when another phase has it, say so. */
static void unknown_dep(struct loader *L, const struct item *it, size_t d)
{
	const char *ref = it->depends.s[d];
	const struct item *other = strchr(ref, '.') ? NULL
				   : checklist_item(L->cl, ref);
	struct where at = it->depends.at[d];

	if (other)
		err(L, at.file, at.line, "item '%s' depends on '%s', which "
		    "phase '%s' does not have (did you mean '%s'?)",
		    it->full_id, ref, it->phase->id, other->full_id);
	else
		err(L, at.file, at.line, "item '%s' depends on '%s', which "
		    "does not exist", it->full_id, ref);
}

/* The item depends entry ref names: "phase.item", or an item of ph. */
static struct item *find_dep(const struct checklist *cl,
			     const struct phase *ph, const char *ref)
{
	struct item *dep;
	char *full;

	if (strchr(ref, '.'))
		return checklist_item(cl, ref);
	full = xasprintf("%s.%s", ph->id, ref);
	dep = idmap_get(&cl->full_ids, full);
	free(full);
	return dep;
}

/* settled_by: an item of another phase, never a chain back to itself. */
static void resolve_settled_by(struct loader *L)
{
	struct checklist *cl = L->cl;
	size_t nall = checklist_count_items(cl);

	for (size_t p = 0; p < cl->nphases; p++) {
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			struct item *it = cl->phases[p]->items[i];
			struct where at = it->settled_by_at;
			struct item *by;

			if (!it->settled_by)
				continue;
			by = strchr(it->settled_by, '.')
			     ? checklist_item(cl, it->settled_by) : NULL;
			if (!by)
				err(L, at.file, at.line, "item '%s' is settled_by "
				    "'%s', which does not exist (name it as "
				    "phase.item)", it->full_id, it->settled_by);
			else if (by->phase == it->phase)
				err(L, at.file, at.line, "item '%s' is settled_by "
				    "'%s', of its own phase: settled_by names "
				    "an item of another phase (within a phase, "
				    "use depends)", it->full_id, by->full_id);
			else if (it->check)
				err(L, at.file, at.line, "item '%s' has both a "
				    "check and settled_by: its state is that of "
				    "'%s'; move the check there", it->full_id,
				    by->full_id);
			else
				it->settler = by;
		}
	}
	/* A chain longer than the items has come back on itself. */
	for (size_t p = 0; p < cl->nphases; p++) {
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			struct item *it = cl->phases[p]->items[i], *s;
			size_t steps = 0;

			for (s = it->settler; s && s != it && steps <= nall;
			     s = s->settler)
				steps++;
			if (s == it) {
				struct buf chain = BUF_INIT;
				buf_adds(&chain, it->full_id);
				for (s = it->settler; s != it; s = s->settler)
					buf_addf(&chain, " -> %s", s->full_id);
				buf_addf(&chain, " -> %s", it->full_id);
				err(L, it->settled_by_at.file,
				    it->settled_by_at.line, "settled_by cycle: "
				    "%s", chain.data);
				buf_free(&chain);
				return;	/* once: each item of it would say it */
			}
		}
	}
}

static void resolve_depends(struct loader *L)
{
	struct checklist *cl = L->cl;
	size_t nall = checklist_count_items(cl);
	struct item **path = xcalloc(nall + 1, sizeof(*path));
	size_t *next = xcalloc(nall + 1, sizeof(*next));
	unsigned char *colour = xcalloc(nall + 1, 1);
	bool cycle = false;

	for (size_t p = 0; p < cl->nphases; p++) {
		struct phase *ph = cl->phases[p];
		for (size_t i = 0; i < ph->nitems; i++) {
			struct item *it = ph->items[i];
			it->deps = arena_alloc(&cl->arena, sizeof(*it->deps) *
					       (it->depends.n + 1));
			for (size_t d = 0; d < it->depends.n; d++) {
				struct item *dep = find_dep(cl, ph,
							    it->depends.s[d]);
				if (!dep) {
					unknown_dep(L, it, d);
				} else if (dep == it) {
					err(L, it->depends.at[d].file,
					    it->depends.at[d].line,
					    "item '%s' depends on itself",
					    it->full_id);
					dep = NULL;
				}
				it->deps[d] = dep;
			}
		}
	}
	for (size_t p = 0; p < cl->nphases && !cycle; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems && !cycle; i++)
			cycle = find_cycle(L, cl->phases[p]->items[i], colour,
					   path, next);
	free(colour);
	free(next);
	free(path);
}

static void validate(struct loader *L)
{
	struct checklist *cl = L->cl;
	struct vars probe = VARS_INIT;

	if (cl->nphases == 0) {
		if (L->d->count == 0)
			err(L, cl->file, 0, "the checklist has no phases");
		return;
	}
	vars_copy(&probe, &cl->vars);
	probe.probe = true;
	for (size_t i = 0; i < probe.count; i++)
		if (!probe.v[i].value)
			probe.v[i].value = xstrdup("x");

	/* Every variable's value must expand, even if no item uses it. */
	for (size_t i = 0; i < cl->vars.count; i++) {
		const struct var *v = &cl->vars.v[i];
		if (v->value && v->origin != VAR_BUILTIN)
			validate_string(L, &probe, v->value,
					(struct where){ v->file, v->line });
	}
	validate_version_pattern(L, &probe);
	if (cl->name)
		validate_string(L, &probe, cl->name, L->name_at);
	for (size_t p = 0; p < cl->nphases; p++) {
		struct phase *ph = cl->phases[p];
		if (ph->nitems == 0 && L->d->count == 0)
			err(L, ph->at.file, ph->at.line, "phase '%s' has no "
			    "items", ph->id);
		validate_string(L, &probe, ph->title, ph->at);
		for (size_t i = 0; i < ph->nitems; i++) {
			struct item *it = ph->items[i];
			validate_string(L, &probe, it->title, it->at);
			if (it->section)
				validate_string(L, &probe, it->section, it->at);
			if (it->description)
				validate_string(L, &probe, it->description,
						it->at);
			for (size_t c = 0; c < it->commands.n; c++)
				validate_string(L, &probe, it->commands.s[c],
						it->commands.at[c]);
			if (it->irreversible)
				validate_string(L, &probe, it->irreversible,
						it->at);
			if (it->check)
				validate_check(L, &probe, it->check);
		}
	}
	vars_free(&probe);
	/* An item left out for its own errors would show up here again as a
	 * missing dependency: resolve only a clean checklist. */
	if (L->d->count == 0)
		resolve_depends(L);
	if (L->d->count == 0)
		resolve_settled_by(L);
}

/* ---- variables from outside the files ---- */

/* ${scratch}: a folder of the repository's own, outside it, for what a
 * release makes and throws away (virtual environments).  Its name holds
 * no text of the repository's: a tool that pastes a path into a script
 * unquoted (a venv's launchers do) cannot be made to run a folder's
 * name. */
static void set_scratch(struct vars *vs, const char *root)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	char hex[SHA256_HEX_LEN + 1], *path;

	sha256_hex(root, strlen(root), hex);
	if (xdg && *xdg == '/')
		path = xasprintf("%s/relcheck/%.16s", xdg, hex);
	else
		path = xasprintf("%s/.cache/relcheck/%.16s",
				 home && *home == '/' ? home : "/tmp", hex);
	vars_set(vs, "scratch", path, VAR_BUILTIN, NULL, 0);
	free(path);
}

static void apply_outside_vars(struct loader *L)
{
	const struct load_options *opt = L->opt;
	struct vars *vs = &L->cl->vars;

	if (opt->detected) {
		for (size_t i = 0; i < opt->detected->count; i++) {
			const struct var *v = &opt->detected->v[i];
			vars_set(vs, v->name, v->value, VAR_DETECTED, v->file,
				 v->line);
			if (v->words)
				vars_mark_words(vs, v->name);
		}
	}
	if (opt->defaults) {
		for (size_t i = 0; i < opt->defaults->count; i++) {
			const struct var *v = &opt->defaults->v[i];
			if (vars_find(vs, v->name))
				vars_set(vs, v->name, v->value, VAR_COMMAND_LINE,
					 NULL, 0);
		}
	}
	if (opt->overrides) {
		for (size_t i = 0; i < opt->overrides->count; i++) {
			const struct var *v = &opt->overrides->v[i];
			if (strcmp(v->name, "version") == 0)
				continue;
			if (strcmp(v->name, "root") == 0 ||
			    strcmp(v->name, "scratch") == 0 ||
			    strcmp(v->name, "previous_tag") == 0) {
				err(L, NULL, 0, "--set %s: %s is set by relcheck "
				    "itself (for root, use -C DIR)", v->name,
				    v->name);
				continue;
			}
			if (!vars_find(vs, v->name)) {
				err(L, NULL, 0, "--set %s: the checklist has no "
				    "variable '%s'", v->name, v->name);
				continue;
			}
			vars_set(vs, v->name, v->value, VAR_COMMAND_LINE,
				 NULL, 0);
		}
	}
	vars_set(vs, "root", opt->root ? opt->root : ".", VAR_BUILTIN,
		 NULL, 0);
	set_scratch(vs, opt->root ? opt->root : ".");
}

static bool version_chars_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(".+!_-", *s))
			return false;
	return true;
}

/* Whether the version comes from git tags (${version_source}, detected
 * or written by relcheck init, says "git tags (BACKEND)"): then it is in
 * no file, whatever default an included checklist gave version_file, and
 * a title that names the file says "the git tag". */
static bool version_from_tags(struct loader *L)
{
	struct checklist *cl = L->cl;
	char *msg = NULL, *src;
	bool tags;

	if (!vars_find(&cl->vars, "version_source"))
		return false;
	src = checklist_expand(cl, "${version_source}", &msg);
	tags = src && str_starts_with(src, "git tags");
	free(src);
	free(msg);
	if (tags)
		vars_set(&cl->vars, "version_file", NULL, VAR_DETECTED,
			 "the git tag", 0);
	return tags;
}

/* ${version}: --release (or --set version=), else the tag at HEAD when
 * the version comes from git tags, else the version file. */
static void set_version(struct loader *L)
{
	const struct load_options *opt = L->opt;
	struct checklist *cl = L->cl;
	const char *release = opt->release;
	struct buf text = BUF_INIT;
	char *file = NULL, *pat = NULL, *path = NULL, *value = NULL, *msg;
	pcre2_code *re = NULL;
	const struct var *v;
	bool tags = version_from_tags(L);

	if (!release && opt->overrides) {
		v = vars_find(opt->overrides, "version");
		if (v)
			release = v->value;
	}
	if (release) {
		if (!version_chars_ok(release)) {
			err(L, NULL, 0, "--release '%s': not a version (letters, "
			    "digits and . + ! _ - only)", release);
			vars_set(&cl->vars, "version", NULL, VAR_BUILTIN, NULL,
				 0);
			return;
		}
		vars_set(&cl->vars, "version", release, VAR_COMMAND_LINE,
			 NULL, 0);
		cl->version_known = true;
		return;
	}
	/* The version detected from the tag at HEAD, when the project's
	 * version comes from its git tags. */
	v = opt->detected ? vars_find(opt->detected, "version") : NULL;
	if (v && v->value && version_chars_ok(v->value)) {
		vars_set(&cl->vars, "version", v->value, VAR_DETECTED, v->file,
			 0);
		cl->version_known = true;
		return;
	}
	if (tags && !opt->detected) {
		char *prefix = NULL, *head = NULL;
		size_t n = 0;

		if (project_tag_scheme(opt->root ? opt->root : ".", &prefix,
				       &n, &head) == 0 && head &&
		    version_chars_ok(head)) {
			vars_set(&cl->vars, "version", head, VAR_DETECTED,
				 "the tag at HEAD", 0);
			cl->version_known = true;
		}
		free(prefix);
		free(head);
		if (cl->version_known)
			return;
	}
	/* Unknown until found: a runtime variable, left as ${version}. */
	vars_set(&cl->vars, "version", NULL, VAR_BUILTIN, NULL, 0);
	if (tags || !vars_find(&cl->vars, "version_file"))
		return;
	file = checklist_expand(cl, "${version_file}", &msg);
	if (!file)
		goto out;
	pat = vars_find(&cl->vars, "version_pattern")
	      ? checklist_expand(cl, "${version_pattern}", &msg)
	      : xstrdup("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
	if (!pat)
		goto out;
	path = path_join(opt->root ? opt->root : ".", file);
	/* Read before the checklist is trusted: never outside the
	 * repository's files (the version check says why it is unknown). */
	{
		char real[PATH_MAX];
		if (!realpath(path, real) ||
		    !path_in_repository(opt->root ? opt->root : ".", real) ||
		    !path_is_file(real))
			goto out;
	}
	if (buf_read_file(&text, path) < 0)
		goto out;
	re = rx_compile(pat, &msg);
	if (!re)
		goto out;
	/* The version goes into shell commands: a version file that holds
	 * anything but a version leaves it unknown (the version check says
	 * why). */
	if (rx_match(re, text.data, text.len, "1", &value, &msg) == 1 && value &&
	    version_chars_ok(value)) {
		vars_set(&cl->vars, "version", value, VAR_DETECTED, path, 0);
		cl->version_known = true;
	}
out:
	/* Problems here are reported by validation (bad vars, bad pattern)
	 * or are the version check's to report (no file, no match). */
	free(msg);
	pcre2_code_free(re);
	free(value);
	free(path);
	free(pat);
	free(file);
	buf_free(&text);
}

/* ${previous_tag}: the last release tag before ${version}, of the names
 * ${tag} gives (v${version}: v1.0.0, v0.9.2, ...), found in the
 * repository's tags.  "" when the version is unknown, when ${tag} does
 * not hold ${version} once, or when no tag is before it. */
static void set_previous_tag(struct loader *L)
{
	struct checklist *cl = L->cl;
	const struct var *ver = vars_find(&cl->vars, "version");
	struct vars probe = VARS_INIT;
	struct buf out = BUF_INIT;
	char *msg = NULL, *found = NULL;

	if (cl->version_known && ver && ver->value &&
	    vars_find(&cl->vars, "tag")) {
		char *mark;

		vars_copy(&probe, &cl->vars);
		vars_set(&probe, "version", "\x01", VAR_BUILTIN, NULL, 0);
		if (vars_expand(&probe, "${tag}", &out, NULL, &msg) == 0 &&
		    (mark = strchr(out.data, '\x01')) != NULL &&
		    !strchr(mark + 1, '\x01')) {
			*mark = '\0';
			found = project_previous_tag(L->opt->root ? L->opt->root
						     : ".", out.data, mark + 1,
						     ver->value);
		}
	}
	vars_set(&cl->vars, "previous_tag", found ? found : "", VAR_BUILTIN,
		 NULL, 0);
	free(found);
	free(msg);
	buf_free(&out);
	vars_free(&probe);
}

struct checklist *checklist_load(const struct load_options *opt,
				 struct diag *d)
{
	struct loader L = { .opt = opt };
	struct diag mine = DIAG_INIT;
	struct checklist *cl;

	L.d = &mine;
	L.cl = cl = xcalloc(1, sizeof(*cl));
	cl->file = arena_strdup(&cl->arena, opt->file);
	L.sha = sha256_new();
	if (!L.sha) {
		diag_add(d, opt->file, 0, "cannot start SHA-256");
		checklist_free(cl);
		return NULL;
	}

	load_file(&L, opt->file, NULL, 0);
	merge_finish(&L);
	/* Carry on after errors in the files, so that one run shows every
	 * problem; validate() keeps from the checks that would only echo an
	 * earlier error. */
	apply_outside_vars(&L);
	set_version(&L);
	set_previous_tag(&L);
	validate(&L);

	idmap_free(&L.int_lines);
	sha256_end(L.sha, cl->sha256);

	if (mine.count) {
		diag_move(d, &mine);
		checklist_free(cl);
		return NULL;
	}
	return cl;
}
