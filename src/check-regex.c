/* check-regex.c: a file's content matches a pattern (multiline). */
#include "config.h"

#include "check.h"
#include "rx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILE (64 * 1024 * 1024)

static int line_at(const char *text, size_t offset)
{
	int line = 1;

	for (size_t i = 0; i < offset && text[i]; i++)
		line += text[i] == '\n';
	return line;
}

void check_regex_run(struct check_job *job, struct check_result *res)
{
	const char *name = check_job_str(job, "path");
	const char *pattern = check_job_str(job, "pattern");
	const char *capture = check_job_str(job, "capture");
	bool absent = check_job_bool(job, "absent", false);
	char *path = check_path(job, name), *msg;
	struct buf text = BUF_INIT;
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	int rc;

	if (check_read_file(job, path, name, MAX_FILE, &text, res) < 0)
		goto out;
	re = rx_compile(pattern, &msg);
	if (!re) {
		check_result_set(res, CHECK_ERROR, "%s", msg);
		free(msg);
		goto out;
	}
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)text.data, text.len, 0, 0, md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH) {
		check_result_set(res, absent ? CHECK_PASS : CHECK_FAIL,
				 "%s does not match /%s/", name, pattern);
	} else if (rc < 0) {
		PCRE2_UCHAR err[160];
		pcre2_get_error_message(rc, err, sizeof(err));
		check_result_set(res, CHECK_ERROR, "matching /%s/: %s", pattern,
				 (char *)err);
	} else {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t start = ov[0], eol;
		int line;
		char *shown;

		/* A match that starts at a line's end shows the next line. */
		if (start < text.len && text.data[start] == '\n' &&
		    ov[1] > start + 1)
			start++;
		line = line_at(text.data, start);
		while (start > 0 && text.data[start - 1] != '\n')
			start--;
		eol = start;
		while (eol < text.len && text.data[eol] != '\n' &&
		       eol - start < 120)
			eol++;
		shown = xstrndup(text.data + start, eol - start);
		check_result_evidence(res, "line", "%d", line);
		check_result_set(res, absent ? CHECK_FAIL : CHECK_PASS,
				 "%s:%d: %s", name, line, shown);
		free(shown);
		if (capture && !absent) {
			PCRE2_UCHAR *value = NULL;
			PCRE2_SIZE len = 0;
			if (pcre2_substring_get_byname(md, (PCRE2_SPTR)capture,
						       &value, &len) == 0) {
				char *v = xstrndup((char *)value, len);
				vars_set(&res->captures, capture, v,
					 VAR_RUNTIME, NULL, 0);
				check_result_evidence(res, capture, "%s", v);
				free(v);
				pcre2_substring_free(value);
			}
		}
	}
out:
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	buf_free(&text);
	free(path);
}
