/* check-command.c: a shell command exits 0, and its output matches. */
#include "config.h"

#include "check.h"
#include "proc.h"
#include "rx.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 600
/* The expect pattern sees at most the last this many bytes of output. */
#define EXPECT_WINDOW (4 * 1024 * 1024)

static int read_end(const char *path, struct buf *out)
{
	struct stat st;
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && st.st_size > EXPECT_WINDOW)
		lseek(fd, st.st_size - EXPECT_WINDOW, SEEK_SET);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	close(fd);
	if (!out->data)
		buf_init(out);
	return 0;
}

/* The last non-empty line of text (a copy), "" when none. */
static char *last_line(const char *text)
{
	const char *end, *start;

	if (!text)
		return xstrdup("");
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	return xstrndup(start, (size_t)(end - start));
}

static void check_expect(struct check_result *res, const char *pattern)
{
	struct buf out = BUF_INIT;
	char *clean, *msg;
	pcre2_code *re;
	int m;

	re = rx_compile(pattern, &msg);
	if (!re) {
		check_result_set(res, CHECK_ERROR, "expect: %s", msg);
		free(msg);
		return;
	}
	if (read_end(res->log_path, &out) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read the log %s: %s",
				 res->log_path, strerror(errno));
		pcre2_code_free(re);
		return;
	}
	clean = sanitize_text(out.data, out.len);
	m = rx_match(re, clean, strlen(clean), NULL, NULL, &msg);
	if (m < 0) {
		check_result_set(res, CHECK_ERROR, "expect: %s", msg);
		free(msg);
	} else if (m == 0) {
		char *last = last_line(res->tail);
		check_result_set(res, CHECK_FAIL, "exit 0, but the output does "
				 "not match /%s/%s%s", pattern,
				 *last ? "; last line: " : " (no output)", last);
		free(last);
	} else {
		check_result_set(res, CHECK_PASS, "exit 0, output matches /%s/",
				 pattern);
	}
	free(clean);
	buf_free(&out);
	pcre2_code_free(re);
}

/* Is the file system of fd full?  Then a command's output written to
 * it may have been cut short (the command sees the error, relcheck
 * does not). */
static bool disk_full(int fd)
{
	struct statvfs st;

	if (fstatvfs(fd, &st) < 0 || st.f_blocks == 0)
		return false;
	return (geteuid() == 0 ? st.f_bfree : st.f_bavail) == 0;
}

void check_command_run(struct check_job *job, struct check_result *res)
{
	struct proc_options opt = { 0 };
	struct proc_result pr;
	const char *run = check_job_str(job, "run");
	const char *cwd = check_job_str(job, "cwd");
	const char *expect = check_job_str(job, "expect");
	char *dir = cwd ? check_path(job, cwd) : xstrdup(job->root);
	char *err = NULL;
	bool full;
	int fd;

	if (!path_is_dir(dir)) {
		check_result_set(res, CHECK_ERROR, "cwd %s: no such folder",
				 cwd ? cwd : job->root);
		free(dir);
		return;
	}
	fd = check_open_log(job, res);
	if (fd < 0) {
		free(dir);
		return;
	}
	opt.command = run;
	opt.cwd = dir;
	opt.out_fd = fd;
	opt.timeout_s = (int)check_job_int(job, "timeout", DEFAULT_TIMEOUT);
	opt.cancel = job->cancel;
	check_result_evidence(res, "command", "%s", run);
	if (proc_run(&opt, &pr, &err) < 0) {
		close(fd);
		check_result_set(res, CHECK_ERROR, "%s", err);
		free(err);
		free(dir);
		return;
	}
	full = disk_full(fd);
	close(fd);
	free(dir);
	check_finish_log(res);
	check_result_evidence(res, "exit_code", "%d", pr.exit_code);

	if (pr.cancelled) {
		check_result_set(res, CHECK_ERROR, "cancelled");
	} else if (pr.timed_out) {
		check_result_set(res, CHECK_ERROR, "no answer within %d s: "
				 "stopped (SIGTERM, then SIGKILL to its group)",
				 opt.timeout_s);
	} else if (full) {
		check_result_set(res, CHECK_ERROR, "the disk of the log %s is "
				 "full: the output may be cut short (exit %d)",
				 res->log_path, pr.exit_code);
	} else if (pr.signal) {
		check_result_set(res, CHECK_FAIL, "killed by signal %d (%s)",
				 pr.signal, strsignal(pr.signal));
	} else if (pr.exit_code == 127) {
		check_result_set(res, CHECK_ERROR, "exit 127: command not found"
				 " (%s)", run);
	} else if (pr.exit_code != 0) {
		char *last = last_line(res->tail);
		check_result_set(res, CHECK_FAIL, "exit %d%s%s", pr.exit_code,
				 *last ? ": " : "", last);
		free(last);
	} else if (expect) {
		check_expect(res, expect);
	} else {
		check_result_set(res, CHECK_PASS, "exit 0");
	}
}
