/* caps.h: what a checklist may do only once trusted.
 *
 * An untrusted checklist (see trust.h) may read the repository's files
 * and its git history, and nothing else: every capability below is
 * refused to it, by the engine, whatever the check type.  A check type's
 * row and its fields' rows in checktype.c say which capabilities they use,
 * so that a new type cannot forget to ask.
 */
#ifndef RELCHECK_CAPS_H
#define RELCHECK_CAPS_H

enum capability {
	CAP_EXEC = 1 << 0,	/* runs a shell command */
	CAP_NET = 1 << 1,	/* sends a request to the network */
	CAP_ENV = 1 << 2,	/* reads the environment (${env:NAME}) */
	CAP_READ = 1 << 3,	/* reads outside the repository, or in .git */
};
#define CAP_ALL (CAP_EXEC | CAP_NET | CAP_ENV | CAP_READ)

/* "runs commands, contacts the network": what caps are, for a person. */
const char *capability_name(enum capability cap);

#endif
