/* pdf.c: the HTML report printed to PDF by a headless browser. */
#include "config.h"

#include "pdf.h"
#include "proc.h"
#include "vars.h"

#include <errno.h>
#include <ftw.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PDF_TIMEOUT_S 120

static const char *const renderers[] = {
	"chromium", "chromium-browser", "google-chrome", "wkhtmltopdf",
};

char *pdf_renderer_find(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(renderers); i++) {
		char *f = path_which(renderers[i]);
		if (f)
			return f;
	}
	return NULL;
}

/* The command that prints in (a file) to out, for /bin/sh. */
static char *command_for(const char *renderer, const char *dir,
			 const char *in, const char *out)
{
	struct buf b = BUF_INIT;
	const char *base = strrchr(renderer, '/');

	buf_init(&b);
	shell_quote(&b, renderer);
	if (base && strcmp(base + 1, "wkhtmltopdf") == 0) {
		buf_adds(&b, " --quiet --enable-local-file-access ");
		shell_quote(&b, in);
		buf_addc(&b, ' ');
		shell_quote(&b, out);
		return buf_detach(&b);
	}
	/* A browser: no sandbox (it may run as root here), no network of
	 * its own, a profile of its own in dir. */
	buf_adds(&b, " --headless --no-sandbox --disable-gpu --no-first-run"
		 " --disable-background-networking --disable-component-update"
		 " --disable-sync --no-pdf-header-footer --user-data-dir=");
	{
		char *profile = path_join(dir, "profile");
		shell_quote(&b, profile);
		free(profile);
	}
	buf_adds(&b, " --print-to-pdf=");
	shell_quote(&b, out);
	buf_adds(&b, " ");
	{
		char *url = xasprintf("file://%s", in);
		shell_quote(&b, url);
		free(url);
	}
	return buf_detach(&b);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	/* Best effort: what cannot go stays in the temporary folder. */
	(void)remove(path);
	return 0;
}

/* Removes dir (made by mkdtemp here) and what the renderer left in it,
 * its profile included; symbolic links are removed, never followed. */
static void remove_dir(const char *dir)
{
	(void)nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The HTML written by write_html into a new file in (0, or -1 with errno
 * set and *err); *err (caller frees) says which step failed. */
static int html_file(const char *dir, const char *in,
		     int (*write_html)(void *data, int fd), void *data,
		     char **err)
{
	int fd = open(in, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		*err = xasprintf("cannot create a temporary file in %s: %s",
				 dir, strerror(errno));
		return -1;
	}
	if (write_html(data, fd) < 0) {
		*err = xasprintf("cannot write %s: %s", in, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		*err = xasprintf("cannot write %s: %s", in, strerror(errno));
		return -1;
	}
	return 0;
}

int pdf_from_html(const char *renderer,
		  int (*write_html)(void *data, int fd), void *data,
		  struct buf *pdf, char **err)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/relcheck-pdf.XXXXXX", tmp && *tmp == '/'
			      ? tmp : "/tmp");
	char *in = NULL, *out = NULL, *cmd = NULL, *log = NULL;
	struct proc_options opt = { 0 };
	struct proc_result res;
	int rc = -1, fd = -1;

	*err = NULL;
	if (!mkdtemp(dir)) {
		*err = xasprintf("cannot make a temporary folder %s: %s", dir,
				 strerror(errno));
		free(dir);
		return -1;
	}
	in = path_join(dir, "report.html");
	out = path_join(dir, "report.pdf");
	log = path_join(dir, "renderer.log");
	if (html_file(dir, in, write_html, data, err) < 0)
		goto out;
	fd = open(log, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	cmd = command_for(renderer, dir, in, out);
	opt.command = cmd;
	opt.cwd = dir;
	opt.out_fd = fd;
	opt.timeout_s = PDF_TIMEOUT_S;
	if (proc_run(&opt, &res, err) < 0)
		goto out;
	if (res.timed_out) {
		*err = xasprintf("%s did not print the report within %d s: "
				 "stopped", renderer, PDF_TIMEOUT_S);
		goto out;
	}
	if (buf_read_file(pdf, out) < 0 || pdf->len < 5 ||
	    memcmp(pdf->data, "%PDF-", 5) != 0) {
		*err = xasprintf("%s printed no PDF (exit %d)", renderer,
				 res.exit_code);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	remove_dir(dir);
	free(cmd);
	free(log);
	free(in);
	free(out);
	free(dir);
	return rc;
}
