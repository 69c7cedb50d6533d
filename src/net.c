/* net.c: HTTP GET with libcurl, loaded when the first request is made.
 *
 * libcurl brings 19 libraries of its own (TLS, HTTP/2, LDAP, IDN, ...):
 * linked, the dynamic loader mapped and relocated them at every start,
 * 2-3.7 ms and 3.7 MB of every command, --version included, while only
 * the http and pypi checks use it (issue 16).  So it is opened with
 * dlopen() by the first net_get(), once, and its functions called
 * through a table whose types are those of <curl/curl.h> (__typeof__),
 * so that every call is checked against libcurl's own prototypes.
 */
#include "config.h"

#include "net.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_BODY (20u * 1024 * 1024)

/* libcurl's ABI has been 4 since 7.16 (2006); configure checks the
 * headers against >= 7.68. */
#define LIBCURL_SONAME "libcurl.so.4"

/* The functions of libcurl relcheck calls: one line each. */
#define CURL_FUNCTIONS(X) \
	X(global_init) X(easy_init) X(easy_setopt) X(easy_perform) \
	X(easy_getinfo) X(easy_strerror) X(easy_cleanup) X(slist_append) \
	X(slist_free_all) X(url) X(url_set) X(url_get) X(url_cleanup) X(free)

static struct {
/* NOLINTNEXTLINE(bugprone-macro-parentheses): name is a member's name */
#define CURL_MEMBER(name) __typeof__(curl_##name) *name;
	CURL_FUNCTIONS(CURL_MEMBER)
#undef CURL_MEMBER
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *lib;		/* libcurl, open until the process ends */
static char *load_error;	/* why libcurl could not be loaded */

static void global_init(void)
{
	void *sym;

	lib = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		load_error = xasprintf("cannot load libcurl: %s", dlerror());
		return;
	}
#define CURL_LOAD(name) \
	if (!load_error) { \
		sym = dlsym(lib, "curl_" #name); \
		if (!sym) \
			load_error = xasprintf("cannot load libcurl: no " \
					       "curl_" #name " in " \
					       LIBCURL_SONAME); \
		curl.name = (__typeof__(curl.name))sym; \
	}
	CURL_FUNCTIONS(CURL_LOAD)
#undef CURL_LOAD
	if (!load_error)
		curl.global_init(CURL_GLOBAL_DEFAULT);
}

void net_global_init(void)
{
	pthread_once(&once, global_init);
}

struct sink {
	struct buf *body;
	size_t max;
	bool too_large;
	atomic_int *cancel;
};

static size_t on_data(char *data, size_t size, size_t n, void *p)
{
	struct sink *s = p;
	size_t len = size * n;

	if (s->body->len + len > s->max) {
		s->too_large = true;
		return 0;	/* aborts the transfer */
	}
	buf_add(s->body, data, len);
	return len;
}

static int on_progress(void *p, curl_off_t dlt, curl_off_t dln,
		       curl_off_t ult, curl_off_t uln)
{
	struct sink *s = p;

	(void)dlt; (void)dln; (void)ult; (void)uln;
	return s->cancel && atomic_load(s->cancel) ? 1 : 0;
}

/* Whether url's host is the loopback address (127.0.0.0/8, ::1 or
 * localhost), with curl's own URL parser. */
static bool loopback_url(const char *url)
{
	CURLU *u = curl.url();
	char *host = NULL;
	bool loop = false;

	if (u && curl.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl.url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		struct in_addr a;
		loop = strcmp(host, "localhost") == 0 ||
		       strcmp(host, "[::1]") == 0 ||
		       (inet_pton(AF_INET, host, &a) == 1 &&
			(ntohl(a.s_addr) >> 24) == 127);
	}
	curl.free(host);
	curl.url_cleanup(u);
	return loop;
}

/* Sleeps ms, waking early on cancel.  Returns false when cancelled. */
static bool pause_ms(long ms, atomic_int *cancel)
{
	while (ms > 0) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };
		if (cancel && atomic_load(cancel))
			return false;
		nanosleep(&ts, NULL);
		ms -= 50;
	}
	return !(cancel && atomic_load(cancel));
}

/* Whether the last transfer got as far as sending its request: a timeout
 * before that is the connection's (TCP, or a TLS handshake that stalls). */
static bool connected(CURL *h)
{
	curl_off_t pre = 0;

	return curl.easy_getinfo(h, CURLINFO_PRETRANSFER_TIME_T, &pre) ==
	       CURLE_OK && pre > 0;
}

static bool retryable(CURLcode rc)
{
	return rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_PARTIAL_FILE ||
	       rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
	       rc == CURLE_GOT_NOTHING;
}

int net_get(const char *url, const struct net_options *opt,
	    struct net_response *resp, char **err)
{
	long connect = opt->connect_timeout_s > 0 ? opt->connect_timeout_s : 10;
	long total = opt->timeout_s > 0 ? opt->timeout_s : 30;
	int retries = opt->retries >= 0 ? opt->retries : 2;
	struct sink sink = { &resp->body,
			     opt->max_body ? opt->max_body : DEFAULT_MAX_BODY,
			     false, opt->cancel };
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *headers = NULL;
	CURL *h;
	CURLcode rc = CURLE_OK;
	int result = -1;

	memset(resp, 0, sizeof(*resp));
	buf_init(&resp->body);
	*err = NULL;
	net_global_init();
	h = curl.easy_init();
	if (!h) {
		*err = xstrdup("cannot start libcurl");
		return -1;
	}
	if (opt->accept) {
		char *hdr = xasprintf("Accept: %s", opt->accept);
		headers = curl.slist_append(NULL, hdr);	/* copies hdr */
		free(hdr);
	}
	curl.easy_setopt(h, CURLOPT_URL, url);
	curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, opt->follow ? 1L : 0L);
	curl.easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, connect);
	curl.easy_setopt(h, CURLOPT_TIMEOUT, total);
	curl.easy_setopt(h, CURLOPT_USERAGENT, "relcheck/" PACKAGE_VERSION);
	curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl.easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl.easy_setopt(h, CURLOPT_XFERINFODATA, &sink);
	curl.easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)sink.max);
	curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	if (headers)
		curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	/* With a proxy set, curl sends even loopback through it. */
	if (loopback_url(url) && !getenv("no_proxy") && !getenv("NO_PROXY"))
		curl.easy_setopt(h, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");

	for (int attempt = 0; attempt <= retries; attempt++) {
		char *ct = NULL;

		if (attempt > 0 && !pause_ms(1000L << (attempt - 1),
					     opt->cancel)) {
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		resp->attempts = attempt + 1;
		buf_reset(&resp->body);
		errbuf[0] = '\0';
		resp->status = 0;
		rc = curl.easy_perform(h);
		curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
		if (rc == CURLE_OK) {
			if ((resp->status >= 500 || resp->status == 429) &&
			    attempt < retries)
				continue;
			curl.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
			free(resp->content_type);
			resp->content_type = ct ? xstrdup(ct) : NULL;
			{
				char *eff = NULL;
				curl.easy_getinfo(h, CURLINFO_EFFECTIVE_URL,
						  &eff);
				free(resp->url);
				resp->url = xstrdup(eff ? eff : url);
			}
			result = 0;
			break;
		}
		if (!retryable(rc) || sink.too_large)
			break;
	}
	if (result < 0) {
		if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED)
			*err = xasprintf("the answer is larger than %zu MB",
					 sink.max >> 20);
		else if (rc == CURLE_ABORTED_BY_CALLBACK)
			*err = xstrdup("cancelled");
		else if (rc == CURLE_OPERATION_TIMEDOUT && !connected(h))
			*err = xasprintf("no connection within %ld s%s",
					 connect < total ? connect : total,
					 resp->attempts > 1 ? " (retried)" : "");
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			*err = xasprintf("no answer within %ld s%s", total,
					 resp->attempts > 1 ? " (retried)" : "");
		else if (rc == CURLE_SSL_CONNECT_ERROR ||
			 rc == CURLE_PEER_FAILED_VERIFICATION)
			*err = xasprintf("the TLS handshake failed: %s",
					 errbuf[0] ? errbuf
					 : curl.easy_strerror(rc));
		else
			*err = xasprintf("%s", errbuf[0] ? errbuf
						: curl.easy_strerror(rc));
		resp->status = 0;
	}
	curl.slist_free_all(headers);
	curl.easy_cleanup(h);
	return result;
}

void net_response_free(struct net_response *resp)
{
	buf_free(&resp->body);
	free(resp->content_type);
	free(resp->url);
	memset(resp, 0, sizeof(*resp));
}
