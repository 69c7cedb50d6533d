/* view-preview.c: the report, previewed in the pager, then written to a
 * file or printed. */
#include "config.h"

#include "app.h"
#include "printer.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* The format a file name asks for by its ending. */
static const struct report_format *format_of(const char *path)
{
	if (str_ends_with(path, ".md") || str_ends_with(path, ".markdown"))
		return &report_markdown_format;
	if (str_ends_with(path, ".html") || str_ends_with(path, ".htm"))
		return &report_html_format;
	if (str_ends_with(path, ".json"))
		return &report_json_format;
	return &report_text_format;
}

void act_report(struct app *a)
{
	struct report_options ro = { .paged = false };
	struct report *r = NULL;
	struct buf text = BUF_INIT;
	char *err = NULL, *path, *title;

	if (!a->run) {
		app_say(a, true, "no run: no report");
		return;
	}
	if (report_collect(&r, a->cl, a->run, &err) < 0) {
		app_say(a, true, "%s", err);
		free(err);
		return;
	}
	report_text_format.render(r, &ro, &text);
	title = xasprintf("Report (%s: back, then write or print it)",
			  app_pager_key(a, PAGER_BACK));
	pager_show(a, title, text.data);
	free(title);
	path = prompt_text(a, "Write the report to a file, or print it?",
			   "Enter: write  Esc: no", (const char *const[]){
			   "The name's ending picks the format: .txt, .md, "
			   ".html or .json; lp prints the text." }, 1);
	if (path && strcmp(path, "lp") == 0) {
		char *printer = printer_find();
		if (!printer) {
			app_say(a, true, "no lp or lpr on PATH: write the report "
				"to a file instead");
		} else if (printer_send(printer, text.data ? text.data : "",
					text.len, &err) < 0) {
			app_say(a, true, "%s", err);
			free(err);
		} else {
			app_say(a, false, "the report went to %s", printer);
		}
		free(printer);
	} else if (path && *path) {
		char *full = path_join(a->opt->root, path);
		buf_reset(&text);
		format_of(path)->render(r, &ro, &text);
		if (file_write_atomic(full, text.data, text.len, &err) < 0) {
			app_say(a, true, "%s (nothing written)", err);
			free(err);
		} else {
			app_say(a, false, "report written to %s", full);
		}
		free(full);
	}
	buf_free(&text);
	free(path);
	report_free(r);
}
