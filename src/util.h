/* util.h: allocation that cannot fail, and a growable string buffer.
 *
 * Allocation failure is treated the way git treats it: relcheck prints
 * "relcheck: out of memory" and exits with status 3.  Every other error is a
 * return code plus a message (see diag.h); the core never exits otherwise.
 */
#ifndef RELCHECK_UTIL_H
#define RELCHECK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* A growable, always NUL-terminated string.  Only buf_* touch its fields'
 * storage; `data` is never NULL after buf_init. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);
/* Hands the string to the caller (who frees it) and re-initialises b. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);

/* Reads a whole file into b (appending).  Returns 0, or -1 with errno set. */
int buf_read_file(struct buf *b, const char *path);

bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);

/* The directory part of path ("." when there is none); caller frees. */
char *path_dirname(const char *path);
/* dir + "/" + name, or name itself when it is absolute; caller frees. */
char *path_join(const char *dir, const char *name);
/* Whether real (a resolved path) is root's or under it, and not in its
 * .git folder. */
bool path_in_repository(const char *root, const char *real);
bool path_is_file(const char *path);
/* Makes path and its missing parents with mode (like mkdir -p).  0, or
 * -1 with errno set. */
int path_mkdirs(const char *path, unsigned mode);
/* Writes all of buf to fd (retrying short writes and EINTR).  0, or -1
 * with errno set. */
int fd_write_all(int fd, const void *buf, size_t len);
/* A temporary file in TMPDIR (prefix-XXXXXX) that never has a name
 * (O_TMPFILE), else one unlinked as soon as made: a process killed at any
 * point leaves nothing behind.  The fd, or -1 (errno set). */
int file_temp_unnamed(const char *prefix);

/* Writes data to path through a temporary file beside it, synced, then
 * renamed, so that path is never seen half-written.  Returns 0, or -1
 * with *err (caller frees), leaving nothing behind. */
int file_write_atomic(const char *path, const void *data, size_t len,
		      char **err);
/* The same piece by piece: file_atomic_open makes the temporary file
 * (write to a->fd), file_atomic_commit syncs and renames it when ok and
 * error is 0, else removes it.  error is the errno of a write that
 * failed before ("cannot write PATH: ..."); with ok false nothing is
 * said.  Each returns 0, or -1 with *err (caller frees); commit frees
 * what open made either way. */
struct file_atomic {
	const char *path;	/* borrowed */
	char *dir, *tmp;
	int fd;
};
int file_atomic_open(struct file_atomic *a, const char *path, char **err);
int file_atomic_commit(struct file_atomic *a, bool ok, int error,
		       char **err);
/* The program name on PATH, as a path (caller frees), or NULL when no
 * folder of PATH holds an executable file of that name. */
char *path_which(const char *name);
/* A monotonic clock in milliseconds. */
long long now_ms(void);
bool path_is_dir(const char *path);

#endif
