/* cmd-report.c: `relcheck report [RUN] [--format text|markdown|html|json]
 * [-o FILE] [--paged] [--print]`.
 *
 * The report goes to stdout; with -o to FILE, atomically (a temporary
 * file in the same folder, fsync'd, then renamed over FILE), so that FILE
 * is never half-written; either way written as it is made, never whole in
 * memory (report.h), except to sign or print it; with --print, as text to lp, else lpr, found on
 * PATH.  Exit 0 when written; 1 when it could not be written or printed,
 * or when the journal is damaged (the report is still written, saying
 * so); 2 on a usage error, an unknown run, or no lp nor lpr.
 */
#include "config.h"
#include "sanitize.h"

#include "cmd.h"
#include "report.h"
#include "pdf.h"
#include "printer.h"
#include "sign.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Writes b to path atomically (util.c).  Returns 0, or -1 after saying
 * why (and leaving nothing behind). */
static int write_atomic(const char *path, const struct buf *b)
{
	char *err = NULL;

	if (file_write_atomic(path, b->data, b->len, &err) == 0)
		return 0;
	sanitize_fprintf(stderr, "relcheck report: %s (nothing written)\n", err);
	free(err);
	return -1;
}

/* Pipes b to printer.  Returns 0, or -1 after saying why. */
static int print_to(const char *printer, const struct buf *b)
{
	char *err = NULL;

	if (printer_send(printer, b->data, b->len, &err) == 0)
		return 0;
	sanitize_fprintf(stderr, "relcheck report: %s\n", err);
	free(err);
	return -1;
}

static int put(const char *output, const char *printer, const struct buf *b)
{
	if (printer)
		return print_to(printer, b);
	if (output)
		return write_atomic(output, b);
	if (fwrite(b->data, 1, b->len, stdout) != b->len ||
	    fflush(stdout) != 0) {
		sanitize_fprintf(stderr, "relcheck report: cannot write: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

static int atomic_write(void *data, const char *s, size_t n)
{
	const struct file_atomic *a = data;

	return fd_write_all(a->fd, s, n);
}

static int stdout_write(void *data, const char *s, size_t n)
{
	(void)data;
	return fwrite(s, 1, n, stdout) == n ? 0 : -1;
}

/* The report rendered straight to stdout or to output (whole or not at
 * all), never whole in memory.  0, or -1 after saying why. */
static int stream(const struct report_format *fmt, const struct report *r,
		  const struct report_options *options, const char *output)
{
	struct report_sink sink = { .write = stdout_write };
	struct report_options opt = *options;
	struct file_atomic a;
	struct buf b = BUF_INIT;
	char *err = NULL;
	int rc;

	if (output) {
		if (file_atomic_open(&a, output, &err) < 0) {
			sanitize_fprintf(stderr, "relcheck report: %s (nothing "
				"written)\n", err);
			free(err);
			return -1;
		}
		sink.write = atomic_write;
		sink.data = &a;
	}
	opt.sink = &sink;
	fmt->render(r, &opt, &b);
	rc = report_finish(&opt, &b);
	buf_free(&b);
	if (r->spool->failed) {
		sanitize_fprintf(stderr, "relcheck report: cannot read back the "
			"report's notes from their temporary file: %s%s\n",
			strerror(r->spool->err), output ? " (nothing written)"
			: "");
		if (output)
			file_atomic_commit(&a, false, 0, &err);
		return -1;
	}
	if (output) {
		if (file_atomic_commit(&a, true, rc < 0 ? sink.err : 0, &err) < 0) {
			sanitize_fprintf(stderr, "relcheck report: %s (nothing "
				"written)\n", err);
			free(err);
			return -1;
		}
		return 0;
	}
	if (rc < 0 || fflush(stdout) != 0) {
		sanitize_fprintf(stderr, "relcheck report: cannot write: %s\n",
			strerror(rc < 0 ? sink.err : errno));
		return -1;
	}
	return 0;
}

/* What the PDF's renderer reads: the HTML report, made as it is
 * written. */
struct html_to_file {
	const struct report_format *fmt;
	const struct report *r;
	const struct report_options *opt;
};

static int fd_sink(void *data, const char *s, size_t n)
{
	return fd_write_all(*(const int *)data, s, n);
}

static int write_html(void *data, int fd)
{
	struct html_to_file *h = data;
	struct report_sink sink = { .write = fd_sink, .data = &fd };
	struct report_options opt = *h->opt;
	struct buf b = BUF_INIT;
	int rc;

	opt.sink = &sink;
	h->fmt->render(h->r, &opt, &b);
	rc = report_finish(&opt, &b);
	buf_free(&b);
	if (h->r->spool->failed) {
		errno = h->r->spool->err;
		return -1;
	}
	errno = sink.err;
	return rc;
}

/* The format asked for (text by default), or NULL. */
static const struct report_format *format_of(const struct cmd *cmd)
{
	const char *name = cmd_value(cmd, "format");

	return name ? report_format_find(name) : &report_text_format;
}

/* The options' values and combinations, before the run is opened. */
static int report_check_args(struct cmd *cmd)
{
	const struct report_format *fmt = format_of(cmd);
	const char *output = cmd_value(cmd, "output");
	bool print = cmd_has(cmd, "print"), sign = cmd_has(cmd, "sign");

	if (!fmt) {
		sanitize_fprintf(stderr, "relcheck report: no format "
			"'%s' (text, markdown, html, json, pdf)\n",
			cmd_value(cmd, "format"));
		return EXIT_USAGE;
	}
	if (fmt->pdf && !output) {
		sanitize_fprintf(stderr, "relcheck report: --format pdf writes a "
			"file: give -o FILE\n");
		return EXIT_USAGE;
	}
	if (fmt->pdf) {
		char *renderer = pdf_renderer_find();
		if (!renderer) {
			sanitize_fprintf(stderr, "relcheck report: --format pdf "
				"needs a browser to print the HTML report, and "
				"none of chromium, chromium-browser, google-chrome "
				"or wkhtmltopdf is on PATH (apt-get install "
				"chromium; or write --format html and print it "
				"yourself)\n");
			return EXIT_USAGE;
		}
		free(renderer);
	}
	if (print && output) {
		cmd_usage(cmd->entry);
		return EXIT_USAGE;
	}
	if ((print || cmd_has(cmd, "paged")) && fmt != &report_text_format) {
		sanitize_fprintf(stderr, "relcheck report: --%s is for the text "
			"format\n", print ? "print" : "paged");
		return EXIT_USAGE;
	}
	if (sign && fmt != &report_text_format && !output) {
		sanitize_fprintf(stderr, "relcheck report: --sign of the %s format "
			"writes a detached signature beside the report: give "
			"-o FILE\n", fmt->name);
		return EXIT_USAGE;
	}
	if (sign && !sign_available()) {
		sanitize_fprintf(stderr, "relcheck report: --sign: relcheck was built "
			"without GPGME (install libgpgme-dev and build it "
			"again)\n");
		return EXIT_USAGE;
	}
	if (print) {
		char *printer = printer_find();
		if (!printer) {
			sanitize_fprintf(stderr, "relcheck report: --print needs lp "
				"or lpr, and neither is on PATH (install "
				"cups-client or cups-bsd, or write the report "
				"with -o FILE)\n");
			return EXIT_USAGE;
		}
		free(printer);
	}
	return EXIT_OK;
}

static int cmd_report_exec(struct cmd *cmd)
{
	const struct report_format *fmt = format_of(cmd);
	struct report_options opt = { .paged = cmd_has(cmd, "paged") };
	const char *output = cmd_value(cmd, "output");
	struct checklist *cl = cmd->cl;
	struct run *run = cmd->run;
	struct report *r = NULL;
	struct buf b = BUF_INIT;
	char *printer = NULL, *err = NULL;
	bool sign = cmd_has(cmd, "sign");
	int status;

	if (cmd_has(cmd, "print") && !(printer = printer_find())) {
		sanitize_fprintf(stderr, "relcheck report: --print: lp and lpr "
			"are gone from PATH\n");
		return EXIT_USAGE;
	}
	if (report_collect(&r, cl, run, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck report: %s\n", err);
		free(err);
		status = EXIT_FAILED;
		goto out;
	}
	if (!fmt->pdf && !printer && !sign) {
		if (!r->intact)
			sanitize_fprintf(stderr, "relcheck report: the journal "
				"is damaged: the report shows what comes before "
				"the damage\n");
		status = stream(fmt, r, &opt, output) < 0 || !r->intact
			 ? EXIT_FAILED : EXIT_OK;
		goto out;
	}
	if (!fmt->pdf)
		fmt->render(r, &opt, &b);
	if (fmt->pdf) {
		struct buf pdf = BUF_INIT;
		char *renderer = pdf_renderer_find();
		struct html_to_file h = { .fmt = fmt, .r = r, .opt = &opt };

		if (!renderer || pdf_from_html(renderer, write_html, &h, &pdf,
					       &err) < 0) {
			sanitize_fprintf(stderr, "relcheck report: %s\n", err ? err
				: "the PDF renderer is gone from PATH");
			free(err);
			free(renderer);
			buf_free(&pdf);
			status = EXIT_FAILED;
			goto out;
		}
		free(renderer);
		buf_free(&b);
		b = pdf;
	}
	if (sign && fmt == &report_text_format) {
		/* The text report, clearsigned: one file, readable as is. */
		struct buf signed_text = BUF_INIT;
		if (sign_clear(&b, &signed_text, &err) < 0) {
			sanitize_fprintf(stderr, "relcheck report: %s\n", err);
			free(err);
			status = EXIT_FAILED;
			goto out;
		}
		buf_free(&b);
		b = signed_text;
	} else if (sign) {
		/* Any other format: FILE, and FILE.asc beside it. */
		struct buf asc = BUF_INIT;
		char *asc_path = xasprintf("%s.asc", output);
		int rc = sign_detached(&b, &asc, &err);
		if (rc < 0)
			sanitize_fprintf(stderr, "relcheck report: %s\n", err);
		else if (put(output, NULL, &b) < 0 ||
			 write_atomic(asc_path, &asc) < 0)
			rc = -1;
		free(err);
		err = NULL;
		buf_free(&asc);
		free(asc_path);
		status = rc < 0 || !r->intact ? EXIT_FAILED : EXIT_OK;
		goto out;
	}
	if (!r->intact)
		sanitize_fprintf(stderr, "relcheck report: the journal is damaged: the "
			"report shows what comes before the damage\n");
	status = put(output, printer, &b) < 0 || !r->intact ? EXIT_FAILED
							   : EXIT_OK;
out:
	buf_free(&b);
	report_free(r);
	free(printer);
	return status;
}

static const struct cmd_option report_options[] = {
	{ .name = "format", .short_name = 'f', .arg = "F",
	  .help = "text (the default), markdown, html, json or pdf" },
	{ .name = "output", .short_name = 'o', .arg = "FILE",
	  .help = "write it to FILE, whole or not at all" },
	{ .name = "paged", .help = "the text with page breaks, to print" },
	{ .name = "print", .help = "send the text to the printer (lp, lpr)" },
	{ .name = "sign", .help = "sign it with gpg (clearsigned text, "
	  "or FILE.asc beside FILE)" },
	{ .name = NULL },
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[RUN] [--format F] [-o FILE] [--paged] [--print] [--sign]",
	.summary = "the run's report: text to print and sign, markdown, "
		   "html or json",
	.options = report_options,
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_RUN_READ | CMD_RUN_NAMED,
	.check_args = report_check_args,
	.exec = cmd_report_exec,
};
