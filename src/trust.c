/* trust.c: which checklists may run commands. */
#include "config.h"

#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool trust_needed(const struct checklist *cl)
{
	for (size_t p = 0; p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			const struct item *it = cl->phases[p]->items[i];
			/* A command check, or a step's commands (x). */
			if (it->commands.n || (it->check &&
			    strcmp(it->check->type->name, "command") == 0))
				return true;
		}
	return false;
}

bool trust_is_shipped(const struct checklist *cl, const char *shipped_dir)
{
	char dir[PATH_MAX], src[PATH_MAX];
	size_t n;

	if (!realpath(shipped_dir, dir))
		return false;
	n = strlen(dir);
	for (size_t i = 0; i < cl->nsources; i++) {
		if (!realpath(cl->sources[i], src) ||
		    strncmp(src, dir, n) != 0 || src[n] != '/')
			return false;
	}
	return cl->nsources > 0;
}

static char *trust_file(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/relcheck/trusted", xdg);
	return xasprintf("%s/.local/share/relcheck/trusted",
			 home ? home : "");
}

bool trust_is_known(const struct checklist *cl)
{
	char *path = trust_file();
	struct buf text = BUF_INIT;
	bool found = false;

	if (buf_read_file(&text, path) == 0) {
		for (char *line = text.data; line && *line;) {
			char *nl = strchr(line, '\n');
			if (strncmp(line, cl->sha256, 64) == 0 &&
			    (line[64] == ' ' || line[64] == '\n' ||
			     line[64] == '\0'))
				found = true;
			line = nl ? nl + 1 : NULL;
		}
	}
	buf_free(&text);
	free(path);
	return found;
}

int trust_remember(const struct checklist *cl, char **err)
{
	char *path = trust_file();
	char real[PATH_MAX];
	char *line;
	int fd, rc = -1;
	size_t len;

	*err = NULL;
	if (trust_is_known(cl)) {
		free(path);
		return 0;
	}
	{
		char *dir = path_dirname(path);
		path_mkdirs(dir, 0700);
		free(dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	line = xasprintf("%s %s\n", cl->sha256,
			 realpath(cl->file, real) ? real : cl->file);
	len = strlen(line);
	/* One write of one line: O_APPEND keeps concurrent lines whole. */
	if (write(fd, line, len) == (ssize_t)len && fsync(fd) == 0)
		rc = 0;
	else
		*err = xasprintf("%s: %s", path, strerror(errno));
	close(fd);
	free(line);
	free(path);
	return rc;
}
