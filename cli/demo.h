/* demo.h: a throwaway project to try relcheck on. */
#ifndef RELCHECK_DEMO_H
#define RELCHECK_DEMO_H

/* Creates, in a new folder under $TMPDIR (or /tmp), a small Python package
 * (pyproject.toml, a version file, a changelog, tests) committed in a git
 * repository whose `origin` is a bare repository beside it.  Returns 0 and
 * the project's folder in *dir (caller frees), or -1 with *err (caller
 * frees). */
int demo_create(char **dir, char **err);

/* The demo's package index: on loopback, and nothing serves it. */
#define DEMO_INDEX "http://127.0.0.1:8739"
/* The file in a demo's git folder that says it is one. */
#define DEMO_MARKER "relcheck-demo"

/* What the demo is and which of its checks fail on purpose (its README
 * and the screen's first dialog): static text, lines of at most 70
 * columns. */
const char *demo_about(void);
/* Whether dir is a project made by demo_create (the marker in its git
 * folder).  Returns 0, or -1 with *err (caller frees). */
int demo_check(const char *dir, char **err);
/* The Python the demo's checks use: Debian's /usr/bin/python3 when there
 * is one (scripts/bootstrap gives it pytest, build and twine), else
 * python3 on PATH.  Static. */
const char *demo_python(void);
/* The X.Y version of /usr/bin/python3 (from its link), else "3.11".
 * Caller frees. */
char *demo_python_version(void);

#endif
