/* cmdscan.c: uploads, installs and pushes in a shell command's text. */
#include "config.h"

#include "cmdscan.h"
#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct words {
	char **w;
	size_t n;
};

static void words_add(struct words *ws, struct buf *word)
{
	ws->w = xrealloc(ws->w, (ws->n + 1) * sizeof(*ws->w));
	ws->w[ws->n++] = buf_detach(word);
}

static void words_free(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	ws->w = NULL;
	ws->n = 0;
}

static const char *base(const char *w)
{
	const char *s = strrchr(w, '/');

	return s ? s + 1 : w;
}

/* pip, pip3, pip3.11 */
static bool is_pip(const char *w)
{
	const char *b = base(w);

	if (strncmp(b, "pip", 3) != 0)
		return false;
	for (b += 3; *b; b++)
		if (!isdigit((unsigned char)*b) && *b != '.')
			return false;
	return true;
}

/* python, python3, python3.11, a venv's bin/python */
static bool is_python(const char *w)
{
	const char *b = base(w);

	if (strncmp(b, "python", 6) != 0)
		return false;
	for (b += 6; *b; b++)
		if (!isdigit((unsigned char)*b) && *b != '.')
			return false;
	return true;
}

static bool is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');

	if (!eq || eq == w || !(isalpha((unsigned char)*w) || *w == '_'))
		return false;
	for (const char *p = w; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return false;
	return true;
}

static bool option_is(const char *w, const char *opt)
{
	size_t n = strlen(opt);

	return strncmp(w, opt, n) == 0 && (w[n] == '\0' || w[n] == '=');
}

/* The value of option w (--opt=VALUE, or the next word). */
static const char *option_value(char **w, size_t i, size_t n)
{
	const char *eq = strchr(w[i], '=');

	if (strncmp(w[i], "--", 2) == 0 && eq)
		return eq + 1;
	return i + 1 < n ? w[i + 1] : NULL;
}

static void add(struct cmdscan *sc, enum cmdscan_kind kind, bool named,
		const char *dest)
{
	struct cmdscan_finding *f;

	sc->f = xrealloc(sc->f, (sc->n + 1) * sizeof(*sc->f));
	f = &sc->f[sc->n++];
	f->kind = kind;
	f->names_destination = named;
	f->destination = dest ? xstrdup(dest) : NULL;
}

static void scan_twine(struct cmdscan *sc, char **w, size_t n,
		       const char *env_dest)
{
	const char *dest = env_dest;

	if (n == 0 || strcmp(w[0], "upload") != 0)
		return;
	for (size_t i = 1; i < n && !dest; i++)
		if (option_is(w[i], "--repository-url") ||
		    option_is(w[i], "--repository") || strcmp(w[i], "-r") == 0)
			dest = option_value(w, i, n);
	add(sc, CMDSCAN_UPLOAD, dest != NULL, dest);
}

/* pip options that take a value as the next word. */
static bool pip_takes_value(const char *w)
{
	static const char *const opts[] = {
		"-i", "--index-url", "--extra-index-url", "-r", "--requirement",
		"-c", "--constraint", "-t", "--target", "--prefix", "--root",
		"-f", "--find-links", "--python-version", "--platform",
		"--implementation", "--abi", "--src", "--upgrade-strategy",
		"--log", "--cache-dir", "--proxy", "--timeout", "--retries",
		"--trusted-host", "--cert", "--client-cert", "--config-settings",
		"-C", "--global-option", "--progress-bar", "--report",
		"--python", "--exists-action", "--no-binary", "--only-binary",
		NULL
	};

	if (strchr(w, '='))
		return false;
	for (size_t i = 0; opts[i]; i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

/* A requirement that is a local file or folder (or a URL, git+https://,
 * which names its source itself), not a name to look up on an index. */
static bool is_local(const char *w)
{
	return strchr(w, '/') || strcmp(w, ".") == 0 ||
	       strcmp(w, "..") == 0 || str_ends_with(w, ".whl") ||
	       str_ends_with(w, ".tar.gz") || str_ends_with(w, ".zip");
}

static void scan_pip(struct cmdscan *sc, char **w, size_t n,
		     const char *env_dest)
{
	const char *dest = env_dest;
	bool remote = false;	/* something is looked up on an index */

	if (n == 0 || strcmp(w[0], "install") != 0)
		return;
	for (size_t i = 1; i < n; i++) {
		const char *a = w[i];

		if (option_is(a, "--index-url") || strcmp(a, "-i") == 0) {
			if (!dest)
				dest = option_value(w, i, n);
		} else if (strcmp(a, "--no-index") == 0) {
			if (!dest)
				dest = "--no-index";
		} else if (option_is(a, "--requirement") ||
			   strcmp(a, "-r") == 0 || str_starts_with(a, "-r")) {
			remote = true;
		} else if (strcmp(a, "-e") == 0 ||
			   option_is(a, "--editable")) {
			const char *v = option_value(w, i, n);
			if (!v || !is_local(v))
				remote = true;
		}
		if (a[0] == '-') {
			if (pip_takes_value(a) || strcmp(a, "-e") == 0 ||
			    strcmp(a, "--editable") == 0)
				i++;
			continue;
		}
		if (!is_local(a))
			remote = true;
	}
	if (dest || remote)
		add(sc, CMDSCAN_INSTALL, dest != NULL, dest);
}

static void scan_git(struct cmdscan *sc, char **w, size_t n)
{
	const char *dest = NULL;

	if (n == 0 || strcmp(w[0], "push") != 0)
		return;
	for (size_t i = 1; i < n && !dest; i++)
		if (w[i][0] != '-')
			dest = w[i];
	add(sc, CMDSCAN_PUSH, dest != NULL, dest);
}

/* One simple command's words. */
static void scan_simple(struct cmdscan *sc, struct words *ws)
{
	char **w = ws->w;
	size_t n = ws->n, i = 0;
	const char *twine_env = NULL, *pip_env = NULL;

	for (;;) {
		while (i < n && is_assignment(w[i])) {
			if (str_starts_with(w[i], "TWINE_REPOSITORY_URL=") ||
			    str_starts_with(w[i], "TWINE_REPOSITORY="))
				twine_env = strchr(w[i], '=') + 1;
			else if (str_starts_with(w[i], "PIP_INDEX_URL="))
				pip_env = strchr(w[i], '=') + 1;
			else if (strcmp(w[i], "PIP_NO_INDEX=1") == 0)
				pip_env = "--no-index";
			i++;
		}
		if (i < n && (strcmp(w[i], "env") == 0 ||
			      strcmp(w[i], "sudo") == 0 ||
			      strcmp(w[i], "command") == 0 ||
			      strcmp(w[i], "exec") == 0 ||
			      strcmp(w[i], "nice") == 0 ||
			      strcmp(w[i], "time") == 0)) {
			i++;
			while (i < n && w[i][0] == '-')
				i++;
			continue;
		}
		break;
	}
	if (i >= n)
		return;
	if (is_python(w[i]) && i + 2 < n && strcmp(w[i + 1], "-m") == 0) {
		if (strcmp(w[i + 2], "twine") == 0)
			scan_twine(sc, w + i + 3, n - i - 3, twine_env);
		else if (strcmp(w[i + 2], "pip") == 0)
			scan_pip(sc, w + i + 3, n - i - 3, pip_env);
	} else if (strcmp(base(w[i]), "twine") == 0) {
		scan_twine(sc, w + i + 1, n - i - 1, twine_env);
	} else if (is_pip(w[i])) {
		scan_pip(sc, w + i + 1, n - i - 1, pip_env);
	} else if (strcmp(base(w[i]), "git") == 0) {
		size_t k = i + 1;
		/* git -C DIR push, git -c x=y push */
		while (k + 1 < n && (strcmp(w[k], "-C") == 0 ||
				     strcmp(w[k], "-c") == 0))
			k += 2;
		scan_git(sc, w + k, n - k);
	}
}

void cmdscan_read(struct cmdscan *out, const char *cmd)
{
	struct words ws = { NULL, 0 };
	struct buf word = BUF_INIT;
	bool in_word = false;
	const char *p = cmd;

	out->f = NULL;
	out->n = 0;
	buf_init(&word);
	for (;;) {
		char c = *p;

		if (c == '\0' || c == ' ' || c == '\t' || c == '\n' ||
		    c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
			if (in_word) {
				words_add(&ws, &word);
				buf_init(&word);
				in_word = false;
			}
			if (c != ' ' && c != '\t') {
				scan_simple(out, &ws);
				words_free(&ws);
			}
			if (c == '\0')
				break;
			p++;
			continue;
		}
		in_word = true;
		if (c == '\'') {
			const char *end = strchr(p + 1, '\'');
			size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);
			buf_add(&word, p + 1, len);
			p += len + 1 + (end != NULL);
		} else if (c == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				buf_addc(&word, *p);
			}
			if (*p)
				p++;
		} else if (c == '\\' && p[1]) {
			buf_addc(&word, p[1]);
			p += 2;
		} else {
			buf_addc(&word, c);
			p++;
		}
	}
	buf_free(&word);
	words_free(&ws);
}

void cmdscan_free(struct cmdscan *sc)
{
	for (size_t i = 0; i < sc->n; i++)
		free(sc->f[i].destination);
	free(sc->f);
	sc->f = NULL;
	sc->n = 0;
}

const char *cmdscan_kind_name(enum cmdscan_kind kind)
{
	switch (kind) {
	case CMDSCAN_UPLOAD: return "upload";
	case CMDSCAN_INSTALL: return "install";
	case CMDSCAN_PUSH: return "push";
	}
	return "?";
}
