/* testutil.c: helpers shared by the cmocka unit tests. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define TMP_PREFIX "relcheck-test."

char *tu_mkdtemp(void)
{
	const char *base = getenv("TMPDIR");
	char real[PATH_MAX];
	char *tmpl;

	if (!base || !*base || !path_is_dir(base))
		base = "/tmp";
	if (!realpath(base, real))
		fail_msg("cannot resolve %s: %s", base, strerror(errno));
	tmpl = path_join(real, TMP_PREFIX "XXXXXX");
	if (!mkdtemp(tmpl)) {
		int e = errno;
		free(tmpl);
		fail_msg("mkdtemp under %s: %s", real, strerror(e));
	}
	return tmpl;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

int tu_rmtree(const char *dir)
{
	const char *slash;

	if (!dir)
		return 0;
	/* Only what tu_mkdtemp made: an absolute relcheck-test.XXXXXX. */
	slash = strrchr(dir, '/');
	if (dir[0] != '/' || !slash ||
	    strncmp(slash + 1, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
		return -1;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *tu_path(const char *dir, const char *rel)
{
	return path_join(dir, rel);
}

void tu_mkdir(const char *dir, const char *rel)
{
	char *path = tu_path(dir, rel);

	for (char *p = path + strlen(dir) + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;
			*p = '\0';
			if (mkdir(path, 0777) < 0 && errno != EEXIST) {
				int e = errno;
				fail_msg("mkdir %s: %s", path, strerror(e));
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(path);
}

char *tu_write(const char *dir, const char *rel, const char *text)
{
	char *path = tu_path(dir, rel);
	const char *slash = strrchr(rel, '/');
	FILE *f;

	if (slash) {
		char *parent = xstrndup(rel, (size_t)(slash - rel));
		tu_mkdir(dir, parent);
		free(parent);
	}
	f = fopen(path, "w");
	if (!f)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	fputs(text, f);
	if (fclose(f) != 0)
		fail_msg("cannot write %s: %s", path, strerror(errno));
	return path;
}

char *tu_load(const struct load_options *opt, struct checklist **out)
{
	struct diag d = DIAG_INIT;
	struct checklist *cl = checklist_load(opt, &d);
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < d.count; i++) {
		char *s = diag_format(&d, i);
		buf_addf(&b, "%s%s", i ? "\n" : "", s);
		free(s);
	}
	diag_free(&d);
	if (out)
		*out = cl;
	else
		checklist_free(cl);
	return buf_detach(&b);
}

char *tu_load_file(const char *file, struct checklist **out)
{
	struct load_options opt = { .file = file };

	return tu_load(&opt, out);
}

char *tu_replace(const char *s, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(from);
	const char *p;

	buf_init(&b);
	if (!n) {
		buf_adds(&b, s);
		return buf_detach(&b);
	}
	while ((p = strstr(s, from)) != NULL) {
		buf_add(&b, s, (size_t)(p - s));
		buf_adds(&b, to);
		s = p + n;
	}
	buf_adds(&b, s);
	return buf_detach(&b);
}

char *tu_shquote(const char *s)
{
	struct buf b = BUF_INIT;

	buf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\'');
	return buf_detach(&b);
}

int tu_sh(const char *dir, const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;
	int rc;

	buf_init(&cmd);
	if (dir) {
		char *q = tu_shquote(dir);
		buf_addf(&cmd, "cd %s && ", q);
		free(q);
	}
	buf_adds(&cmd, "{ ");
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	buf_adds(&cmd, "; }");
	if (!getenv("TESTUTIL_VERBOSE"))
		buf_adds(&cmd, " >/dev/null 2>&1");
	fflush(NULL);
	rc = system(cmd.data);
	buf_free(&cmd);
	if (rc == -1 || !WIFEXITED(rc))
		return -1;
	return WEXITSTATUS(rc);
}

int tu_setup_tmpdir(void **state)
{
	struct tu_fixture *fx = xcalloc(1, sizeof(*fx));

	fx->param = *state;
	fx->dir = tu_mkdtemp();
	*state = fx;
	return 0;
}

int tu_teardown_tmpdir(void **state)
{
	struct tu_fixture *fx = *state;
	int rc = 0;

	if (!fx)
		return 0;
	if (tu_rmtree(fx->dir) < 0) {
		fprintf(stderr, "# cannot remove %s\n", fx->dir);
		rc = -1;
	}
	free(fx->dir);
	free(fx);
	*state = NULL;
	return rc;
}
