/* check-provenance.c: the index serves PEP 740 provenance for the
 * release's files, and it verifies offline against Sigstore's trusted
 * root, naming the publisher expected.
 *
 * For each file (the local files matching `files`, else every file the
 * index serves, and the result says no local file was compared; at most
 * PROV_MAX_FILES), reads the index's JSON API for the file's sha256, then
 * GET {index}/integrity/{project}/{version}/{file}/provenance and
 * verifies every attestation in it (provenance.h, attest.h): the
 * statement names the file with the local sha256 and the index's, and
 * the signature, certificate chain, transparency log entry and publisher
 * all verify.  A 404 is no provenance (waited for, with `wait`, as the
 * pypi check waits for the index's lag); a 403 says the index has
 * attestations disabled.  With `required` "no", a release none of whose
 * files has provenance passes, saying so; provenance that is there must
 * still verify.  Provenance found with an incomplete expectation of the
 * publisher (fulcio.h: trusted_publisher_incomplete) is an error: it
 * would let any signer pass.
 */
#include "config.h"

#include "check.h"
#include "check-pypi.h"
#include "hash.h"
#include "net.h"
#include "project.h"
#include "provenance.h"
#include "sanitize.h"

#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define INTEGRITY_ACCEPT "application/vnd.pypi.integrity.v1+json"
/* At most this many files are verified: with `files` unset the index
 * decides how many, and each costs a request and a verification. */
#define PROV_MAX_FILES 256

struct prov_run {
	const char *index;
	const char *norm;
	const char *version;
	const struct sigstore_root *root;
	const struct trusted_publisher *expected;
	const char *incomplete;	/* what expected lacks, or NULL */
	bool required;
};

/* Where the installed trusted root is: under $RELCHECK_DATADIR when
 * set (sigstore/, or data/sigstore/ in a source tree); else beside the
 * program when it runs from the build tree (as the shipped checklists
 * are found); else under PKGDATADIR. */
static char *default_root(void)
{
	const char *dir = getenv("RELCHECK_DATADIR");
	char exe[4096];
	ssize_t n;

	if (dir && *dir) {
		char *p = path_join(dir, "sigstore/trusted_root.json");
		char *src;

		if (path_is_file(p))
			return p;
		/* RELCHECK_DATADIR at a source tree (as the tests set it):
		 * the file is in data/. */
		src = path_join(dir, "data/sigstore/trusted_root.json");
		if (path_is_file(src)) {
			free(p);
			return src;
		}
		free(src);
		return p;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *d, *p;

		exe[n] = '\0';
		d = path_dirname(exe);
		p = path_join(d, "data/sigstore/trusted_root.json");
		free(d);
		if (path_is_file(p))
			return p;
		free(p);
	}
	return xstrdup(PKGDATADIR "/sigstore/trusted_root.json");
}

/* Whether path, or any folder on the way to it, resolves inside top
 * (its .git too): a file there, or a link there, is the repository's to
 * change, and the checklist's trust hash does not cover it. */
static bool under_top(const char *top, const char *path)
{
	char real_top[PATH_MAX], real[PATH_MAX], *prefix;
	size_t n, len = strlen(path);
	bool inside = false;

	if (!realpath(top, real_top))
		return true;	/* cannot tell: refuse */
	n = strlen(real_top);
	prefix = xstrdup(path);
	for (size_t i = 1; i <= len && !inside; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		prefix[i] = '\0';
		if (realpath(prefix, real) &&
		    strncmp(real, real_top, n) == 0 &&
		    (real[n] == '/' || real[n] == '\0' || n == 1))
			inside = true;
		prefix[i] = path[i];
	}
	free(prefix);
	return inside;
}

/* The trusted root the check names, or the one installed: 0, or -1 with
 * res set.  One the repository holds is refused: a commit could swap the
 * trust anchor unseen. */
static int load_root(struct check_job *job, struct sigstore_root *root,
		     struct check_result *res)
{
	const char *field = check_job_str(job, "trusted_root");
	char *path, *err = NULL;
	struct buf text;
	int rc = -1;

	buf_init(&text);
	if (field && *field) {
		path = check_path(job, field);
		if (under_top(job->root, path)) {
			check_result_set(res, CHECK_ERROR, "trusted_root %s is "
					 "inside the repository: a commit could "
					 "replace the trust anchor, and the "
					 "checklist's trust does not cover it; "
					 "name a file outside it, or leave "
					 "trusted_root empty for the installed "
					 "one", field);
			goto out;
		}
		if (check_read_file(job, path, field, SIGSTORE_ROOT_MAX + 1,
				    &text, res) < 0) {
			if (res->status == CHECK_FAIL)
				res->status = CHECK_ERROR;
			goto out;
		}
	} else {
		path = default_root();
		if (buf_read_file(&text, path) < 0) {
			check_result_set(res, CHECK_ERROR, "cannot read the "
					 "trusted root %s (installed? set "
					 "RELCHECK_DATADIR or trusted_root)",
					 path);
			goto out;
		}
	}
	check_result_evidence(res, "trusted root", "%s", path);
	if (sigstore_root_parse(text.data, text.len, root, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "trusted root %s: %s", path,
				 err);
		free(err);
		goto out;
	}
	rc = 0;
out:
	buf_free(&text);
	free(path);
	return rc;
}

enum fetched { GOT_PROVENANCE, GOT_NONE, GOT_DISABLED, GOT_ERROR };

/* GET the provenance of one file: its body in *body. */
static enum fetched fetch(struct check_job *job, const struct prov_run *p,
			  const char *filename, struct buf *body,
			  struct check_result *res)
{
	struct net_options o;
	struct net_response r;
	char *url, *err = NULL;
	enum fetched got = GOT_ERROR;

	pypi_net_options(job, &o);
	o.accept = INTEGRITY_ACCEPT;
	o.max_body = PROVENANCE_MAX_BYTES;
	url = xasprintf("%s/integrity/%s/%s/%s/provenance", p->index, p->norm,
			p->version, filename);
	if (net_get(url, &o, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
		free(url);
		return GOT_ERROR;
	}
	if (r.status == 200) {
		buf_add(body, r.body.data, r.body.len);
		got = GOT_PROVENANCE;
	} else if (r.status == 404) {
		got = GOT_NONE;
	} else if (r.status == 403) {
		got = GOT_DISABLED;
	} else {
		check_result_set(res, CHECK_ERROR, "%s answered HTTP %ld%s", url,
				 r.status, r.attempts > 1 ? " (retried)" : "");
	}
	net_response_free(&r);
	free(url);
	return got;
}

/* One file: 0 when its provenance verifies, 1 when it has none (*none
 * says why), -1 with res set. */
/* The publisher every attestation was found to name, in words
 * (trusted_publisher_describe, less the ref, which the reason says on
 * its own), sanitised as one line: the checklist's values, which the
 * certificate matched byte for byte but nobody vetted. */
static char *publisher_words(const struct trusted_publisher *t)
{
	struct trusted_publisher no_ref = *t;
	char *words, *line;

	no_ref.ref = NULL;
	words = trusted_publisher_describe(&no_ref);
	line = sanitize_line(words);
	free(words);
	return line;
}

static int one_file(struct check_job *job, const struct prov_run *p,
		    const struct pypi_file *served, const char *local_hex,
		    struct buf *detail, const char **none,
		    struct check_result *res)
{
	struct buf body;
	struct provenance prov;
	struct attest_expect x;
	char *err = NULL, *reason = NULL;
	int rc = -1, st;

	buf_init(&body);
	memset(&prov, 0, sizeof(prov));
	switch (fetch(job, p, served->filename, &body, res)) {
	case GOT_ERROR:
		goto out;
	case GOT_NONE:
		*none = "no provenance";
		rc = 1;
		goto out;
	case GOT_DISABLED:
		*none = "attestations disabled on the index (HTTP 403)";
		rc = 1;
		goto out;
	case GOT_PROVENANCE:
		break;
	}
	/* Without a complete expectation any signer would pass. */
	if (p->incomplete) {
		check_result_set(res, CHECK_ERROR, "%s: provenance found, but "
				 "the checklist does not say which publisher "
				 "to expect: %s", served->filename,
				 p->incomplete);
		goto out;
	}
	if (provenance_parse(body.data, body.len, &prov, &err) < 0) {
		check_result_set(res, CHECK_FAIL, "%s: provenance: %s",
				 served->filename, err);
		free(err);
		goto out;
	}
	memset(&x, 0, sizeof(x));
	x.name = served->filename;
	x.sha256_local = local_hex;
	x.sha256_index = served->sha256;
	x.expected = p->expected;
	x.root = p->root;
	x.now = (long long)time(NULL);
	buf_addf(detail, "%s:\n", served->filename);
	st = provenance_verify(&prov, &x, detail, &reason);
	if (st != ATTEST_OK) {
		check_result_set(res, st == ATTEST_ERROR ? CHECK_ERROR
				 : CHECK_FAIL, "%s: %s", served->filename,
				 reason);
		free(reason);
		goto out;
	}
	rc = 0;
out:
	provenance_free(&prov);
	buf_free(&body);
	return rc;
}

/* The files to verify: the local ones matching `files` (with their
 * sha256), or every file served. */
static enum outcome attempt(struct check_job *job, void *data,
			    struct check_result *res)
{
	const struct prov_run *p = data;
	const char *files = check_job_str(job, "files");
	struct pypi_release v = { 0 };
	struct buf detail;
	char *pattern = NULL;
	glob_t g;
	size_t n, verified = 0, missing = 0;
	const char *first_missing = NULL, *why = NULL;
	enum outcome out = OUT_DONE;

	memset(&g, 0, sizeof(g));
	buf_init(&detail);
	if (pypi_read_index(job, p->index, p->norm, p->version, false, &v,
			    res) < 0)
		goto done;
	if (!v.found) {
		check_result_set(res, CHECK_FAIL, "%s is not on the index",
				 p->version);
		out = OUT_NOT_YET;
		goto done;
	}
	if (files) {
		pattern = check_path(job, files);
		if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
			check_result_set(res, CHECK_FAIL, "no local file "
					 "matches %s", files);
			goto done;
		}
		n = g.gl_pathc;
	} else {
		n = v.nfiles;
		check_result_evidence(res, "local files", "none compared: "
				      "files is unset, so the files and their "
				      "sha256 are the index's");
		if (n == 0) {
			check_result_set(res, CHECK_FAIL, "the index serves no "
					 "file of %s", p->version);
			goto done;
		}
	}
	if (n > PROV_MAX_FILES) {
		check_result_set(res, CHECK_ERROR, "%zu files, more than %d: "
				 "name the release's files with files", n,
				 PROV_MAX_FILES);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const struct pypi_file *s;
		char hex[SHA256_HEX_LEN + 1];
		const char *local_hex = NULL, *none = NULL;
		int rc;

		if (files) {
			const char *local = g.gl_pathv[i];
			const char *base = strrchr(local, '/');

			base = base ? base + 1 : local;
			if (sha256_file(local, hex) < 0) {
				check_result_set(res, CHECK_ERROR, "cannot read "
						 "%s", local);
				goto done;
			}
			local_hex = hex;
			s = pypi_find_served(&v, local);
			if (!s) {
				check_result_set(res, CHECK_FAIL, "%s is not on "
						 "the index", base);
				out = OUT_NOT_YET;
				goto done;
			}
		} else {
			s = &v.files[i];
		}
		if (!s->sha256) {
			check_result_set(res, CHECK_FAIL, "the index gives no "
					 "sha256 for %s", s->filename);
			goto done;
		}
		rc = one_file(job, p, s, local_hex, &detail, &none, res);
		if (rc < 0)
			goto done;
		if (rc == 1) {
			buf_addf(&detail, "%s: %s\n", s->filename, none);
			if (!first_missing) {
				first_missing = s->filename;
				why = none;
			}
			missing++;
			continue;
		}
		verified++;
	}
	if (missing && (p->required || verified)) {
		check_result_set(res, CHECK_FAIL, "%s: %s%s", first_missing,
				 why, verified ? " (other files of the "
				 "release have provenance)" : "");
		/* A 404 may be the index's cache (minutes): worth waiting. */
		out = strcmp(why, "no provenance") == 0 ? OUT_NOT_YET
							: OUT_DONE;
	} else if (missing) {
		check_result_set(res, CHECK_PASS, "no file of %s has "
				 "provenance (%s; not required)", p->version,
				 why);
	} else {
		char *who = publisher_words(p->expected);

		check_result_set(res, CHECK_PASS, "the provenance of %zu "
				 "file%s verifies (Sigstore, offline), published "
				 "by %s%s%s%s", verified,
				 verified == 1 ? "" : "s", who,
				 files ? "" : " (the index's files: no local "
				 "file compared)",
				 p->expected->ref ? ", ref " : "; the ref was "
				 "not pinned (set ref)",
				 p->expected->ref ? p->expected->ref : "");
		free(who);
	}
done:
	if (detail.len)
		check_result_evidence(res, "provenance", "%s", detail.data);
	buf_free(&detail);
	globfree(&g);
	free(pattern);
	pypi_release_free(&v);
	return out;
}

/* The publisher's kind, after expansion: one PyPI knows, or unset. */
static bool publisher_kind_ok(const char *kind)
{
	static const char *const kinds[] = { "GitHub", "GitLab", "Google" };

	if (!kind || !*kind)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/* The checklist's expectation (after variable expansion; an empty
 * string is unset). */
static void expected_publisher(struct check_job *job,
			       struct trusted_publisher *e)
{
	const char *f[] = { "publisher", "repository", "workflow",
			    "environment", "email", "ref" };
	char **slot[] = { &e->kind, &e->repository, &e->workflow,
			  &e->environment, &e->email, &e->ref };

	memset(e, 0, sizeof(*e));
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		const char *v = check_job_str(job, f[i]);
		if (v && *v)
			*slot[i] = xstrdup(v);
	}
}

void check_provenance_run(struct check_job *job, struct check_result *res)
{
	const char *project = check_job_str(job, "project");
	const char *version = check_job_str(job, "version");
	const char *required = check_job_str(job, "required");
	struct sigstore_root root;
	struct trusted_publisher expected;
	struct prov_run p;
	char *incomplete = NULL;
	char *index = xstrdup(check_job_str(job, "index"));
	char *norm = project_normalise(project);

	memset(&root, 0, sizeof(root));
	memset(&p, 0, sizeof(p));
	memset(&expected, 0, sizeof(expected));
	while (str_ends_with(index, "/") && strlen(index) > 8)
		index[strlen(index) - 1] = '\0';
	if (!version)
		version = job->version;
	if (!version) {
		check_result_set(res, CHECK_ERROR, "the release version is "
				 "unknown: give --release");
		goto out;
	}
	if (required && strcmp(required, "yes") != 0 &&
	    strcmp(required, "no") != 0) {
		check_result_set(res, CHECK_ERROR, "required is \"%s\", not "
				 "yes or no", required);
		goto out;
	}
	if (!publisher_kind_ok(check_job_str(job, "publisher"))) {
		check_result_set(res, CHECK_ERROR, "publisher is \"%s\", not "
				 "GitHub, GitLab or Google",
				 check_job_str(job, "publisher"));
		goto out;
	}
	if (load_root(job, &root, res) < 0)
		goto out;
	check_result_evidence(res, "project", "%s", norm);
	check_result_evidence(res, "version", "%s", version);
	p.index = index;
	p.norm = norm;
	p.version = version;
	p.root = &root;
	expected_publisher(job, &expected);
	incomplete = trusted_publisher_incomplete(&expected);
	p.expected = &expected;
	p.incomplete = incomplete;
	check_result_evidence(res, "ref", "%s", expected.ref ? expected.ref
			      : "not pinned: any ref of the repository passes");
	p.required = !required || strcmp(required, "no") != 0;
	pypi_poll(job, check_job_int(job, "wait", 0), attempt, &p, res);
out:
	trusted_publisher_free(&expected);
	free(incomplete);
	sigstore_root_free(&root);
	free(norm);
	free(index);
}
