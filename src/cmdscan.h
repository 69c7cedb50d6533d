/* cmdscan.h: what a step's shell command does to the world outside.
 *
 * A command is read as sh would split it: simple commands separated by
 * ; & && || | ( ) and newlines, words with '...', "..." and \ quoting
 * taken off, leading NAME=value assignments and wrappers (env, sudo,
 * command, exec, nice, time) skipped.  What is found:
 *   - an upload: `twine upload` or `PYTHON -m twine upload`; it names its
 *     destination with --repository(-url)/-r or TWINE_REPOSITORY(_URL)=;
 *   - an install: `pip install` (pip, pip3, pip3.11, PYTHON -m pip, a
 *     path to one); it names its index with --index-url/-i, --no-index
 *     or PIP_INDEX_URL=, or needs none when every requirement is a local
 *     file or folder (dist/x.tar.gz, x.whl, ., -e ./src) and nothing is
 *     read from a requirements file;
 *   - a push: `git push`, whose destination is its first word that is
 *     not an option (the remote), when given.
 * The reading is of the text, not of what the shell would run: a command
 * built at run time ($(...), eval, a script) is not seen through.  It is
 * for warnings (relcheck lint) and for saying what a step does before
 * it runs (the screen's `x`), never for permission.
 */
#ifndef RELCHECK_CMDSCAN_H
#define RELCHECK_CMDSCAN_H

#include <stdbool.h>
#include <stddef.h>

enum cmdscan_kind {
	CMDSCAN_UPLOAD,
	CMDSCAN_INSTALL,
	CMDSCAN_PUSH,
};

struct cmdscan_finding {
	enum cmdscan_kind kind;
	bool names_destination;	/* an index, a repository or a remote */
	char *destination;	/* the word that names it, or NULL */
};

struct cmdscan {
	struct cmdscan_finding *f;
	size_t n;
};

#define CMDSCAN_INIT { NULL, 0 }

/* Reads cmd into out (which the caller frees with cmdscan_free). */
void cmdscan_read(struct cmdscan *out, const char *cmd);
void cmdscan_free(struct cmdscan *sc);

/* "upload", "install" or "push". */
const char *cmdscan_kind_name(enum cmdscan_kind kind);

#endif
