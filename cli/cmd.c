/* cmd.c: the table of sub-commands and their one parser: options and
 * argument counts from each entry, usage errors said here, the checklist
 * found and the run opened by the entry's flags (cmd.h). */
#include "config.h"

#include "cmd.h"
#include "run.h"
#include "sanitize.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each in its own file, cmd-NAME.c. */
extern const struct cmd_entry cmd_audit_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_close_entry;
extern const struct cmd_entry cmd_completion_entry;
extern const struct cmd_entry cmd_fetch_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_list_entry;
extern const struct cmd_entry cmd_mark_entry;
extern const struct cmd_entry cmd_publish_entry;
extern const struct cmd_entry cmd_push_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_runs_entry;
extern const struct cmd_entry cmd_signoff_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_verify_entry;

/* The order --help lists them in. */
static const struct cmd_entry *const commands[] = {
	&cmd_check_entry,
	&cmd_init_entry,
	&cmd_lint_entry,
	&cmd_list_entry,
	&cmd_runs_entry,
	&cmd_status_entry,
	&cmd_mark_entry,
	&cmd_signoff_entry,
	&cmd_close_entry,
	&cmd_review_entry,
	&cmd_verify_entry,
	&cmd_report_entry,
	&cmd_publish_entry,
	&cmd_push_entry,
	&cmd_fetch_entry,
	&cmd_audit_entry,
	&cmd_completion_entry,
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct cmd_option global_options[] = {
	{ .name = "directory", .short_name = 'C', .arg = "DIR",
	  .id = CMD_G_DIRECTORY, .help = "run as if started in DIR" },
	{ .name = "config", .short_name = 'c', .arg = "FILE",
	  .id = CMD_G_CONFIG, .help = "use this checklist (default: "
	  "relcheck.conf at the top\nof the repository, else the generic "
	  "Python/PyPI one)" },
	{ .name = "release", .arg = "X.Y.Z", .id = CMD_G_RELEASE,
	  .help = "the version being released (default: the version file)" },
	{ .name = "set", .arg = "NAME=VALUE", .id = CMD_G_SET,
	  .help = "override a checklist variable (repeatable)" },
	{ .name = "trust", .id = CMD_G_TRUST,
	  .help = "trust this checklist to run its commands" },
	{ .name = "run", .arg = "FILE", .id = CMD_G_RUN,
	  .help = "the run's record (default: under the repository's\ngit "
	  "folder, one per checklist and release)" },
	{ .name = "as", .arg = "\"NAME <EMAIL>\"", .id = CMD_G_AS,
	  .help = "who acts (default: git's user.name and user.email)" },
	{ .name = "dry-run", .id = CMD_G_DRY_RUN,
	  .help = "the screen shows every command and runs none" },
	{ .name = "demo", .arg = "DIR", .flags = CMD_ARG_OPTIONAL,
	  .id = CMD_G_DEMO, .help = "make a throwaway demo project and open "
	  "it;\nwith DIR, open again the demo project in DIR" },
	{ .name = "help", .short_name = 'h', .id = CMD_G_HELP,
	  .help = "show this help" },
	{ .name = "version", .short_name = 'V', .id = CMD_G_VERSION,
	  .help = "show relcheck's version" },
};

const struct cmd_option *cmd_global_options(size_t *n)
{
	*n = sizeof(global_options) / sizeof(global_options[0]);
	return global_options;
}

/* Every command answers these besides its own. */
static const struct cmd_option help_option = {
	.name = "help", .short_name = 'h',
	.help = "show this command's usage and options",
};

const struct cmd_option *cmd_help_option(void)
{
	return &help_option;
}

const struct cmd_entry *const *cmd_table(size_t *n)
{
	*n = NCOMMANDS;
	return commands;
}

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

/* "relcheck check", or "relcheck" for the screen. */
static void say_name(const struct cmd_entry *e, FILE *f)
{
	fputs("relcheck", f);
	if (e->name)
		fprintf(f, " %s", e->name);
}

void cmd_usage(const struct cmd_entry *e)
{
	fputs("usage: ", stderr);
	say_name(e, stderr);
	sanitize_fprintf(stderr, "%s%s\n", *e->usage ? " " : "", e->usage);
}

static size_t count_options(const struct cmd_entry *e)
{
	size_t n = 0;

	while (e->options && e->options[n].name)
		n++;
	return n;
}

void cmd_option_help(const struct cmd_option *o, FILE *f)
{
	char head[64];
	const char *h = o->help, *nl;
	bool opt = o->flags & CMD_ARG_OPTIONAL;

	snprintf(head, sizeof(head), "%c%c%s--%s%s%s%s",
		 o->short_name ? '-' : ' ', o->short_name ? o->short_name : ' ',
		 o->short_name ? ", " : "  ", o->name,
		 !o->arg ? "" : opt ? "[=" : " ", o->arg ? o->arg : "",
		 opt ? "]" : "");
	if (strlen(head) > 22)
		fprintf(f, "  %s\n  %-22s ", head, "");
	else
		fprintf(f, "  %-22s ", head);
	while ((nl = strchr(h, '\n')) != NULL) {
		fprintf(f, "%.*s\n  %-22s ", (int)(nl - h), h, "");
		h = nl + 1;
	}
	fprintf(f, "%s\n", h);
}

void cmd_help(const struct cmd_entry *e, FILE *f)
{
	size_t n = count_options(e);

	fputs("usage: ", f);
	say_name(e, f);
	fprintf(f, "%s%s\n\n%s.\n", *e->usage ? " " : "", e->usage,
		e->summary);
	fputs("\nOptions:\n", f);
	for (size_t i = 0; i < n; i++)
		cmd_option_help(&e->options[i], f);
	cmd_option_help(&help_option, f);
	fputs("\nThe global options (relcheck --help) come before the "
	      "command.\n", f);
}

/* A usage error: "relcheck NAME: WHY 'WORD' MORE", then the command's
 * usage line.  Returns EXIT_USAGE. */
static int usage_error(const struct cmd_entry *e, const char *why,
		       const char *word, const char *more)
{
	say_name(e, stderr);
	sanitize_fprintf(stderr, ": %s '%s'%s\n", why, word, more);
	cmd_usage(e);
	return EXIT_USAGE;
}

struct option *cmd_getopt(const struct cmd_option *opts, size_t n,
			  const char *prefix, char **shorts)
{
	struct option *lo = xcalloc(n + 1, sizeof(*lo));
	struct buf s = BUF_INIT;

	buf_init(&s);
	buf_adds(&s, prefix);
	buf_addc(&s, ':');
	for (size_t i = 0; i < n; i++) {
		const struct cmd_option *o = &opts[i];
		bool optional = (o->flags & CMD_ARG_OPTIONAL) != 0;

		lo[i].name = o->name;
		lo[i].has_arg = !o->arg ? no_argument :
				optional ? optional_argument : required_argument;
		lo[i].flag = NULL;
		lo[i].val = o->id ? o->id : 256 + (int)i;
		if (o->short_name) {
			buf_addc(&s, (char)o->short_name);
			if (o->arg)
				buf_adds(&s, optional ? "::" : ":");
		}
	}
	*shorts = buf_detach(&s);
	return lo;
}

/* e's options and --help, in one array (caller frees). */
static struct cmd_option *with_help(const struct cmd_entry *e, size_t *n)
{
	struct cmd_option *all;

	*n = count_options(e);
	all = xcalloc(*n + 1, sizeof(*all));
	if (*n)
		memcpy(all, e->options, *n * sizeof(*all));
	all[(*n)++] = help_option;
	return all;
}

/* The option getopt returned c for, or NULL. */
static const struct cmd_option *option_of(const struct cmd_entry *e, int c)
{
	size_t n = count_options(e);

	if (c >= 256 && (size_t)(c - 256) < n)
		return &e->options[c - 256];
	if (c == 256 + (int)n || c == help_option.short_name)
		return &help_option;
	for (size_t i = 0; c > 0 && c < 256 && i < n; i++)
		if (e->options[i].short_name == c)
			return &e->options[i];
	return NULL;
}

/* Parses argv into cmd.  Returns EXIT_OK, -1 for --help (printed), or
 * EXIT_USAGE after saying why. */
static int parse(struct cmd *cmd, int argc, char **argv)
{
	const struct cmd_entry *e = cmd->entry;
	char *shorts = NULL;
	size_t nall;
	struct cmd_option *all = with_help(e, &nall);
	/* Permuted (no "+"): options may follow the arguments. */
	struct option *lo = cmd_getopt(all, nall, "", &shorts);
	int c, status = EXIT_OK;

	cmd->given = xcalloc((size_t)argc + 1, sizeof(*cmd->given));
	optind = 0;	/* 0: GNU getopt starts afresh, permuting */
	opterr = 0;
	while (status == EXIT_OK &&
	       (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct cmd_option *o = option_of(e, c);
		char word[3] = { '-', (char)optopt, '\0' };
		const char *bad = optopt > 0 && optopt < 256 ? word
							     : argv[optind - 1];

		if (c == ':') {
			status = usage_error(e, "option", bad, " needs a value");
		} else if (!o) {
			status = usage_error(e, "unknown option", bad, "");
		} else if (o == &help_option) {
			cmd_help(e, stdout);
			status = -1;
		} else {
			cmd->given[cmd->ngiven].opt = o;
			cmd->given[cmd->ngiven++].value = optarg;
		}
	}
	free(lo);
	free(shorts);
	free(all);
	if (status != EXIT_OK)
		return status;
	cmd->args = argv + optind;
	cmd->nargs = argc - optind;
	if (e->max_args == 0 && cmd->nargs > 0)
		return usage_error(e, "unexpected argument",
				   cmd->args[0], "");
	if (cmd->nargs < e->min_args ||
	    (e->max_args >= 0 && cmd->nargs > e->max_args)) {
		cmd_usage(e);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The run's flags (run.h) that e and the options given ask for. */
static int run_flags(const struct cmd *cmd)
{
	int f = cmd->entry->flags;
	int rf = 0;

	for (size_t i = 0; i < cmd->ngiven; i++)
		f |= cmd->given[i].opt->flags;
	if (f & (CMD_RUN_WRITE | CMD_RUN_CREATE))
		rf |= RUN_WRITE;
	if (f & CMD_RUN_CREATE)
		rf |= RUN_CREATE;
	return (f & CMD_RUN_ANY) ? rf : -1;
}

/* Finds, loads, asks and opens what the flags say (cmd.h). */
static int prepare(struct cmd *cmd)
{
	const struct cmd_entry *e = cmd->entry;
	struct context *ctx = cmd->ctx;
	int rf = run_flags(cmd), status;

	if ((e->flags & CMD_PREPARE) && context_prepare(ctx) != EXIT_OK)
		return EXIT_USAGE;
	if (e->flags & CMD_CHECKLIST) {
		if (context_discover(ctx) != EXIT_OK)
			return EXIT_USAGE;
		cmd->cl = context_load(ctx, NULL);
		if (!cmd->cl)
			return EXIT_USAGE;
		/* On a development version, the run found (context.h). */
		if (rf >= 0 && !(cmd->cl = context_follow_run(ctx, cmd->cl,
							       rf)))
			return EXIT_USAGE;
	}
	if (e->prepare && (status = e->prepare(cmd)) != EXIT_OK)
		return status;
	if ((e->flags & CMD_IDENTITY) &&
	    context_require_identity(ctx, e->name) != EXIT_OK)
		return EXIT_USAGE;
	if ((e->flags & CMD_TRUST) && context_authorise(ctx, cmd->cl) !=
	    EXIT_OK)
		return EXIT_USAGE;
	if (rf < 0)
		return EXIT_OK;
	ctx->sign = cmd_has(cmd, "sign");
	if (e->flags & CMD_CHECKLIST) {
		cmd->run = context_run(ctx, cmd->cl, rf);
		status = cmd->run ? EXIT_OK : EXIT_USAGE;
	} else {
		status = context_named_run(ctx, (e->flags & CMD_RUN_NAMED) &&
					   cmd->nargs ? cmd->args[0] : NULL,
					   rf, &cmd->cl, &cmd->run);
	}
	/* A record that cannot be read for its damage is a failure the
	 * command found (verify's above all), not a misuse. */
	return status == EXIT_USAGE && ctx->run_damaged ? EXIT_FAILED
							: status;
}

int cmd_run(const struct cmd_entry *e, struct context *ctx, int argc,
	    char **argv)
{
	struct cmd cmd = { .entry = e, .ctx = ctx };
	int status = parse(&cmd, argc, argv);

	if (status == EXIT_OK && e->check_args)
		status = e->check_args(&cmd);
	if (status == EXIT_OK)
		status = prepare(&cmd);
	if (status == EXIT_OK)
		status = e->exec(&cmd);
	else if (status < 0)
		status = EXIT_OK;	/* --help */
	run_free(cmd.run);
	checklist_free(cmd.cl);
	free(cmd.given);
	return status;
}

static const struct cmd_given *last_given(const struct cmd *cmd,
					  const char *name)
{
	for (size_t i = cmd->ngiven; i > 0; i--)
		if (strcmp(cmd->given[i - 1].opt->name, name) == 0)
			return &cmd->given[i - 1];
	return NULL;
}

bool cmd_has(const struct cmd *cmd, const char *name)
{
	return last_given(cmd, name) != NULL;
}

const char *cmd_value(const struct cmd *cmd, const char *name)
{
	const struct cmd_given *g = last_given(cmd, name);

	return g ? g->value : NULL;
}
