/* gitlib.h: libgit2, initialised once per process, on first use. */
#ifndef RELCHECK_GITLIB_H
#define RELCHECK_GITLIB_H

/* Every user of libgit2 calls this before its first libgit2 call; the
 * first call initialises libgit2 (thread-safe) and registers its shutdown
 * at exit; later calls cost one atomic load.  Commands that never touch
 * git (--version, lint) never pay for it. */
void gitlib_init(void);

#endif
