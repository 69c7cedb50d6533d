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
};

struct net_response {
	long status;		/* 0 when no answer came */
	struct buf body;
	char *content_type;	/* or NULL */
	char *url;		/* the URL that answered, after redirects */
	int attempts;
};

/* Once, before any thread uses the network. */
void net_global_init(void);

/* 0 when the server answered (any status), -1 with *err (caller frees)
 * when none did (refused, timeout, TLS, too large, cancelled). */
int net_get(const char *url, const struct net_options *opt,
	    struct net_response *resp, char **err);
void net_response_free(struct net_response *resp);

#endif
