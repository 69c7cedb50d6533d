/* scheduler.c: the worker pool behind sched.h. */
#include "config.h"

#include "scheduler.h"

#include "gitlib.h"

#include <errno.h>
#include <git2.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum task_state {
	TASK_WAITING,	/* for its dependencies */
	TASK_QUEUED,
	TASK_RUNNING,
	TASK_DONE,	/* result ready, not handed over */
	TASK_HANDED,
};

struct task {
	struct scheduler *s;
	const struct item *item;
	enum task_state state;
	struct check_job *job;
	struct check_result result;	/* until handed over */
	enum check_status status;	/* kept after that */
	char *progress;
	long long upload_ms;	/* scheduler_upload_time */
};

struct scheduler {
	const struct checklist *cl;
	struct vars vars;	/* the checklist's, plus captures */
	char *root;
	char *log_dir;
	int max_threads;
	bool independent;
	bool wait;

	struct task *tasks;
	size_t ntasks;

	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t *queue;		/* ready task indices (FIFO) */
	size_t qhead, qtail;
	size_t *done;		/* finished task indices (FIFO) */
	size_t dhead, dtail;
	bool stopping;

	pthread_t *threads;
	int nthreads;
	int pipe[2];
	atomic_int cancel;
	size_t handed;
};

static void wake(struct scheduler *s)
{
	ssize_t r = write(s->pipe[1], "x", 1);

	(void)r;	/* a full pipe already wakes the reader */
}

struct scheduler *scheduler_new(const struct checklist *cl,
			const struct scheduler_options *opt)
{
	struct scheduler *s = xcalloc(1, sizeof(*s));

	s->cl = cl;
	vars_copy(&s->vars, &cl->vars);
	s->root = xstrdup(opt->root);
	s->log_dir = xstrdup(opt->log_dir);
	s->max_threads = opt->max_threads > 0 ? opt->max_threads : 8;
	s->independent = opt->independent;
	s->wait = opt->wait;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->pipe[0] = s->pipe[1] = -1;
	if (pipe2(s->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		s->pipe[0] = s->pipe[1] = -1;
	atomic_init(&s->cancel, 0);
	/* The git checks need libgit2 for as long as the scheduler runs. */
	gitlib_init();
	return s;
}

void scheduler_add(struct scheduler *s, const struct item *item)
{
	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].item == item)
			return;
	s->tasks = xrealloc(s->tasks, (s->ntasks + 1) * sizeof(*s->tasks));
	memset(&s->tasks[s->ntasks], 0, sizeof(*s->tasks));
	s->tasks[s->ntasks].s = s;
	s->tasks[s->ntasks].item = item;
	s->tasks[s->ntasks].state = TASK_WAITING;
	s->ntasks++;
}

static struct task *task_of(struct scheduler *s, const struct item *item)
{
	for (size_t i = 0; i < s->ntasks; i++)
		if (s->tasks[i].item == item)
			return &s->tasks[i];
	return NULL;
}

void scheduler_upload_time(struct scheduler *s, const struct item *item,
			   long long epoch_ms)
{
	struct task *t = task_of(s, item);

	if (t)
		t->upload_ms = epoch_ms;
}

static void on_progress(struct check_job *job, const char *msg)
{
	struct task *t = job->progress_data;

	pthread_mutex_lock(&t->s->mu);
	free(t->progress);
	t->progress = xstrdup(msg);
	pthread_mutex_unlock(&t->s->mu);
}

/* Caller holds mu.  A task finished without running (skipped, or a job
 * that could not be made). */
static void finish_now(struct scheduler *s, struct task *t,
		       enum check_status st, const char *reason)
{
	check_result_init(&t->result);
	check_result_set(&t->result, st, "%s", reason);
	t->status = st;
	t->state = TASK_DONE;
	s->done[s->dtail++] = (size_t)(t - s->tasks);
	wake(s);
}

/* Caller holds mu.  Queues t if its dependencies passed, skips it if one
 * did not; leaves it waiting otherwise. */
static void consider(struct scheduler *s, struct task *t)
{
	const struct item *it = t->item;
	char *err = NULL;

	if (t->state != TASK_WAITING)
		return;
	for (size_t d = 0; d < it->depends.n && !s->independent; d++) {
		struct task *dep = task_of(s, it->deps[d]);
		enum check_status st;

		if (!dep)
			continue;	/* outside the set: met */
		if (dep->state < TASK_DONE)
			return;
		st = dep->status;
		if (st != CHECK_PASS) {
			char *why = xasprintf("%s did not pass (%s)",
					      dep->item->full_id,
					      check_status_name(st));
			finish_now(s, t, CHECK_SKIPPED, why);
			free(why);
			return;
		}
	}
	if (atomic_load(&s->cancel)) {
		finish_now(s, t, CHECK_SKIPPED, "cancelled");
		return;
	}
	{
		const char *unknown = check_unknown_var(it, &s->vars);
		const struct var *src = vars_find(&s->vars, "version_source");
		bool tags = src && src->value &&
			    str_starts_with(src->value, "git tags");

		/* A version check of a project versioned by git tags
		 * compares the tag with dist/ (check-version.c); any
		 * other check that needs the file is not run. */
		if (unknown && strcmp(unknown, "version_file") == 0 && tags &&
		    strcmp(it->check->type->name, "version") == 0)
			unknown = NULL;
		if (unknown && strcmp(unknown, "version_file") == 0 && tags) {
			char *why = xasprintf("not run: the version comes "
					      "from %s, not from a file",
					      src->value);
			finish_now(s, t, CHECK_SKIPPED, why);
			free(why);
			return;
		}
		if (unknown) {
			const struct var *u = vars_find(&s->vars, unknown);
			/* What discovery said of it ("[no console script]"),
			 * when it said something. */
			char *why = u && u->file
				    ? xasprintf("not run: ${%s} is unknown (%s): "
						"give --set %s=..., or set it in "
						"relcheck.conf's vars, if there "
						"is one", unknown, u->file,
						unknown)
				    : xasprintf("not run: ${%s} could not be "
					      "detected (give --set %s=..., or "
					      "set it in relcheck.conf's vars)",
					      unknown, unknown);
			finish_now(s, t, CHECK_SKIPPED, why);
			free(why);
			return;
		}
	}
	t->job = check_job_new(it, &s->vars, s->root, s->log_dir, &err);
	if (!t->job) {
		finish_now(s, t, CHECK_ERROR, err);
		free(err);
		return;
	}
	t->job->cancel = &s->cancel;
	t->job->wait_asked = s->wait;
	t->job->upload_ms = t->upload_ms;
	t->job->progress = on_progress;
	t->job->progress_data = t;
	t->state = TASK_QUEUED;
	s->queue[s->qtail++] = (size_t)(t - s->tasks);
	pthread_cond_signal(&s->cv);
}

static void *worker(void *p)
{
	struct scheduler *s = p;

	for (;;) {
		struct task *t;
		struct check_result res;

		pthread_mutex_lock(&s->mu);
		while (!s->stopping && s->qhead == s->qtail)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->qhead == s->qtail) {
			pthread_mutex_unlock(&s->mu);
			return NULL;
		}
		t = &s->tasks[s->queue[s->qhead++]];
		t->state = TASK_RUNNING;
		pthread_mutex_unlock(&s->mu);

		check_run(t->job, &res);

		pthread_mutex_lock(&s->mu);
		t->result = res;
		t->status = res.status;
		t->state = TASK_DONE;
		/* Captures are variables for the checks still to come: set
		 * them now, before any dependent's job is made. */
		for (size_t i = 0; i < res.captures.count; i++) {
			const struct var *v = &res.captures.v[i];
			vars_set(&s->vars, v->name, v->value, VAR_RUNTIME,
				 NULL, 0);
		}
		s->done[s->dtail++] = (size_t)(t - s->tasks);
		pthread_mutex_unlock(&s->mu);
		wake(s);
	}
}

int scheduler_start(struct scheduler *s, char **err)
{
	int want;

	*err = NULL;
	if (s->pipe[0] < 0) {
		*err = xasprintf("cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	s->queue = xcalloc(s->ntasks + 1, sizeof(*s->queue));
	s->done = xcalloc(s->ntasks + 1, sizeof(*s->done));
	want = s->ntasks < (size_t)s->max_threads ? (int)s->ntasks
						   : s->max_threads;
	s->threads = xcalloc((size_t)want + 1, sizeof(*s->threads));
	for (int i = 0; i < want; i++) {
		int rc = pthread_create(&s->threads[i], NULL, worker, s);
		if (rc != 0) {
			if (s->nthreads == 0) {
				*err = xasprintf("cannot start a thread: %s",
						 strerror(rc));
				return -1;
			}
			break;
		}
		s->nthreads++;
	}
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < s->ntasks; i++)
		consider(s, &s->tasks[i]);
	pthread_mutex_unlock(&s->mu);
	return 0;
}

int scheduler_fd(const struct scheduler *s)
{
	return s->pipe[0];
}

bool scheduler_next(struct scheduler *s, const struct item **item,
		struct check_result *out)
{
	char drain[64];
	struct task *t;

	while (read(s->pipe[0], drain, sizeof(drain)) > 0)
		;
	pthread_mutex_lock(&s->mu);
	if (s->dhead == s->dtail) {
		pthread_mutex_unlock(&s->mu);
		return false;
	}
	t = &s->tasks[s->done[s->dhead++]];
	t->state = TASK_HANDED;
	*item = t->item;
	*out = t->result;
	memset(&t->result, 0, sizeof(t->result));
	check_job_free(t->job);
	t->job = NULL;
	s->handed++;
	for (size_t i = 0; i < s->ntasks; i++)
		consider(s, &s->tasks[i]);
	if (s->dhead != s->dtail)
		wake(s);
	pthread_mutex_unlock(&s->mu);
	return true;
}

void scheduler_wait(struct scheduler *s, int timeout_ms)
{
	struct pollfd p = { .fd = s->pipe[0], .events = POLLIN };

	pthread_mutex_lock(&s->mu);
	if (s->dhead != s->dtail) {
		pthread_mutex_unlock(&s->mu);
		return;
	}
	pthread_mutex_unlock(&s->mu);
	poll(&p, 1, timeout_ms);
}

bool scheduler_finished(const struct scheduler *s)
{
	return s->handed == s->ntasks;
}

bool scheduler_running(struct scheduler *s, const struct item *item)
{
	struct task *t;
	bool running;

	pthread_mutex_lock(&s->mu);
	t = task_of(s, item);
	running = t && t->state == TASK_RUNNING;
	pthread_mutex_unlock(&s->mu);
	return running;
}

bool scheduler_holds(struct scheduler *s, const struct item *item)
{
	struct task *t;
	bool held;

	pthread_mutex_lock(&s->mu);
	t = task_of(s, item);
	held = t && t->state != TASK_HANDED;
	pthread_mutex_unlock(&s->mu);
	return held;
}

char *scheduler_progress(struct scheduler *s, const struct item *item)
{
	struct task *t;
	char *p = NULL;

	pthread_mutex_lock(&s->mu);
	t = task_of(s, item);
	if (t && t->state == TASK_RUNNING && t->progress)
		p = xstrdup(t->progress);
	pthread_mutex_unlock(&s->mu);
	return p;
}

void scheduler_cancel(struct scheduler *s)
{
	atomic_store(&s->cancel, 1);
}

void scheduler_free(struct scheduler *s)
{
	if (!s)
		return;
	scheduler_cancel(s);
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	s->qhead = s->qtail;	/* queued checks never start */
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	for (int i = 0; i < s->nthreads; i++)
		pthread_join(s->threads[i], NULL);
	for (size_t i = 0; i < s->ntasks; i++) {
		check_job_free(s->tasks[i].job);
		check_result_free(&s->tasks[i].result);
		free(s->tasks[i].progress);
	}
	free(s->tasks);
	free(s->queue);
	free(s->done);
	free(s->threads);
	if (s->pipe[0] >= 0) {
		close(s->pipe[0]);
		close(s->pipe[1]);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	vars_free(&s->vars);
	free(s->root);
	free(s->log_dir);
	free(s);
}
