/* reviews.c: the screen's reviewers' journals, followed while it is
 * open.  A verdict is given from another process (relcheck review, a
 * second relcheck audit, relcheck fetch bringing one in) into its own
 * journal, RUN.reviews/ID.jsonl, which run_open read once: each frame
 * (a key, or the loop's tick) looks at the folder, and when anything in
 * it changed (a file added, removed, grown, rewritten), the verdicts are
 * read again (run_load_reviews), the policy applied to them again, and
 * a->reviews_gen moves on, so that every view that shows them (the
 * header's state, the timeline, the detail) draws them again. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "util.h"

static void mix(uint64_t *h, uint64_t v)
{
	*h ^= v;
	*h *= 1099511628211ULL;		/* FNV-1a's prime */
}

/* What the folder holds, in one number: each journal's name, inode,
 * size and times (order-free: readdir's order is the file system's). */
static uint64_t folder_sig(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	uint64_t all = 0;

	if (!d)
		return 1;	/* none: not 0, which means "not yet looked" */
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *path;
		uint64_t h = 14695981039346656037ULL;

		if (de->d_name[0] == '.')
			continue;
		path = path_join(dir, de->d_name);
		if (stat(path, &st) == 0) {
			mix(&h, (uint64_t)st.st_ino);
			mix(&h, (uint64_t)st.st_size);
			mix(&h, (uint64_t)st.st_mtim.tv_sec);
			mix(&h, (uint64_t)st.st_mtim.tv_nsec);
			mix(&h, (uint64_t)st.st_ctim.tv_sec);
			mix(&h, (uint64_t)st.st_ctim.tv_nsec);
		}
		for (const char *p = de->d_name; *p; p++)
			mix(&h, (unsigned char)*p);
		all += h;
		free(path);
	}
	closedir(d);
	return all ? all : 2;
}

/* The verdicts read again: the run's own (a run recorded before
 * reviewers' journals: file NULL) kept, the journals' read anew. */
static void reload(struct run *run)
{
	struct run old;
	struct review_record *kept;
	size_t nkept = 0;

	memset(&old, 0, sizeof(old));
	kept = xcalloc(run->nreviews + 1, sizeof(*kept));
	old.reviews = xcalloc(run->nreviews + 1, sizeof(*old.reviews));
	for (size_t i = 0; i < run->nreviews; i++) {
		if (run->reviews[i].file)
			old.reviews[old.nreviews++] = run->reviews[i];
		else
			kept[nkept++] = run->reviews[i];
	}
	old.review_problems = run->review_problems;
	old.nreview_problems = run->nreview_problems;
	run_reviews_free(&old);
	free(run->reviews);
	run->reviews = kept;
	run->nreviews = nkept;
	run->review_problems = NULL;
	run->nreview_problems = 0;
	run_load_reviews(run, NULL);
}

bool app_reviews_follow(struct app *a)
{
	char *dir;
	uint64_t sig;

	/* Verdicts are given only on a closed run: an open one's keys cost
	 * no look at the folder. */
	if (!a->run || !a->run->path || !a->run->closed)
		return false;
	dir = run_reviews_dir(a->run->path);
	sig = folder_sig(dir);
	free(dir);
	if (!a->reviews_sig) {		/* run_open has just read them */
		a->reviews_sig = sig;
		return false;
	}
	if (sig == a->reviews_sig)
		return false;
	a->reviews_sig = sig;
	reload(a->run);
	a->reviews_gen++;
	return true;
}
