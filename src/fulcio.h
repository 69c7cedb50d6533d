/* fulcio.h: who a Fulcio certificate says signed, and whether that is
 * the publisher expected.
 *
 * A Fulcio leaf certificate carries the signer's OIDC identity: the
 * issuer (extension 1.3.6.1.4.1.57264.1.8, or the older .1.1), the
 * subject alternative name (a URI for CI workflows, an email for
 * people and service accounts) and, for CI, the build signer URI (.1.9),
 * the source repository URI (.1.12) and ref (.1.14) and the build config
 * URI (.1.18).  From them: the Trusted Publisher as PyPI names it
 * (GitHub: owner/repo and the workflow file; GitLab: group/project and
 * the CI config path; Google: the service account's email).
 *
 * A publisher's environment is never in the certificate: it comes only
 * from the index's publisher object, which nothing signs.
 */
#ifndef RELCHECK_FULCIO_H
#define RELCHECK_FULCIO_H

#include <openssl/x509.h>

#define FULCIO_ISSUER_GITHUB "https://token.actions.githubusercontent.com"
#define FULCIO_ISSUER_GITLAB "https://gitlab.com"
#define FULCIO_ISSUER_GOOGLE "https://accounts.google.com"

/* Each NULL when the certificate does not say. */
struct fulcio_identity {
	char *issuer;
	char *san_uri;
	char *san_email;
	char *build_signer_uri;		/* .1.9 */
	char *source_repo_uri;		/* .1.12 */
	char *source_repo_ref;		/* .1.14 */
	char *build_config_uri;		/* .1.18 */
};

/* A Trusted Publisher; each field NULL when unknown or not given. */
struct trusted_publisher {
	char *kind;		/* GitHub, GitLab, Google */
	char *repository;	/* owner/repo, group/project */
	char *workflow;		/* GitHub: file name; GitLab: config path */
	char *environment;	/* never from a certificate */
	char *email;		/* Google */
	char *ref;		/* the source repository ref (.1.14), as
				 * refs/tags/v1.2.3; expected: "" or NULL is
				 * not checked */
	char *config_ref;	/* the ref of the build config URI (.1.18,
				 * after '@'); only from a certificate */
};

/* 0, or -1 with *err (caller frees) when an extension is malformed.
 * id is freed by the caller in both cases. */
int fulcio_identity_read(X509 *cert, struct fulcio_identity *id, char **err);
void fulcio_identity_free(struct fulcio_identity *id);

/* The publisher the identity names: 0, or -1 with *err when the issuer
 * is not one PyPI knows or the identity lacks what its kind needs. */
int fulcio_publisher(const struct fulcio_identity *id,
		     struct trusted_publisher *p, char **err);
void trusted_publisher_free(struct trusted_publisher *p);

/* NULL when e names a publisher completely (GitHub and GitLab:
 * publisher, repository and workflow; Google: publisher and email; an
 * empty string is unset; environment is never enough), else what to
 * set (caller frees). */
char *trusted_publisher_incomplete(const struct trusted_publisher *e);

/* The certificate's publisher (cert) against the index's unsigned
 * publisher object (served, or NULL) and the checklist's expectation
 * (expected, or NULL; when given it must be complete, see
 * trusted_publisher_incomplete; its environment, when set, is checked
 * against served's; its ref, when set, against both the certificate's
 * ref and config_ref).  0, or -1 with
 * *err naming the field, what was expected and what was found. */
int trusted_publisher_check(const struct trusted_publisher *cert,
			    const struct trusted_publisher *served,
			    const struct trusted_publisher *expected,
			    char **err);

#endif
