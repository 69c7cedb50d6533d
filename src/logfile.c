/* logfile.c: a command's log rewritten sanitised and redacted. */
#include "config.h"

#include "logfile.h"
#include "sanitize.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The log's bytes, its last LOGFILE_MAX at most, into b; how many were
 * left out before them in *skipped.  0, or -1 with errno set. */
static int read_log(const char *path, struct buf *b, off_t *skipped)
{
	char chunk[65536];
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	*skipped = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int saved = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		errno = saved;
		return -1;
	}
	if (st.st_size > (off_t)LOGFILE_MAX) {
		*skipped = st.st_size - (off_t)LOGFILE_MAX;
		if (lseek(fd, *skipped, SEEK_SET) < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
	}
	buf_init(b);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		buf_add(b, chunk, (size_t)n);
		if (b->len >= LOGFILE_MAX)
			break;
	}
	close(fd);
	return 0;
}

int logfile_clean(const char *path, char raw_sha256[SHA256_HEX_LEN + 1],
		  char **err)
{
	struct buf raw = BUF_INIT, out = BUF_INIT;
	char *text, *clean;
	off_t skipped;
	int rc;

	*err = NULL;
	if (raw_sha256 && sha256_file(path, raw_sha256) < 0) {
		*err = xasprintf("cannot read the log %s: %s", path,
				 strerror(errno));
		return -1;
	}
	if (read_log(path, &raw, &skipped) < 0) {
		*err = xasprintf("cannot read the log %s: %s", path,
				 strerror(errno));
		buf_free(&raw);
		return -1;
	}
	text = sanitize_text(raw.data, raw.len);
	clean = sanitize_redact(text);
	free(text);
	buf_free(&raw);
	buf_init(&out);
	if (skipped)
		buf_addf(&out, "[relcheck: the first %lld bytes of the output "
			 "are left out]\n", (long long)skipped);
	buf_adds(&out, clean);
	free(clean);
	rc = file_write_atomic(path, out.data, out.len, err);
	/* As private as the log the command wrote (check_open_log). */
	if (rc == 0 && chmod(path, 0600) < 0) {
		*err = xasprintf("cannot make %s private: %s", path,
				 strerror(errno));
		rc = -1;
	}
	buf_free(&out);
	return rc;
}
