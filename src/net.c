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
#include "hash.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_MAX_BODY (20u * 1024 * 1024)
#define MAX_HEADERS (64u * 1024)	/* of one answer's header lines */
#define MAX_HOPS 5			/* redirects */

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
	struct sha256 *hash;	/* hash_body: the body goes here */
	size_t len;		/* bytes received */
	struct buf *headers;
};

static size_t on_data(char *data, size_t size, size_t n, void *p)
{
	struct sink *s = p;
	size_t len = size * n;

	if (s->len + len > s->max) {
		s->too_large = true;
		return 0;	/* aborts the transfer */
	}
	s->len += len;
	if (s->hash)
		sha256_add(s->hash, data, len);
	else
		buf_add(s->body, data, len);
	return len;
}

/* Keeps the header lines of the last answer: a status line starts a new
 * block (a redirect's, then the final answer's). */
static size_t on_header(char *data, size_t size, size_t n, void *p)
{
	struct sink *s = p;
	size_t len = size * n;

	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
		buf_reset(s->headers);
	if (s->headers->len + len <= MAX_HEADERS)
		buf_add(s->headers, data, len);
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
bool net_url_loopback(const char *url)
{
	CURLU *u;

	net_global_init();
	if (load_error)
		return false;
	u = curl.url();
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

/* url's scheme, host (lowercase) and port, as "scheme://host:port";
 * NULL when it does not parse.  Caller frees. */
static char *origin_of(const char *url)
{
	CURLU *u = curl.url();
	char *scheme = NULL, *host = NULL, *port = NULL, *o = NULL;

	if (u && curl.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl.url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl.url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl.url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK) {
		o = xasprintf("%s://%s:%s", scheme, host, port);
		for (char *c = o; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
	}
	curl.free(scheme);
	curl.free(host);
	curl.free(port);
	curl.url_cleanup(u);
	return o;
}

bool net_same_origin(const char *a, const char *b)
{
	char *oa, *ob;
	bool same;

	net_global_init();
	if (load_error || !a || !b)
		return false;
	oa = origin_of(a);
	ob = origin_of(b);
	same = oa && ob && strcmp(oa, ob) == 0;
	free(oa);
	free(ob);
	return same;
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

/* The request headers of one hop: Accept, the caller's, and the secret
 * when this hop may have it. */
static struct curl_slist *hop_headers(const struct net_options *opt,
				      bool secret)
{
	struct curl_slist *l = NULL;

	if (opt->accept) {
		char *hdr = xasprintf("Accept: %s", opt->accept);
		l = curl.slist_append(l, hdr);	/* copies hdr */
		free(hdr);
	}
	for (size_t i = 0; opt->headers && opt->headers[i]; i++)
		l = curl.slist_append(l, opt->headers[i]);
	if (secret && opt->secret_header)
		l = curl.slist_append(l, opt->secret_header);
	return l;
}

/* One URL, with the retries: the CURLcode of the last attempt. */
static CURLcode perform(CURL *h, const struct net_options *opt,
			int retries, struct sink *sink,
			struct net_response *resp, char *errbuf)
{
	CURLcode rc = CURLE_OK;

	for (int attempt = 0; attempt <= retries; attempt++) {
		if (attempt > 0 && !pause_ms(1000L << (attempt - 1),
					     opt->cancel))
			return CURLE_ABORTED_BY_CALLBACK;
		resp->attempts++;
		buf_reset(&resp->body);
		buf_reset(&resp->headers);
		sink->len = 0;
		if (opt->hash_body) {
			if (sink->hash) {
				char junk[SHA256_HEX_LEN + 1];
				sha256_end(sink->hash, junk);
			}
			sink->hash = sha256_new();
			if (!sink->hash)
				return CURLE_OUT_OF_MEMORY;
		}
		errbuf[0] = '\0';
		resp->status = 0;
		rc = curl.easy_perform(h);
		curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
		if (rc == CURLE_OK) {
			if ((resp->status >= 500 || resp->status == 429) &&
			    attempt < retries)
				continue;
			return rc;
		}
		if (!retryable(rc) || sink->too_large)
			return rc;
	}
	return rc;
}

int net_get(const char *url, const struct net_options *opt,
	    struct net_response *resp, char **err)
{
	long connect = opt->connect_timeout_s > 0 ? opt->connect_timeout_s : 10;
	long total = opt->timeout_s > 0 ? opt->timeout_s : 30;
	int retries = opt->retries >= 0 ? opt->retries : 2;
	struct sink sink = { &resp->body,
			     opt->max_body ? opt->max_body : DEFAULT_MAX_BODY,
			     false, opt->cancel, NULL, 0, &resp->headers };
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *headers = NULL;
	/* The secret goes only where secret_origin is; redirects are then
	 * followed here, hop by hop, so that libcurl never decides. */
	const char *secret_at = opt->secret_origin ? opt->secret_origin : url;
	bool manual = opt->secret_header != NULL;
	bool secret = manual;
	char *here = xstrdup(url);
	CURL *h;
	CURLcode rc = CURLE_OK;
	int result = -1;

	memset(resp, 0, sizeof(*resp));
	buf_init(&resp->body);
	buf_init(&resp->headers);
	*err = NULL;
	net_global_init();
	if (load_error) {
		*err = xstrdup(load_error);
		free(here);
		return -1;
	}
	h = curl.easy_init();
	if (!h) {
		*err = xstrdup("cannot start libcurl");
		free(here);
		return -1;
	}
	curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION,
			 opt->follow && !manual ? 1L : 0L);
	/* Never send credentials to another host on curl's redirects. */
	curl.easy_setopt(h, CURLOPT_UNRESTRICTED_AUTH, 0L);
	curl.easy_setopt(h, CURLOPT_MAXREDIRS, (long)MAX_HOPS);
	curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, connect);
	curl.easy_setopt(h, CURLOPT_TIMEOUT, total);
	curl.easy_setopt(h, CURLOPT_USERAGENT, "relcheck/" PACKAGE_VERSION);
	curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl.easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl.easy_setopt(h, CURLOPT_HEADERDATA, &sink);
	curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl.easy_setopt(h, CURLOPT_XFERINFODATA, &sink);
	curl.easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)sink.max);
	curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");

	for (int hop = 0; ; hop++) {
		char *next = NULL;

		/* A hop to another origin loses the secret, for good. */
		if (secret && !net_same_origin(here, secret_at))
			secret = false;
		curl.slist_free_all(headers);
		headers = hop_headers(opt, secret);
		curl.easy_setopt(h, CURLOPT_URL, here);
		curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
		/* With a proxy set, curl sends even loopback through it. */
		curl.easy_setopt(h, CURLOPT_NOPROXY,
				 net_url_loopback(here) && !getenv("no_proxy") &&
				 !getenv("NO_PROXY")
				 ? "127.0.0.1,localhost,::1" : NULL);
		rc = perform(h, opt, retries, &sink, resp, errbuf);
		if (rc != CURLE_OK)
			break;
		if (manual && opt->follow && resp->status >= 300 &&
		    resp->status < 400 && resp->status != 304) {
			curl.easy_getinfo(h, CURLINFO_REDIRECT_URL, &next);
			if (next && hop >= MAX_HOPS) {
				rc = CURLE_TOO_MANY_REDIRECTS;
				snprintf(errbuf, CURL_ERROR_SIZE,
					 "more than %d redirects", MAX_HOPS);
				break;
			}
			if (next) {
				char *n = xstrdup(next);
				if (!str_starts_with(n, "http://") &&
				    !str_starts_with(n, "https://")) {
					free(n);
					rc = CURLE_UNSUPPORTED_PROTOCOL;
					snprintf(errbuf, CURL_ERROR_SIZE, "a "
						 "redirect to a URL that is "
						 "not http or https");
					break;
				}
				free(here);
				here = n;
				continue;
			}
		}
		{
			char *ct = NULL, *eff = NULL;
			curl.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
			resp->content_type = ct ? xstrdup(ct) : NULL;
			curl.easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
			resp->url = xstrdup(eff ? eff : here);
		}
		resp->body_len = sink.len;
		if (sink.hash) {
			sha256_end(sink.hash, resp->sha256);
			sink.hash = NULL;
		}
		result = 0;
		break;
	}
	if (sink.hash) {
		char junk[SHA256_HEX_LEN + 1];
		sha256_end(sink.hash, junk);
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
	free(here);
	curl.slist_free_all(headers);
	curl.easy_cleanup(h);
	return result;
}

char *net_response_header(const struct net_response *resp, const char *name)
{
	size_t n = strlen(name);
	const char *p = resp->headers.data, *end;

	if (!p)
		return NULL;
	end = p + resp->headers.len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;

		if ((size_t)(le - p) > n && p[n] == ':' &&
		    strncasecmp(p, name, n) == 0) {
			const char *v = p + n + 1, *ve = le;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' ||
					  ve[-1] == '\t'))
				ve--;
			return xstrndup(v, (size_t)(ve - v));
		}
		p = le + 1;
	}
	return NULL;
}

void net_response_free(struct net_response *resp)
{
	buf_free(&resp->body);
	buf_free(&resp->headers);
	free(resp->content_type);
	free(resp->url);
	memset(resp, 0, sizeof(*resp));
}
