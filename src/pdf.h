/* pdf.h: the HTML report printed to PDF by a browser found at run time.
 *
 * Debian packages no library that lays out HTML for print; a headless
 * browser does it best (the print style sheet, fonts, page breaks), so
 * relcheck runs the first of chromium, chromium-browser, google-chrome
 * (--headless --print-to-pdf) or wkhtmltopdf that is on PATH, on a copy
 * of the HTML in a private temporary folder, bounded in time, its whole
 * process group killed on timeout, and reads the PDF back.
 */
#ifndef RELCHECK_PDF_H
#define RELCHECK_PDF_H

#include "util.h"

/* The renderer on PATH (caller frees), or NULL when there is none. */
char *pdf_renderer_find(void);
/* The HTML printed to PDF by renderer, into pdf (appended): write_html
 * (data, fd) writes the HTML, piece by piece, to the file the renderer
 * reads, and returns 0, or -1 with errno set.  0, or -1 with *err
 * (caller frees). */
int pdf_from_html(const char *renderer,
		  int (*write_html)(void *data, int fd), void *data,
		  struct buf *pdf, char **err);

#endif
