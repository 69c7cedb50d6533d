/* util.c: allocation and the growable string buffer. */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void oom(void)
{
	static const char msg[] = "relcheck: out of memory\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)r;
	_exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void buf_init(struct buf *b)
{
	b->cap = 64;
	b->len = 0;
	b->data = xmalloc(b->cap);
	b->data[0] = '\0';
}

void buf_grow(struct buf *b, size_t extra)
{
	size_t need;

	if (!b->data)
		buf_init(b);
	need = b->len + extra + 1;
	if (need < b->len)
		oom();
	if (need <= b->cap)
		return;
	while (b->cap < need)
		b->cap = b->cap < 64 ? 64 : b->cap * 2;
	b->data = xrealloc(b->data, b->cap);
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	buf_grow(b, len);
	if (len)	/* data may be NULL then (an empty buf's) */
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	buf_grow(b, 64);
	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		if (n < 0)
			return;
	}
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *s;

	if (!b->data)
		buf_init(b);
	s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int buf_read_file(struct buf *b, const char *path)
{
	char chunk[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int saved;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
	}
	close(fd);
	if (!b->data)
		buf_init(b);
	return 0;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *path_join(const char *dir, const char *name)
{
	if (name[0] == '/' || !dir || !*dir)
		return xstrdup(name);
	if (str_ends_with(dir, "/"))
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

bool path_in_repository(const char *root, const char *real)
{
	char top[PATH_MAX];
	size_t n;

	if (!realpath(root, top))
		return false;
	n = strlen(top);
	if (strncmp(real, top, n) != 0 || (real[n] != '/' && real[n] != '\0'))
		return false;
	/* Not the git folder: its config may hold a remote's credentials. */
	return !(strncmp(real + n, "/.git", 5) == 0 &&
		 (real[n + 5] == '/' || real[n + 5] == '\0'));
}

bool path_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool path_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int path_mkdirs(const char *path, unsigned mode)
{
	char *copy = xstrdup(path);
	int rc = 0, first = 0;

	for (char *p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		{
			char c = *p;
			*p = '\0';
			if (mkdir(copy, (mode_t)mode) < 0 && errno != EEXIST &&
			    rc == 0) {
				first = errno;	/* the cause, not its echoes */
				rc = -1;
			}
			*p = c;
		}
		if (!*p)
			break;
	}
	free(copy);
	if (rc < 0)
		errno = first;
	else if (!path_is_dir(path)) {
		errno = ENOTDIR;
		rc = -1;
	}
	return rc;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *data = buf;

	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

int file_atomic_open(struct file_atomic *a, const char *path, char **err)
{
	const char *base = strrchr(path, '/');
	mode_t mask = umask(0);

	umask(mask);
	a->path = path;
	a->dir = path_dirname(path);
	a->tmp = xasprintf("%s/.%s.XXXXXX", a->dir, base ? base + 1 : path);
	a->fd = mkstemp(a->tmp);
	if (a->fd < 0 || fchmod(a->fd, 0666 & ~mask) < 0) {
		*err = xasprintf("%s %s: %s", a->fd < 0 ? "cannot create a "
				 "temporary file in" : "cannot write",
				 a->fd < 0 ? a->dir : path, strerror(errno));
		if (a->fd >= 0) {
			close(a->fd);
			unlink(a->tmp);
			a->fd = -1;
		}
		free(a->tmp);
		free(a->dir);
		a->tmp = a->dir = NULL;
		return -1;
	}
	return 0;
}

int file_atomic_commit(struct file_atomic *a, bool ok, int error,
		       char **err)
{
	const char *step = "cannot write";
	int rc = -1, dfd;

	errno = error;
	if (!ok || error)
		goto fail;
	step = "cannot sync";
	if (fsync(a->fd) < 0)
		goto fail;
	step = "cannot write";
	if (close(a->fd) < 0) {
		a->fd = -1;
		goto fail;
	}
	a->fd = -1;
	step = "cannot rename the temporary file to";
	if (rename(a->tmp, a->path) < 0)
		goto fail;
	dfd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {		/* the rename itself, on disk */
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
	goto out;
fail:
	{
		int saved = errno;
		if (a->fd >= 0)
			close(a->fd);
		unlink(a->tmp);
		errno = saved;
	}
	if (ok)
		*err = xasprintf("%s %s: %s", step, a->path, strerror(errno));
out:
	free(a->tmp);
	free(a->dir);
	return rc;
}

int file_write_atomic(const char *path, const void *data, size_t len,
		      char **err)
{
	struct file_atomic a;
	int error = 0;

	*err = NULL;
	if (file_atomic_open(&a, path, err) < 0)
		return -1;
	if (fd_write_all(a.fd, data, len) < 0)
		error = errno ? errno : EIO;
	return file_atomic_commit(&a, true, error, err);
}

char *path_which(const char *name)
{
	const char *p = getenv("PATH");

	while (p && *p) {
		size_t n = strcspn(p, ":");
		char *dir = n ? xstrndup(p, n) : xstrdup(".");
		char *f = path_join(dir, name);

		free(dir);
		if (path_is_file(f) && access(f, X_OK) == 0)
			return f;
		free(f);
		p += n;
		if (*p == ':')
			p++;
	}
	return NULL;
}

/* A temporary file in TMPDIR that never has a name (O_TMPFILE), else
 * one unlinked as soon as made: killed at any point, relcheck leaves
 * nothing behind.  The fd, or -1 (errno set). */
int file_temp_unnamed(const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	const char *dir = tmp && *tmp ? tmp : "/tmp";
	char *name;
	int fd;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR &&
			errno != EINVAL))
		return fd;
#endif
	name = xasprintf("%s/%s-XXXXXX", dir, prefix);
	fd = mkstemp(name);
	if (fd >= 0)
		unlink(name);
	free(name);
	return fd;
}
