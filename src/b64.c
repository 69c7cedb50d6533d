/* b64.c: strict base64 (see b64.h). */
#include "config.h"

#include "b64.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int b64_decode(const char *in, size_t len, unsigned char **out,
	       size_t *outlen)
{
	unsigned char *o;
	size_t n = 0, pad = 0;

	*out = NULL;
	*outlen = 0;
	if (len % 4 != 0)
		return -1;
	if (len >= 1 && in[len - 1] == '=')
		pad++;
	if (pad && len >= 2 && in[len - 2] == '=')
		pad++;
	o = xmalloc(len / 4 * 3 + 1);
	for (size_t i = 0; i < len; i += 4) {
		int v[4];
		bool last = i + 4 == len;

		for (int k = 0; k < 4; k++) {
			bool padpos = last && k >= 4 - (int)pad;
			v[k] = padpos ? 0 : value((unsigned char)in[i + k]);
			if (v[k] < 0)
				goto bad;
		}
		o[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (last && pad == 2) {
			if (v[1] & 0x0f)
				goto bad;
			break;
		}
		o[n++] = (unsigned char)((v[1] & 0x0f) << 4 | v[2] >> 2);
		if (last && pad == 1) {
			if (v[2] & 0x03)
				goto bad;
			break;
		}
		o[n++] = (unsigned char)((v[2] & 0x03) << 6 | v[3]);
	}
	*out = o;
	*outlen = n;
	return 0;
bad:
	free(o);
	return -1;
}

char *b64_encode(const unsigned char *in, size_t len)
{
	char *o = xmalloc((len + 2) / 3 * 4 + 1);
	size_t n = 0, i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 |
			     in[i + 2];
		o[n++] = alphabet[v >> 18 & 63];
		o[n++] = alphabet[v >> 12 & 63];
		o[n++] = alphabet[v >> 6 & 63];
		o[n++] = alphabet[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)in[i + 1] << 8;
		o[n++] = alphabet[v >> 18 & 63];
		o[n++] = alphabet[v >> 12 & 63];
		o[n++] = i + 1 < len ? alphabet[v >> 6 & 63] : '=';
		o[n++] = '=';
	}
	o[n] = '\0';
	return o;
}
