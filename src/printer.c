/* printer.c: sending text to lp or lpr. */
#include "config.h"

#include "printer.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

char *printer_find(void)
{
	char *f = path_which("lp");

	return f ? f : path_which("lpr");
}

int printer_send(const char *printer, const void *data, size_t len,
		 char **err)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	int fds[2], st = 0, wrote;
	pid_t pid;

	*err = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		*err = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		*err = xasprintf("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {		/* both ends close on exec; stdin stays */
		int null = open("/dev/null", O_WRONLY);
		if (fds[0] == STDIN_FILENO)
			fcntl(fds[0], F_SETFD, 0);
		else if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(127);
		if (null >= 0) {	/* "request id is ...": not on screen */
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execl(printer, printer, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	sigaction(SIGPIPE, &ign, &old);	/* a printer that stops reading */
	wrote = fd_write_all(fds[1], data, len);
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && wrote == 0)
		return 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		*err = xasprintf("%s stopped reading the report: %s", printer,
				 strerror(EPIPE));
	else
		*err = xasprintf("%s did not take the report (%s %d)", printer,
				 WIFEXITED(st) ? "exit" : "signal",
				 WIFEXITED(st) ? WEXITSTATUS(st)
					       : WTERMSIG(st));
	return -1;
}
