/* fulcio.c: the signer's identity in a Fulcio certificate (see
 * fulcio.h). */
#include "config.h"

#include "fulcio.h"
#include "util.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OID_PREFIX "1.3.6.1.4.1.57264.1."
#define MAX_VALUE 4096

/* The bytes of s as a C string, or NULL when it holds a NUL or is too
 * long. */
static char *asn1_text(const unsigned char *s, int len)
{
	if (len < 0 || len > MAX_VALUE || memchr(s, 0, (size_t)len))
		return NULL;
	return xstrndup((const char *)s, (size_t)len);
}

/* Extension OID_PREFIX arc: 0 with *out (NULL when absent), -1 when
 * malformed.  raw: the value is the bytes themselves (.1.1 to .1.6);
 * else a DER UTF8String. */
static int ext_value(X509 *cert, int arc, bool raw, char **out)
{
	char oid[64];
	ASN1_OBJECT *obj;
	int pos;
	X509_EXTENSION *ext;
	const ASN1_OCTET_STRING *os;
	const unsigned char *p;
	ASN1_UTF8STRING *u;

	*out = NULL;
	snprintf(oid, sizeof(oid), OID_PREFIX "%d", arc);
	obj = OBJ_txt2obj(oid, 1);
	if (!obj)
		return -1;
	pos = X509_get_ext_by_OBJ(cert, obj, -1);
	if (pos >= 0 && X509_get_ext_by_OBJ(cert, obj, pos) >= 0) {
		ASN1_OBJECT_free(obj);
		return -1;	/* twice: ambiguous */
	}
	ASN1_OBJECT_free(obj);
	if (pos < 0)
		return 0;
	ext = X509_get_ext(cert, pos);
	os = X509_EXTENSION_get_data(ext);
	if (raw) {
		*out = asn1_text(ASN1_STRING_get0_data(os),
				 ASN1_STRING_length(os));
		return *out ? 0 : -1;
	}
	p = ASN1_STRING_get0_data(os);
	u = d2i_ASN1_UTF8STRING(NULL, &p, ASN1_STRING_length(os));
	if (!u || p != ASN1_STRING_get0_data(os) + ASN1_STRING_length(os)) {
		ASN1_UTF8STRING_free(u);
		return -1;
	}
	*out = asn1_text(ASN1_STRING_get0_data(u), ASN1_STRING_length(u));
	ASN1_UTF8STRING_free(u);
	return *out ? 0 : -1;
}

static int read_san(X509 *cert, struct fulcio_identity *id)
{
	GENERAL_NAMES *names;
	int crit = 0;

	names = X509_get_ext_d2i(cert, NID_subject_alt_name, &crit, NULL);
	if (!names)
		return crit == -1 ? 0 : -1;	/* -1: absent */
	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		char **slot = NULL;

		if (g->type == GEN_URI)
			slot = &id->san_uri;
		else if (g->type == GEN_EMAIL)
			slot = &id->san_email;
		if (slot && !*slot) {
			const ASN1_IA5STRING *s = g->d.ia5;
			*slot = asn1_text(ASN1_STRING_get0_data(s),
					  ASN1_STRING_length(s));
			if (!*slot) {
				GENERAL_NAMES_free(names);
				return -1;
			}
		}
	}
	GENERAL_NAMES_free(names);
	return 0;
}

int fulcio_identity_read(X509 *cert, struct fulcio_identity *id, char **err)
{
	char *old = NULL;

	memset(id, 0, sizeof(*id));
	if (ext_value(cert, 8, false, &id->issuer) < 0 ||
	    ext_value(cert, 1, true, &old) < 0) {
		free(old);
		*err = xstrdup("the certificate's OIDC issuer extension "
			       "(1.3.6.1.4.1.57264.1.8 or .1.1) is malformed");
		return -1;
	}
	if (!id->issuer) {
		id->issuer = old;
	} else if (old && strcmp(old, id->issuer) != 0) {
		free(old);
		*err = xstrdup("the certificate names two OIDC issuers "
			       "(1.3.6.1.4.1.57264.1.1 and .1.8 differ)");
		return -1;
	} else {
		free(old);
	}
	if (ext_value(cert, 9, false, &id->build_signer_uri) < 0 ||
	    ext_value(cert, 12, false, &id->source_repo_uri) < 0 ||
	    ext_value(cert, 14, false, &id->source_repo_ref) < 0 ||
	    ext_value(cert, 18, false, &id->build_config_uri) < 0) {
		*err = xstrdup("a Fulcio extension of the certificate "
			       "(1.3.6.1.4.1.57264.1.9, .12, .14 or .18) is "
			       "malformed");
		return -1;
	}
	if (read_san(cert, id) < 0) {
		*err = xstrdup("the certificate's subject alternative name is "
			       "malformed");
		return -1;
	}
	return 0;
}

void fulcio_identity_free(struct fulcio_identity *id)
{
	free(id->issuer);
	free(id->san_uri);
	free(id->san_email);
	free(id->build_signer_uri);
	free(id->source_repo_uri);
	free(id->source_repo_ref);
	free(id->build_config_uri);
	memset(id, 0, sizeof(*id));
}

void trusted_publisher_free(struct trusted_publisher *p)
{
	free(p->kind);
	free(p->repository);
	free(p->workflow);
	free(p->environment);
	free(p->email);
	free(p->ref);
	free(p->config_ref);
	memset(p, 0, sizeof(*p));
}

/* The repository of a source repository URI on host (host/owner/repo):
 * the path after host, or NULL. */
static char *repo_of(const char *uri, const char *host)
{
	const char *r;

	if (!uri || !str_starts_with(uri, host))
		return NULL;
	r = uri + strlen(host);
	if (!*r || !strchr(r, '/') || r[0] == '/' || str_ends_with(r, "/") ||
	    strstr(r, "//") || strchr(r, '@'))
		return NULL;
	return xstrdup(r);
}

/* The ref after the '@' of a build config URI, or NULL. */
static char *ref_of(const char *uri)
{
	const char *at = uri ? strchr(uri, '@') : NULL;

	return at && at[1] ? xstrdup(at + 1) : NULL;
}

/* What follows prefix in uri, up to '@' (or the end). */
static char *path_after(const char *uri, const char *prefix)
{
	const char *p, *at;

	if (!uri || !str_starts_with(uri, prefix))
		return NULL;
	p = uri + strlen(prefix);
	at = strchr(p, '@');
	if (at == p || !*p)
		return NULL;
	return at ? xstrndup(p, (size_t)(at - p)) : xstrdup(p);
}

int fulcio_publisher(const struct fulcio_identity *id,
		     struct trusted_publisher *p, char **err)
{
	const char *config;
	char *prefix;

	memset(p, 0, sizeof(*p));
	if (!id->issuer) {
		*err = xstrdup("the certificate names no OIDC issuer");
		return -1;
	}
	config = id->build_config_uri ? id->build_config_uri : id->san_uri;
	if (id->source_repo_ref)
		p->ref = xstrdup(id->source_repo_ref);
	p->config_ref = ref_of(config);
	if (strcmp(id->issuer, FULCIO_ISSUER_GITHUB) == 0) {
		p->kind = xstrdup("GitHub");
		p->repository = repo_of(id->source_repo_uri,
					"https://github.com/");
		if (!p->repository || strchr(strchr(p->repository, '/') + 1,
					     '/')) {
			*err = xstrdup("the certificate's source repository "
				       "URI is not https://github.com/OWNER/"
				       "REPO");
			return -1;
		}
		prefix = xasprintf("https://github.com/%s/.github/workflows/",
				   p->repository);
		p->workflow = path_after(config, prefix);
		free(prefix);
		if (!p->workflow || strchr(p->workflow, '/')) {
			free(p->workflow);
			p->workflow = NULL;
			*err = xstrdup("the certificate's build config URI is "
				       "not a workflow of its repository");
			return -1;
		}
		return 0;
	}
	if (strcmp(id->issuer, FULCIO_ISSUER_GITLAB) == 0) {
		p->kind = xstrdup("GitLab");
		p->repository = repo_of(id->source_repo_uri,
					"https://gitlab.com/");
		if (!p->repository) {
			*err = xstrdup("the certificate's source repository "
				       "URI is not https://gitlab.com/GROUP/"
				       "PROJECT");
			return -1;
		}
		prefix = xasprintf("https://gitlab.com/%s//", p->repository);
		p->workflow = path_after(config, prefix);
		free(prefix);
		if (!p->workflow) {
			*err = xstrdup("the certificate's build config URI is "
				       "not a CI file of its project");
			return -1;
		}
		return 0;
	}
	if (strcmp(id->issuer, FULCIO_ISSUER_GOOGLE) == 0) {
		p->kind = xstrdup("Google");
		if (!id->san_email) {
			*err = xstrdup("the certificate names no email");
			return -1;
		}
		p->email = xstrdup(id->san_email);
		return 0;
	}
	*err = xasprintf("the certificate's OIDC issuer %s is not a Trusted "
			 "Publisher's (GitHub, GitLab, Google)", id->issuer);
	return -1;
}

static bool set(const char *s)
{
	return s && *s;
}

char *trusted_publisher_incomplete(const struct trusted_publisher *e)
{
	if (!e || !set(e->kind))
		return xstrdup("set publisher, repository and workflow "
			       "(GitHub, GitLab) or publisher and email "
			       "(Google)");
	if (strcasecmp(e->kind, "Google") == 0)
		return set(e->email) ? NULL : xstrdup("set email");
	if (strcasecmp(e->kind, "GitHub") != 0 &&
	    strcasecmp(e->kind, "GitLab") != 0)
		return xasprintf("publisher is \"%s\", not GitHub, GitLab or "
				 "Google", e->kind);
	if (!set(e->repository) && !set(e->workflow))
		return xstrdup("set repository and workflow");
	if (!set(e->repository))
		return xstrdup("set repository");
	if (!set(e->workflow))
		return xstrdup("set workflow");
	return NULL;
}

/* One field: 0 when want is NULL or equal to have. */
static int same(const char *field, const char *who, const char *want,
		const char *whom, const char *have, bool nocase, char **err)
{
	if (!want)
		return 0;
	if (have && (nocase ? strcasecmp(want, have)
			    : strcmp(want, have)) == 0)
		return 0;
	*err = xasprintf("%s says %s %s, %s says %s", who, field, want, whom,
			 have ? have : "none");
	return -1;
}

int trusted_publisher_check(const struct trusted_publisher *cert,
			    const struct trusted_publisher *served,
			    const struct trusted_publisher *expected,
			    char **err)
{
	char *why;

	/* GitHub's and GitLab's names and emails are not case-sensitive. */
	if (served &&
	    (same("kind", "the index's publisher", served->kind,
		  "the certificate", cert->kind, true, err) < 0 ||
	     same("repository", "the index's publisher", served->repository,
		  "the certificate", cert->repository, true, err) < 0 ||
	     same("workflow", "the index's publisher", served->workflow,
		  "the certificate", cert->workflow, false, err) < 0 ||
	     same("email", "the index's publisher", served->email,
		  "the certificate", cert->email, true, err) < 0))
		return -1;
	if (!expected)
		return 0;
	/* An incomplete expectation would let another signer pass (a
	 * GitLab project of the same name, any workflow). */
	why = trusted_publisher_incomplete(expected);
	if (why) {
		*err = xasprintf("the checklist's publisher expectation is "
				 "incomplete: %s", why);
		free(why);
		return -1;
	}
	if (same("kind", "the checklist", expected->kind, "the certificate",
		 cert->kind, true, err) < 0 ||
	    same("repository", "the checklist", expected->repository,
		 "the certificate", cert->repository, true, err) < 0 ||
	    same("workflow", "the checklist", expected->workflow,
		 "the certificate", cert->workflow, false, err) < 0 ||
	    same("email", "the checklist", expected->email,
		 "the certificate", cert->email, true, err) < 0 ||
	    same("environment", "the checklist", expected->environment,
		 "the index's publisher (unsigned)",
		 served ? served->environment : NULL, false, err) < 0)
		return -1;
	/* The ref: both the source ref and the build config's, so that a
	 * workflow of another ref building this one is refused too. */
	if (set(expected->ref) &&
	    (!cert->ref || strcmp(expected->ref, cert->ref) != 0 ||
	     !cert->config_ref ||
	     strcmp(expected->ref, cert->config_ref) != 0)) {
		*err = xasprintf("the checklist says ref %s, the certificate "
				 "says source ref %s (1.3.6.1.4.1.57264.1.14) "
				 "and build config ref %s (.1.18)",
				 expected->ref,
				 cert->ref ? cert->ref : "none",
				 cert->config_ref ? cert->config_ref : "none");
		return -1;
	}
	return 0;
}
