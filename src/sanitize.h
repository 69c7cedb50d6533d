/* sanitize.h: making untrusted text safe to show and to keep.
 *
 * Output of commands, servers and files is untrusted: it may carry
 * terminal escape sequences (colours are harmless, an OSC 52 clipboard
 * write or a title change is not), invalid UTF-8, and secrets.  Everything
 * that reaches the screen, the journal or a report from outside goes
 * through sanitize_text; everything that is stored goes through
 * sanitize_redact as well (sanitize_tail does both).
 *
 * Ownership: every function returns a new NUL-terminated string that the
 * caller frees; none keeps a pointer to its input.  They cannot fail
 * (allocation failure exits, see util.h).
 */
#ifndef RELCHECK_SANITIZE_H
#define RELCHECK_SANITIZE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "util.h"

struct json_t;	/* jansson's value, named without jansson.h */

/* The len bytes at in (which may hold NULs; in may be NULL when len is 0)
 * made safe for a terminal, as valid UTF-8:
 *   - ECMA-48 sequences removed whole: CSI (ESC [ or 8-bit 0x9B, also
 *     U+009B) up to its final byte; OSC (ESC ]) up to BEL or ST (ESC \);
 *     DCS, SOS, PM and APC (ESC P, X, ^, _) up to ST; other escapes
 *     (ESC, intermediates 0x20-0x2F, final 0x30-0x7E), e.g. ESC ( B.
 *     Inside a string an ESC that does not start ST ends it, and CAN/SUB
 *     cancel any sequence; a sequence cut off by the end is dropped.
 *   - "\r\n" and a lone '\r' become '\n'.
 *   - C0 controls but '\n' and '\t', DEL, NUL and C1 controls (U+0080 to
 *     U+009F) removed; so are the format characters that reorder text
 *     or show nothing (bidi embeddings, overrides and isolates such as
 *     U+202E, U+200B, U+2060-U+206F, U+FEFF, soft hyphen, tags...; not
 *     the zero-width joiners U+200C/U+200D); U+2028 and U+2029 become
 *     '\n'.
 *   - Each invalid UTF-8 sequence (maximal subpart: overlong forms,
 *     surrogates, code points past U+10FFFF, stray or missing
 *     continuation bytes) becomes U+FFFD.
 * Never reads past in + len. */
char *sanitize_text(const char *in, size_t len);

/* in with secrets replaced, everything else kept byte for byte:
 *   - API tokens, wherever they appear: PyPI's and TestPyPI's, "pypi-"
 *     and 20 or more characters of [A-Za-z0-9_-] become
 *     "pypi-[redacted]"; GitHub's (ghp_, gho_, ghu_, ghs_, ghr_,
 *     github_pat_) the same.  A token is read whole through what can
 *     split it without hiding it: percent-encoding ("pypi%2DAgE%49..."),
 *     controls ('\r', a line break of a wrapped line, NUL), escape
 *     sequences, C1 controls and invisible format characters; the line
 *     breaks it spanned follow the replacement (so a word at the start
 *     of the next line that continues it goes with it);
 *   - the password of a URL's userinfo: "https://user:secret@host"
 *     becomes "https://user:[redacted]@host";
 *   - the value after a key that ends (ignoring case) in password, passwd,
 *     passphrase, token, secret, secret_key, access_key, api_key, apikey,
 *     api-key or authorization, then '=', ':', ":=" or "=>" (optionally
 *     spaced, the key optionally quoted as in JSON): "TWINE_PASSWORD=x",
 *     "password: x", "\"token\": \"x\"" give "TWINE_PASSWORD=[redacted]",
 *     "password: [redacted]", "\"token\": \"[redacted]\"".  An unquoted
 *     value runs to the end of its line (trailing blanks kept); a quoted
 *     one to its closing quote.  A key with no value is left alone, and
 *     so are words that only contain a key ("passwords are checked"). */
char *sanitize_redact(const char *in);

/* The last max_lines lines of the len bytes at in, sanitised and redacted
 * (in that order, over the whole input, so that no cut can split a
 * secret), then cut to their last max_bytes bytes at a UTF-8 character
 * boundary.  A final '\n' ends the last line, it does not start another.
 * max_lines or max_bytes 0 gives "". */
char *sanitize_tail(const char *in, size_t len, size_t max_lines,
		    size_t max_bytes);

/* ---- Text a person gives, and output: the choke points ---- */

/* A note, a reason or any text a person typed, made safe to keep: the
 * whole of in through sanitize_text, then sanitize_redact (a token pasted
 * in a note must never reach the journal).  in may be NULL (""). */
char *sanitize_note(const char *in);

/* A name (an actor, --as): sanitize_note on one line (line breaks and
 * tabs become spaces). */
char *sanitize_name(const char *in);

/* in made safe by sanitize_text, on one line: for a title printed in
 * a table, where a line break would make a line of its own. */
char *sanitize_line(const char *in);

/* fprintf, with what it formats made safe by sanitize_text before it is
 * written to out, a stream the caller gives (the engine never picks
 * stdout or stderr itself: cli/print.h has the command line's
 * sanitize_printf): the way every face prints text that holds anything
 * from outside (a checklist's titles, a journal's names and notes,
 * errors).
 * relcheck's own escape sequences (colours) go out with fputs around it.
 * Return the bytes written, or -1. */
int sanitize_fprintf(FILE *out, const char *fmt, ...) PRINTF_LIKE(2, 3);
int sanitize_vfprintf(FILE *out, const char *fmt, va_list ap);

/* Every string and every object key in j made safe by sanitize_text, in
 * place: a JSON reader that prints a value must not get an escape
 * sequence (JSON would only spell ESC as \u001b). */
void sanitize_json(struct json_t *j);

/* A JSON string of s made safe (never NULL for invalid UTF-8, which
 * json_string refuses); JSON null for NULL. */
struct json_t *sanitize_json_string(const char *s);

/* json_dumpf and json_dumps after sanitize_json: the way relcheck writes
 * JSON. */
int sanitize_json_dumpf(struct json_t *j, FILE *out, size_t flags);
char *sanitize_json_dumps(struct json_t *j, size_t flags);

#endif
