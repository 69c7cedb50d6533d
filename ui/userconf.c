/* userconf.c: the user's own configuration (userconf.h): read, checked
 * whole (every problem as file:line), and the keys as bound. */
#include "config.h"

#include "keyname.h"
#include "userconf.h"
#include "vars.h"

#include <ctype.h>
#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SETTINGS "theme, colours, mouse, keys, defaults"

char *userconf_path(void)
{
	const char *env = getenv("RELCHECK_USER_CONFIG");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/relcheck/config", xdg);
	if (home && *home)
		return xasprintf("%s/.config/relcheck/config", home);
	return NULL;
}

void userconf_init(struct userconf *uc)
{
	memset(uc, 0, sizeof(*uc));
	uc->theme = THEME_DEFAULT;
}

void userconf_free(struct userconf *uc)
{
	free(uc->path);
	for (size_t i = 0; i < ACT_NONE; i++)
		free(uc->keys[i]);
	for (size_t i = 0; i < PAGER_NONE; i++)
		free(uc->pager_keys[i]);
	free(uc->as);
	for (size_t i = 0; i < uc->nsets; i++) {
		free(uc->set_names[i]);
		free(uc->set_values[i]);
	}
	free(uc->set_names);
	free(uc->set_values);
	userconf_init(uc);
}

const char *userconf_action_name(const char *table_name, char *buf,
				 size_t size)
{
	size_t i;

	for (i = 0; table_name[i] && i + 1 < size; i++)
		buf[i] = (char)tolower((unsigned char)table_name[i]);
	buf[i] = '\0';
	return buf;
}

/* ---- reading ---- */

struct parse {
	struct userconf *uc;
	const char *file;
	struct diag *d;
	int key_line[ACT_NONE];		/* where each binding is; 0: none */
	int pager_line[PAGER_NONE];
	unsigned errors;		/* said so far */
};

static void err(struct parse *P, int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static void err(struct parse *P, int line, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_add(P->d, P->file, line, "%s", msg.data);
	buf_free(&msg);
	P->errors++;
}

static int line_of(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

/* A string setting's value; NULL after saying what it should be. */
static const char *string_of(struct parse *P, const config_setting_t *s,
			     const char *what)
{
	const char *v = config_setting_get_string(s);

	if (!v)
		err(P, line_of(s), "%s must be a string", what);
	return v;
}

static bool group_of(struct parse *P, const config_setting_t *s,
		     const char *what)
{
	if (config_setting_is_group(s))
		return true;
	err(P, line_of(s), "%s must be a group: %s = { ... };", what, what);
	return false;
}

/* A binding: "key" or [ "key", ... ], each a name key_code knows; the
 * names joined as the table writes them ("n, Down"), or NULL after
 * saying why. */
static char *binding(struct parse *P, const config_setting_t *s,
		     const char *what)
{
	struct buf keys = BUF_INIT;
	int n = 1;
	bool ok = true;

	if (config_setting_is_aggregate(s)) {
		n = config_setting_length(s);
		if (n == 0) {
			err(P, line_of(s), "%s: no key (an action keeps at "
			    "least one)", what);
			return NULL;
		}
	}
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_is_aggregate(s)
			? config_setting_get_elem(s, (unsigned)i) : s;
		const char *name = e ? config_setting_get_string(e) : NULL;

		if (!name) {
			err(P, line_of(s), "%s must be a key name or a list "
			    "of them: \"n\" or [ \"n\", \"Down\" ]", what);
			ok = false;
			break;
		}
		if (key_code(name, strlen(name)) < 0) {
			err(P, line_of(s), "%s: unknown key name '%s' (key "
			    "names: %s)", what, name, KEY_NAMES_HELP);
			ok = false;
			continue;
		}
		buf_addf(&keys, "%s%s", keys.len ? ", " : "", name);
	}
	if (!ok) {
		buf_free(&keys);
		return NULL;
	}
	return buf_detach(&keys);
}

static void read_pager_keys(struct parse *P, const config_setting_t *g)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);

	if (!group_of(P, g, "keys.pager"))
		return;
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								   (unsigned)i);
		const char *name = config_setting_name(s);
		size_t k;
		char lower[32], what[64];

		for (k = 0; k < n; k++)
			if (strcmp(userconf_action_name(t[k].name, lower,
							sizeof(lower)),
				   name) == 0)
				break;
		if (k == n) {
			err(P, line_of(s), "keys.pager.%s: the viewer has no "
			    "action called '%s' (down, up, page_down, page_up, "
			    "first, last, search, next, back)", name, name);
			continue;
		}
		snprintf(what, sizeof(what), "keys.pager.%s", name);
		free(P->uc->pager_keys[t[k].id]);
		P->uc->pager_keys[t[k].id] = binding(P, s, what);
		P->pager_line[t[k].id] = line_of(s);
	}
}

static void read_keys(struct parse *P, const config_setting_t *g)
{
	size_t n;
	const struct action *t = actions_table(&n);

	if (!group_of(P, g, "keys"))
		return;
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								   (unsigned)i);
		const char *name = config_setting_name(s);
		size_t k;
		char lower[32], what[64];

		if (strcmp(name, "pager") == 0) {
			read_pager_keys(P, s);
			continue;
		}
		for (k = 0; k < n; k++)
			if (strcmp(userconf_action_name(t[k].name, lower,
							sizeof(lower)),
				   name) == 0)
				break;
		if (k == n) {
			err(P, line_of(s), "keys.%s: the screen has no action "
			    "called '%s' (relcheck(1), USER CONFIGURATION, "
			    "lists them)", name, name);
			continue;
		}
		snprintf(what, sizeof(what), "keys.%s", name);
		free(P->uc->keys[t[k].id]);
		P->uc->keys[t[k].id] = binding(P, s, what);
		P->key_line[t[k].id] = line_of(s);
	}
}

static void read_colours(struct parse *P, const config_setting_t *g)
{
	if (!group_of(P, g, "colours"))
		return;
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								   (unsigned)i);
		const char *name = config_setting_name(s);
		int p = theme_pair_by_name(name);
		const char *v;
		char what[64];

		if (p < 0) {
			err(P, line_of(s), "colours.%s: no such colour pair "
			    "(%s)", name, THEME_PAIR_NAMES);
			continue;
		}
		snprintf(what, sizeof(what), "colours.%s", name);
		v = string_of(P, s, what);
		if (v && !theme_colour_parse(v, &P->uc->colours[p]))
			err(P, line_of(s), "colours.%s: '%s' is not a colour: "
			    "COLOUR or COLOUR on COLOUR, of default, black, "
			    "red, green, yellow, blue, magenta, cyan, white",
			    name, v);
	}
}

static void read_sets(struct parse *P, const config_setting_t *g)
{
	struct userconf *uc = P->uc;

	if (!group_of(P, g, "defaults.set"))
		return;
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								   (unsigned)i);
		const char *name = config_setting_name(s);
		char what[80];
		const char *v;

		snprintf(what, sizeof(what), "defaults.set.%s", name);
		v = string_of(P, s, what);
		if (!v)
			continue;
		if (!var_name_valid(name)) {
			err(P, line_of(s), "defaults.set.%s: not a variable "
			    "name (letters, digits and _)", name);
			continue;
		}
		uc->set_names = xrealloc(uc->set_names, (uc->nsets + 1) *
					 sizeof(*uc->set_names));
		uc->set_values = xrealloc(uc->set_values, (uc->nsets + 1) *
					  sizeof(*uc->set_values));
		uc->set_names[uc->nsets] = xstrdup(name);
		uc->set_values[uc->nsets++] = xstrdup(v);
	}
}

static void read_defaults(struct parse *P, const config_setting_t *g)
{
	if (!group_of(P, g, "defaults"))
		return;
	for (int i = 0; i < config_setting_length(g); i++) {
		const config_setting_t *s = config_setting_get_elem(g,
								   (unsigned)i);
		const char *name = config_setting_name(s);

		if (strcmp(name, "as") == 0) {
			const char *v = string_of(P, s, "defaults.as");

			if (v && (!*v || strchr(v, '\n')))
				err(P, line_of(s), "defaults.as needs a name, "
				    "such as \"Name <email>\"");
			else if (v) {
				free(P->uc->as);
				P->uc->as = xstrdup(v);
			}
		} else if (strcmp(name, "set") == 0) {
			read_sets(P, s);
		} else {
			err(P, line_of(s), "defaults.%s: not an option the "
			    "config gives a default for (as, set)", name);
		}
	}
}

static void read_root(struct parse *P, const config_setting_t *root)
{
	for (int i = 0; i < config_setting_length(root); i++) {
		const config_setting_t *s =
			config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(s);

		if (strcmp(name, "theme") == 0) {
			const char *v = string_of(P, s, "theme");
			int th = v ? theme_by_name(v) : -1;

			if (v && th < 0)
				err(P, line_of(s), "theme: no theme called "
				    "'%s' (%s)", v, THEME_NAMES);
			else if (v)
				P->uc->theme = (enum theme_name)th;
		} else if (strcmp(name, "colours") == 0 ||
			   strcmp(name, "colors") == 0) {
			read_colours(P, s);
		} else if (strcmp(name, "mouse") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_BOOL)
				err(P, line_of(s), "mouse must be true or "
				    "false");
			else
				P->uc->mouse = config_setting_get_bool(s);
		} else if (strcmp(name, "keys") == 0) {
			read_keys(P, s);
		} else if (strcmp(name, "defaults") == 0) {
			read_defaults(P, s);
		} else {
			err(P, line_of(s), "'%s' is not a setting of the user "
			    "config (%s)", name, SETTINGS);
		}
	}
}

/* ---- conflicts: one key, two actions that can apply at once ---- */

struct clash {
	const char *other;	/* the other action's keys */
	const char *name;	/* the first key of ours found in them */
	size_t len;
};

static bool not_in_other(const char *name, size_t len, void *data)
{
	struct clash *c = data;

	if (!key_in(c->other, key_code(name, len)))
		return true;
	c->name = name;
	c->len = len;
	return false;
}

/* Reports the key that a and b (as bound; line 0: a default) share;
 * where names the context ("in operator mode"). */
static void clash(struct parse *P, const char *prefix, const char *a_name,
		  const char *a_keys, int a_line, const char *b_name,
		  const char *b_keys, int b_line, const char *where)
{
	struct clash c = { .other = b_keys };
	char an[32], bn[32];
	int line = a_line > b_line ? a_line : b_line;

	if (key_each(a_keys, not_in_other, &c))
		return;
	userconf_action_name(a_name, an, sizeof(an));
	userconf_action_name(b_name, bn, sizeof(bn));
	if (a_line && b_line)
		err(P, line, "key '%.*s' is bound to both %s%s (%s:%d) and "
		    "%s%s (%s:%d), and both apply %s", (int)c.len, c.name,
		    prefix, an, P->file, a_line, prefix, bn, P->file, b_line,
		    where);
	else
		err(P, line, "key '%.*s' of %s%s is %s%s's too (its default "
		    "key), and both apply %s: give %s%s other keys as well",
		    (int)c.len, c.name, prefix, a_line ? an : bn, prefix,
		    a_line ? bn : an, where, prefix, a_line ? bn : an);
}

static void check_conflicts(struct parse *P)
{
	size_t n;
	const struct action *t = actions_table(&n);
	const struct pager_key *pt = pager_keys_table(&n);

	for (size_t i = 0; i < ACT_NONE; i++)
		for (size_t j = i + 1; j < ACT_NONE; j++) {
			unsigned both = t[i].modes & t[j].modes;
			char where[64];

			if (!both || (!P->key_line[i] && !P->key_line[j]) ||
			    !userconf_keys(P->uc, t[i].id) ||
			    !userconf_keys(P->uc, t[j].id))
				continue;
			/* The lowest mode they share, to say where. */
			snprintf(where, sizeof(where), "in %s mode",
				 action_mode_name(both & (~both + 1)));
			clash(P, "", t[i].name, userconf_keys(P->uc, t[i].id),
			      P->key_line[i], t[j].name,
			      userconf_keys(P->uc, t[j].id), P->key_line[j],
			      where);
		}
	for (size_t i = 0; i < PAGER_NONE; i++)
		for (size_t j = i + 1; j < PAGER_NONE; j++) {
			if (!P->pager_line[i] && !P->pager_line[j])
				continue;
			clash(P, "pager.", pt[i].name,
			      userconf_pager_keys(P->uc, pt[i].id),
			      P->pager_line[i], pt[j].name,
			      userconf_pager_keys(P->uc, pt[j].id),
			      P->pager_line[j], "in the viewer");
		}
}

/* libconfig's @include would read another file, relative to the
 * current folder: not taken here. */
static void no_includes(struct parse *P, const char *text)
{
	int line = 1;

	for (const char *p = text; *p; line++) {
		const char *q = p + strspn(p, " \t");
		const char *nl = strchr(p, '\n');

		if (*q == '@')
			err(P, line, "@include is not taken in the user "
			    "config");
		if (!nl)
			break;
		p = nl + 1;
	}
}

int userconf_parse(struct userconf *uc, const char *file, const char *text,
		   struct diag *d)
{
	struct parse P = { .uc = uc, .file = file, .d = d };
	config_t cfg;

	no_includes(&P, text);
	if (P.errors)
		return -1;
	config_init(&cfg);
	if (!config_read_string(&cfg, text)) {
		err(&P, config_error_line(&cfg), "%s", config_error_text(&cfg));
		config_destroy(&cfg);
		return -1;
	}
	read_root(&P, config_root_setting(&cfg));
	config_destroy(&cfg);
	if (!P.errors)
		check_conflicts(&P);
	return P.errors ? -1 : 0;
}

int userconf_load(struct userconf *uc, const char *path, struct diag *d)
{
	const char *env = getenv("RELCHECK_USER_CONFIG");
	bool named = path || (env && *env);
	char *file = path ? xstrdup(path) : userconf_path();
	struct buf text = BUF_INIT;
	struct stat st;
	int rc;

	if (!file)
		return 0;
	/* RELCHECK_USER_CONFIG=/dev/null: no user config at all.  Found
	 * (not named), a file that is not there is none, and so is one in
	 * a folder this user cannot enter (another user's HOME, as after
	 * dropping privileges with XDG_CONFIG_HOME kept): not theirs.  A
	 * file there that cannot be read is said. */
	if (strcmp(file, "/dev/null") == 0 ||
	    (stat(file, &st) < 0 && !named &&
	     (errno == ENOENT || errno == ENOTDIR || errno == EACCES))) {
		free(file);
		return 0;
	}
	if (stat(file, &st) < 0) {
		diag_add(d, file, 0, "%s", strerror(errno));
		free(file);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > USERCONF_MAX_SIZE) {
		diag_add(d, file, 0, "%s", !S_ISREG(st.st_mode)
			 ? "not a regular file" : "larger than 256 KiB: not "
			 "a user config");
		free(file);
		return -1;
	}
	if (buf_read_file(&text, file) < 0) {
		diag_add(d, file, 0, "%s", strerror(errno));
		buf_free(&text);
		free(file);
		return -1;
	}
	if (strlen(text.data) != text.len) {
		diag_add(d, file, 0, "a NUL byte: not a user config");
		rc = -1;
	} else {
		rc = userconf_parse(uc, file, text.data, d);
	}
	buf_free(&text);
	free(uc->path);
	uc->path = file;
	return rc;
}

/* ---- the keys as bound ---- */

const char *userconf_keys(const struct userconf *uc, enum action_id id)
{
	const struct action *a = action_get(id);

	if (!a)
		return NULL;
	return uc && uc->keys[id] ? uc->keys[id] : a->keys;
}

const char *userconf_pager_keys(const struct userconf *uc,
				enum pager_key_id id)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);

	if ((size_t)id >= n)
		return NULL;
	return uc && uc->pager_keys[id] ? uc->pager_keys[id] : t[id].keys;
}

/* bar as the table says it when nothing it shows is rebound; else the
 * first key of each ("n/k" for "j/k"). */
static const char *bar_of(const char *bar, const char *keys,
			  const char *next_keys, bool rebound, char *buf,
			  size_t size)
{
	char first[16];

	if (bar && !rebound)
		return bar;
	action_bar_keys(NULL, keys, first, sizeof(first));
	if (bar && strchr(bar, '/') && next_keys) {
		char second[16];

		action_bar_keys(NULL, next_keys, second, sizeof(second));
		snprintf(buf, size, "%s/%s", first, second);
	} else {
		snprintf(buf, size, "%s", first);
	}
	return buf;
}

const char *userconf_bar(const struct userconf *uc, enum action_id id,
			 char *buf, size_t size)
{
	const struct action *a = action_get(id);
	bool pair = a->bar && strchr(a->bar, '/') && id + 1 < ACT_NONE;
	bool rebound = uc && (uc->keys[id] || (pair && uc->keys[id + 1]));

	return bar_of(a->bar, userconf_keys(uc, id),
		      pair ? userconf_keys(uc, id + 1) : NULL, rebound, buf,
		      size);
}

const char *userconf_pager_bar(const struct userconf *uc,
			       enum pager_key_id id, char *buf, size_t size)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);
	bool pair = t[id].bar && strchr(t[id].bar, '/') && id + 1 < n;
	bool rebound = uc && (uc->pager_keys[id] ||
			      (pair && uc->pager_keys[id + 1]));

	return bar_of(t[id].bar, userconf_pager_keys(uc, id),
		      pair ? userconf_pager_keys(uc, id + 1) : NULL, rebound,
		      buf, size);
}
