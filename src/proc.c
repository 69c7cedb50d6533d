/* proc.c: a shell command in its own process group, with a timeout. */
#include "config.h"

#include "proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* POSIX leaves this declaration to the program; glibc's unistd.h has it
 * too, under _GNU_SOURCE. */
/* NOLINTNEXTLINE(readability-redundant-declaration): see above */
extern char **environ;

static pthread_once_t subreaper_once = PTHREAD_ONCE_INIT;

static int pidfd_open_(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

/* Waits up to ms for pid to exit; returns 1 (reaped, *status set), 0 on
 * timeout.  Uses a pidfd where the kernel has them, else polls. */
static int wait_for(pid_t pid, int pidfd, long long ms, int *status)
{
	long long end = now_ms() + ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		long long left;

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR) {
			*status = 0;
			return 1;	/* not ours any more: nothing to wait */
		}
		left = end - now_ms();
		if (left <= 0)
			return 0;
		if (pidfd >= 0) {
			struct pollfd p = { .fd = pidfd, .events = POLLIN };
			poll(&p, 1, (int)(left < 100 ? left : 100));
		} else {
			struct timespec ts = { 0, 20 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
}

/* The guard: a small process that outlives us.  It waits on a pipe whose
 * only writer is us; when we end the command we tell it so, and it leaves.
 * When we die without telling it (kill -9, a crash), the pipe closes and
 * it ends the command's whole process group, so that no check of ours
 * runs on after us.  Between fork and _exit it calls only async-signal-
 * safe functions: the scheduler's other threads may hold locks. */
static pid_t guard_start(pid_t pgid, int *tell)
{
	struct sigaction ign;
	int p[2];
	pid_t g;

	*tell = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	g = fork();
	if (g < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (g == 0) {
		char c;
		ssize_t n;
		struct timespec ts = { 0, 200 * 1000 * 1000 };

		memset(&ign, 0, sizeof(ign));
		ign.sa_handler = SIG_IGN;
		sigaction(SIGINT, &ign, NULL);
		sigaction(SIGQUIT, &ign, NULL);
		sigaction(SIGTERM, &ign, NULL);
		sigaction(SIGHUP, &ign, NULL);
		sigaction(SIGTSTP, &ign, NULL);
		setpgid(0, 0);
		/* Hold no one else's pipe: every other guard must see its
		 * own writer go. */
		if (dup2(p[0], STDIN_FILENO) < 0)
			_exit(1);
		syscall(SYS_close_range, STDERR_FILENO + 1, ~0U, 0);
		do
			n = read(STDIN_FILENO, &c, 1);
		while (n < 0 && errno == EINTR);
		if (n <= 0) {
			kill(-pgid, SIGTERM);
			nanosleep(&ts, NULL);
			kill(-pgid, SIGKILL);
		}
		_exit(0);
	}
	close(p[0]);
	*tell = p[1];
	return g;
}

/* Orphans of our commands come to us, not to init (which, in a container,
 * may be slow to reap them): what is left of a group is ours to reap, and
 * "nothing left running" can be known. */
static void become_subreaper(void)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

/* Reaps what of the group has ended (our orphans); whether any of it is
 * still there. */
static bool group_alive(pid_t pgid)
{
	while (waitpid(-pgid, NULL, WNOHANG) > 0)
		;
	return kill(-pgid, 0) == 0;
}

/* Waits up to ms for the group to be gone, reaping what is ours. */
static void group_wait(pid_t pgid, long long ms)
{
	long long end = now_ms() + ms;

	while (group_alive(pgid) && now_ms() < end) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
}

/* The command is over and reaped: the guard may go. */
static void guard_stop(pid_t g, int tell)
{
	if (g <= 0)
		return;
	while (write(tell, "x", 1) < 0 && errno == EINTR)
		;
	close(tell);
	while (waitpid(g, NULL, 0) < 0 && errno == EINTR)
		;
}

int proc_run(const struct proc_options *opt, struct proc_result *res,
	     char **err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, defaults;
	char *argv[] = { "sh", "-c", (char *)opt->command, NULL };
	int grace = opt->grace_ms > 0 ? opt->grace_ms : 2000;
	long long start = now_ms(), deadline;
	pid_t pid, guard;
	int pidfd, status = 0, rc, tell;

	memset(res, 0, sizeof(*res));
	*err = NULL;
	pthread_once(&subreaper_once, become_subreaper);
	/* Cancelled before it started: start nothing. */
	if (opt->cancel && atomic_load(opt->cancel)) {
		res->cancelled = true;
		return 0;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	if (opt->out_fd >= 0) {
		posix_spawn_file_actions_adddup2(&fa, opt->out_fd,
						 STDOUT_FILENO);
		posix_spawn_file_actions_adddup2(&fa, opt->out_fd,
						 STDERR_FILENO);
	} else {
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
						 "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO,
						 STDERR_FILENO);
	}
	if (opt->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, opt->cwd);
	/* A new process group, no blocked signals, default dispositions
	 * (the screen handles SIGINT and friends; the command must not
	 * inherit an ignored SIGPIPE). */
	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGQUIT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGHUP);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGCHLD);
	sigaddset(&defaults, SIGTSTP);
	sigaddset(&defaults, SIGTTOU);
	sigaddset(&defaults, SIGTTIN);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defaults);
	/* setsid() makes the new group too (setpgid would then fail). */
	posix_spawnattr_setflags(&attr, (opt->new_session ? POSIX_SPAWN_SETSID
					 : POSIX_SPAWN_SETPGROUP) |
				 POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	if (opt->argv)
		rc = posix_spawnp(&pid, opt->argv[0], &fa, &attr,
				  (char *const *)opt->argv,
				  opt->envp ? opt->envp : environ);
	else
		rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv,
				 opt->envp ? opt->envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		*err = xasprintf("cannot start %s: %s",
				 opt->argv ? opt->argv[0] : "/bin/sh",
				 strerror(rc));
		return -1;
	}

	guard = guard_start(pid, &tell);
	pidfd = pidfd_open_(pid);
	deadline = opt->timeout_s > 0 ? start + opt->timeout_s * 1000LL : 0;
	for (;;) {
		long long slice = 100;

		if (deadline) {
			long long left = deadline - now_ms();
			if (left <= 0) {
				res->timed_out = true;
				break;
			}
			if (left < slice)
				slice = left;
		}
		if (opt->cancel && atomic_load(opt->cancel)) {
			res->cancelled = true;
			break;
		}
		if (wait_for(pid, pidfd, slice, &status))
			goto reaped;
	}

	/* Timed out or cancelled: the whole group, gently, then not. */
	{
		long long end = now_ms() + grace;

		kill(-pid, SIGTERM);
		if (!wait_for(pid, pidfd, grace, &status)) {
			kill(-pid, SIGKILL);
			wait_for(pid, pidfd, 60 * 1000, &status);
		}
		/* The shell may go first: the rest of the group has what is
		 * left of the grace to clean up, then no more. */
		group_wait(pid, end - now_ms());
		kill(-pid, SIGKILL);
	}
reaped:
	/* A check is a question, not a deployment: whatever the command
	 * left running in its group (a background child) ends with it. */
	if (group_alive(pid)) {
		kill(-pid, SIGTERM);
		group_wait(pid, 500);
		kill(-pid, SIGKILL);
	}
	group_wait(pid, 1000);
	if (pidfd >= 0)
		close(pidfd);
	guard_stop(guard, tell);
	res->duration_ms = now_ms() - start;
	if (WIFEXITED(status)) {
		res->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
		res->exit_code = 128 + res->signal;
	}
	return 0;
}
