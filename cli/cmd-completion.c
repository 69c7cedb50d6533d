/* cmd-completion.c: `relcheck completion SHELL` prints the completion
 * script of bash, zsh or fish, generated from the command table
 * (cmd_table(): each entry's options, their short names and whether they
 * take a value, its usage line's arguments; cmd_global_options()), so
 * that a command or an option added to the table is completed without a
 * script to edit.  `relcheck completion --words CMD SLOT` is what the
 * scripts ask as the user types: the words for an option's value or an
 * argument (item and phase ids of the checklist in use, run names,
 * formats), one a line, quietly.
 *
 * What a value or an argument is comes from its name in the table
 * (FILE, DIR, RUN, ITEM, PHASE, ID of --item and --phase, SHELL), from
 * a table of its own (the formats of check and report), or from the
 * usage line's list of words ("done|na|note", "--format text|json").
 *
 * The words of a checklist or a run's name are hostile: a word with a
 * control character is never printed (a newline would make it two), and
 * the scripts never evaluate a word, they quote it when they offer it.
 * Asking for words loads the checklist and nothing more: nothing is run,
 * no trust is asked, nothing is said on stderr, and with no repository or
 * no checklist there are no words (exit 0). */
#include "config.h"

#include "check-format.h"
#include "cmd.h"
#include "report.h"
#include "run.h"
#include "sanitize.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a value or an argument is.  The letters are the scripts'. */
enum {
	K_NONE = '-',		/* no value (a flag); no argument here */
	K_TEXT = 'n',		/* free text: nothing offered */
	K_FILE = 'f',
	K_DIR = 'd',
	K_WORDS = 'w',		/* relcheck completion --words CMD SLOT */
};

typedef void words_fn(struct context *ctx, const char *list, FILE *out);

struct slot {
	int kind;
	bool optional;		/* --opt[=VALUE] */
	words_fn *words;	/* K_WORDS */
	char list[128];		/* words_list's "a|b|c", from the usage */
};

/* Prints w on its own line, unless it could not be one word of a
 * command line: empty, too long, or with a control character. */
static void put_word(const char *w, size_t n, FILE *out)
{
	if (n == 0 || n > 1024)
		return;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)w[i] < 0x20 || w[i] == 0x7f)
			return;
	fprintf(out, "%.*s\n", (int)n, w);
}

static void words_list(struct context *ctx, const char *list, FILE *out)
{
	const char *p = list, *bar;

	(void)ctx;
	while ((bar = strchr(p, '|')) != NULL) {
		put_word(p, (size_t)(bar - p), out);
		p = bar + 1;
	}
	put_word(p, strlen(p), out);
}

static void words_check_formats(struct context *ctx, const char *list,
				FILE *out)
{
	size_t n;
	const struct check_format *const *f = check_format_table(&n);

	(void)ctx;
	(void)list;
	for (size_t i = 0; i < n; i++)
		put_word(f[i]->name, strlen(f[i]->name), out);
}

static void words_report_formats(struct context *ctx, const char *list,
				 FILE *out)
{
	const struct report_format *f;

	(void)ctx;
	(void)list;
	for (size_t i = 0; (f = report_format_at(i)) != NULL; i++)
		put_word(f->name, strlen(f->name), out);
}

/* The checklist in use (-C, -c), loaded: nothing in it runs, and no
 * trust is needed to read its ids.  NULL when there is none. */
static struct checklist *load(struct context *ctx)
{
	if (context_discover(ctx) != EXIT_OK)
		return NULL;
	return context_load(ctx, NULL);
}

static void words_items(struct context *ctx, const char *list, FILE *out)
{
	struct checklist *cl = load(ctx);

	(void)list;
	for (size_t p = 0; cl && p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			const char *id = cl->phases[p]->items[i]->full_id;
			put_word(id, strlen(id), out);
		}
	checklist_free(cl);
}

static void words_phases(struct context *ctx, const char *list, FILE *out)
{
	struct checklist *cl = load(ctx);

	(void)list;
	for (size_t p = 0; cl && p < cl->nphases; p++)
		put_word(cl->phases[p]->id, strlen(cl->phases[p]->id), out);
	checklist_free(cl);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The runs' names, as `relcheck runs` lists them: NAME.jsonl in the
 * runs folder. */
static void words_runs(struct context *ctx, const char *list, FILE *out)
{
	char *dir, **names = NULL;
	size_t n = 0;
	DIR *d;
	struct dirent *e;

	(void)list;
	if (context_prepare(ctx) != EXIT_OK ||
	    (dir = run_dir(ctx->root, false)) == NULL)
		return;
	d = opendir(dir);
	while (d && (e = readdir(d)) != NULL && n < 10000) {
		if (!str_ends_with(e->d_name, ".jsonl"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrndup(e->d_name, strlen(e->d_name) - 6);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		put_word(names[i], strlen(names[i]), out);
		free(names[i]);
	}
	free(names);
	free(dir);
}

static void words_shells(struct context *ctx, const char *list, FILE *out);

/* The names a value or an argument has in the table, and what they
 * are.  option: only a value of the option so called. */
static const struct metavar {
	const char *name;
	const char *option;
	int kind;
	words_fn *words;
} metavars[] = {
	{ "FILE", NULL, K_FILE, NULL },
	{ "DIR", NULL, K_DIR, NULL },
	{ "RUN", NULL, K_WORDS, words_runs },
	{ "ITEM", NULL, K_WORDS, words_items },
	{ "PHASE", NULL, K_WORDS, words_phases },
	{ "ID", "item", K_WORDS, words_items },
	{ "ID", "phase", K_WORDS, words_phases },
	{ "SHELL", NULL, K_WORDS, words_shells },
};

/* The values that have a table of their own. */
static const struct value_table {
	const char *command, *option;
	words_fn *words;
} value_tables[] = {
	{ "check", "format", words_check_formats },
	{ "report", "format", words_report_formats },
};

/* The token of the usage line at p (up to a space or a ']'), or the
 * list of words it is ("a|b|c") into s->list.  Returns whether it is. */
static bool usage_list(const char *p, struct slot *s)
{
	size_t n = strcspn(p, " ]");

	if (!memchr(p, '|', n) || n >= sizeof(s->list) || *p == '-')
		return false;
	memcpy(s->list, p, n);
	s->list[n] = '\0';
	s->kind = K_WORDS;
	s->words = words_list;
	return true;
}

/* name (a value's or an argument's, from the table) into s: K_TEXT
 * when it means nothing to completion. */
static void by_name(const char *name, size_t n, const char *option,
		    struct slot *s)
{
	s->kind = K_TEXT;
	for (size_t i = 0; i < sizeof(metavars) / sizeof(metavars[0]); i++) {
		const struct metavar *m = &metavars[i];

		if (strlen(m->name) == n && strncmp(m->name, name, n) == 0 &&
		    (!m->option || (option && strcmp(m->option, option) == 0))) {
			s->kind = m->kind;
			s->words = m->words;
			return;
		}
	}
}

/* What the value of e's option o is (e NULL: a global option). */
static void option_slot(const struct cmd_entry *e, const struct cmd_option *o,
			struct slot *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = K_NONE;
	if (!o->arg)
		return;
	s->optional = (o->flags & CMD_ARG_OPTIONAL) != 0;
	for (size_t i = 0; e && i < sizeof(value_tables) /
	     sizeof(value_tables[0]); i++)
		if (strcmp(value_tables[i].command, e->name) == 0 &&
		    strcmp(value_tables[i].option, o->name) == 0) {
			s->kind = K_WORDS;
			s->words = value_tables[i].words;
			return;
		}
	if (e) {
		/* "--format text|json" in the usage line. */
		char *head = xasprintf("--%s ", o->name);
		const char *at = strstr(e->usage, head);
		bool listed = at && usage_list(at + strlen(head), s);

		free(head);
		if (listed)
			return;
	}
	by_name(o->arg, strlen(o->arg), o->name, s);
}

/* The usage line's arguments: the words before the first option. */
static size_t usage_args(const char *usage, const char **at, size_t max,
			 bool *repeats)
{
	const char *p = usage;
	size_t n = 0;

	*repeats = false;
	while (*p && n < max) {
		size_t len;

		p += strspn(p, " ");
		if (!*p || *p == '-' || (p[0] == '[' && p[1] == '-'))
			break;
		len = strcspn(p, " ");
		at[n++] = p + (*p == '[');
		*repeats = len >= 3 && strstr(p, "...") &&
			   (size_t)(strstr(p, "...") - p) < len;
		p += len;
	}
	return n;
}

/* What e's argument i (from 0) is: K_NONE when it takes none there. */
static void arg_slot(const struct cmd_entry *e, size_t i, struct slot *s)
{
	const char *at[16];
	bool repeats;
	size_t n = usage_args(e->usage, at, 16, &repeats), len;

	memset(s, 0, sizeof(*s));
	s->kind = K_NONE;
	if (i >= n && !(repeats && n))
		return;
	if (i >= n)
		i = n - 1;
	if (usage_list(at[i], s))
		return;
	len = strcspn(at[i], " ].");
	by_name(at[i], len, NULL, s);
}

/* ---- the scripts ---- */

struct shell {
	const char *name;
	void (*print)(FILE *out);
};

static const struct cmd_option *find_option(const struct cmd_entry *e,
					    const char *word)
{
	size_t n = 0;
	const struct cmd_option *opts = e ? e->options : cmd_global_options(&n);
	const struct cmd_option *help = cmd_help_option();

	for (size_t i = 0; e ? opts && opts[i].name : i < n; i++) {
		const struct cmd_option *o = &opts[i];

		if ((word[1] == '-' && strcmp(word + 2, o->name) == 0) ||
		    (word[1] != '-' && o->short_name && word[1] == o->short_name
		     && !word[2]))
			return o;
	}
	if (e && (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0))
		return help;
	return NULL;
}

/* Calls f for each option of e (NULL: the global ones), --help too. */
static void each_option(const struct cmd_entry *e,
			void (*f)(const struct cmd_entry *e,
				  const struct cmd_option *o, void *arg),
			void *arg)
{
	size_t n = 0;
	const struct cmd_option *opts = e ? e->options : cmd_global_options(&n);

	for (size_t i = 0; e ? opts && opts[i].name : i < n; i++)
		f(e, &opts[i], arg);
	if (e)
		f(e, cmd_help_option(), arg);
}

/* The letter a script knows a slot by: capital when the value may be
 * left out. */
static char slot_letter(const struct slot *s)
{
	return s->optional ? (char)(s->kind - 'a' + 'A') : (char)s->kind;
}

/* A name from the table goes into a script unquoted: only these. */
static bool plain(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
	       strlen(s);
}

/* "-x|--name) REPLY=k ;;" for the kind function. */
static void sh_kind(const struct cmd_entry *e, const struct cmd_option *o,
		    void *arg)
{
	FILE *out = arg;
	struct slot s;

	if (!plain(o->name))
		return;
	option_slot(e, o, &s);
	fputs("\t\t", out);
	if (o->short_name)
		fprintf(out, "-%c|", o->short_name);
	fprintf(out, "--%s) REPLY=%c ;;\n", o->name, slot_letter(&s));
}

static void sh_long(const struct cmd_entry *e, const struct cmd_option *o,
		    void *arg)
{
	(void)e;
	if (plain(o->name))
		fprintf(arg, " --%s", o->name);
}

/* The shell functions the bash and zsh scripts share: what the table
 * says, in case statements. */
static void print_sh_tables(FILE *out)
{
	size_t n, nglobal;
	const struct cmd_entry *const *cmds = cmd_table(&n);
	const struct cmd_option *g = cmd_global_options(&nglobal);

	fputs("# The commands.\n_relcheck_commands='", out);
	for (size_t i = 0; i < n; i++)
		if (plain(cmds[i]->name))
			fprintf(out, "%s%s", i ? " " : "", cmds[i]->name);
	fputs("'\n\n", out);

	fputs("# _relcheck_kind CMD OPTION: REPLY is what OPTION's value is (CMD -:\n"
	      "# a global option): - none, n text, f a file, d a folder, w words\n"
	      "# from relcheck completion --words CMD OPTION; a capital: it may be\n"
	      "# left out (only --OPTION=VALUE).  Empty: no such option.\n"
	      "_relcheck_kind() {\n\tREPLY=\n\tcase $1 in\n\t-) case $2 in\n",
	      out);
	each_option(NULL, sh_kind, out);
	fputs("\t\tesac ;;\n", out);
	for (size_t i = 0; i < n; i++) {
		if (!plain(cmds[i]->name))
			continue;
		fprintf(out, "\t%s) case $2 in\n", cmds[i]->name);
		each_option(cmds[i], sh_kind, out);
		fputs("\t\tesac ;;\n", out);
	}
	fputs("\tesac\n}\n\n", out);

	fputs("# _relcheck_longs CMD: REPLY is CMD's long options.\n"
	      "_relcheck_longs() {\n\tcase $1 in\n\t-) REPLY='", out);
	each_option(NULL, sh_long, out);
	fputs("' ;;\n", out);
	for (size_t i = 0; i < n; i++) {
		if (!plain(cmds[i]->name))
			continue;
		fprintf(out, "\t%s) REPLY='", cmds[i]->name);
		each_option(cmds[i], sh_long, out);
		fputs("' ;;\n", out);
	}
	fputs("\t*) REPLY= ;;\n\tesac\n}\n\n", out);

	fputs("# _relcheck_args CMD: REPLY is what CMD's arguments are, one "
	      "letter\n# each (as _relcheck_kind's); a + after the last: it "
	      "repeats.\n_relcheck_args() {\n\tcase $1 in\n", out);
	for (size_t i = 0; i < n; i++) {
		const char *at[16];
		bool repeats;
		size_t nargs = usage_args(cmds[i]->usage, at, 16, &repeats);

		if (!plain(cmds[i]->name))
			continue;
		fprintf(out, "\t%s) REPLY='", cmds[i]->name);
		for (size_t a = 0; a < nargs; a++) {
			struct slot s;

			arg_slot(cmds[i], a, &s);
			fprintf(out, "%s%c", a ? " " : "", slot_letter(&s));
		}
		fprintf(out, "%s' ;;\n", repeats && nargs ? "+" : "");
	}
	fputs("\t*) REPLY= ;;\n\tesac\n}\n\n", out);

	fputs("# _relcheck_keep OPTION: is OPTION a global option that "
	      "chooses the\n# checklist, given to relcheck completion "
	      "--words too?\n_relcheck_keep() {\n\tcase $1 in\n\t", out);
	for (size_t i = 0, first = 1; i < nglobal; i++) {
		if (g[i].id != CMD_G_DIRECTORY && g[i].id != CMD_G_CONFIG)
			continue;
		fprintf(out, "%s--%s", first ? "" : "|", g[i].name);
		if (g[i].short_name)
			fprintf(out, "|-%c", g[i].short_name);
		first = 0;
	}
	fputs(") return 0 ;;\n\tesac\n\treturn 1\n}\n\n", out);
}

/* The walk along the words typed, the same in bash and zsh: sets cmd
 * (- before the command), nargs, gl (the options given to --words),
 * and vopt/vkind when the word being completed is an option's value. */
static const char sh_walk[] =
"\tfor ((i = 1; i < cword; i++)); do\n"
"\t\tw=${words[i]}\n"
"\t\tif ((dd)) || [[ $w != -?* ]]; then\n"
"\t\t\tif [[ $cmd == - ]]; then cmd=$w; else nargs=$((nargs + 1)); fi\n"
"\t\t\tcontinue\n"
"\t\tfi\n"
"\t\tif [[ $w == -- ]]; then dd=1; continue; fi\n"
"\t\tval= have=0\n"
"\t\tcase $w in\n"
"\t\t--*=*) opt=${w%%=*} val=${w#*=} have=1 ;;\n"
"\t\t--*|-?) opt=$w ;;\n"
"\t\t*) opt=${w:0:2} val=${w:2} have=1 ;;\n"
"\t\tesac\n"
"\t\t_relcheck_kind \"$cmd\" \"$opt\"\n"
"\t\tcase $REPLY in\n"
"\t\t[nfdw])\n"
"\t\t\tif ((!have)); then\n"
"\t\t\t\tif ((i + 1 == cword)); then\n"
"\t\t\t\t\tvopt=$opt vkind=$REPLY\n"
"\t\t\t\t\tbreak\n"
"\t\t\t\tfi\n"
"\t\t\t\ti=$((i + 1)) val=${words[i]} have=1\n"
"\t\t\tfi ;;\n"
"\t\t[NFDW]) ;;\n"
"\t\t*) have=0 ;;\n"
"\t\tesac\n"
"\t\tif ((have)) && [[ $cmd == - ]] && _relcheck_keep \"$opt\"; then\n"
"\t\t\t_relcheck_unquote \"$val\"\n"
"\t\t\tgl+=(\"$opt\" \"$REPLY\")\n"
"\t\tfi\n"
"\tdone\n"
"\tcur=${words[cword]}\n"
"\tif [[ -z $vopt ]] && ((!dd)) && [[ $cur == -* ]]; then\n"
"\t\tif [[ $cur != --*=* ]]; then\n"
"\t\t\t_relcheck_longs \"$cmd\"\n"
"\t\t\t_relcheck_offer \"$REPLY\"\n"
"\t\t\treturn 0\n"
"\t\tfi\n"
"\t\tvopt=${cur%%=*}\n"
"\t\t_relcheck_kind \"$cmd\" \"$vopt\"\n"
"\t\tvkind=$REPLY\n"
"\t\tcur=${cur#*=}\n"
"\t\tsplit=1\n"
"\telif [[ -z $vopt ]]; then\n"
"\t\tif [[ $cmd == - ]]; then\n"
"\t\t\t_relcheck_offer \"$_relcheck_commands\"\n"
"\t\t\treturn 0\n"
"\t\tfi\n"
"\t\t_relcheck_args \"$cmd\"\n"
"\t\t_relcheck_split \"$REPLY\"\n"
"\t\t((${#ak[@]})) || return 0\n"
"\t\tif ((nargs < ${#ak[@]})); then\n"
"\t\t\tvkind=${ak[nargs]}\n"
"\t\telif [[ ${ak[${#ak[@]} - 1]} == *+ ]]; then\n"
"\t\t\tvkind=${ak[${#ak[@]} - 1]}\n"
"\t\telse\n"
"\t\t\treturn 0\n"
"\t\tfi\n"
"\t\tvkind=${vkind%+}\n"
"\t\tvopt=$((nargs + 1))\n"
"\tfi\n";

static const char sh_unquote[] =
"# _relcheck_unquote WORD: REPLY is WORD as typed, its quotes and a ~/\n"
"# taken off (never evaluated: a word typed is not run).\n"
"_relcheck_unquote() {\n"
"\tREPLY=$1\n"
"\tcase $REPLY in\n"
"\t\\'*\\'|\\\"*\\\") REPLY=${REPLY:1:${#REPLY}-2} ;;\n"
"\tesac\n"
"\tcase $REPLY in\n"
"\t\\~/*) REPLY=$HOME/${REPLY#\\~/} ;;\n"
"\tesac\n"
"}\n\n";

static void print_bash(FILE *out)
{
	fprintf(out, "# bash completion for relcheck(1), generated by "
		"`relcheck completion bash`\n# (relcheck %s) from its command "
		"table: make it again rather than edit it.\n"
		"# Enable: install it as .../bash-completion/completions/"
		"relcheck, or in ~/.bashrc:\n#   source <(relcheck completion "
		"bash)\n\n", PACKAGE_VERSION);
	print_sh_tables(out);
	fputs(sh_unquote, out);
	fputs("# _relcheck_split WORDS: the array ak, WORDS split at spaces.\n"
	      "_relcheck_split() {\n\tread -ra ak <<<\"$1\"\n}\n\n", out);
	fputs("# _relcheck_offer WORDS: those of the words of the table (plain, "
	      "space-\n# separated) that start with $cur.\n"
	      "_relcheck_offer() {\n"
	      "\tlocal w\n"
	      "\tfor w in $1; do\n"
	      "\t\t[[ $w == \"$cur\"* ]] && COMPREPLY+=(\"$pre$w\")\n"
	      "\tdone\n"
	      "}\n\n"
	      "# _relcheck_words CMD SLOT: relcheck's words for it that start "
	      "with $cur,\n# quoted for the command line (never evaluated: "
	      "they may come from\n# a hostile checklist or run).\n"
	      "_relcheck_words() {\n"
	      "\tlocal w q\n"
	      "\twhile IFS= read -r w; do\n"
	      "\t\t[[ -n $w && $w == \"$cur\"* ]] || continue\n"
	      "\t\tprintf -v q '%q' \"$w\"\n"
	      "\t\tCOMPREPLY+=(\"$pre$q\")\n"
	      "\tdone < <(\"$prog\" \"${gl[@]}\" completion --words -- "
	      "\"$1\" \"$2\" </dev/null 2>/dev/null)\n"
	      "}\n\n"
	      "_relcheck() {\n"
	      "\tlocal REPLY prog cur pre= cmd=- w opt val have vopt= vkind= "
	      "split=0\n"
	      "\tlocal i j=0 cword=0 nargs=0 dd=0 join=0\n"
	      "\tlocal -a words=() gl=() ak=()\n"
	      "\tCOMPREPLY=()\n"
	      "\t_relcheck_unquote \"${COMP_WORDS[0]}\"\n"
	      "\tprog=$REPLY\n"
	      "\t# COMP_WORDBREAKS makes --opt=value three words: one again.\n"
	      "\tfor ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do\n"
	      "\t\tw=${COMP_WORDS[i]}\n"
	      "\t\tif ((join)); then\n"
	      "\t\t\twords[j - 1]+=$w join=0\n"
	      "\t\telif [[ $w == = ]] && ((j)) && [[ ${words[j - 1]} == --* "
	      "&& ${words[j - 1]} != *=* ]]; then\n"
	      "\t\t\twords[j - 1]+== join=1\n"
	      "\t\telse\n"
	      "\t\t\twords[j]=$w j=$((j + 1))\n"
	      "\t\tfi\n"
	      "\t\t((i == COMP_CWORD)) && cword=$((j - 1))\n"
	      "\t\t((i >= COMP_CWORD && !join)) && break\n"
	      "\tdone\n", out);
	fputs(sh_walk, out);
	fputs("\t# The word bash replaces is the value alone when = breaks "
	      "words.\n"
	      "\tif ((split)) && [[ ${COMP_WORDS[COMP_CWORD]} == --*=* ]]; "
	      "then\n"
	      "\t\tpre=$vopt=\n"
	      "\tfi\n"
	      "\tcase $vkind in\n"
	      "\t[fF]|[dD])\n"
	      "\t\tcompopt -o filenames 2>/dev/null\n"
	      "\t\tlocal flag=-f\n"
	      "\t\t[[ $vkind == [dD] ]] && flag=-d\n"
	      "\t\twhile IFS= read -r w; do\n"
	      "\t\t\tCOMPREPLY+=(\"$pre$w\")\n"
	      "\t\tdone < <(compgen \"$flag\" -- \"$cur\")\n"
	      "\t\t;;\n"
	      "\t[wW]) _relcheck_words \"$cmd\" \"$vopt\" ;;\n"
	      "\tesac\n"
	      "\treturn 0\n"
	      "}\n\n"
	      "complete -F _relcheck relcheck\n", out);
}

static void print_zsh(FILE *out)
{
	fprintf(out, "#compdef relcheck\n"
		"# zsh completion for relcheck(1), generated by `relcheck "
		"completion zsh`\n# (relcheck %s) from its command table: make "
		"it again rather than edit it.\n"
		"# Enable: install it as _relcheck in a folder of $fpath, or "
		"after compinit\n# in ~/.zshrc: source <(relcheck completion "
		"zsh)\n\n", PACKAGE_VERSION);
	print_sh_tables(out);
	fputs(sh_unquote, out);
	fputs("# _relcheck_split WORDS: the array ak, WORDS split at spaces.\n"
	      "_relcheck_split() {\n\tak=(${=1})\n}\n\n", out);
	fputs("# _relcheck_offer WORDS: the table's words (plain, "
	      "space-separated).\n"
	      "_relcheck_offer() {\n"
	      "\tcompadd -- ${=1}\n"
	      "}\n\n"
	      "# _relcheck_words CMD SLOT: relcheck's words for it, one a line; "
	      "compadd\n# quotes them (never evaluated: they may come from a "
	      "hostile checklist).\n"
	      "_relcheck_words() {\n"
	      "\tlocal -a cands\n"
	      "\tcands=(\"${(@f)$(\"$prog\" \"${gl[@]}\" completion --words -- "
	      "\"$1\" \"$2\" </dev/null 2>/dev/null)}\")\n"
	      "\tcands=(${cands:#})\n"
	      "\t(( ${#cands} )) && compadd -- \"${cands[@]}\"\n"
	      "}\n\n"
	      "_relcheck() {\n"
	      "\tsetopt localoptions ksharrays\n"
	      "\tlocal REPLY prog cur cmd=- w opt val have vopt= vkind= "
	      "split=0\n"
	      "\tlocal i cword=$((CURRENT - 1)) nargs=0 dd=0\n"
	      "\tlocal -a gl ak\n"
	      "\t_relcheck_unquote \"${words[0]}\"\n"
	      "\tprog=$REPLY\n", out);
	fputs(sh_walk, out);
	fputs("\t# The completion system's functions want zsh's own arrays.\n"
	      "\tunsetopt ksharrays\n"
	      "\t((split)) && compset -P '*='\n"
	      "\tcase $vkind in\n"
	      "\t[fF]) _files ;;\n"
	      "\t[dD]) _files -/ ;;\n"
	      "\t[wW]) _relcheck_words \"$cmd\" \"$vopt\" ;;\n"
	      "\tesac\n"
	      "\treturn 0\n"
	      "}\n\n"
	      "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	      "\t_relcheck \"$@\"\n"
	      "else\n"
	      "\tcompdef _relcheck relcheck\n"
	      "fi\n", out);
}

/* s in single quotes for fish: only \\ and \' are special there. */
static void fish_quote(const char *s, size_t n, FILE *out)
{
	fputc('\'', out);
	for (size_t i = 0; i < n && s[i]; i++) {
		if (s[i] == '\\' || s[i] == '\'')
			fputc('\\', out);
		fputc((unsigned char)s[i] < 0x20 ? ' ' : s[i], out);
	}
	fputc('\'', out);
}

static void fish_option(const struct cmd_entry *e, const struct cmd_option *o,
			void *arg)
{
	FILE *out = arg;
	struct slot s;

	if (!plain(o->name))
		return;
	option_slot(e, o, &s);
	if (e)
		fprintf(out, "complete -c relcheck -n '__relcheck_using %s'",
			e->name);
	else
		fputs("complete -c relcheck -n '__relcheck_using -'", out);
	if (o->short_name)
		fprintf(out, " -s %c", o->short_name);
	fprintf(out, " -l %s", o->name);
	if (s.kind == K_FILE && !s.optional)
		fputs(" -r -F", out);
	else if (s.kind == K_DIR && !s.optional)
		fputs(" -x -a '(__fish_complete_directories (commandline -ct))'",
		      out);
	else if (s.kind == K_WORDS && !s.optional)
		fprintf(out, " -x -a '(__relcheck_words %s --%s)'",
			e ? e->name : "-", o->name);
	else if (s.kind != K_NONE && !s.optional)
		fputs(" -x", out);
	fputs(" -d ", out);
	fish_quote(o->help, strcspn(o->help, "\n"), out);
	fputc('\n', out);
}

static void print_fish(FILE *out)
{
	size_t n, nglobal;
	const struct cmd_entry *const *cmds = cmd_table(&n);
	const struct cmd_option *g = cmd_global_options(&nglobal);

	fprintf(out, "# fish completion for relcheck(1), generated by "
		"`relcheck completion fish`\n# (relcheck %s) from its command "
		"table: make it again rather than edit it.\n"
		"# Enable: install it as relcheck.fish in a folder of "
		"$fish_complete_path,\n# or: relcheck completion fish | "
		"source\n\n", PACKAGE_VERSION);
	/* The global options that take a value, and those of them that
	 * choose the checklist. */
	fputs("set -g __relcheck_valued", out);
	for (size_t i = 0; i < nglobal; i++)
		if (g[i].arg && !(g[i].flags & CMD_ARG_OPTIONAL) &&
		    plain(g[i].name)) {
			fprintf(out, " --%s", g[i].name);
			if (g[i].short_name)
				fprintf(out, " -%c", g[i].short_name);
		}
	fputs("\nset -g __relcheck_keep", out);
	for (size_t i = 0; i < nglobal; i++)
		if (g[i].id == CMD_G_DIRECTORY || g[i].id == CMD_G_CONFIG) {
			fprintf(out, " --%s", g[i].name);
			if (g[i].short_name)
				fprintf(out, " -%c", g[i].short_name);
		}
	fputs("\n\n", out);
	fputs("# The command typed (- none yet), and the global options that "
	      "choose the\n# checklist, given to relcheck completion --words.\n"
	      "function __relcheck_state\n"
	      "\tset -l words (commandline -opc)\n"
	      "\tset -g __relcheck_cmd -\n"
	      "\tset -g __relcheck_gl\n"
	      "\tset -g __relcheck_nargs 0\n"
	      "\tset -l i 2\n"
	      "\twhile test $i -le (count $words)\n"
	      "\t\tset -l w $words[$i]\n"
	      "\t\tif string match -q -- '-*' $w\n"
	      "\t\t\tif test $__relcheck_cmd = -\n"
	      "\t\t\t\tif contains -- $w $__relcheck_keep\n"
	      "\t\t\t\t\tset i (math $i + 1)\n"
	      "\t\t\t\t\tset -a __relcheck_gl $w $words[$i]\n"
	      "\t\t\t\telse if contains -- $w $__relcheck_valued\n"
	      "\t\t\t\t\tset i (math $i + 1)\n"
	      "\t\t\t\telse if string match -q -- '--*=*' $w; and "
	      "contains -- (string split -m1 = -- $w)[1] $__relcheck_keep\n"
	      "\t\t\t\t\tset -a __relcheck_gl $w\n"
	      "\t\t\t\tend\n"
	      "\t\t\tend\n"
	      "\t\telse if test $__relcheck_cmd = -\n"
	      "\t\t\tset -g __relcheck_cmd $w\n"
	      "\t\telse\n"
	      "\t\t\tset -g __relcheck_nargs (math $__relcheck_nargs + 1)\n"
	      "\t\tend\n"
	      "\t\tset i (math $i + 1)\n"
	      "\tend\n"
	      "end\n\n"
	      "function __relcheck_using\n"
	      "\t__relcheck_state\n"
	      "\ttest $__relcheck_cmd = $argv[1]\n"
	      "end\n\n"
	      "# Output is taken as words, never evaluated.\n"
	      "function __relcheck_words\n"
	      "\t__relcheck_state\n"
	      "\tset -l prog (commandline -opc)[1]\n"
	      "\tcommand -q $prog; or return 0\n"
	      "\t$prog $__relcheck_gl completion --words -- $argv[1] $argv[2] "
	      "</dev/null 2>/dev/null\n"
	      "end\n\n"
	      "function __relcheck_arg\n"
	      "\t__relcheck_state\n"
	      "\t__relcheck_words $__relcheck_cmd (math $__relcheck_nargs + "
	      "1)\n"
	      "end\n\n"
	      "complete -c relcheck -f\n", out);
	for (size_t i = 0; i < n; i++) {
		if (!plain(cmds[i]->name))
			continue;
		fprintf(out, "complete -c relcheck -n '__relcheck_using -' "
			"-a %s -d ", cmds[i]->name);
		fish_quote(cmds[i]->summary, strlen(cmds[i]->summary), out);
		fputc('\n', out);
	}
	each_option(NULL, fish_option, out);
	for (size_t i = 0; i < n; i++) {
		const char *at[16];
		bool repeats, words = false, files = false;
		size_t nargs = usage_args(cmds[i]->usage, at, 16, &repeats);

		if (!plain(cmds[i]->name))
			continue;
		each_option(cmds[i], fish_option, out);
		for (size_t a = 0; a < nargs; a++) {
			struct slot s;

			arg_slot(cmds[i], a, &s);
			words = words || s.kind == K_WORDS;
			files = files || s.kind == K_FILE || s.kind == K_DIR;
		}
		if (words)
			fprintf(out, "complete -c relcheck -n '__relcheck_using "
				"%s' -a '(__relcheck_arg)'\n", cmds[i]->name);
		if (files)
			fprintf(out, "complete -c relcheck -n '__relcheck_using "
				"%s' -F\n", cmds[i]->name);
	}
}

static const struct shell shells[] = {
	{ "bash", print_bash },
	{ "zsh", print_zsh },
	{ "fish", print_fish },
};

#define NSHELLS (sizeof(shells) / sizeof(shells[0]))

static void words_shells(struct context *ctx, const char *list, FILE *out)
{
	(void)ctx;
	(void)list;
	for (size_t i = 0; i < NSHELLS; i++)
		put_word(shells[i].name, strlen(shells[i].name), out);
}

static const struct shell *shell_find(const char *name)
{
	for (size_t i = 0; i < NSHELLS; i++)
		if (strcmp(shells[i].name, name) == 0)
			return &shells[i];
	return NULL;
}

/* --words CMD SLOT: CMD a command (- the global options), SLOT an
 * option (-f, --format) or an argument's number (from 1).  Quiet: no
 * words when either means nothing. */
static void print_words(struct context *ctx, const char *command,
			const char *slot)
{
	const struct cmd_entry *e = NULL;
	struct slot s = { .kind = K_NONE };

	if (strcmp(command, "-") != 0 && !(e = cmd_find(command)))
		return;
	if (slot[0] == '-') {
		const struct cmd_option *o = slot[1] ? find_option(e, slot)
						     : NULL;
		if (o)
			option_slot(e, o, &s);
	} else if (e && slot[0] >= '1' && slot[0] <= '9' &&
		   strspn(slot, "0123456789") == strlen(slot) &&
		   strlen(slot) < 4) {
		arg_slot(e, (size_t)strtoul(slot, NULL, 10) - 1, &s);
	}
	if (s.kind == K_WORDS)
		s.words(ctx, s.list, stdout);
}

static int completion_check_args(struct cmd *cmd)
{
	struct buf names = BUF_INIT;

	if (cmd_has(cmd, "words")) {
		if (cmd->nargs == 2)
			return EXIT_OK;
		cmd_usage(cmd->entry);
		return EXIT_USAGE;
	}
	if (cmd->nargs == 1 && shell_find(cmd->args[0]))
		return EXIT_OK;
	if (cmd->nargs != 1) {
		cmd_usage(cmd->entry);
		return EXIT_USAGE;
	}
	buf_init(&names);
	for (size_t i = 0; i < NSHELLS; i++)
		buf_addf(&names, "%s%s", i == 0 ? "" : i + 1 < NSHELLS ? ", "
			 : " or ", shells[i].name);
	sanitize_fprintf(stderr, "relcheck completion: no completion for the "
			 "shell '%s' (%s)\n", cmd->args[0], names.data);
	buf_free(&names);
	return EXIT_USAGE;
}

static int cmd_completion_exec(struct cmd *cmd)
{
	const struct shell *sh;

	if (cmd_has(cmd, "words")) {
		/* Asked while the user types: nothing on the terminal but
		 * the words, whatever goes wrong. */
		if (!freopen("/dev/null", "w", stderr))
			(void)fclose(stderr);
		print_words(cmd->ctx, cmd->args[0], cmd->args[1]);
		(void)fflush(stdout);
		return EXIT_OK;
	}
	sh = shell_find(cmd->args[0]);
	sh->print(stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_USAGE;
}

static const struct cmd_option completion_options[] = {
	{ .name = "words",
	  .help = "with CMD SLOT: the words for the value of CMD's\noption "
	  "SLOT (its name, with its dashes) or for\nits argument number SLOT "
	  "(from 1); CMD - is for\nthe global options.  One a line, for the "
	  "scripts" },
	{ .name = NULL },
};

const struct cmd_entry cmd_completion_entry = {
	.name = "completion",
	.usage = "SHELL",
	.summary = "print the completion script of bash, zsh or fish",
	.options = completion_options,
	.min_args = 1,
	.max_args = 2,
	.check_args = completion_check_args,
	.exec = cmd_completion_exec,
};
