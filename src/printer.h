/* printer.h: the system's printer: lp, else lpr. */
#ifndef RELCHECK_PRINTER_H
#define RELCHECK_PRINTER_H

#include <stddef.h>

/* lp, else lpr, from PATH (caller frees); NULL when neither is there. */
char *printer_find(void);
/* Pipes data to printer (its own output discarded).  0, or -1 with *err
 * (caller frees). */
int printer_send(const char *printer, const void *data, size_t len,
		 char **err);

#endif
