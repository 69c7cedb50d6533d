/* demo.h: a throwaway project to try relcheck on. */
#ifndef RELCHECK_DEMO_H
#define RELCHECK_DEMO_H

/* Creates, in a new folder under $TMPDIR (or /tmp), a small Python package
 * (pyproject.toml, a version file, a changelog, tests) committed in a git
 * repository whose `origin` is a bare repository beside it.  Returns 0 and
 * the project's folder in *dir (caller frees), or -1 with *err (caller
 * frees). */
int demo_create(char **dir, char **err);

#endif
