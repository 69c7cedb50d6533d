/* cmd-list.c: `relcheck list [--format text|json]`: the checklist's tree. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* raw expanded, on one line, made safe to print. */
static char *show(const struct checklist *cl, const char *raw)
{
	char *s = checklist_show(cl, raw), *line = sanitize_line(s);

	free(s);
	return line;
}

static const char *item_kind(const struct item *it)
{
	return it->check ? it->check->type->name
			 : it->settler ? "settled-by" : "manual";
}

/* What discovery found of the version's source and the changelog. */
static void list_detected(const struct checklist *cl, FILE *out)
{
	const struct var *src = vars_find(&cl->vars, "version_source");
	const struct var *log = vars_find(&cl->vars, "changelog");
	const struct var *style = vars_find(&cl->vars, "changelog_style");

	if (src && src->value)
		sanitize_fprintf(out, "version   from %s\n", src->value);
	if (log && log->value && style && style->value &&
	    style->origin == VAR_DETECTED)
		sanitize_fprintf(out, "changelog %s, release headings in the "
				 "%s style\n", log->value, style->value);
}

static void list_text(const struct checklist *cl, FILE *out)
{
	char *name = show(cl, cl->name ? cl->name : "(unnamed checklist)");
	const struct var *version = vars_find(&cl->vars, "version");
	size_t width = 0;

	for (size_t p = 0; p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			size_t w = strlen(cl->phases[p]->items[i]->full_id);
			if (w > width)
				width = w;
		}

	sanitize_fprintf(out, "%s\n", name);
	sanitize_fprintf(out, "checklist %s\n", cl->file);
	sanitize_fprintf(out, "release   %s\n", cl->version_known && version
			 ? version->value : "unknown (no --release, no version file)");
	list_detected(cl, out);
	free(name);

	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		const char *section = NULL;
		char *title = show(cl, ph->title);

		sanitize_fprintf(out, "\n%s: %s\n", ph->id, title);
		free(title);
		for (size_t i = 0; i < ph->nitems; i++) {
			const struct item *it = ph->items[i];
			char *t = show(cl, it->title);

			if (it->section && (!section ||
					    strcmp(section, it->section) != 0)) {
				char *s = show(cl, it->section);
				sanitize_fprintf(out, "  %s\n", s);
				free(s);
			}
			section = it->section;
			sanitize_fprintf(out, "    %-*s  %-10s %s%s", (int)width,
					 it->full_id, item_kind(it), t,
					 it->optional ? " (optional)" : "");
			if (it->depends.n) {
				sanitize_fprintf(out, " [after");
				for (size_t d = 0; d < it->depends.n; d++)
					sanitize_fprintf(out, " %s", it->deps[d]->full_id);
				sanitize_fprintf(out, "]");
			}
			if (it->settler)
				sanitize_fprintf(out, " [settled by %s]",
						 it->settler->full_id);
			if (it->irreversible) {
				char *w = checklist_show(cl, it->irreversible);
				sanitize_fprintf(out, " [cannot be undone: %s]",
						 w);
				free(w);
			}
			fputc('\n', out);
			free(t);
		}
	}
}

static json_t *jstr(const struct checklist *cl, const char *raw)
{
	char *s;
	json_t *j;

	if (!raw)
		return json_null();
	s = checklist_show(cl, raw);
	j = sanitize_json_string(s);
	free(s);
	return j;
}

static json_t *check_json(const struct checklist *cl,
			  const struct check_spec *spec)
{
	json_t *o = json_object();

	json_object_set_new(o, "type", json_string(spec->type->name));
	for (size_t k = 0; spec->type->fields[k].name; k++) {
		const struct field_spec *f = &spec->type->fields[k];
		const struct check_value *v = &spec->values[k];
		json_t *val;

		if (!v->set)
			continue;
		switch (f->kind) {
		case FIELD_INT:
			val = json_integer(v->i);
			break;
		case FIELD_BOOL:
			val = json_boolean(v->b);
			break;
		case FIELD_STRINGS:
			val = json_array();
			for (size_t i = 0; i < v->list.n; i++)
				json_array_append_new(val,
						      jstr(cl, v->list.s[i]));
			break;
		default:
			val = jstr(cl, v->s);
			break;
		}
		json_object_set_new(o, f->name, val);
	}
	return o;
}

static json_t *list_json(const struct checklist *cl)
{
	json_t *root = json_object(), *phases = json_array(),
	       *vars = json_object();
	const struct var *version = vars_find(&cl->vars, "version");

	json_object_set_new(root, "name", jstr(cl, cl->name));
	json_object_set_new(root, "file", sanitize_json_string(cl->file));
	json_object_set_new(root, "sha256", json_string(cl->sha256));
	json_object_set_new(root, "version", cl->version_known && version
			    ? sanitize_json_string(version->value)
			    : json_null());
	for (size_t i = 0; i < cl->vars.count; i++) {
		const struct var *v = &cl->vars.v[i];
		if (v->value)
			json_object_set_new(vars, v->name, jstr(cl, v->value));
	}
	json_object_set_new(root, "vars", vars);
	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		json_t *jp = json_object(), *items = json_array();

		json_object_set_new(jp, "id", json_string(ph->id));
		json_object_set_new(jp, "title", jstr(cl, ph->title));
		json_object_set_new(jp, "maintainer",
				    json_boolean(ph->maintainer));
		for (size_t i = 0; i < ph->nitems; i++) {
			const struct item *it = ph->items[i];
			json_t *ji = json_object(), *cmds = json_array(),
			       *deps = json_array();

			json_object_set_new(ji, "id", json_string(it->full_id));
			json_object_set_new(ji, "title", jstr(cl, it->title));
			json_object_set_new(ji, "section", jstr(cl, it->section));
			json_object_set_new(ji, "description",
					    jstr(cl, it->description));
			json_object_set_new(ji, "optional",
					    json_boolean(it->optional));
			json_object_set_new(ji, "maintainer",
					    json_boolean(it->maintainer));
			for (size_t c = 0; c < it->commands.n; c++)
				json_array_append_new(cmds, jstr(cl,
							it->commands.s[c]));
			json_object_set_new(ji, "commands", cmds);
			for (size_t d = 0; d < it->depends.n; d++)
				json_array_append_new(deps, json_string(
							it->deps[d]->full_id));
			json_object_set_new(ji, "depends", deps);
			json_object_set_new(ji, "settled_by", it->settler
					    ? json_string(it->settler->full_id)
					    : json_null());
			json_object_set_new(ji, "irreversible", it->irreversible
					    ? jstr(cl, it->irreversible)
					    : json_null());
			json_object_set_new(ji, "check", it->check
					    ? check_json(cl, it->check)
					    : json_null());
			json_array_append_new(items, ji);
		}
		json_object_set_new(jp, "items", items);
		json_array_append_new(phases, jp);
	}
	json_object_set_new(root, "phases", phases);
	return root;
}

static int list_check_args(struct cmd *cmd)
{
	const char *format = cmd_value(cmd, "format");

	if (format && strcmp(format, "text") != 0 &&
	    strcmp(format, "json") != 0) {
		sanitize_fprintf(stderr, "relcheck list: unknown format '%s' (text or "
				 "json)\n", format);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_list_exec(struct cmd *cmd)
{
	const char *format = cmd_value(cmd, "format");

	if (format && strcmp(format, "json") == 0) {
		json_t *j = list_json(cmd->cl);
		sanitize_json_dumpf(j, stdout, JSON_INDENT(2) |
				    JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(j);
	} else {
		list_text(cmd->cl, stdout);
	}
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_USAGE;
}

static const struct cmd_option list_options[] = {
	{ .name = "format", .short_name = 'f', .arg = "F",
	  .help = "text (the default) or json" },
	{ .name = NULL },
};

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.usage = "[--format text|json]",
	.summary = "print the phases and items of the checklist",
	.options = list_options,
	.min_args = 0,
	.max_args = 0,
	.flags = CMD_CHECKLIST,
	.check_args = list_check_args,
	.exec = cmd_list_exec,
};
