/* b64.h: strict base64 (RFC 4648, standard alphabet, padded) decoding
 * and encoding, for the binary fields of Sigstore's JSON.
 *
 * Decoding refuses what a lenient decoder would let through: characters
 * outside the alphabet (whitespace too), a length that is not a multiple
 * of four, padding anywhere but at the end, and non-zero bits left over
 * in the last character (so one value has one spelling).
 */
#ifndef RELCHECK_B64_H
#define RELCHECK_B64_H

#include <stdbool.h>
#include <stddef.h>

/* Decodes the len characters at in.  0 with *out (caller frees, never
 * NULL) and *outlen, or -1 when in is not strict base64. */
int b64_decode(const char *in, size_t len, unsigned char **out,
	       size_t *outlen);
/* The base64 of len bytes at in; caller frees. */
char *b64_encode(const unsigned char *in, size_t len);

#endif
