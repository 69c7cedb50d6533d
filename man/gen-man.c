/* gen-man.c: the parts of the man pages that the tables already say.
 *
 *   gen-man SECTION [ARG]	prints the troff of one section
 *   gen-man --list		prints "PAGE SECTION [ARG]", one a line:
 *				every section the pages must hold
 *
 * The pages hold each generated section between two comments,
 *
 *   .\" BEGIN GENERATED SECTION [ARG]
 *   .\" END GENERATED SECTION [ARG]
 *
 * and man/update.sh replaces what is between them with what this program
 * prints (make man-update); tests/man-tables.test fails when a committed
 * page differs.  Adding a section is one function (print) and one row of
 * `sections` below; a section made of one block per row of a table (the
 * check types) also gives `each`, which names the rows.
 */
#include "config.h"

#include "checktype.h"
#include "cmd.h"
#include "events.h"
#include "report.h"

#include "actions.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ---- troff ---- */

/* Whether the n bytes at s are one of words (NULL-terminated, or NULL). */
static bool is_word(const char *s, size_t n, const char *const *words)
{
	for (size_t i = 0; words && words[i]; i++)
		if (strlen(words[i]) == n && strncmp(words[i], s, n) == 0)
			return true;
	return false;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Writes s escaped for troff (a backslash, a hyphen, a tilde), with
 * ${name} and the words of bold (an enum's choices) in bold, as the
 * hand-written text has them, and each sentence after the first on a line
 * of its own. */
static void put_text(FILE *f, const char *s, const char *const *bold)
{
	const char *start = s;

	for (; *s; s++) {
		if (*s == '$' && s[1] == '{' && strchr(s, '}')) {
			const char *end = strchr(s, '}');
			fprintf(f, "\\fB%.*s\\fR", (int)(end - s + 1), s);
			s = end;
			continue;
		}
		if (word_char(*s) && (s == start || !word_char(s[-1]))) {
			size_t n = 0;
			while (word_char(s[n]))
				n++;
			if (is_word(s, n, bold)) {
				fputs("\\fB", f);
				for (size_t i = 0; i < n; i++) {
					if (s[i] == '-')
						fputc('\\', f);
					fputc(s[i], f);
				}
				fputs("\\fR", f);
				s += n - 1;
				continue;
			}
		}
		if (*s == '.' && s[1] == ' ' && isupper((unsigned char)s[2])) {
			fputs(".\n", f);
			s++;
			continue;
		}
		switch (*s) {
		case '\\':
			fputs("\\e", f);
			break;
		case '-':
			fputs("\\-", f);
			break;
		case '~':
			fputs("\\(ti", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* A text line: s, guarded when it would start with a control character. */
static void put_line(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	put_text(f, s, NULL);
	fputc('\n', f);
}

/* A table's one-line help as a sentence: a capital (unless it starts with
 * one of the words in bold), a full stop. */
static void put_sentence(FILE *f, const char *help, const char *const *bold)
{
	size_t n = strlen(help);
	size_t w = 0;

	while (word_char(help[w]))
		w++;
	if (*help == '.' || *help == '\'')
		fputs("\\&", f);
	if (is_word(help, w, bold)) {
		put_text(f, help, bold);
	} else {
		fputc(toupper((unsigned char)help[0]), f);
		put_text(f, help + 1, bold);
	}
	if (n > 0 && help[n - 1] != '.')
		fputc('.', f);
	fputc('\n', f);
}

/* A macro argument: s, quoted when it must be (quotes doubled). */
static void put_arg(FILE *f, const char *s)
{
	bool quote = !*s || strpbrk(s, " \"") != NULL;

	if (quote)
		fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputs("\"\"", f);
		else if (*s == '-')
			fputs("\\-", f);
		else if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

/* ---- check types (relcheck.conf.5, CHECKS) ---- */

/* How the man page names a kind of value (its list "The kinds of values
 * are" says what each one is). */
static const char *kind_word(enum field_kind kind)
{
	switch (kind) {
	case FIELD_STRING:
		return "string";
	case FIELD_REGEX:
		return "pattern";
	case FIELD_URL:
		return "URL";
	case FIELD_ENUM:
		return "choice";
	case FIELD_MODE:
		return "mode";
	case FIELD_VARNAME:
		return "name";
	case FIELD_INT:
		return "integer";
	case FIELD_BOOL:
		return "boolean";
	case FIELD_STRINGS:
		return "list of strings";
	}
	return "?";
}

/* A field every type takes is said once, before the types. */
static bool field_is_common(const char *name)
{
	for (size_t i = 0; check_types[i]; i++)
		if (check_type_field(check_types[i], name) < 0)
			return false;
	return true;
}

/* .TP, the field's name with its kind, its help. */
static void put_field(FILE *f, const struct field_spec *fs)
{
	fputs(".TP\n.BR ", f);
	put_arg(f, fs->name);
	if (fs->kind == FIELD_ENUM && fs->choices) {
		fputs(" \" (choice: \"", f);
		for (size_t i = 0; fs->choices[i]; i++) {
			fputc(' ', f);
			if (i > 0)
				fputs("\", \" ", f);
			put_arg(f, fs->choices[i]);
		}
		fputs(fs->required ? " \", required)\"\n" : " )\n", f);
	} else {
		fprintf(f, " \" (%s%s)\"\n", kind_word(fs->kind),
			fs->required ? ", required" : "");
	}
	put_sentence(f, fs->help, fs->choices);
}

static int print_check_common(FILE *f, const char *arg)
{
	const struct field_spec *fields = check_types[0]->fields;

	(void)arg;
	for (size_t i = 0; fields[i].name; i++)
		if (field_is_common(fields[i].name))
			put_field(f, &fields[i]);
	return 0;
}

static int print_check_type(FILE *f, const char *arg)
{
	const struct check_type *type = check_type_find(arg);

	if (!type) {
		fprintf(stderr, "gen-man: no check type '%s'\n", arg);
		return -1;
	}
	put_sentence(f, type->summary, NULL);
	for (size_t i = 0; type->fields[i].name; i++)
		if (!field_is_common(type->fields[i].name))
			put_field(f, &type->fields[i]);
	return 0;
}

static const char *each_check_type(size_t i)
{
	for (size_t n = 0; check_types[n]; n++)
		if (n == i)
			return check_types[n]->name;
	return NULL;
}

/* ---- report formats (relcheck.1, report --format) ---- */

static int print_report_formats(FILE *f, const char *arg)
{
	const struct report_format *fmt;

	(void)arg;
	for (size_t i = 0; (fmt = report_format_at(i)); i++) {
		bool last = !report_format_at(i + 1);
		bool before_last = !last && !report_format_at(i + 2);

		fputs(".B ", f);
		put_line(f, fmt->name);
		fputc('(', f);
		put_text(f, fmt->help, NULL);
		fputs(last ? ").\n" : before_last ? ") or\n" : "),\n", f);
	}
	return 0;
}

/* ---- the screen's keys (relcheck.1, THE SCREEN, Keys) ----
 *
 * From the screen's action table (ui/actions.h): each action's keys, its
 * help and the modes where it applies. */

/* "j, Down" as .BR j ", " Down */
static void put_keys(FILE *f, const char *shown)
{
	const char *p = shown;
	bool first = true;

	fputs(strstr(shown, ", ") ? ".BR" : ".B", f);
	while (*p) {
		const char *end = strstr(p, ", ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char word[64];

		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		fputs(first ? " " : " \", \" ", f);
		put_arg(f, word);
		first = false;
		p += n;
		if (end)
			p += 2;
	}
	fputc('\n', f);
}

/* Where an action applies, in words, when not everywhere. */
static void put_modes(FILE *f, unsigned modes)
{
	bool first = true;

	if ((modes & ACTION_MODES_ALL) == ACTION_MODES_ALL)
		return;
	fputs("Applies in: ", f);
	for (unsigned m = 1; m & ACTION_MODES_ALL; m <<= 1) {
		if (!(modes & m))
			continue;
		fprintf(f, "%s%s", first ? "" : ", ", action_mode_name(m));
		first = false;
	}
	fputs(".\n", f);
}

static int print_keys(FILE *f, const char *arg)
{
	size_t n = 0;
	const struct action *t = actions_table(&n);

	(void)arg;
	for (size_t i = 0; i < n; i++) {
		fputs(".TP 14\n", f);
		put_keys(f, t[i].keys);
		put_sentence(f, t[i].help, NULL);
		put_modes(f, t[i].modes);
	}
	return 0;
}

/* ---- the actions' names (relcheck.1, USER CONFIGURATION) ----
 *
 * The names the user's config binds keys to (ui/userconf.c: the table's
 * name in lower case), with the default keys, for the list and for the
 * viewer. */

static void put_name(FILE *f, const char *prefix, const char *name)
{
	fprintf(f, ".TP 18\n.B %s", prefix);
	for (const char *p = name; *p; p++)
		fputc(tolower((unsigned char)*p), f);
	fputc('\n', f);
}

static int print_key_actions(FILE *f, const char *arg)
{
	size_t n = 0;
	const struct action *t = actions_table(&n);
	const struct pager_key *pt;

	(void)arg;
	for (size_t i = 0; i < n; i++) {
		put_name(f, "", t[i].name);
		put_sentence(f, t[i].help, NULL);
		fputs("Default:\n", f);
		put_keys(f, t[i].keys);
	}
	pt = pager_keys_table(&n);
	for (size_t i = 0; i < n; i++) {
		put_name(f, "pager.", pt[i].name);
		put_sentence(f, pt[i].help, NULL);
		fputs("Default:\n", f);
		put_keys(f, pt[i].keys);
	}
	return 0;
}

/* ---- the journal's event types (relcheck.1, THE RUN RECORD, Events) ----
 *
 * From src/events.c's table: each type, what it is, how it applies and
 * the members of its payload. */

static int print_events(FILE *f, const char *arg)
{
	size_t n = 0;
	const struct event_type *t = events_table(&n);

	(void)arg;
	for (size_t i = 0; i < n; i++, t++) {
		const struct event_field *fl = t->fields;

		fputs(".TP\n.B ", f);
		put_arg(f, t->name);
		fputc('\n', f);
		fputc(toupper((unsigned char)t->summary[0]), f);
		put_text(f, t->summary + 1, NULL);
		fputs("; ", f);
		put_text(f, t->applies, NULL);
		if (!fl->name) {
			fputs(".\nIts payload is empty.\n", f);
			continue;
		}
		fputs(".\nIts payload:\n", f);
		for (; fl->name; fl++) {
			fputs(".B ", f);
			put_arg(f, fl->name);
			fputs("\n(", f);
			put_text(f, fl->help, NULL);
			fputs(fl[1].name ? ")," : ").", f);
			fputc('\n', f);
		}
	}
	return 0;
}

/* ---- the commands (relcheck.1, SYNOPSIS) ----
 *
 * From cli/cmd.c's table: each command's usage line, as --help prints
 * it, in troff: options in bold, VALUES as italic words, the rest (a
 * bracket, a bar, "...") as it is. */

static void put_usage(FILE *f, const char *usage)
{
	const char *p = usage;

	while (*p) {
		size_t n = strspn(p, "[]|. ");

		if (n) {
			for (size_t i = 0; i < n; i++)
				fputc(p[i], f);
			p += n;
			continue;
		}
		n = strcspn(p, "[]| ");
		if (n >= 3 && p[n - 1] == '.' && p[n - 2] == '.' &&
		    p[n - 3] == '.')
			n -= 3;		/* FILE... */
		{
			bool value = isupper((unsigned char)*p);

			fputs(value ? "\\fI" : "\\fB", f);
			for (size_t i = 0; i < n; i++) {
				if (p[i] == '-')
					fputs("\\-", f);
				else
					fputc(value ? tolower((unsigned char)p[i])
						    : p[i], f);
			}
			fputs("\\fR", f);
		}
		p += n;
	}
}

static int print_synopsis(FILE *f, const char *arg)
{
	size_t n = 0;
	const struct cmd_entry *const *t = cmd_table(&n);

	(void)arg;
	for (size_t i = 0; i < n; i++) {
		fputs(".br\n.B relcheck\n.RI [ options ]\n.B ", f);
		put_arg(f, t[i]->name);
		fputc('\n', f);
		if (t[i]->usage && *t[i]->usage) {
			put_usage(f, t[i]->usage);
			fputc('\n', f);
		}
	}
	return 0;
}

/* ---- the sections ---- */

struct section {
	const char *page;	/* the page that holds it */
	const char *name;	/* the marker's name */
	int (*print)(FILE *f, const char *arg);
	/* A section per row of a table: the i-th row's name (the marker's
	 * argument), NULL past the end.  NULL for a single section. */
	const char *(*each)(size_t i);
};

static const struct section sections[] = {
	{ "relcheck.conf.5", "check-common-fields", print_check_common, NULL },
	{ "relcheck.conf.5", "check-type", print_check_type, each_check_type },
	{ "relcheck.1", "report-formats", print_report_formats, NULL },
	{ "relcheck.1", "keys", print_keys, NULL },
	{ "relcheck.1", "events", print_events, NULL },
	{ "relcheck.1", "synopsis", print_synopsis, NULL },
	{ "relcheck.1", "key-actions", print_key_actions, NULL },
};

#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static void list_sections(FILE *f)
{
	for (size_t i = 0; i < NSECTIONS; i++) {
		const struct section *s = &sections[i];
		const char *arg;

		if (!s->each) {
			fprintf(f, "%s %s\n", s->page, s->name);
			continue;
		}
		for (size_t n = 0; (arg = s->each(n)); n++)
			fprintf(f, "%s %s %s\n", s->page, s->name, arg);
	}
}

static int usage(void)
{
	fputs("usage: gen-man SECTION [ARG] | gen-man --list\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		list_sections(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc < 2 || argc > 3)
		return usage();
	for (size_t i = 0; i < NSECTIONS; i++) {
		const struct section *s = &sections[i];

		if (strcmp(s->name, argv[1]) != 0)
			continue;
		if ((s->each != NULL) != (argc == 3))
			return usage();
		if (s->print(stdout, argc == 3 ? argv[2] : NULL) < 0)
			return 1;
		return fflush(stdout) == 0 ? 0 : 1;
	}
	fprintf(stderr, "gen-man: no section '%s'\n", argv[1]);
	return 2;
}
