/* distfile.h: reading a Python distribution file (an sdist .tar.gz or a
 * wheel .zip) with libarchive, and the naming rules they follow.
 *
 * A distribution file is hostile input: it is read, never extracted,
 * member by member under caps (members, bytes of one member, bytes read
 * in all, path length), so a bomb, 100k members, a truncated gzip or a
 * zip with a broken central directory is an error with a reason, never a
 * crash, a hang or a file written.  Members with an absolute path or a
 * ".." component are refused.  The metadata (PKG-INFO at {top}/PKG-INFO
 * in an sdist, {name}.dist-info/METADATA in a wheel) must be one regular
 * file; its RFC 822 headers are parsed under a cap.
 *
 * Ownership: every char * returned and every *err set belongs to the
 * caller.  A struct filled by dist_read or dist_parse_metadata owns its
 * strings; dist_file_free and dist_meta_free release them (also after a
 * failed call, which leaves them freeable).
 */
#ifndef RELCHECK_DISTFILE_H
#define RELCHECK_DISTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "hash.h"
#include "util.h"

enum dist_kind {
	DIST_UNKNOWN,
	DIST_SDIST,	/* NAME-VERSION.tar.gz */
	DIST_WHEEL,	/* NAME-VERSION(-BUILD)?-PY-ABI-PLATFORM.whl */
};

/* The caps a read stays under; dist_limits_default gives relcheck's. */
struct dist_limits {
	size_t max_members;
	long long max_member;	/* bytes of one member */
	long long max_total;	/* bytes read in all, decompressed */
	size_t max_path;	/* bytes of a member's path */
	size_t max_metadata;	/* bytes of PKG-INFO or METADATA */
};

#define DIST_MAX_MEMBERS 20000
#define DIST_MAX_MEMBER (256LL * 1024 * 1024)
#define DIST_MAX_TOTAL (1024LL * 1024 * 1024)
#define DIST_MAX_PATH 1024
#define DIST_MAX_METADATA (1024 * 1024)
/* Header lines of one metadata file, continuation lines included. */
#define DIST_MAX_HEADER_LINES 10000

void dist_limits_default(struct dist_limits *lim);

/* What the metadata says: the headers relcheck checks, each NULL when
 * absent.  Continuation lines are joined with one space. */
struct dist_meta {
	char *metadata_version;
	char *name;
	char *version;
	char *requires_python;
};

/* One member of the archive (filled when dist_read is asked to list). */
struct dist_member {
	char *path;
	char type;		/* 'f' file, 'd' folder, 'l' link, '?' other */
	unsigned mode;		/* permission bits */
	long long mtime;
	long long size;
	char sha256[SHA256_HEX_LEN + 1];	/* files; "" for others */
	char *link;		/* a link's target, or NULL */
};

struct dist_file {
	enum dist_kind kind;
	char *top;		/* an sdist's one top folder, or NULL */
	char *meta_path;	/* the member the metadata was read from */
	struct dist_meta meta;
	size_t nmembers;	/* members seen */
	long long total;	/* bytes of members' content */
	struct dist_member *m;	/* when listed */
	size_t nm;
};

/* The kind of a distribution file by its name's ending. */
enum dist_kind dist_kind_of(const char *filename);
const char *dist_kind_name(enum dist_kind kind);

/* Reads the file at path as kind (DIST_UNKNOWN: by its name).  With
 * list, every member is hashed and kept in d->m; without, only the
 * metadata is read (the rest is skipped, still under the caps).  lim NULL
 * takes the defaults.  0, or -1 with *err (a one-line reason naming the
 * member when there is one). */
int dist_read(const char *path, enum dist_kind kind, bool list,
	      const struct dist_limits *lim, struct dist_file *d, char **err);
void dist_file_free(struct dist_file *d);

/* Parses the RFC 822 headers of a metadata file (text of len bytes, any
 * bytes) up to its first empty line, under DIST_MAX_HEADER_LINES.  The
 * known single-valued headers must appear at most once.  0, or -1 with
 * *err. */
int dist_parse_metadata(const char *text, size_t len, struct dist_meta *m,
			char **err);
void dist_meta_free(struct dist_meta *m);

/* A name normalised as the wheel and PEP 625 sdist file names write it:
 * lower case, each run of '-', '_' and '.' one '_' ("Foo.Bar-baz" gives
 * "foo_bar_baz"). */
char *dist_name_underscore(const char *name);

/* The PEP 625 file name of the sdist of project at version ("foo_bar-
 * 1.0.tar.gz"; the version PEP 440 normalised), or NULL when version is
 * not a PEP 440 version. */
char *dist_sdist_name(const char *project, const char *version);

/* Whether filename is a wheel file name of project at version, as the
 * binary distribution format says: 0, or -1 with *why (caller frees). */
int dist_wheel_name_check(const char *filename, const char *project,
			  const char *version, char **why);

/* Whether two Requires-Python values say the same (white space aside). */
bool dist_requires_python_equal(const char *a, const char *b);

/* Appends to out, one per line, how the members of a and b (both listed)
 * differ: "added", "missing", "content", "mode", "mtime", "type"; at
 * most cap lines, then "... and N more".  Returns the number of
 * differences. */
size_t dist_diff(const struct dist_file *a, const struct dist_file *b,
		 size_t cap, struct buf *out);

#endif
