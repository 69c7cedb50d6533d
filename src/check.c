/* check.c: jobs, results and the helpers the check types share. */
#include "config.h"

#include "check.h"
#include "hash.h"
#include "logfile.h"
#include "sanitize.h"
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAIL_LINES 20
#define TAIL_BYTES 4096
#define MAX_REASON 300

const char *check_status_name(enum check_status st)
{
	switch (st) {
	case CHECK_PENDING: return "pending";
	case CHECK_RUNNING: return "running";
	case CHECK_PASS: return "pass";
	case CHECK_FAIL: return "fail";
	case CHECK_ERROR: return "error";
	case CHECK_SKIPPED: return "skipped";
	}
	return "?";
}

void check_result_init(struct check_result *r)
{
	memset(r, 0, sizeof(*r));
}

void check_result_free(struct check_result *r)
{
	if (!r)
		return;
	free(r->reason);
	for (size_t i = 0; i < r->nev; i++) {
		free(r->ev[i].key);
		free(r->ev[i].value);
	}
	free(r->ev);
	free(r->log_path);
	free(r->tail);
	vars_free(&r->captures);
	memset(r, 0, sizeof(*r));
}

void check_result_set(struct check_result *r, enum check_status st,
		      const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(r->reason);
	/* A reason is one line, whatever the outside world put in it, and
	 * it keeps no secret. */
	{
		char *clean = sanitize_text(b.data, b.len);
		r->reason = sanitize_redact(clean);
		free(clean);
	}
	for (char *p = r->reason; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	if (strlen(r->reason) > MAX_REASON) {
		/* Cut at a character boundary, and say so. */
		size_t n = MAX_REASON;
		while (n > 0 && ((unsigned char)r->reason[n] & 0xC0) == 0x80)
			n--;
		memcpy(r->reason + n, "...", 4);
	}
	buf_free(&b);
	r->status = st;
}

void check_result_evidence(struct check_result *r, const char *key,
			   const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	char *clean, *value;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* Evidence is kept and shown: no control sequences, no secrets
	 * (a command may carry a token from ${env:...}). */
	clean = sanitize_text(b.data, b.len);
	value = sanitize_redact(clean);
	free(clean);
	buf_free(&b);
	for (size_t i = 0; i < r->nev; i++) {
		if (strcmp(r->ev[i].key, key) == 0) {
			free(r->ev[i].value);
			r->ev[i].value = value;
			return;
		}
	}
	r->ev = xrealloc(r->ev, (r->nev + 1) * sizeof(*r->ev));
	r->ev[r->nev].key = xstrdup(key);
	r->ev[r->nev].value = value;
	r->nev++;
}

const char *check_result_get(const struct check_result *r, const char *key)
{
	for (size_t i = 0; i < r->nev; i++)
		if (strcmp(r->ev[i].key, key) == 0)
			return r->ev[i].value;
	return NULL;
}

const char *check_job_str(const struct check_job *job, const char *field)
{
	int i = check_type_field(job->type, field);

	return i < 0 ? NULL : job->str[i];
}

long long check_job_int(const struct check_job *job, const char *field,
			long long def)
{
	const struct check_value *v = check_get(job->item->check, field);

	return v ? v->i : def;
}

bool check_job_bool(const struct check_job *job, const char *field, bool def)
{
	const struct check_value *v = check_get(job->item->check, field);

	return v ? v->b : def;
}

void check_job_progress(struct check_job *job, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (!job->progress)
		return;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	job->progress(job, b.data);
	buf_free(&b);
}

bool check_job_cancelled(const struct check_job *job)
{
	return job->cancel && atomic_load(job->cancel) != 0;
}

static char *expand_var(const struct vars *vs, const char *name)
{
	char *ref = xasprintf("${%s}", name), *err = NULL;
	struct buf out = BUF_INIT;
	struct expand_result res;
	char *s = NULL;

	if (vars_find(vs, name) &&
	    vars_expand(vs, ref, &out, &res, &err) == 0 && !res.deferred)
		s = buf_detach(&out);
	buf_free(&out);
	free(err);
	free(ref);
	return s;
}

/* Does any field of item's check, expanded with vs, hold the mark? */
static bool check_uses_mark(const struct item *item, const struct vars *vs)
{
	const struct check_spec *spec = item->check;
	const struct check_type *type = spec->type;
	size_t n = check_type_nfields(type);
	bool used = false;

	for (size_t k = 0; k < n && !used; k++) {
		const struct check_value *v = &spec->values[k];
		const struct field_spec *f = &type->fields[k];
		/* Unset, a field with a fallback (a version check's path:
		 * ${version_file}) is read as that. */
		const char *raw = v->set ? v->s : f->fallback;
		struct buf out = BUF_INIT;
		struct expand_result res;
		char *msg = NULL;

		if (!raw || f->kind == FIELD_ENUM || f->kind == FIELD_MODE ||
		    f->kind == FIELD_VARNAME)
			continue;
		if (vars_expand(vs, raw, &out, &res, &msg) == 0 && out.data &&
		    strchr(out.data, '\x01'))
			used = true;
		free(msg);
		buf_free(&out);
	}
	return used;
}

const char *check_unknown_var(const struct item *item, const struct vars *vs)
{
	const char *found = NULL;

	if (!item->check)
		return NULL;
	for (size_t i = 0; i < vs->count && !found; i++) {
		struct vars probe = VARS_INIT;

		if (vs->v[i].origin != VAR_DETECTED || vs->v[i].value)
			continue;
		vars_copy(&probe, vs);
		vars_set(&probe, vs->v[i].name, "\x01", VAR_BUILTIN, NULL, 0);
		if (check_uses_mark(item, &probe))
			found = vs->v[i].name;
		vars_free(&probe);
	}
	return found;
}

/* job->str[k]: the elements of list expanded, one a line.  0, or -1
 * with *err. */
static int check_job_list(struct check_job *job, const struct vars *vs,
			  size_t k, const struct strlist *list, char **err)
{
	const char *name = job->type->fields[k].name;
	struct buf all = BUF_INIT;

	for (size_t i = 0; i < list->n; i++) {
		struct buf out = BUF_INIT;
		struct expand_result res;
		char *msg = NULL;

		if (vars_expand(vs, list->s[i], &out, &res, &msg) < 0 ||
		    res.deferred) {
			*err = msg ? xasprintf("%s: %s", name, msg)
				   : xasprintf("%s: \"%s\" uses a variable "
					       "that no check has set yet",
					       name, list->s[i]);
			free(msg);
			buf_free(&out);
			buf_free(&all);
			return -1;
		}
		if (out.data && strpbrk(out.data, "\r\n")) {
			*err = xasprintf("%s: element %zu holds a line break",
					 name, i + 1);
			buf_free(&out);
			buf_free(&all);
			return -1;
		}
		if (i)
			buf_addc(&all, '\n');
		buf_adds(&all, out.data ? out.data : "");
		buf_free(&out);
	}
	job->str[k] = all.data ? buf_detach(&all) : xstrdup("");
	return 0;
}

struct check_job *check_job_new(const struct item *item, const struct vars *vs,
				const char *root, const char *log_dir,
				char **err)
{
	const struct check_spec *spec = item->check;
	const struct check_type *type = spec->type;
	struct check_job *job = xcalloc(1, sizeof(*job));
	size_t n = check_type_nfields(type);

	*err = NULL;
	job->item = item;
	job->type = type;
	job->str = xcalloc(n, sizeof(*job->str));
	job->root = xstrdup(root);
	job->log_dir = xstrdup(log_dir);
	job->grants = vs->grants;
	job->version = expand_var(vs, "version");
	job->version_file = expand_var(vs, "version_file");
	job->version_pattern = expand_var(vs, "version_pattern");
	job->version_tags = expand_var(vs, "version_source");
	if (job->version_tags && !str_starts_with(job->version_tags,
						  "git tags")) {
		free(job->version_tags);
		job->version_tags = NULL;
	}
	for (size_t k = 0; k < n; k++) {
		const struct check_value *v = &spec->values[k];
		const struct field_spec *f = &type->fields[k];
		struct buf out = BUF_INIT;
		struct expand_result res;
		char *msg = NULL;

		if (v->set && f->kind == FIELD_STRINGS) {
			/* A list: each element expanded, one a line (an
			 * element may not hold a line break). */
			if (check_job_list(job, vs, k, &v->list, err) < 0) {
				check_job_free(job);
				return NULL;
			}
			continue;
		}
		if (!v->set || !v->s) {
			/* Unset, a field with a fallback that is not a path
			 * (a dist check's project: ${package}) is that, when
			 * it expands; else it stays unset, for the run
			 * function to say what is missing. */
			if (f->path || !f->fallback)
				continue;
			if (vars_expand(vs, f->fallback, &out, &res,
					&msg) == 0 && !res.deferred)
				job->str[k] = buf_detach(&out);
			free(msg);
			buf_free(&out);
			continue;
		}
		if (f->kind == FIELD_ENUM || f->kind == FIELD_MODE ||
		    f->kind == FIELD_VARNAME) {
			job->str[k] = xstrdup(v->s);
			continue;
		}
		if ((f->shell
		     ? vars_expand_shell(vs, v->s, &out, &res, &msg)
		     : vars_expand(vs, v->s, &out, &res, &msg)) < 0) {
			*err = xasprintf("%s: %s", type->fields[k].name, msg);
			free(msg);
			buf_free(&out);
			check_job_free(job);
			return NULL;
		}
		if (res.deferred) {
			*err = strstr(v->s, "${version") && !job->version
				? xasprintf("%s: the release version is unknown:"
					    " give --release", type->fields[k].name)
				: xasprintf("%s: \"%s\" uses a variable that no "
					    "check has set yet",
					    type->fields[k].name, v->s);
			buf_free(&out);
			check_job_free(job);
			return NULL;
		}
		job->str[k] = buf_detach(&out);
	}
	return job;
}

void check_job_free(struct check_job *job)
{
	if (!job)
		return;
	if (job->str) {
		for (size_t k = 0; k < check_type_nfields(job->type); k++)
			free(job->str[k]);
		free(job->str);
	}
	free(job->root);
	free(job->log_dir);
	free(job->version);
	free(job->version_file);
	free(job->version_pattern);
	free(job->version_tags);
	free(job);
}

unsigned check_job_needs(const struct check_job *job)
{
	const struct check_type *t = job->type;
	unsigned needs = t->needs;

	for (size_t k = 0; t->fields[k].name; k++)
		if (job->item->check->values[k].set)
			needs |= t->fields[k].needs;
	return needs;
}

void check_run(struct check_job *job, struct check_result *res)
{
	long long start = now_ms();
	unsigned refused = check_job_needs(job) & ~job->grants;

	check_result_init(res);
	res->status = CHECK_ERROR;
	if (refused) {
		char *what = trust_describe(refused);
		check_result_set(res, CHECK_ERROR, "not run: this check %s, and "
				 "the checklist is not trusted (read it, then "
				 "relcheck --trust)", what);
		check_result_evidence(res, "refused", "%s", what);
		free(what);
	} else {
		job->type->run(job, res);
	}
	if (!res->reason)
		check_result_set(res, res->status, "%s",
				 check_status_name(res->status));
	res->duration_ms = now_ms() - start;
}

char *check_path(const struct check_job *job, const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && (path[1] == '/' || path[1] == '\0'))
		return xasprintf("%s%s", home ? home : "", path + 1);
	return path_join(job->root, path);
}

static void refuse_read(const char *name, struct check_result *res)
{
	check_result_set(res, CHECK_ERROR, "not run: %s is outside the "
			 "repository's files, and the checklist is not trusted "
			 "to read there (read it, then relcheck --trust)", name);
	check_result_evidence(res, "refused", "%s", capability_name(CAP_READ));
}

int check_confine(const struct check_job *job, const char *path,
		  const char *name, struct check_result *res)
{
	char real[PATH_MAX];

	if (job->grants & CAP_READ)
		return 0;
	if (realpath(path, real) && path_in_repository(job->root, real))
		return 0;
	refuse_read(name, res);
	return -1;
}

int check_read_file(const struct check_job *job, const char *path,
		    const char *name, size_t max, struct buf *text,
		    struct check_result *res)
{
	char chunk[65536];
	struct stat st;
	ssize_t n;
	int fd;

	/* O_NONBLOCK: a FIFO must not hang the check; it is refused below. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		check_result_set(res, errno == ENOENT || errno == ENOTDIR
				 ? CHECK_FAIL : CHECK_ERROR, "%s: %s", name,
				 strerror(errno));
		return -1;
	}
	if (!(job->grants & CAP_READ)) {
		/* What was opened, not what the name said: no race with a
		 * link that changes. */
		char link[64], real[PATH_MAX];
		ssize_t len;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, real, sizeof(real) - 1);
		if (len > 0)
			real[len] = '\0';
		if (len <= 0 || !path_in_repository(job->root, real)) {
			close(fd);
			refuse_read(name, res);
			return -1;
		}
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		check_result_set(res, CHECK_ERROR, "%s is not a regular file",
				 name);
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		check_result_set(res, CHECK_ERROR, "%s is larger than %zu MB",
				 name, max >> 20);
		close(fd);
		return -1;
	}
	buf_init(text);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			check_result_set(res, CHECK_ERROR, "%s: %s", name,
					 strerror(errno));
			close(fd);
			return -1;
		}
		if (text->len + (size_t)n > max) {
			check_result_set(res, CHECK_ERROR, "%s is larger than "
					 "%zu MB", name, max >> 20);
			close(fd);
			return -1;
		}
		buf_add(text, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

int check_open_log(const struct check_job *job, struct check_result *res)
{
	struct timespec ts;
	struct tm tm;
	char stamp[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	for (int attempt = 0; attempt < 100; attempt++) {
		char *path = xasprintf("%s/%s-%s.%03ld%s.log", job->log_dir,
				       job->item->full_id, stamp,
				       ts.tv_nsec / 1000000L,
				       attempt ? "x" : "");
		if (attempt) {
			free(path);
			path = xasprintf("%s/%s-%s.%03ld-%d.log", job->log_dir,
					 job->item->full_id, stamp,
					 ts.tv_nsec / 1000000L, attempt);
		}
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			      0600);
		if (fd >= 0) {
			free(res->log_path);
			res->log_path = path;
			return fd;
		}
		if (errno != EEXIST) {
			check_result_set(res, CHECK_ERROR, "cannot write the log"
					 " %s: %s", path, strerror(errno));
			free(path);
			return -1;
		}
		free(path);
	}
	check_result_set(res, CHECK_ERROR, "cannot name a log file in %s",
			 job->log_dir);
	return -1;
}

void check_finish_log(struct check_result *res)
{
	char hex[SHA256_HEX_LEN + 1], *err = NULL;
	struct buf text = BUF_INIT;
	char chunk[8192];
	struct stat st;
	ssize_t n;
	int fd;

	if (!res->log_path)
		return;
	/* Kept sanitised and redacted; what the command printed is known
	 * by its hash alone.  A log that cannot be cleaned is not kept. */
	if (logfile_clean(res->log_path, hex, &err) < 0) {
		check_result_evidence(res, "log_error", "%s", err);
		free(err);
		unlink(res->log_path);
		free(res->log_path);
		res->log_path = NULL;
		return;
	}
	check_result_evidence(res, "output_sha256", "%s", hex);
	if (sha256_file(res->log_path, hex) < 0)
		return;
	check_result_evidence(res, "log", "%s", res->log_path);
	check_result_evidence(res, "log_sha256", "%s", hex);
	/* The tail: from the log's last 4 pages at most. */
	fd = open(res->log_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 4 * TAIL_BYTES)
		lseek(fd, st.st_size - 4 * TAIL_BYTES, SEEK_SET);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&text, chunk, (size_t)n);
	close(fd);
	free(res->tail);
	res->tail = sanitize_tail(text.data ? text.data : "", text.len,
				  TAIL_LINES, TAIL_BYTES);
	buf_free(&text);
}
