/* cmd.h: the sub-commands, as tmux does them.  One file and one entry
 * each (cli/cmd-NAME.c: const struct cmd_entry cmd_NAME_entry), listed
 * in cmd.c's table.  An entry says what the command takes (its options,
 * how many arguments) and what it needs before it runs (flags); cmd.c
 * parses every command's arguments from that one description, prints
 * every usage error the same way (exit 2), answers COMMAND --help, finds
 * the checklist and opens the run; then the command's exec runs.  No
 * command calls getopt.
 *
 * Adding a command: a file cli/cmd-NAME.c with its entry, its
 * declaration and its row in cmd.c's table, the file in Makefile.am. */
#ifndef RELCHECK_CMD_H
#define RELCHECK_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "context.h"

struct checklist;
struct option;
struct run;

/* One option of a command: --name (and -s), with a value or not. */
struct cmd_option {
	const char *name;	/* long name, without "--" */
	int short_name;		/* 'o', or 0: none */
	const char *arg;	/* the value's name ("FILE"), NULL: no value */
	const char *help;	/* for --help and the man page; a '\n'
				 * continues it on the next line */
	int flags;		/* CMD_RUN_*: giving it opens the run so;
				 * CMD_ARG_OPTIONAL */
	int id;			/* a global option's (CMD_G_*), for main.c */
};

/* What a command needs before exec.  cmd_run does, in this order: the
 * options and the argument counts; check_args; CMD_PREPARE or
 * CMD_CHECKLIST (and, when the run is to be opened, the run of a
 * development version found); prepare; CMD_IDENTITY; CMD_TRUST; the run
 * (CMD_RUN_*, or an option's flags); exec.  A command whose needs depend
 * on its arguments takes them itself: lint (the checklist in use, or
 * only the files named) and the screen (no run on a dry run) do. */
enum {
	/* context_prepare: -C applied, the repository found. */
	CMD_PREPARE = 1 << 0,
	/* The checklist discovered and loaded (cmd->cl). */
	CMD_CHECKLIST = 1 << 1,
	/* Who acts must be known (--as or git's user.name), before the
	 * run opens: context_require_identity. */
	CMD_IDENTITY = 1 << 2,
	/* The checklist must be trusted for what it runs (cmd->cl,
	 * context_authorise). */
	CMD_TRUST = 1 << 3,
	/* The run is opened (cmd->run, and cmd->cl its checklist):
	 * read-only, or for writing, or created when missing.  With
	 * CMD_CHECKLIST, the run of the checklist loaded (context_run, on a
	 * development version the run in progress); else the run the first
	 * argument names with CMD_RUN_NAMED, or the current one
	 * (context_named_run). */
	CMD_RUN_READ = 1 << 4,
	CMD_RUN_WRITE = 1 << 5,
	CMD_RUN_CREATE = 1 << 6,
	CMD_RUN_NAMED = 1 << 7,
};

#define CMD_RUN_ANY (CMD_RUN_READ | CMD_RUN_WRITE | CMD_RUN_CREATE)

/* An option's value may be left out (--demo, --demo=DIR). */
#define CMD_ARG_OPTIONAL (1 << 8)

/* The global options, before the command: what getopt returns for each
 * (main.c acts on them). */
enum cmd_global {
	CMD_G_HELP = 'h',
	CMD_G_VERSION = 'V',
	CMD_G_CONFIG = 'c',
	CMD_G_DIRECTORY = 'C',
	CMD_G_RELEASE = 256,
	CMD_G_SET,
	CMD_G_TRUST,
	CMD_G_RUN,
	CMD_G_AS,
	CMD_G_DRY_RUN,
	CMD_G_DEMO,
};

/* A command being run: its words, parsed, and what cmd.c prepared. */
struct cmd {
	const struct cmd_entry *entry;
	struct context *ctx;
	/* The options given, in order (repeats kept); opt points into
	 * the entry's options (or at cmd.c's --help). */
	struct cmd_given {
		const struct cmd_option *opt;
		const char *value;	/* NULL for an option without one */
	} *given;
	size_t ngiven;
	char **args;		/* the arguments, options removed */
	int nargs;
	struct checklist *cl;	/* CMD_CHECKLIST, CMD_RUN_*; cmd.c frees
				 * (exec may replace it, and sets it) */
	struct run *run;	/* CMD_RUN_*; cmd.c frees */
};

struct cmd_entry {
	const char *name;
	const char *usage;	/* arguments and options, one line */
	const char *summary;	/* one line, for --help */
	const struct cmd_option *options;  /* ends with a NULL name */
	int min_args, max_args;	/* max -1: no limit */
	int flags;		/* CMD_* */
	/* Optional: the words checked (values, combinations), before
	 * anything is found, asked or opened.  Returns EXIT_OK, or an exit
	 * status after printing why. */
	int (*check_args)(struct cmd *cmd);
	/* Optional: after the checklist is loaded, before identity, trust
	 * and the run (names the checklist must have; a terminal).  Returns
	 * EXIT_OK, or an exit status after printing why. */
	int (*prepare)(struct cmd *cmd);
	/* Returns an exit status. */
	int (*exec)(struct cmd *cmd);
};

/* The screen: relcheck with no command (not in the table, no name). */
extern const struct cmd_entry cmd_screen_entry;

/* The commands, in the order --help lists them; *n is their count.
 * For the man-page generator too. */
const struct cmd_entry *const *cmd_table(size_t *n);

/* The global options, in the order --help lists them; *n is their
 * count.  For the man-page generator too. */
const struct cmd_option *cmd_global_options(size_t *n);

/* The --help (-h) every command answers besides its own options (for
 * the completion scripts). */
const struct cmd_option *cmd_help_option(void);

/* getopt_long's description of opts[0..n) and the short options in
 * *shorts: prefix ("+": stop at the first argument; "": permute), then
 * ":" (a missing value is ':').  getopt returns o->id when set, else
 * 256 + its index for the long name, its letter for the short one.
 * Caller frees both. */
struct option *cmd_getopt(const struct cmd_option *opts, size_t n,
			  const char *prefix, char **shorts);

/* Prints an option's line of --help: "  -c, --config FILE  help". */
void cmd_option_help(const struct cmd_option *o, FILE *f);

/* The command called name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* Parses argv (argv[0] the command's name) by e's table, prepares what
 * e's flags ask (in the order above), runs e->exec and frees what was
 * prepared.  Usage errors are said here, the same way for every command
 * ("relcheck NAME: unknown option '--x'", "... option '--x' needs a
 * value", "... unexpected argument 'x'", each followed by the usage
 * line; a wrong count of arguments: the usage line), exit 2.
 * COMMAND --help (-h) prints the command's help on stdout, exit 0.
 * Returns an exit status. */
int cmd_run(const struct cmd_entry *e, struct context *ctx, int argc,
	    char **argv);

/* Prints e's usage line and options, as COMMAND --help does. */
void cmd_help(const struct cmd_entry *e, FILE *f);

/* "usage: relcheck NAME USAGE" on stderr (the screen: "relcheck"). */
void cmd_usage(const struct cmd_entry *e);

/* Was the option called name given?  Its last value (NULL when not
 * given or without a value). */
bool cmd_has(const struct cmd *cmd, const char *name);
const char *cmd_value(const struct cmd *cmd, const char *name);

#endif
