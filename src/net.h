/* net.h: one HTTP GET with libcurl, bounded in time and size.
 *
 * Only http and https; TLS verification on; proxies from the environment
 * (curl's rules), except that loopback never goes through a proxy unless
 * no_proxy says otherwise; redirects followed (at most 5).  Timeouts and
 * 5xx answers are retried with backoff, a bounded number of times.  A
 * handle is made per call and never shared between threads.
 */
#ifndef RELCHECK_NET_H
#define RELCHECK_NET_H

#include <stdatomic.h>
#include <stdbool.h>

#include "util.h"

struct net_options {
	long connect_timeout_s;	/* 0: 10 */
	long timeout_s;		/* whole transfer; 0: 30 */
	int retries;		/* -1: 2 */
	size_t max_body;	/* 0: 20 MB */
	const char *accept;	/* Accept header, or NULL */
	bool follow;		/* follow redirects */
	atomic_int *cancel;	/* or NULL */
	/* More request header lines ("Name: value"), NULL-terminated, or
	 * NULL.  Sent to every URL of the request, redirects included. */
	const char *const *headers;
	/* A header line that holds a secret ("Authorization: Bearer ..."),
	 * or NULL: sent only to secret_origin's scheme, host and port
	 * (secret_origin NULL: url's).  With it, redirects are followed
	 * here, not by libcurl, and the secret is dropped for good at the
	 * first hop to another origin. */
	const char *secret_header;
	const char *secret_origin;
	/* The body is hashed (resp->sha256) and not kept. */
	bool hash_body;
};

struct net_response {
	long status;		/* 0 when no answer came */
	struct buf body;
	char *content_type;	/* or NULL */
	char *url;		/* the URL that answered, after redirects */
	int attempts;
	struct buf headers;	/* the answer's header lines (capped) */
	size_t body_len;	/* bytes of body received */
	char sha256[65];	/* with hash_body: the body's, hex */
};

/* Once, before any thread uses the network. */
void net_global_init(void);

/* 0 when the server answered (any status), -1 with *err (caller frees)
 * when none did (refused, timeout, TLS, too large, cancelled). */
int net_get(const char *url, const struct net_options *opt,
	    struct net_response *resp, char **err);
void net_response_free(struct net_response *resp);

/* The value of the answer's header name (any case), trimmed, or NULL.
 * Caller frees. */
char *net_response_header(const struct net_response *resp, const char *name);

/* Whether two URLs have the same scheme, host (any case) and port
 * (the scheme's default when none is written). */
bool net_same_origin(const char *a, const char *b);
/* Whether url's host is the loopback address (127.0.0.0/8, ::1 or
 * localhost). */
bool net_url_loopback(const char *url);

#endif
