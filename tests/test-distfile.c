/* test-distfile.c: reading sdists and wheels (src/distfile.c) on
 * archives written here with libarchive's writer: good ones, and the
 * hostile ones (a bomb, a symbolic link named PKG-INFO, a path with
 * "..", 100k members, a truncated gzip, a zip with a broken central
 * directory); the metadata reader; the naming rules; the member diff.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>

#include "distfile.h"
#include "testutil.h"
#include "util.h"

struct member {
	const char *path;
	char type;		/* 'f', 'd', 'l' (symlink to text) */
	const char *text;	/* content, or the link's target */
	long long zeros;	/* or this many zero bytes */
	unsigned mode;
	long long mtime;
};

static const char pkginfo[] =
	"Metadata-Version: 2.1\n"
	"Name: Demo.Pkg\n"
	"Version: 1.0.0\n"
	"Summary: a demo\n"
	"  over two lines\n"
	"Requires-Python: >=3.8\n"
	"\n"
	"Name: not a header, the description\n";

static char *dir;

static int setup(void **state)
{
	(void)state;
	dir = tu_mkdtemp();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(dir);
	free(dir);
	return 0;
}

/* Writes an archive of n members at dir/name: a gzip'd ustar (sdist) or
 * a zip (wheel); returns the path (caller frees). */
static char *write_archive(const char *name, bool zip,
			   const struct member *m, size_t n)
{
	char *path = tu_path(dir, name);
	struct archive *a = archive_write_new();
	static char zeros[65536];

	assert_non_null(a);
	if (zip) {
		assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	} else {
		assert_int_equal(archive_write_set_format_pax_restricted(a),
				 ARCHIVE_OK);
		assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	}
	/* Large blocks: 100k members are written in a second. */
	archive_write_set_bytes_per_block(a, 1024 * 1024);
	archive_write_set_bytes_in_last_block(a, 1);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		long long size = m[i].text ? (long long)strlen(m[i].text)
					   : m[i].zeros;

		archive_entry_set_pathname(e, m[i].path);
		archive_entry_set_mtime(e, m[i].mtime ? m[i].mtime
					: 1700000000, 0);
		if (m[i].type == 'd') {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
		} else if (m[i].type == 'l') {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_perm(e, 0777);
			archive_entry_set_symlink(e, m[i].text);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, m[i].mode ? m[i].mode
					       : 0644);
			archive_entry_set_size(e, size);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (m[i].type == 'f' && m[i].text) {
			archive_write_data(a, m[i].text, strlen(m[i].text));
		} else if (m[i].type == 'f') {
			for (long long left = m[i].zeros; left > 0;) {
				size_t k = left > (long long)sizeof(zeros)
					   ? sizeof(zeros) : (size_t)left;
				archive_write_data(a, zeros, k);
				left -= (long long)k;
			}
		}
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return path;
}

/* Reads path; returns the error (caller frees) or NULL when it read. */
static char *read_err(const char *path, bool list,
		      const struct dist_limits *lim, struct dist_file *d)
{
	char *err = NULL;

	if (dist_read(path, DIST_UNKNOWN, list, lim, d, &err) == 0)
		return NULL;
	assert_non_null(err);
	return err;
}

static void expect_error(const char *path, const struct dist_limits *lim,
			 const char *want)
{
	struct dist_file d;
	char *err = read_err(path, false, lim, &d);

	if (!err || !strstr(err, want))
		fail_msg("%s: wanted an error with \"%s\", got \"%s\"", path,
			 want, err ? err : "(read)");
	free(err);
	dist_file_free(&d);
}

static const struct member good_sdist[] = {
	{ "demo_pkg-1.0.0", 'd', NULL, 0, 0, 0 },
	{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
	{ "demo_pkg-1.0.0/demo_pkg/__init__.py", 'f', "X = 1\n", 0, 0, 0 },
	{ "demo_pkg-1.0.0/demo_pkg.egg-info/PKG-INFO", 'f', "junk", 0, 0,
	  0 },
};

static void test_sdist_good(void **state)
{
	struct dist_file d;
	char *p = write_archive("demo_pkg-1.0.0.tar.gz", false, good_sdist, 4);
	char *err;

	(void)state;
	err = read_err(p, true, NULL, &d);
	assert_null(err);
	assert_int_equal(d.kind, DIST_SDIST);
	assert_string_equal(d.top, "demo_pkg-1.0.0");
	assert_string_equal(d.meta_path, "demo_pkg-1.0.0/PKG-INFO");
	assert_string_equal(d.meta.metadata_version, "2.1");
	assert_string_equal(d.meta.name, "Demo.Pkg");
	assert_string_equal(d.meta.version, "1.0.0");
	assert_string_equal(d.meta.requires_python, ">=3.8");
	assert_int_equal(d.nmembers, 4);
	assert_int_equal(d.nm, 4);
	assert_string_equal(d.m[2].path, "demo_pkg-1.0.0/demo_pkg/__init__.py");
	assert_int_equal(d.m[2].size, 6);
	assert_int_equal(d.m[2].mode, 0644);
	assert_int_equal(d.m[0].type, 'd');
	dist_file_free(&d);
	free(p);
}

static void test_wheel_good(void **state)
{
	static const struct member m[] = {
		{ "demo_pkg/__init__.py", 'f', "X = 1\n", 0, 0, 0 },
		{ "demo_pkg-1.0.0.dist-info/METADATA", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg-1.0.0.dist-info/RECORD", 'f', "", 0, 0, 0 },
	};
	struct dist_file d;
	char *p = write_archive("demo_pkg-1.0.0-py3-none-any.whl", true, m, 3);
	char *err;

	(void)state;
	err = read_err(p, false, NULL, &d);
	assert_null(err);
	assert_int_equal(d.kind, DIST_WHEEL);
	assert_null(d.top);
	assert_string_equal(d.meta_path, "demo_pkg-1.0.0.dist-info/METADATA");
	assert_string_equal(d.meta.name, "Demo.Pkg");
	assert_int_equal(d.nm, 0);	/* not listed */
	dist_file_free(&d);
	free(p);
}

static void test_bomb(void **state)
{
	static const struct member one[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg-1.0.0/big", 'f', NULL, 3 * 1024 * 1024, 0, 0 },
	};
	static const struct member many[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg-1.0.0/a", 'f', NULL, 700 * 1024, 0, 0 },
		{ "demo_pkg-1.0.0/b", 'f', NULL, 700 * 1024, 0, 0 },
	};
	struct dist_limits lim;
	char *p1 = write_archive("bomb1.tar.gz", false, one, 2);
	char *p2 = write_archive("bomb2.tar.gz", false, many, 3);
	struct stat st;

	(void)state;
	/* 3 MiB of zeros compress to a few KiB: a bomb in small. */
	assert_int_equal(stat(p1, &st), 0);
	assert_true(st.st_size < 64 * 1024);
	dist_limits_default(&lim);
	lim.max_member = 1024 * 1024;
	expect_error(p1, &lim, "demo_pkg-1.0.0/big: more than 1048576 bytes");
	dist_limits_default(&lim);
	lim.max_total = 1024 * 1024;
	expect_error(p2, &lim, "once decompressed: refused");
	/* Listed (hashed), the same caps hold. */
	{
		struct dist_file d;
		char *err = read_err(p2, true, &lim, &d);
		assert_non_null(err);
		assert_non_null(strstr(err, "once decompressed"));
		free(err);
		dist_file_free(&d);
	}
	free(p1);
	free(p2);
}

static void test_metadata_cap(void **state)
{
	static const struct member m[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', NULL, 4096, 0, 0 },
	};
	struct dist_limits lim;
	char *p = write_archive("bigmeta.tar.gz", false, m, 1);

	(void)state;
	dist_limits_default(&lim);
	lim.max_metadata = 1024;
	expect_error(p, &lim, "metadata of more than 1024 bytes");
	free(p);
}

static void test_symlink_pkginfo(void **state)
{
	static const struct member m[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'l', "/etc/passwd", 0, 0, 0 },
	};
	static const struct member w[] = {
		{ "demo_pkg-1.0.0.dist-info/METADATA", 'l', "../../x", 0, 0,
		  0 },
	};
	char *p = write_archive("link.tar.gz", false, m, 1);
	char *q = write_archive("link-1.0-py3-none-any.whl", true, w, 1);

	(void)state;
	expect_error(p, NULL, "PKG-INFO is not a regular file (a link)");
	expect_error(q, NULL, "METADATA is not a regular file (a link)");
	free(p);
	free(q);
}

static void test_dotdot(void **state)
{
	static const struct member m[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg-1.0.0/../../etc/x", 'f', "x", 0, 0, 0 },
	};
	static const struct member abs[] = {
		{ "/etc/x", 'f', "x", 0, 0, 0 },
	};
	static const struct member w[] = {
		{ "a.dist-info/METADATA", 'f', pkginfo, 0, 0, 0 },
		{ "..\\evil", 'f', "x", 0, 0, 0 },
	};
	char *p = write_archive("dotdot.tar.gz", false, m, 2);
	char *q = write_archive("abs.tar.gz", false, abs, 1);
	char *r = write_archive("dotdot-1.0-py3-none-any.whl", true, w, 2);

	(void)state;
	expect_error(p, NULL, "../../etc/x: an absolute path or a \"..\"");
	expect_error(q, NULL, "an absolute path or a \"..\"");
	expect_error(r, NULL, "an absolute path or a \"..\"");
	free(p);
	free(q);
	free(r);
}

static void test_many_members(void **state)
{
	/* Under valgrind, just over the cap (the same path, in a minute
	 * less; the time it takes is not measured there). */
	const bool vg = getenv("RELCHECK_VG_LOGS") != NULL;
	const size_t n = vg ? 20100 : 100000;
	struct member *m = xcalloc(n, sizeof(*m));
	char **names = xcalloc(n, sizeof(*names));
	char *p;
	long long t0 = now_ms();

	(void)state;
	m[0] = (struct member){ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0,
				0, 0 };
	for (size_t i = 1; i < n; i++) {
		names[i] = xasprintf("demo_pkg-1.0.0/f%zu", i);
		m[i] = (struct member){ names[i], 'f', "", 0, 0, 0 };
	}
	p = write_archive("many.tar.gz", false, m, n);
	t0 = now_ms();
	expect_error(p, NULL, "more than 20000 members: refused");
	/* Refused early: it does not read all 100k. */
	assert_true(vg || now_ms() - t0 < 10000);
	free(p);
	/* The same in a wheel, whose central directory lists all 100k. */
	m[0].path = "demo_pkg-1.0.0.dist-info/METADATA";
	p = write_archive("many-1.0-py3-none-any.whl", true, m, n);
	t0 = now_ms();
	expect_error(p, NULL, "more than 20000 members: refused");
	assert_true(vg || now_ms() - t0 < 10000);
	for (size_t i = 1; i < n; i++)
		free(names[i]);
	free(names);
	free(m);
	free(p);
}

static void test_truncated_gzip(void **state)
{
	char *p = write_archive("trunc.tar.gz", false, good_sdist, 4);
	struct stat st;

	(void)state;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(truncate(p, st.st_size / 2), 0);
	expect_error(p, NULL, "");
	assert_int_equal(truncate(p, 0), 0);
	expect_error(p, NULL, "");
	free(p);
}

/* Overwrites the central directory's signatures: the zip cannot be read
 * from its directory. */
static void test_bad_central_directory(void **state)
{
	static const struct member w[] = {
		{ "demo_pkg-1.0.0.dist-info/METADATA", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg/__init__.py", 'f', "X = 1\n", 0, 0, 0 },
	};
	char *p = write_archive("bad-1.0-py3-none-any.whl", true, w, 2);
	struct buf b = BUF_INIT;
	size_t hits = 0;
	FILE *f;

	(void)state;
	assert_int_equal(buf_read_file(&b, p), 0);
	for (size_t i = 0; i + 4 <= b.len; i++) {
		if (memcmp(b.data + i, "PK\001\002", 4) == 0) {
			memcpy(b.data + i, "XXXX", 4);
			hits++;
		}
	}
	assert_int_equal(hits, 2);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b.data, 1, b.len, f), b.len);
	fclose(f);
	expect_error(p, NULL, "");
	/* And one whose directory points past the end. */
	{
		char *q = write_archive("bad2-1.0-py3-none-any.whl", true, w, 2);
		struct buf c = BUF_INIT;
		assert_int_equal(buf_read_file(&c, q), 0);
		/* The end record's offset of the directory: its last 6..2
		 * bytes before the comment length. */
		assert_true(c.len > 22);
		memset(c.data + c.len - 6, 0x7f, 4);
		f = fopen(q, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(c.data, 1, c.len, f), c.len);
		fclose(f);
		expect_error(q, NULL, "");
		buf_free(&c);
		free(q);
	}
	buf_free(&b);
	free(p);
}

static void test_structure(void **state)
{
	static const struct member nometa[] = {
		{ "demo_pkg-1.0.0/setup.py", 'f', "x", 0, 0, 0 },
	};
	static const struct member twice[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
	};
	static const struct member two_tops[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "demo_pkg-9.9.9/x", 'f', "x", 0, 0, 0 },
	};
	static const struct member loose[] = {
		{ "PKG-INFO", 'f', pkginfo, 0, 0, 0 },
	};
	static const struct member deep[] = {
		{ "demo_pkg-1.0.0/sub/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
	};
	static const struct member wnometa[] = {
		{ "demo_pkg/__init__.py", 'f', "x", 0, 0, 0 },
	};
	static const struct member badmeta[] = {
		{ "demo_pkg-1.0.0/PKG-INFO", 'f', "Name Demo\n", 0, 0, 0 },
	};
	char *p;

	(void)state;
	p = write_archive("a.tar.gz", false, nometa, 1);
	expect_error(p, NULL, "no demo_pkg-1.0.0/PKG-INFO");
	free(p);
	p = write_archive("b.tar.gz", false, twice, 2);
	expect_error(p, NULL, "PKG-INFO appears twice");
	free(p);
	p = write_archive("c.tar.gz", false, two_tops, 2);
	expect_error(p, NULL, "demo_pkg-9.9.9/x is outside the top folder "
		     "demo_pkg-1.0.0");
	free(p);
	p = write_archive("d.tar.gz", false, loose, 1);
	expect_error(p, NULL, "PKG-INFO is outside the top folder");
	free(p);
	p = write_archive("e.tar.gz", false, deep, 1);
	expect_error(p, NULL, "no demo_pkg-1.0.0/PKG-INFO");
	free(p);
	p = write_archive("f-1.0-py3-none-any.whl", true, wnometa, 1);
	expect_error(p, NULL, "no *.dist-info/METADATA");
	free(p);
	p = write_archive("g.tar.gz", false, badmeta, 1);
	expect_error(p, NULL, "demo_pkg-1.0.0/PKG-INFO: line 1: not a header");
	free(p);
	/* Not an archive at all, an uncompressed tar, another name. */
	/* A path longer than the cap. */
	{
		char *longp = xcalloc(1, DIST_MAX_PATH + 40);
		struct member lm[2] = {
			{ "demo_pkg-1.0.0/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
			{ longp, 'f', "x", 0, 0, 0 },
		};
		memcpy(longp, "demo_pkg-1.0.0/", 15);
		memset(longp + 15, 'a', DIST_MAX_PATH + 10);
		p = write_archive("long.tar.gz", false, lm, 2);
		expect_error(p, NULL, "...: a path longer than the cap");
		free(p);
		free(longp);
	}
	p = tu_write(dir, "h.tar.gz", "not gzip at all\n");
	expect_error(p, NULL, "");
	free(p);
	p = tu_write(dir, "i.whl", "");
	expect_error(p, NULL, "");
	free(p);
	p = tu_write(dir, "j.zip", "x");
	expect_error(p, NULL, "neither an sdist (.tar.gz) nor a wheel");
	free(p);
	{
		char *q = tu_path(dir, "plain.tar.gz");
		struct archive *a = archive_write_new();
		struct archive_entry *e = archive_entry_new();
		archive_write_set_format_ustar(a);
		archive_write_open_filename(a, q);
		archive_entry_set_pathname(e, "demo_pkg-1.0.0/PKG-INFO");
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, 0);
		archive_write_header(a, e);
		archive_write_close(a);
		archive_write_free(a);
		archive_entry_free(e);
		expect_error(q, NULL, "not gzip-compressed");
		free(q);
	}
}

/* ---- the metadata reader ---- */

static void test_metadata(void **state)
{
	struct dist_meta m = { 0 };
	char *err = NULL;
	static const char crlf[] = "Metadata-Version: 2.4\r\nname:  x \r\n"
				   "VERSION: 2.0\r\nRequires-Python: >=3.9,\r\n"
				   "\t<4\r\n";

	(void)state;
	assert_int_equal(dist_parse_metadata(pkginfo, strlen(pkginfo), &m,
					     &err), 0);
	assert_string_equal(m.name, "Demo.Pkg");
	dist_meta_free(&m);
	/* Names of fields in any case, CRLF, continuation joined. */
	assert_int_equal(dist_parse_metadata(crlf, strlen(crlf), &m, &err),
			 0);
	assert_string_equal(m.metadata_version, "2.4");
	assert_string_equal(m.name, "x");
	assert_string_equal(m.version, "2.0");
	assert_string_equal(m.requires_python, ">=3.9, <4");
	dist_meta_free(&m);
	/* Empty: parsed, nothing there. */
	assert_int_equal(dist_parse_metadata("", 0, &m, &err), 0);
	assert_null(m.name);
	dist_meta_free(&m);
}

static void test_metadata_bad(void **state)
{
	static const struct {
		const char *text;
		size_t len;
		const char *want;
	} rows[] = {
		{ "Name: a\nName: b\n", 0, "line 2: Name appears twice" },
		{ "version: 1\nVersion: 2\n", 0, "Version appears twice" },
		{ " continued\n", 0, "line 1: a continuation line" },
		{ "Name a\n", 0, "line 1: not a header" },
		{ ": x\n", 0, "not a header" },
		{ "Na me: x\n", 0, "not a header" },
		{ "Name: a\0b\n", 10, "a NUL byte" },
	};
	struct dist_meta m = { 0 };
	struct buf many = BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *err = NULL;
		size_t len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		assert_int_equal(dist_parse_metadata(rows[i].text, len, &m,
						     &err), -1);
		assert_non_null(err);
		if (!strstr(err, rows[i].want))
			fail_msg("row %zu: \"%s\" has no \"%s\"", i, err,
				 rows[i].want);
		assert_null(m.name);	/* nothing kept after an error */
		free(err);
	}
	/* The cap on header lines. */
	buf_init(&many);
	for (int i = 0; i < DIST_MAX_HEADER_LINES + 1; i++)
		buf_adds(&many, "X: y\n");
	{
		char *err = NULL;
		assert_int_equal(dist_parse_metadata(many.data, many.len, &m,
						     &err), -1);
		assert_non_null(strstr(err, "header lines"));
		free(err);
	}
	buf_free(&many);
}

/* ---- names ---- */

static void test_names(void **state)
{
	static const struct {
		const char *project, *version, *want;
	} sd[] = {
		{ "Foo.Bar-baz", "1.0", "foo_bar_baz-1.0.tar.gz" },
		{ "foo__bar", "1.0.0", "foo_bar-1.0.0.tar.gz" },
		{ "octavia-loxilb-driver", "V1.0-RC.1",
		  "octavia_loxilb_driver-1.0rc1.tar.gz" },
		{ "x", "not a version", NULL },
	};
	static const struct {
		const char *file, *project, *version;
		const char *why;	/* NULL: good */
	} wh[] = {
		{ "demo_pkg-1.0.0-py3-none-any.whl", "Demo.Pkg", "1.0.0", NULL },
		{ "demo_pkg-1.0-py3-none-any.whl", "demo-pkg", "1.0.0", NULL },
		{ "Demo_Pkg-1.0.0-1-cp311-cp311-manylinux_2_17_x86_64.whl",
		  "demo-pkg", "1.0.0", NULL },
		{ "demo_pkg-1.0.0-py3-none-any.tar.gz", "demo-pkg", "1.0.0",
		  "ends in .whl" },
		{ "demo-pkg-1.0.0-py3-none-any.whl", "demo-pkg", "1.0.0",
		  "its name demo is not the project" },
		{ "demo+pkg-1.0.0-py3-none-any.whl", "demo-pkg", "1.0.0",
		  "character outside" },
		{ "demo_pkg-1.0.0-none-any.whl", "demo-pkg", "1.0.0",
		  "not NAME-VERSION" },
		{ "demo_pkg-1.0.0-x-py3-none-any.whl", "demo-pkg", "1.0.0",
		  "build tag must start with a digit" },
		{ "other-1.0.0-py3-none-any.whl", "demo-pkg", "1.0.0",
		  "its name other is not the project demo-pkg" },
		{ "demo_pkg-1.0.1-py3-none-any.whl", "demo-pkg", "1.0.0",
		  "its version 1.0.1 is not 1.0.0" },
		{ "demo_pkg-1.0.0--none-any.whl", "demo-pkg", "1.0.0",
		  "empty" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(sd) / sizeof(sd[0]); i++) {
		char *s = dist_sdist_name(sd[i].project, sd[i].version);
		if (!sd[i].want) {
			assert_null(s);
			continue;
		}
		assert_non_null(s);
		assert_string_equal(s, sd[i].want);
		free(s);
	}
	for (size_t i = 0; i < sizeof(wh) / sizeof(wh[0]); i++) {
		char *why = NULL;
		int rc = dist_wheel_name_check(wh[i].file, wh[i].project,
					       wh[i].version, &why);
		if (!wh[i].why) {
			if (rc != 0)
				fail_msg("%s: %s", wh[i].file, why);
			continue;
		}
		if (rc == 0 || !strstr(why, wh[i].why))
			fail_msg("%s: wanted \"%s\", got \"%s\"", wh[i].file,
				 wh[i].why, why ? why : "(good)");
		free(why);
	}
	assert_true(dist_requires_python_equal(">=3.8, <4", ">=3.8,<4"));
	assert_false(dist_requires_python_equal(">=3.8", ">=3.9"));
	assert_false(dist_requires_python_equal(">=3.8", ">=3.8,<4"));
	assert_int_equal(dist_kind_of("x-1.0.tar.gz"), DIST_SDIST);
	assert_int_equal(dist_kind_of("x-1.0.zip"), DIST_UNKNOWN);
}

/* ---- the diff ---- */

static void test_diff(void **state)
{
	static const struct member a[] = {
		{ "p-1/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "p-1/same", 'f', "same", 0, 0, 0 },
		{ "p-1/content", 'f', "one", 0, 0, 0 },
		{ "p-1/mode", 'f', "m", 0, 0644, 0 },
		{ "p-1/mtime", 'f', "t", 0, 0, 1700000000 },
		{ "p-1/gone", 'f', "g", 0, 0, 0 },
	};
	static const struct member b[] = {
		{ "p-1/PKG-INFO", 'f', pkginfo, 0, 0, 0 },
		{ "p-1/same", 'f', "same", 0, 0, 0 },
		{ "p-1/content", 'f', "two", 0, 0, 0 },
		{ "p-1/mode", 'f', "m", 0, 0755, 0 },
		{ "p-1/mtime", 'f', "t", 0, 0, 1700000001 },
		{ "p-1/new", 'f', "n", 0, 0, 0 },
	};
	char *pa = write_archive("p-1.tar.gz", false, a, 6);
	char *pb = write_archive("p-1b.tar.gz", false, b, 6);
	struct dist_file da, db;
	struct buf out = BUF_INIT;
	char *err;

	(void)state;
	err = read_err(pa, true, NULL, &da);
	assert_null(err);
	err = read_err(pb, true, NULL, &db);
	assert_null(err);
	buf_init(&out);
	assert_int_equal(dist_diff(&da, &da, 20, &out), 0);
	assert_string_equal(out.data, "");
	assert_int_equal(dist_diff(&da, &db, 20, &out), 5);
	assert_non_null(strstr(out.data, "content p-1/content: sha256 "));
	assert_non_null(strstr(out.data, "mode p-1/mode: 0644, 0755\n"));
	assert_non_null(strstr(out.data, "mtime p-1/mtime: 1700000000, "
			       "1700000001\n"));
	assert_non_null(strstr(out.data, "missing p-1/gone"));
	assert_non_null(strstr(out.data, "added p-1/new"));
	assert_null(strstr(out.data, "p-1/same"));
	/* Capped: two lines, then the count of the rest. */
	buf_reset(&out);
	assert_int_equal(dist_diff(&da, &db, 2, &out), 5);
	assert_non_null(strstr(out.data, "... and 3 more\n"));
	{
		size_t lines = 0;
		for (const char *p = out.data; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, 3);
	}
	buf_free(&out);
	dist_file_free(&da);
	dist_file_free(&db);
	free(pa);
	free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sdist_good, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wheel_good, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_metadata_cap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_symlink_pkginfo, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dotdot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_members, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_truncated_gzip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_central_directory,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_structure, setup,
						teardown),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_metadata_bad),
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_diff, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
