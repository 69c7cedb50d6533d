/* distfile.c: reading sdists and wheels with libarchive, under caps, and
 * the rules of their names and metadata (see distfile.h).
 *
 * libarchive brings libxml2, ICU and libstdc++ with it (12 libraries):
 * linked, the dynamic loader mapped and relocated them at every start,
 * about 3 ms and 3.5 MB of every command, --version included, while only
 * the checks that read a dist file use it (issue 16).  So, as src/net.c
 * does with libcurl, it is opened with dlopen() by the first dist_read(),
 * once, and called through a table typed from <archive.h> (__typeof__).
 */
#include "config.h"

#include "distfile.h"
#include "project.h"
#include "sanitize.h"
#include "version.h"

#include <archive.h>
#include <archive_entry.h>
#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void dist_limits_default(struct dist_limits *lim)
{
	lim->max_members = DIST_MAX_MEMBERS;
	lim->max_member = DIST_MAX_MEMBER;
	lim->max_total = DIST_MAX_TOTAL;
	lim->max_path = DIST_MAX_PATH;
	lim->max_metadata = DIST_MAX_METADATA;
}

enum dist_kind dist_kind_of(const char *filename)
{
	if (str_ends_with(filename, ".tar.gz"))
		return DIST_SDIST;
	if (str_ends_with(filename, ".whl"))
		return DIST_WHEEL;
	return DIST_UNKNOWN;
}

const char *dist_kind_name(enum dist_kind kind)
{
	switch (kind) {
	case DIST_SDIST:
		return "sdist";
	case DIST_WHEEL:
		return "wheel";
	case DIST_UNKNOWN:
		break;
	}
	return "unknown";
}

void dist_meta_free(struct dist_meta *m)
{
	free(m->metadata_version);
	free(m->name);
	free(m->version);
	free(m->requires_python);
	memset(m, 0, sizeof(*m));
}

void dist_file_free(struct dist_file *d)
{
	for (size_t i = 0; i < d->nm; i++) {
		free(d->m[i].path);
		free(d->m[i].link);
	}
	free(d->m);
	free(d->top);
	free(d->meta_path);
	dist_meta_free(&d->meta);
	memset(d, 0, sizeof(*d));
}

/* ---- metadata: RFC 822 headers ---- */

static char **known_field(struct dist_meta *m, const char *name, size_t n)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		{ "Metadata-Version", offsetof(struct dist_meta,
					       metadata_version) },
		{ "Name", offsetof(struct dist_meta, name) },
		{ "Version", offsetof(struct dist_meta, version) },
		{ "Requires-Python", offsetof(struct dist_meta,
					      requires_python) },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i].name) == n &&
		    strncasecmp(fields[i].name, name, n) == 0)
			return (char **)((char *)m + fields[i].off);
	return NULL;
}

/* s[0..n) without blanks at either end, as a new string. */
static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

int dist_parse_metadata(const char *text, size_t len, struct dist_meta *m,
			char **err)
{
	const char *p = text, *end = text + len;
	char **cur = NULL;
	bool in_header = false;
	size_t line = 0;

	if (len && memchr(text, '\0', len)) {
		*err = xstrdup("a NUL byte in the metadata");
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n;

		if (le > p && le[-1] == '\r')
			le--;
		n = (size_t)(le - p);
		if (++line > DIST_MAX_HEADER_LINES) {
			*err = xasprintf("more than %d header lines",
					 DIST_MAX_HEADER_LINES);
			goto fail;
		}
		if (n == 0)
			break;	/* the headers end; the description follows */
		if (*p == ' ' || *p == '\t') {
			if (!in_header) {
				*err = xasprintf("line %zu: a continuation "
						 "line with no header before",
						 line);
				goto fail;
			}
			if (cur) {
				char *more = trimmed(p, n);
				char *joined = xasprintf("%s%s%s", *cur,
							 **cur && *more
							 ? " " : "", more);
				free(more);
				free(*cur);
				*cur = joined;
			}
		} else {
			const char *colon = memchr(p, ':', n);
			size_t k;

			for (k = 0; p + k < le && (isalnum((unsigned char)p[k])
			     || p[k] == '-' || p[k] == '_'); k++)
				;
			if (!colon || k == 0 || p + k != colon) {
				*err = xasprintf("line %zu: not a header "
						 "(\"Name: value\")", line);
				goto fail;
			}
			in_header = true;
			cur = known_field(m, p, k);
			if (cur && *cur) {
				char *name = xstrndup(p, k);
				*err = xasprintf("line %zu: %s appears twice",
						 line, name);
				free(name);
				goto fail;
			}
			if (cur)
				*cur = trimmed(colon + 1,
					       (size_t)(le - colon - 1));
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
fail:
	dist_meta_free(m);
	return -1;
}

/* ---- libarchive, loaded at the first dist_read() ---- */

/* libarchive's ABI has been 13 since 3.0 (2011); configure checks the
 * headers against >= 3.3. */
#define LIBARCHIVE_SONAME "libarchive.so.13"

/* The functions of libarchive relcheck calls. */
#define ARCHIVE_FUNCTIONS(X) \
	X(read_new) X(read_support_filter_gzip) X(read_support_format_tar) \
	X(read_support_format_zip_seekable) X(read_open_filename) \
	X(read_next_header) X(read_data) X(read_data_skip) X(read_free) \
	X(filter_bytes) X(filter_code) X(error_string) X(entry_pathname) \
	X(entry_filetype) X(entry_hardlink) X(entry_symlink) X(entry_size) \
	X(entry_size_is_set) X(entry_perm) X(entry_mtime)

static struct {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): name is a member's name */
#define ARCHIVE_MEMBER(name) __typeof__(archive_##name) *name;
	ARCHIVE_FUNCTIONS(ARCHIVE_MEMBER)
#undef ARCHIVE_MEMBER
} arc;

static pthread_once_t arc_once = PTHREAD_ONCE_INIT;
static void *arc_lib;		/* libarchive, open until the process ends */
static char *arc_error;		/* why libarchive could not be loaded */

static void arc_load(void)
{
	void *sym;

	arc_lib = dlopen(LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!arc_lib) {
		arc_error = xasprintf("cannot load libarchive: %s", dlerror());
		return;
	}
#define ARCHIVE_LOAD(name) \
	if (!arc_error) { \
		sym = dlsym(arc_lib, "archive_" #name); \
		if (!sym) \
			arc_error = xasprintf("cannot load libarchive: no " \
					      "archive_" #name " in " \
					      LIBARCHIVE_SONAME); \
		arc.name = (__typeof__(arc.name))sym; \
	}
	ARCHIVE_FUNCTIONS(ARCHIVE_LOAD)
#undef ARCHIVE_LOAD
}

/* ---- reading the archive ---- */

struct reader {
	struct archive *a;
	struct dist_limits lim;
	struct dist_file *d;
	bool list;
	size_t cap_m;
	bool meta_seen;
	struct buf meta;
};

/* A member's path, made safe to show. */
static char *shown(const char *path)
{
	return sanitize_line(path);
}

/* *err = the member's path (made safe) followed by what fmt says. */
static int fail_member(char **err, const char *path, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static int fail_member(char **err, const char *path, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char *s = shown(path);
	va_list ap;

	buf_init(&b);
	buf_adds(&b, s);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	*err = buf_detach(&b);
	free(s);
	return -1;
}

static const char *errstr(struct archive *a)
{
	const char *s = arc.error_string(a);
	return s ? s : "unreadable";
}

/* Absolute, empty, or with a ".." component (either separator). */
static bool path_escapes(const char *path)
{
	const char *p = path;

	if (!*path || *path == '/' || *path == '\\')
		return true;
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

static char member_type(struct archive_entry *e)
{
	if (arc.entry_hardlink(e))
		return 'l';
	switch (arc.entry_filetype(e)) {
	case AE_IFREG:
		return 'f';
	case AE_IFDIR:
		return 'd';
	case AE_IFLNK:
		return 'l';
	default:
		return '?';
	}
}

/* Is path (trailing '/' dropped, n bytes) the metadata of the archive? */
static bool is_metadata(struct reader *r, const char *path, size_t n)
{
	const char *slash = memchr(path, '/', n);

	if (!slash || memchr(slash + 1, '/', n - (size_t)(slash - path) - 1))
		return false;	/* not exactly one level down */
	if (r->d->kind == DIST_SDIST)
		return strcmp(slash + 1, "PKG-INFO") == 0 &&
		       r->d->top && (size_t)(slash - path) ==
		       strlen(r->d->top) &&
		       strncmp(path, r->d->top, strlen(r->d->top)) == 0;
	return strcmp(slash + 1, "METADATA") == 0 &&
	       slash - path > 10 &&
	       strncmp(slash - 10, ".dist-info", 10) == 0;
}

/* An sdist's members are all in one top folder. */
static int check_top(struct reader *r, const char *path, size_t n,
		     char type, char **err)
{
	const char *slash = memchr(path, '/', n);
	size_t tn = slash ? (size_t)(slash - path) : n;

	if (!slash && type != 'd')
		return fail_member(err, path, " is outside the top folder "
				   "(an sdist holds one folder)");
	if (!r->d->top) {
		r->d->top = xstrndup(path, tn);
		return 0;
	}
	if (strlen(r->d->top) != tn || strncmp(r->d->top, path, tn) != 0) {
		char *top = shown(r->d->top);
		int rc = fail_member(err, path, " is outside the top folder "
				     "%s (an sdist holds one folder)", top);
		free(top);
		return rc;
	}
	return 0;
}

static bool over_member_cap(const struct reader *r, long long size)
{
	return size > r->lim.max_member;
}

static int total_cap(struct reader *r, char **err)
{
	if (arc.filter_bytes(r->a, 0) > r->lim.max_total) {
		*err = xasprintf("more than %lld bytes once decompressed: "
				 "refused (a bomb?)", r->lim.max_total);
		return -1;
	}
	return 0;
}

/* Reads the current member's content: hashed when listing, kept when it
 * is the metadata, counted against the caps. */
static int read_member(struct reader *r, const char *path, bool meta,
		       struct dist_member *mem, char **err)
{
	char chunk[65536];
	struct sha256 *h = r->list ? sha256_new() : NULL;
	long long size = 0;
	la_ssize_t got;

	if (r->list && !h) {
		*err = xstrdup("cannot start SHA-256");
		return -1;
	}
	while ((got = arc.read_data(r->a, chunk, sizeof(chunk))) > 0) {
		size += got;
		r->d->total += got;
		if (over_member_cap(r, size)) {
			char cap[32];
			snprintf(cap, sizeof(cap), "%lld", r->lim.max_member);
			fail_member(err, path, ": more than %s bytes: "
				    "refused", cap);
			goto fail;
		}
		if (total_cap(r, err) < 0)
			goto fail;
		if (meta) {
			if (r->meta.len + (size_t)got > r->lim.max_metadata) {
				char cap[32];
				snprintf(cap, sizeof(cap), "%zu",
					 r->lim.max_metadata);
				fail_member(err, path, ": metadata of more "
					    "than %s bytes: refused", cap);
				goto fail;
			}
			buf_add(&r->meta, chunk, (size_t)got);
		}
		if (h)
			sha256_add(h, chunk, (size_t)got);
	}
	if (got < 0) {
		fail_member(err, path, ": %s", errstr(r->a));
		goto fail;
	}
	if (mem) {
		mem->size = size;
		sha256_end(h, mem->sha256);
	} else if (h) {
		char hex[SHA256_HEX_LEN + 1];
		sha256_end(h, hex);
	}
	return 0;
fail:
	if (h) {
		char hex[SHA256_HEX_LEN + 1];
		sha256_end(h, hex);
	}
	return -1;
}

static int one_member(struct reader *r, struct archive_entry *e, char **err)
{
	const char *path = arc.entry_pathname(e);
	struct dist_member *mem = NULL;
	size_t n;
	char type;
	bool meta;

	if (!path) {
		*err = xstrdup("a member whose name cannot be read");
		return -1;
	}
	n = strlen(path);
	if (n > r->lim.max_path) {
		char *s = xstrndup(path, 60);
		fail_member(err, s, "...: a path longer than the cap");
		free(s);
		return -1;
	}
	if (path_escapes(path))
		return fail_member(err, path, ": an absolute path or a "
				   "\"..\": refused");
	while (n && path[n - 1] == '/')
		n--;
	type = member_type(e);
	if (r->d->kind == DIST_SDIST && check_top(r, path, n, type, err) < 0)
		return -1;
	meta = is_metadata(r, path, n) && n == strlen(path);
	if (meta) {
		if (r->meta_seen)
			return fail_member(err, path, " appears twice");
		if (type != 'f')
			return fail_member(err, path, " is not a regular "
					   "file (%s): refused",
					   type == 'l' ? "a link" : "not a file");
		r->meta_seen = true;
		r->d->meta_path = xstrdup(path);
	}
	if (arc.entry_size_is_set(e) &&
	    over_member_cap(r, arc.entry_size(e))) {
		char cap[32];
		snprintf(cap, sizeof(cap), "%lld", r->lim.max_member);
		return fail_member(err, path, ": more than %s bytes: "
				   "refused", cap);
	}
	if (r->list) {
		if (r->d->nm == r->cap_m) {
			r->cap_m = r->cap_m ? r->cap_m * 2 : 64;
			r->d->m = xrealloc(r->d->m,
					   r->cap_m * sizeof(*r->d->m));
		}
		mem = &r->d->m[r->d->nm++];
		memset(mem, 0, sizeof(*mem));
		mem->path = xstrndup(path, n);
		mem->type = type;
		mem->mode = (unsigned)arc.entry_perm(e);
		mem->mtime = (long long)arc.entry_mtime(e);
		if (type == 'l') {
			const char *t = arc.entry_hardlink(e);
			if (!t)
				t = arc.entry_symlink(e);
			mem->link = t ? xstrdup(t) : NULL;
		}
	}
	if (type == 'f' && (meta || r->list))
		return read_member(r, path, meta, mem, err);
	if (arc.read_data_skip(r->a) != ARCHIVE_OK)
		return fail_member(err, path, ": %s",
				   errstr(r->a));
	return total_cap(r, err);
}

static int open_archive(struct reader *r, const char *path, char **err)
{
	pthread_once(&arc_once, arc_load);
	if (arc_error) {
		*err = xstrdup(arc_error);
		return -1;
	}
	r->a = arc.read_new();
	if (!r->a) {
		*err = xstrdup("cannot start libarchive");
		return -1;
	}
	if (r->d->kind == DIST_SDIST) {
		arc.read_support_filter_gzip(r->a);
		arc.read_support_format_tar(r->a);
	} else {
		/* The central directory, never the local headers alone. */
		arc.read_support_format_zip_seekable(r->a);
	}
	if (arc.read_open_filename(r->a, path, 65536) != ARCHIVE_OK) {
		*err = xasprintf("not a readable %s: %s",
				 r->d->kind == DIST_SDIST ? "gzip'd tar"
							  : "zip",
				 errstr(r->a));
		return -1;
	}
	return 0;
}

int dist_read(const char *path, enum dist_kind kind, bool list,
	      const struct dist_limits *lim, struct dist_file *d, char **err)
{
	struct reader r = { 0 };
	struct archive_entry *e;
	int rc = -1, st;

	memset(d, 0, sizeof(*d));
	d->kind = kind == DIST_UNKNOWN ? dist_kind_of(path) : kind;
	if (d->kind == DIST_UNKNOWN) {
		*err = xstrdup("neither an sdist (.tar.gz) nor a wheel (.whl)");
		return -1;
	}
	if (lim)
		r.lim = *lim;
	else
		dist_limits_default(&r.lim);
	r.d = d;
	r.list = list;
	buf_init(&r.meta);
	if (open_archive(&r, path, err) < 0)
		goto out;
	for (;;) {
		st = arc.read_next_header(r.a, &e);
		if (st == ARCHIVE_EOF)
			break;
		if (st < ARCHIVE_WARN) {
			*err = xasprintf("member %zu: %s", d->nmembers + 1,
					 arc.error_string(r.a)
					 ? arc.error_string(r.a)
					 : "unreadable");
			goto out;
		}
		if (d->kind == DIST_SDIST && d->nmembers == 0 &&
		    arc.filter_code(r.a, 0) != ARCHIVE_FILTER_GZIP) {
			*err = xstrdup("not gzip-compressed (an sdist is a "
				       ".tar.gz)");
			goto out;
		}
		if (++d->nmembers > r.lim.max_members) {
			*err = xasprintf("more than %zu members: refused",
					 r.lim.max_members);
			goto out;
		}
		if (one_member(&r, e, err) < 0)
			goto out;
	}
	if (d->nmembers == 0) {
		*err = xstrdup("an empty archive");
		goto out;
	}
	if (!r.meta_seen) {
		if (d->kind == DIST_SDIST) {
			char *top = shown(d->top ? d->top : "");
			*err = xasprintf("no %s/PKG-INFO", top);
			free(top);
		} else {
			*err = xstrdup("no *.dist-info/METADATA");
		}
		goto out;
	}
	{
		char *why = NULL;
		if (dist_parse_metadata(r.meta.data, r.meta.len, &d->meta,
					&why) < 0) {
			char *mp = shown(d->meta_path);
			*err = xasprintf("%s: %s", mp, why);
			free(mp);
			free(why);
			goto out;
		}
	}
	rc = 0;
out:
	if (r.a)
		arc.read_free(r.a);
	buf_free(&r.meta);
	return rc;
}

/* ---- names ---- */

char *dist_name_underscore(const char *name)
{
	return project_collapse_name(name, '_', true);
}

char *dist_sdist_name(const char *project, const char *version)
{
	char *v = version_normalise_pep440(version);
	char *n, *s;

	if (!v)
		return NULL;
	n = dist_name_underscore(project);
	s = xasprintf("%s-%s.tar.gz", n, v);
	free(n);
	free(v);
	return s;
}

static bool tag_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '.')
			return false;
	return true;
}

int dist_wheel_name_check(const char *filename, const char *project,
			  const char *version, char **why)
{
	const char *part[7];
	size_t len[7], np = 0;
	const char *p = filename, *end;
	char *name, *want, *have, *v, *rv, *vn;
	int rc = -1;

	if (!str_ends_with(filename, ".whl")) {
		*why = xstrdup("a wheel's name ends in .whl");
		return -1;
	}
	end = filename + strlen(filename) - 4;
	while (p <= end && np < 7) {
		const char *dash = memchr(p, '-', (size_t)(end - p));
		const char *e2 = dash ? dash : end;
		part[np] = p;
		len[np++] = (size_t)(e2 - p);
		if (!dash)
			break;
		p = dash + 1;
	}
	if (np != 5 && np != 6) {
		*why = xstrdup("not NAME-VERSION(-BUILD)?-PYTHON-ABI-PLATFORM"
			       ".whl");
		return -1;
	}
	for (size_t i = 0; i < np; i++) {
		if (!tag_ok(part[i], len[i])) {
			*why = xasprintf("part %zu of the name is empty or has "
					 "a character outside [A-Za-z0-9_.]",
					 i + 1);
			return -1;
		}
	}
	if (np == 6 && !isdigit((unsigned char)part[2][0])) {
		*why = xstrdup("the build tag must start with a digit");
		return -1;
	}
	name = xstrndup(part[0], len[0]);
	want = project_normalise(project);
	have = project_normalise(name);
	v = xstrndup(part[1], len[1]);
	rv = version_normalise_pep440(version);
	vn = version_normalise_pep440(v);
	if (strcmp(want, have) != 0) {
		*why = xasprintf("its name %s is not the project %s", name,
				 project);
	} else if (!rv) {
		*why = xasprintf("the release version %s is not a PEP 440 "
				 "version", version);
	} else if (!vn || !version_equal(vn, rv)) {
		*why = xasprintf("its version %s is not %s", v, rv);
	} else {
		rc = 0;
	}
	free(vn);
	free(name);
	free(want);
	free(have);
	free(v);
	free(rv);
	return rc;
}

bool dist_requires_python_equal(const char *a, const char *b)
{
	while (*a || *b) {
		while (isspace((unsigned char)*a))
			a++;
		while (isspace((unsigned char)*b))
			b++;
		if (*a != *b)
			return false;
		if (*a) {
			a++;
			b++;
		}
	}
	return true;
}

/* ---- comparing two listed archives ---- */

static int by_path(const void *x, const void *y)
{
	const struct dist_member *const *a = x, *const *b = y;
	return strcmp((*a)->path, (*b)->path);
}

static const struct dist_member **sorted(const struct dist_file *d)
{
	const struct dist_member **v = xcalloc(d->nm + 1, sizeof(*v));

	for (size_t i = 0; i < d->nm; i++)
		v[i] = &d->m[i];
	if (d->nm)
		qsort(v, d->nm, sizeof(*v), by_path);
	return v;
}

static void diff_line(struct buf *out, size_t *n, size_t cap,
		      const char *what, const char *path, const char *fmt,
		      ...) PRINTF_LIKE(6, 7);

static void diff_line(struct buf *out, size_t *n, size_t cap,
		      const char *what, const char *path, const char *fmt,
		      ...)
{
	va_list ap;
	char *s;

	if ((*n)++ >= cap)
		return;
	s = shown(path);
	buf_addf(out, "%s %s", what, s);
	free(s);
	va_start(ap, fmt);
	buf_vaddf(out, fmt, ap);
	va_end(ap);
	buf_addc(out, '\n');
}

size_t dist_diff(const struct dist_file *a, const struct dist_file *b,
		 size_t cap, struct buf *out)
{
	const struct dist_member **x = sorted(a), **y = sorted(b);
	size_t i = 0, j = 0, n = 0;

	while (i < a->nm || j < b->nm) {
		int c = i == a->nm ? 1 : j == b->nm ? -1
			: strcmp(x[i]->path, y[j]->path);
		if (c < 0) {
			diff_line(out, &n, cap, "missing", x[i]->path,
				  " (only in the first)");
			i++;
			continue;
		}
		if (c > 0) {
			diff_line(out, &n, cap, "added", y[j]->path,
				  " (only in the second)");
			j++;
			continue;
		}
		if (x[i]->type != y[j]->type)
			diff_line(out, &n, cap, "type", x[i]->path, ": %c, %c",
				  x[i]->type, y[j]->type);
		else if (strcmp(x[i]->sha256, y[j]->sha256) != 0)
			diff_line(out, &n, cap, "content", x[i]->path,
				  ": sha256 %.12s, %.12s", x[i]->sha256,
				  y[j]->sha256);
		if (x[i]->mode != y[j]->mode)
			diff_line(out, &n, cap, "mode", x[i]->path,
				  ": %04o, %04o", x[i]->mode, y[j]->mode);
		if (x[i]->mtime != y[j]->mtime)
			diff_line(out, &n, cap, "mtime", x[i]->path,
				  ": %lld, %lld", x[i]->mtime, y[j]->mtime);
		i++;
		j++;
	}
	if (n > cap)
		buf_addf(out, "... and %zu more\n", n - cap);
	free(x);
	free(y);
	return n;
}
