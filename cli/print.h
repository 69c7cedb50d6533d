/* print.h: the command line's printing to standard output, made safe
 * (sanitize.h): the engine writes only to streams its caller gives it. */
#ifndef RELCHECK_PRINT_H
#define RELCHECK_PRINT_H

#include "util.h"

/* sanitize_fprintf to stdout. */
int sanitize_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
