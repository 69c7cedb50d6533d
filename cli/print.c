/* print.c: the command line's printing to standard output. */
#include "config.h"

#include "print.h"
#include "sanitize.h"

#include <stdarg.h>
#include <stdio.h>

int sanitize_printf(const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = sanitize_vfprintf(stdout, fmt, ap);
	va_end(ap);
	return rc;
}
