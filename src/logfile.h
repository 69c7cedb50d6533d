/* logfile.h: a command's log, kept as everything relcheck keeps is.
 *
 * A command writes its output straight into its log (a check's, or a
 * step's run with x through script(1)): escape sequences and, if the
 * command printed one, a token.  When the command has ended the log is
 * rewritten sanitised and redacted (sanitize.h), so that nothing in
 * .git/relcheck/ keeps a secret or an escape; the hash of what the
 * command really printed may stay as evidence.
 */
#ifndef RELCHECK_LOGFILE_H
#define RELCHECK_LOGFILE_H

#include "hash.h"

/* The most of a log that is kept: a longer output keeps its end, after a
 * line saying how much was left out. */
#define LOGFILE_MAX (64u * 1024 * 1024)

/* Rewrites the log at path through sanitize_text and sanitize_redact,
 * atomically (a temporary file beside it, synced, renamed; its mode
 * 0600).  raw_sha256, when not NULL, gets the hash of what the log held
 * before.  Returns 0, or -1 with *err (caller frees), the log then left
 * as it was. */
int logfile_clean(const char *path, char raw_sha256[SHA256_HEX_LEN + 1],
		  char **err);

#endif
