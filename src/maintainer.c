/* maintainer.c: the per-user record of maintainer items (maintainer.h). */
#include "config.h"

#include "maintainer.h"
#include "hash.h"
#include "sanitize.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Bounds of a record's fields: anything longer is not relcheck's. */
#define KEY_MAX 400
#define NAME_MAX_LEN 400
#define REASON_MAX 4000

char *maint_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (state && state[0] == '/')
		return path_join(state, "relcheck/maintainer.jsonl");
	if (!home || home[0] != '/')
		return NULL;
	return path_join(home, ".local/state/relcheck/maintainer.jsonl");
}

static void record_free(struct maint_record *r)
{
	free(r->key);
	free(r->state);
	free(r->reason);
	free(r->by);
	free(r->at);
	free(r->release);
}

void maint_free(struct maint *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		record_free(&m->recs[i]);
	free(m->recs);
	free(m->path);
	free(m);
}

const struct maint_record *maint_find(const struct maint *m, const char *key)
{
	for (size_t i = 0; m && key && i < m->n; i++)
		if (strcmp(m->recs[i].key, key) == 0)
			return &m->recs[i];
	return NULL;
}

/* Keeps rec (taken) as its key's standing record. */
static void keep(struct maint *m, struct maint_record *rec)
{
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->recs[i].key, rec->key) == 0) {
			record_free(&m->recs[i]);
			m->recs[i] = *rec;
			return;
		}
	}
	m->recs = xrealloc(m->recs, (m->n + 1) * sizeof(*m->recs));
	m->recs[m->n++] = *rec;
}

/* 2026-11-25T17:40:00.123Z, exactly. */
static bool journal_time(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ";

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return false;
	return true;
}

/* The string field key of o, when it is one of at most max bytes that
 * clean leaves as it is; else NULL. */
static const char *field(json_t *o, const char *key, size_t max,
			 char *(*clean)(const char *))
{
	const char *s = json_string_value(json_object_get(o, key));
	char *c;
	bool same;

	if (!s || strlen(s) > max)
		return NULL;
	c = clean(s);
	same = strcmp(c, s) == 0;
	free(c);
	return same ? s : NULL;
}

static bool state_known(const char *s)
{
	return strcmp(s, "done") == 0 || strcmp(s, "n/a") == 0 ||
	       strcmp(s, "reopened") == 0 || strcmp(s, "signoff") == 0;
}

/* One line: a record, or NULL with *why. */
static bool parse_line(const char *line, size_t len, struct maint_record *rec,
		       const char **why)
{
	json_error_t jerr;
	json_t *o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	const char *key, *state, *by, *at, *release, *reason;
	bool ok = false;

	*why = "not JSON";
	if (!json_is_object(o))
		goto out;
	*why = "not a record of version 1";
	if (json_integer_value(json_object_get(o, "v")) != 1 ||
	    !json_is_integer(json_object_get(o, "v")))
		goto out;
	*why = "a field is missing, too long, or holds control characters "
	       "or a token";
	key = field(o, "key", KEY_MAX, sanitize_name);
	state = field(o, "state", 16, sanitize_name);
	by = field(o, "by", NAME_MAX_LEN, sanitize_name);
	at = field(o, "at", 32, sanitize_name);
	release = field(o, "release", NAME_MAX_LEN, sanitize_name);
	reason = json_object_get(o, "reason") ? field(o, "reason", REASON_MAX,
						      sanitize_note) : "";
	if (!key || !state || !by || !*by || !at || !release || !reason)
		goto out;
	*why = "an unknown key or state";
	if ((strncmp(key, "item ", 5) != 0 && strncmp(key, "phase ", 6) != 0) ||
	    !state_known(state))
		goto out;
	*why = "its time is not a time";
	if (!journal_time(at))
		goto out;
	rec->key = xstrdup(key);
	rec->state = xstrdup(state);
	rec->reason = xstrdup(reason);
	rec->by = xstrdup(by);
	rec->at = xstrdup(at);
	rec->release = xstrdup(release);
	ok = true;
out:
	json_decref(o);
	return ok;
}

static void parse(struct maint *m, const char *data, size_t len,
		  struct diag *problems)
{
	size_t line = 0;

	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - data) : len;
		struct maint_record rec;
		const char *why;

		line++;
		memset(&rec, 0, sizeof(rec));
		if (!nl) {
			diag_add(problems, m->path, (int)line, "warning: a torn "
				 "last line (a write cut short; ignored)");
		} else if (end > pos && parse_line(data + pos, end - pos,
						   &rec, &why)) {
			rec.line = line;
			keep(m, &rec);
		} else if (end > pos) {
			diag_add(problems, m->path, (int)line, "warning: not a "
				 "maintainer record: %s (ignored)", why);
		}
		pos = end + 1;
	}
}

struct maint *maint_open(const char *path, struct diag *problems)
{
	struct maint *m = xcalloc(1, sizeof(*m));
	struct stat st;
	char *data;
	size_t len = 0;
	int fd;

	m->path = path ? xstrdup(path) : maint_path();
	if (!m->path)
		return m;
	fd = open(m->path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			diag_add(problems, m->path, 0, "warning: %s (the "
				 "maintainer's record is not used)",
				 strerror(errno));
		return m;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		diag_add(problems, m->path, 0, "warning: not a regular file "
			 "(the maintainer's record is not used)");
		close(fd);
		return m;
	}
	if (flock(fd, LOCK_SH) < 0) {
		diag_add(problems, m->path, 0, "warning: cannot lock it: %s",
			 strerror(errno));
		close(fd);
		return m;
	}
	data = xmalloc(MAINT_MAX_BYTES + 1);
	while (len < MAINT_MAX_BYTES) {
		ssize_t n = read(fd, data + len, MAINT_MAX_BYTES - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	if (len == MAINT_MAX_BYTES && st.st_size > (off_t)MAINT_MAX_BYTES) {
		diag_add(problems, m->path, 0, "warning: bigger than %u bytes: "
			 "the rest is ignored", MAINT_MAX_BYTES);
		/* Up to the last whole line. */
		while (len > 0 && data[len - 1] != '\n')
			len--;
	}
	close(fd);
	parse(m, data, len, problems);
	free(data);
	return m;
}

/* Writes all of s to fd; 0, or -1 with errno. */
static int write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

int maint_append(struct maint *m, const char *key, const char *state,
		 const char *reason, const char *by, const char *at,
		 const char *release, char **err)
{
	json_t *o = json_object();
	char *dir = NULL, *text = NULL;
	struct buf line = BUF_INIT;
	struct maint_record rec;
	struct stat st;
	int fd = -1, rc = -1;
	char last = '\n';

	*err = NULL;
	if (!m->path) {
		*err = xstrdup("no home folder: the maintainer's record cannot "
			       "be kept (set HOME or XDG_STATE_HOME)");
		goto out;
	}
	json_object_set_new(o, "v", json_integer(1));
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "state", json_string(state));
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	json_object_set_new(o, "by", json_string(by));
	json_object_set_new(o, "at", json_string(at));
	json_object_set_new(o, "release", json_string(release ? release : ""));
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text) {
		*err = xstrdup("cannot make the maintainer's record");
		goto out;
	}
	dir = path_dirname(m->path);
	if (path_mkdirs(dir, 0700) < 0) {
		*err = xasprintf("%s: %s", dir, strerror(errno));
		goto out;
	}
	fd = open(m->path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW |
		  O_NONBLOCK | O_CLOEXEC, 0600);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*err = xasprintf("%s: %s", m->path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file", m->path);
		goto out;
	}
	if (flock(fd, LOCK_EX) < 0) {
		*err = xasprintf("%s: cannot lock it: %s", m->path,
				 strerror(errno));
		goto out;
	}
	/* A torn last line (a crash) is ended first: this record stays
	 * whole on a line of its own. */
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		int rfd = open(m->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (rfd >= 0) {
			if (pread(rfd, &last, 1, st.st_size - 1) != 1)
				last = '\n';
			close(rfd);
		}
	}
	if (last != '\n')
		buf_addc(&line, '\n');
	buf_adds(&line, text);
	buf_addc(&line, '\n');
	if (write_all(fd, line.data, line.len) < 0 || fsync(fd) < 0) {
		*err = xasprintf("%s: %s", m->path, strerror(errno));
		goto out;
	}
	memset(&rec, 0, sizeof(rec));
	rec.key = xstrdup(key);
	rec.state = xstrdup(state);
	rec.reason = xstrdup(reason ? reason : "");
	rec.by = xstrdup(by);
	rec.at = xstrdup(at);
	rec.release = xstrdup(release ? release : "");
	keep(m, &rec);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_free(&line);
	free(text);
	free(dir);
	json_decref(o);
	return rc;
}

static void hash16(const char *s, char out[17])
{
	char hex[SHA256_HEX_LEN + 1];

	sha256_hex(s, strlen(s), hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
}

char *maint_item_key(const struct checklist *cl, const struct item *it)
{
	char *title = checklist_show(cl, it->title);
	char *desc = checklist_show(cl, it->description);
	char *both = xasprintf("%s\n%s", title, desc);
	char h[17];

	hash16(both, h);
	free(title);
	free(desc);
	free(both);
	return xasprintf("item %s %s", it->full_id, h);
}

char *maint_phase_key(const struct checklist *cl, const struct phase *ph)
{
	struct buf b = BUF_INIT;
	char h[17];

	for (size_t i = 0; i < ph->nitems; i++) {
		char *k = maint_item_key(cl, ph->items[i]);
		buf_addf(&b, "%s\n", k);
		free(k);
	}
	hash16(b.data ? b.data : "", h);
	buf_free(&b);
	return xasprintf("phase %s %s", ph->id, h);
}
