/* check-format.c: the formats of `relcheck check --format`, one row
 * each: text (the default), tap, junit, json.  Each prints the results
 * on stdout, untrusted text sanitised. */
#include "config.h"

#include "check-format.h"
#include "sanitize.h"
#include "print.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* raw with the run's variables (captures included), or raw itself. */
char *check_report_expand(const struct check_report *run, const char *raw)
{
	struct buf out = BUF_INIT;
	char *err = NULL;

	if (!raw)
		return xstrdup("");
	if (vars_expand_show(&run->vars, raw, &out, &err) < 0) {
		free(err);
		buf_free(&out);
		return xstrdup(raw);
	}
	return buf_detach(&out);
}

const char *check_row_status(const struct check_row *r)
{
	if (!r->item->check)
		return "manual";
	return r->has ? check_status_name(r->res.status) : "pending";
}

static void print_text(const struct check_report *run, bool colour)
{
	size_t w = 0;

	for (size_t i = 0; i < run->nrows; i++)
		if (strlen(run->rows[i].item->full_id) > w)
			w = strlen(run->rows[i].item->full_id);
	for (size_t i = 0; i < run->nrows; i++) {
		const struct check_row *r = &run->rows[i];
		const char *st = check_row_status(r);
		const char *c = "", *off = colour ? "\033[0m" : "";
		char *title = check_report_expand(run, r->item->title);
		char dur[32] = "";

		if (colour) {
			c = strcmp(st, "pass") == 0 ? "\033[32m" :
			    strcmp(st, "fail") == 0 ? "\033[31m" :
			    strcmp(st, "error") == 0 ? "\033[35m" :
			    strcmp(st, "manual") == 0 ? "\033[2m" : "\033[33m";
		}
		if (r->has)
			snprintf(dur, sizeof(dur), "%.1fs",
				 (double)r->res.duration_ms / 1000.0);
		/* The colours are relcheck's own; the rest is sanitised. */
		fputs(c, stdout);
		sanitize_printf("%-7s", st);
		fputs(off, stdout);
		sanitize_printf(" %-*s %6s  %s\n", (int)w, r->item->full_id,
				dur, title);
		if (r->has && r->res.reason && r->res.status != CHECK_PASS)
			sanitize_printf("        %*s         %s\n", (int)w, "",
					r->res.reason);
		free(title);
	}
}

/* s inside a YAML double-quoted string (caller frees). */
static char *yaml_quote(const char *s)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&b, '\\');
		if (*s == '\n')
			buf_adds(&b, "\\n");
		else if (*s == '\t')
			buf_adds(&b, "\\t");
		else
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

static void print_tap(const struct check_report *run, bool colour)
{
	(void)colour;
	sanitize_printf("TAP version 13\n1..%zu\n", run->nrows);
	for (size_t i = 0; i < run->nrows; i++) {
		const struct check_row *r = &run->rows[i];
		char *title = check_report_expand(run, r->item->title);
		bool ok = !r->item->check || (r->has &&
			  (r->res.status == CHECK_PASS ||
			   r->res.status == CHECK_SKIPPED));
		const char *reason = r->has && r->res.reason ? r->res.reason
							     : "";

		/* '#' starts a directive in TAP: keep it out of names. */
		for (char *p = title; *p; p++)
			if (*p == '#')
				*p = ' ';
		sanitize_printf("%s %zu - %s %s", ok ? "ok" : "not ok", i + 1,
				r->item->full_id, title);
		if (!r->item->check)
			sanitize_printf(" # SKIP manual\n");
		else if (r->has && r->res.status == CHECK_SKIPPED)
			sanitize_printf(" # SKIP %s\n", reason);
		else
			sanitize_printf("\n");
		if (r->has && r->item->check) {
			char *quoted = yaml_quote(reason);

			sanitize_printf("  ---\n  status: %s\n  reason: \"%s\"\n"
					"  duration_ms: %lld\n  ...\n",
					check_status_name(r->res.status),
					quoted, r->res.duration_ms);
			free(quoted);
		}
		free(title);
	}
}

/* s in XML text or an attribute, made safe first (sanitize_text): the
 * one way untrusted text goes into the JUnit report. */
static void xml_escape(FILE *f, const char *raw)
{
	char *clean = sanitize_text(raw, raw ? strlen(raw) : 0);

	for (const char *s = clean; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				fputc(' ', f);
			else
				fputc(*s, f);
		}
	}
	free(clean);
}

static void print_junit(const struct check_report *run, bool colour)
{
	(void)colour;
	const struct checklist *cl = run->cl;

	sanitize_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	{
		char *name = check_report_expand(run, cl->name ? cl->name : "relcheck");
		sanitize_printf(" name=\"");
		xml_escape(stdout, name);
		sanitize_printf("\">\n");
		free(name);
	}
	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		size_t tests = 0, failures = 0, errors = 0, skipped = 0;
		double time = 0;

		for (size_t i = 0; i < run->nrows; i++) {
			const struct check_row *r = &run->rows[i];
			if (r->item->phase != ph)
				continue;
			tests++;
			if (!r->item->check || !r->has ||
			    r->res.status == CHECK_SKIPPED)
				skipped++;
			else if (r->res.status == CHECK_FAIL)
				failures++;
			else if (r->res.status == CHECK_ERROR)
				errors++;
			if (r->has)
				time += (double)r->res.duration_ms / 1000.0;
		}
		if (!tests)
			continue;
		sanitize_printf("  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\""
				" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
				ph->id, tests, failures, errors, skipped, time);
		for (size_t i = 0; i < run->nrows; i++) {
			const struct check_row *r = &run->rows[i];
			char *title;

			if (r->item->phase != ph)
				continue;
			title = check_report_expand(run, r->item->title);
			sanitize_printf("    <testcase classname=\"%s\" name=\"", ph->id);
			xml_escape(stdout, r->item->full_id);
			sanitize_printf(": ");
			xml_escape(stdout, title);
			sanitize_printf("\" time=\"%.3f\"", r->has ?
					(double)r->res.duration_ms / 1000.0 : 0.0);
			free(title);
			if (!r->item->check) {
				sanitize_printf(">\n      <skipped message=\"manual\"/>\n"
						"    </testcase>\n");
				continue;
			}
			if (!r->has || r->res.status == CHECK_PASS) {
				sanitize_printf("/>\n");
				continue;
			}
			sanitize_printf(">\n      <%s message=\"",
					r->res.status == CHECK_FAIL ? "failure" :
					r->res.status == CHECK_ERROR ? "error"
								     : "skipped");
			xml_escape(stdout, r->res.reason);
			sanitize_printf("\"");
			if (r->res.tail && *r->res.tail &&
			    r->res.status != CHECK_SKIPPED) {
				sanitize_printf(">");
				xml_escape(stdout, r->res.tail);
				sanitize_printf("</%s>\n", r->res.status == CHECK_FAIL
						? "failure" : "error");
			} else {
				sanitize_printf("/>\n");
			}
			sanitize_printf("    </testcase>\n");
		}
		sanitize_printf("  </testsuite>\n");
	}
	sanitize_printf("</testsuites>\n");
}

static void print_json(const struct check_report *run, bool colour)
{
	(void)colour;
	const struct checklist *cl = run->cl;
	const struct var *v = vars_find(&cl->vars, "version");
	json_t *root = json_object(), *items = json_array();
	char *name = check_report_expand(run, cl->name ? cl->name : "");

	json_object_set_new(root, "checklist", json_string(cl->file));
	json_object_set_new(root, "name", sanitize_json_string(name));
	json_object_set_new(root, "release", cl->version_known && v
			    ? sanitize_json_string(v->value) : json_null());
	free(name);
	for (size_t i = 0; i < run->nrows; i++) {
		const struct check_row *r = &run->rows[i];
		json_t *o = json_object(), *ev = json_object();
		char *title = check_report_expand(run, r->item->title);

		json_object_set_new(o, "id", json_string(r->item->full_id));
		json_object_set_new(o, "phase", json_string(r->item->phase->id));
		json_object_set_new(o, "title", sanitize_json_string(title));
		json_object_set_new(o, "status", json_string(check_row_status(r)));
		json_object_set_new(o, "reason", r->has && r->res.reason
				    ? sanitize_json_string(r->res.reason)
				    : json_null());
		json_object_set_new(o, "duration_ms", r->has
				    ? json_integer(r->res.duration_ms)
				    : json_null());
		if (r->has) {
			for (size_t k = 0; k < r->res.nev; k++)
				json_object_set_new(ev, r->res.ev[k].key,
					sanitize_json_string(
						r->res.ev[k].value));
		}
		json_object_set_new(o, "evidence", ev);
		json_array_append_new(items, o);
		free(title);
	}
	json_object_set_new(root, "items", items);
	sanitize_json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}


static const struct check_format check_text_format = {
	.name = "text",
	.print = print_text,
};

static const struct check_format check_tap_format = {
	.name = "tap",
	.print = print_tap,
};

static const struct check_format check_junit_format = {
	.name = "junit",
	.print = print_junit,
};

static const struct check_format check_json_format = {
	.name = "json",
	.print = print_json,
};

static const struct check_format *const formats[] = {
	&check_text_format,
	&check_tap_format,
	&check_junit_format,
	&check_json_format,
};

const struct check_format *const *check_format_table(size_t *n)
{
	*n = sizeof(formats) / sizeof(formats[0]);
	return formats;
}

const struct check_format *check_format_find(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

void check_format_names(struct buf *b)
{
	size_t n = sizeof(formats) / sizeof(formats[0]);

	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(b, i + 1 == n ? " or " : ", ");
		buf_adds(b, formats[i]->name);
	}
}
