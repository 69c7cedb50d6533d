/* proc.h: running a shell command with a timeout, output to a file.
 *
 * The command runs under /bin/sh -c (or, with argv, as a program with
 * its arguments) in a process group of its own, with
 * stdin from /dev/null and stdout and stderr into the given file.  On
 * timeout or cancel the whole group gets SIGTERM, then after a grace
 * period SIGKILL (also the children that ignore SIGTERM or outlive the
 * shell).  The child is always reaped before proc_run returns.
 */
#ifndef RELCHECK_PROC_H
#define RELCHECK_PROC_H

#include <stdatomic.h>
#include <stdbool.h>

struct proc_options {
	const char *command;	/* for /bin/sh -c */
	/* Or, when set, the program and its arguments, run as they are
	 * (found on PATH, no shell: nothing in them is interpreted); then
	 * command is not used. */
	const char *const *argv;
	char *const *envp;	/* the environment, or NULL: ours */
	const char *cwd;	/* or NULL */
	int out_fd;		/* stdout and stderr; -1 for /dev/null */
	int timeout_s;		/* 0: none */
	int grace_ms;		/* SIGTERM to SIGKILL; 0: 2000 */
	atomic_int *cancel;	/* may be NULL */
	/* A session of its own, without a controlling terminal: nothing it
	 * runs can ask on /dev/tty (ssh's passphrase or host-key question),
	 * which from a process group not the terminal's stops it (SIGTTIN)
	 * until the timeout.  Its process group is still its pid. */
	bool new_session;
};

struct proc_result {
	int exit_code;		/* when exited */
	int signal;		/* when killed by a signal, else 0 */
	bool timed_out;
	bool cancelled;
	long long duration_ms;
};

/* Returns 0 when the command ran (whatever its status), or -1 with *err
 * (caller frees) when it could not be started. */
int proc_run(const struct proc_options *opt, struct proc_result *res,
	     char **err);

#endif
