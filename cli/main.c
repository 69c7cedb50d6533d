/* main.c: the command line.  Global options, then a command from
 * cmd_table() run by cmd_run(); no command opens the screen
 * (cmd_screen_entry). */
#include "config.h"

#include "sanitize.h"

#include "cmd.h"
#include "context.h"
#include "demo.h"
#include "run.h"
#include "tui.h"
#include "userconf.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	const struct cmd_entry *const *cmds;
	const struct cmd_option *opts;
	size_t n;

	fprintf(f,
		"usage: relcheck [OPTIONS] [COMMAND [ARGS]]\n"
		"\n"
		"Walks a release through its checklist.  With no command, opens"
		" the\nfull-screen checklist.\n"
		"\n"
		"Options:\n");
	opts = cmd_global_options(&n);
	for (size_t i = 0; i < n; i++)
		cmd_option_help(&opts[i], f);
	fputs("\nCommands:\n", f);
	cmds = cmd_table(&n);
	for (size_t i = 0; i < n; i++) {
		char *head = xasprintf("%s %s", cmds[i]->name, cmds[i]->usage);
		if (strlen(head) > 22)
			fprintf(f, "  %s\n  %-22s %s\n", head, "",
				cmds[i]->summary);
		else
			fprintf(f, "  %-22s %s\n", head, cmds[i]->summary);
		free(head);
	}
	fprintf(f,
		"\n"
		"'relcheck COMMAND --help' shows a command's options.\n"
		"Exit status: 0 ok, 1 checks failed or items not done, 2 usage "
		"or\nconfiguration error.  See relcheck(1) and "
		"relcheck.conf(5).\n");
}

static const char *demo_dir;		/* --demo=DIR */
static const char *progname = "relcheck";	/* as it was run, with a / */

/* The screen: relcheck with no command (cmd-screen.c). */
static int run_screen(struct context *ctx)
{
	char *argv[] = { (char *)"relcheck", NULL };

	return cmd_run(&cmd_screen_entry, ctx, 1, argv);
}

static void demo_default(struct context *ctx, const char *name,
			 const char *value)
{
	vars_set(&ctx->defaults, name, value, VAR_COMMAND_LINE, NULL, 0);
}

static int run_demo(struct context *ctx)
{
	char *dir = NULL, *err = NULL, *notice, *version;
	struct buf again = BUF_INIT;
	int status;

	if (!tui_terminal_ok())
		return EXIT_USAGE;
	if (demo_dir) {
		if (demo_check(demo_dir, &err) < 0) {
			sanitize_fprintf(stderr, "relcheck: --demo=%s: %s\n",
					 demo_dir, err);
			free(err);
			return EXIT_USAGE;
		}
		dir = xstrdup(demo_dir);
	} else if (demo_create(&dir, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck: --demo: %s\n", err);
		free(err);
		return EXIT_USAGE;
	}
	buf_init(&again);
	/* As it was run: ./relcheck from the build tree is not on PATH. */
	if (strcmp(progname, "relcheck") == 0)
		buf_adds(&again, progname);
	else
		shell_quote(&again, progname);
	buf_adds(&again, " --demo=");
	shell_quote(&again, dir);
	sanitize_fprintf(stderr, "relcheck: demo project in %s\n", dir);
	/* The demo's package index is on loopback: it never reaches out.
	 * Its checks use the Python that has the tools (demo.h), and try
	 * the package without the network. */
	demo_default(ctx, "index", DEMO_INDEX);
	demo_default(ctx, "test_index", DEMO_INDEX);
	demo_default(ctx, "python", demo_python());
	version = demo_python_version();
	demo_default(ctx, "python_versions", version);
	free(version);
	demo_default(ctx, "venv_options", "--system-site-packages");
	demo_default(ctx, "sdist_install_options",
		     "--no-index --no-build-isolation");
	notice = xasprintf("%s\nq quits; it reopens with\n  %s\n",
			   demo_about(), again.data);
	ctx->demo_notice = notice;
	ctx->dir = dir;
	status = run_screen(ctx);
	ctx->demo_notice = NULL;
	free(notice);
	sanitize_fprintf(stderr, "relcheck: the demo project stays in %s\n"
			 "relcheck: reopen it with: %s\n", dir, again.data);
	buf_free(&again);
	free(dir);
	return status;
}

/* The global options, from cmd_global_options() (cmd.h), into ctx; *next
 * is the command's index.  Returns EXIT_OK, -1 when --help or --version
 * was answered, or EXIT_USAGE after saying why. */
static int parse_globals(struct context *ctx, int argc, char **argv,
			 int *next)
{
	size_t nopts;
	const struct cmd_option *opts = cmd_global_options(&nopts);
	char *shorts = NULL;
	/* "+": the options end at the command. */
	struct option *longopts = cmd_getopt(opts, nopts, "+", &shorts);
	int c, status = EXIT_OK;

	opterr = 0;
	while (status == EXIT_OK &&
	       (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case CMD_G_HELP:
			usage(stdout);
			status = -1;
			break;
		case CMD_G_VERSION:
			printf("relcheck %s\n", PACKAGE_VERSION);
			status = -1;
			break;
		case CMD_G_CONFIG:
			ctx->config = optarg;
			break;
		case CMD_G_DIRECTORY:
			ctx->dir = optarg;
			break;
		case CMD_G_RELEASE:
			if (!*optarg) {
				sanitize_fprintf(stderr, "relcheck: --release needs a "
					"version\n");
				status = EXIT_USAGE;
			} else {
				ctx->release = optarg;
			}
			break;
		case CMD_G_SET:
			if (context_add_set(ctx, optarg) < 0)
				status = EXIT_USAGE;
			break;
		case CMD_G_DEMO:
			ctx->demo = true;
			demo_dir = optarg;
			break;
		case CMD_G_TRUST:
			ctx->trust = true;
			break;
		case CMD_G_DRY_RUN:
			ctx->dry_run = true;
			break;
		case CMD_G_RUN:
			ctx->run_file = optarg;
			break;
		case CMD_G_AS:
			if (!*optarg || strchr(optarg, '\n')) {
				sanitize_fprintf(stderr, "relcheck: --as needs a name, "
					"such as \"Name <email>\"\n");
				status = EXIT_USAGE;
			} else {
				ctx->as = optarg;
			}
			break;
		case ':':
			sanitize_fprintf(stderr, "relcheck: option '%s' needs a value\n",
				argv[optind - 1]);
			status = EXIT_USAGE;
			break;
		default:
			if (optopt && optopt < 256)
				sanitize_fprintf(stderr, "relcheck: unknown option "
					"'-%c'\n", optopt);
			else
				sanitize_fprintf(stderr, "relcheck: unknown option "
					"'%s'\n", argv[optind - 1]);
			status = EXIT_USAGE;
			break;
		}
	}
	free(longopts);
	free(shorts);
	*next = optind;
	return status;
}

/* The user's own config (userconf.h), before anything else is done: a
 * file with a mistake stops relcheck (exit 2), every mistake said as
 * file:line; the screen never opens half-configured.  Its defaults go
 * where the command line did not say: defaults.as under --as,
 * defaults.set under --set (for the variables the checklist has, as the
 * demo's). */
static int read_user_config(struct context *ctx, struct userconf *uc)
{
	struct diag d = DIAG_INIT;

	if (userconf_load(uc, NULL, &d) < 0) {
		diag_print(&d, stderr);
		sanitize_fprintf(stderr, "relcheck: the user config has "
				 "mistakes (relcheck(1), USER "
				 "CONFIGURATION)\n");
		diag_free(&d);
		return EXIT_USAGE;
	}
	diag_free(&d);
	if (!ctx->as)
		ctx->as = uc->as;
	for (size_t i = 0; i < uc->nsets; i++)
		if (!vars_find(&ctx->sets, uc->set_names[i]))
			vars_set(&ctx->defaults, uc->set_names[i],
				 uc->set_values[i], VAR_COMMAND_LINE, NULL, 0);
	ctx->user = uc;
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	struct userconf user;
	struct context ctx;
	const struct cmd_entry *cmd;
	int first, status;

	/* libgit2 is started by its first user (gitlib_init(), src/gitlib.c):
	 * --version and --help never start it. */
	context_init(&ctx);
	userconf_init(&user);
	if (argc > 0 && argv[0] && strchr(argv[0], '/'))
		progname = argv[0];
	status = parse_globals(&ctx, argc, argv, &first);
	if (status < 0) {
		context_free(&ctx);
		return EXIT_OK;
	}
	if (status != EXIT_OK)
		goto usage_error;
	if (read_user_config(&ctx, &user) != EXIT_OK) {
		context_free(&ctx);
		userconf_free(&user);
		return EXIT_USAGE;
	}

	if (ctx.demo) {
		if (first < argc) {
			sanitize_fprintf(stderr, "relcheck: --demo takes no command\n");
			goto usage_error;
		}
		if (ctx.dir) {
			sanitize_fprintf(stderr, "relcheck: --demo makes its own folder; "
				"it cannot be used with -C (--demo=DIR opens "
				"one again)\n");
			goto usage_error;
		}
		status = run_demo(&ctx);
	} else if (first >= argc) {
		status = run_screen(&ctx);
	} else {
		cmd = cmd_find(argv[first]);
		if (!cmd) {
			sanitize_fprintf(stderr, "relcheck: unknown command '%s'\n",
				argv[first]);
			goto usage_error;
		}
		status = cmd_run(cmd, &ctx, argc - first, argv + first);
	}
	context_free(&ctx);
	userconf_free(&user);
	/* Ended by a signal (after restoring the terminal and stopping the
	 * checks): die by it, so that a shell sees how it ended. */
	if (status == 128 + SIGINT || status == 128 + SIGTERM ||
	    status == 128 + SIGHUP) {
		signal(status - 128, SIG_DFL);
		raise(status - 128);
	}
	return status;

usage_error:
	sanitize_fprintf(stderr, "Try 'relcheck --help'.\n");
	context_free(&ctx);
	userconf_free(&user);
	return EXIT_USAGE;
}
