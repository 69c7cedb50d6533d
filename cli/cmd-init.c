/* cmd-init.c: `relcheck init [--dry-run]`: writes relcheck.conf, the
 * generic checklist with what discovery found, each value saying where it
 * came from. */
#include "config.h"

#include "cmd.h"
#include "project.h"
#include "sanitize.h"

#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The variables init writes, in this order, with what to say when one
 * could not be found. */
static const struct {
	const char *name;
	const char *example;
	const char *missing;
} written[] = {
	{ "package", "NAME", "the distribution name on PyPI" },
	{ "module", "NAME", "the import name of the package folder" },
	{ "version_file", "PATH", "the file that holds the version" },
	{ "version_pattern", NULL, NULL },
	{ "version_source", NULL, NULL },
	{ "entry_point", NULL, NULL },
	{ "tag_prefix", NULL, NULL },
	{ "changelog", "PATH", "the changelog" },
	{ "python_versions", NULL, NULL },
};

/* Printable ASCII only: a value or a comment is one line of the file. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* s as a checklist string: quoted, \ and " escaped, $ doubled (a value
 * found in the project is data, never a template). */
static void add_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_addc(b, '\\');
		if (*s == '$')
			buf_addc(b, '$');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Where a value came from, for its comment: a path relative to root. */
static const char *where(const char *root, const char *file)
{
	size_t n = strlen(root);

	if (file && strncmp(file, root, n) == 0 && file[n] == '/')
		return file + n + 1;
	return file;
}

static void write_conf(const char *root, const struct vars *vs,
		       struct buf *b)
{
	const struct var *src = vars_find(vs, "version_source");
	const struct var *style = vars_find(vs, "changelog_style");
	const struct var *rp = vars_find(vs, "requires_python");
	const struct var *ep = vars_find(vs, "entry_point");
	bool vcs = src && src->value && str_starts_with(src->value,
							 "git tags");

	buf_adds(b, "# relcheck.conf: this project's release checklist, written "
		 "by `relcheck init`\n# from what it found in the project.  "
		 "Each value says where it came from;\n# a line left commented "
		 "out is what it could not find: fill it in.\n# See "
		 "relcheck.conf(5); `relcheck lint` checks this file.\n"
		 "@include \"python-pypi.conf\"\n\nvars = {\n");
	for (size_t i = 0; i < ARRAY_SIZE(written); i++) {
		const struct var *v = vars_find(vs, written[i].name);
		const char *from;

		if (vcs && strcmp(written[i].name, "version_file") == 0) {
			/* relcheck reads version_source: the version is the
			 * tag at HEAD, and the version items compare it with
			 * dist/ (relcheck.conf(5)). */
			buf_adds(b, "  # version_file: none, the version is the "
				 "git tag's\n");
			continue;
		}
		if (!v || (!v->value && !written[i].missing))
			continue;
		if (!v->value) {
			buf_addf(b, "  # %s = \"%s\";  # not found: %s\n",
				 written[i].name, written[i].example,
				 written[i].missing);
			continue;
		}
		from = where(root, v->file);
		if (!printable(v->value) || (from && !printable(from))) {
			buf_addf(b, "  # %s: not written (not printable)\n",
				 written[i].name);
			continue;
		}
		buf_addf(b, "  %s = ", written[i].name);
		add_quoted(b, v->value);
		buf_addf(b, ";%s%s\n", from ? "  # from " : "",
			 from ? from : "");
	}
	buf_adds(b, "};\n");
	if (style && style->value && printable(style->value))
		buf_addf(b, "# The changelog's release headings are in the %s "
			 "style.\n", style->value);
	if (rp && rp->value && printable(rp->value))
		buf_addf(b, "# requires-python: %s\n", rp->value);
	if (ep && !ep->value && ep->origin == VAR_DETECTED && ep->file)
		/* A library: the included ${package} would be a placeholder
		 * command. */
		buf_adds(b, "\n# No console script is declared: the item that "
			 "tries one goes.\ndrop = [ \"release.entry-point\" ];\n");
}

static int cmd_init_exec(struct cmd *cmd)
{
	struct context *ctx = cmd->ctx;
	struct vars vs = VARS_INIT;
	struct diag notes = DIAG_INIT;
	struct buf text = BUF_INIT;
	bool dry = cmd_has(cmd, "dry-run");
	char *have, *path;
	int fd, status = EXIT_OK;

	have = project_config(ctx->root);
	if (have && !dry) {
		sanitize_fprintf(stderr, "relcheck init: %s already exists: not "
			"overwritten (--dry-run prints what init would "
			"write)\n", have);
		free(have);
		return EXIT_USAGE;
	}
	free(have);
	project_detect(ctx->root, ctx->release != NULL, &vs, &notes);
	buf_init(&text);
	write_conf(ctx->root, &vs, &text);
	for (size_t i = 0; i < notes.count; i++)
		sanitize_fprintf(stderr, "relcheck: note: %s\n",
			notes.entries[i].message);
	if (dry) {
		if (fwrite(text.data, 1, text.len, stdout) != text.len ||
		    fflush(stdout) != 0) {
			sanitize_fprintf(stderr, "relcheck init: cannot write "
				"to standard output: %s\n", strerror(errno));
			status = EXIT_USAGE;
		}
		goto out;
	}
	path = path_join(ctx->root, "relcheck.conf");
	/* Never over anything: not a file, not a link made meanwhile. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0 || write(fd, text.data, text.len) != (ssize_t)text.len ||
	    fsync(fd) < 0) {
		sanitize_fprintf(stderr, "relcheck init: cannot write %s: %s\n",
			path, strerror(errno));
		if (fd >= 0)
			unlink(path);
		status = EXIT_USAGE;
	} else {
		sanitize_fprintf(stderr, "relcheck: wrote %s\n", path);
	}
	if (fd >= 0)
		close(fd);
	free(path);
out:
	buf_free(&text);
	diag_free(&notes);
	vars_free(&vs);
	return status;
}

static const struct cmd_option init_options[] = {
	{ .name = "dry-run", .short_name = 'n',
	  .help = "print what init would write, and write nothing" },
	{ .name = NULL },
};

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "[--dry-run]",
	.summary = "write relcheck.conf from what relcheck finds in the project",
	.options = init_options,
	.min_args = 0,
	.max_args = 0,
	.flags = CMD_PREPARE,
	.exec = cmd_init_exec,
};
