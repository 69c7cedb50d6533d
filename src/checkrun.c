/* checkrun.c: the scheduler, driven to the end. */
#include "config.h"

#include "checkrun.h"
#include "scheduler.h"

#include <string.h>

int checkrun_items(const struct checklist *cl, const char *root,
		   const char *log_dir, const struct item *const *items,
		   size_t n, bool independent, struct check_result *out,
		   char **err)
{
	struct scheduler_options so = { .root = root, .log_dir = log_dir,
					.independent = independent };
	struct scheduler *s;

	*err = NULL;
	for (size_t i = 0; i < n; i++)
		check_result_init(&out[i]);
	if (n == 0)
		return 0;
	s = scheduler_new(cl, &so);
	for (size_t i = 0; i < n; i++)
		scheduler_add(s, items[i]);
	if (scheduler_start(s, err) < 0) {
		scheduler_free(s);
		return -1;
	}
	while (!scheduler_finished(s)) {
		const struct item *it;
		struct check_result res;

		scheduler_wait(s, 250);
		while (scheduler_next(s, &it, &res)) {
			for (size_t i = 0; i < n; i++)
				if (items[i] == it)
					out[i] = res;
		}
	}
	scheduler_free(s);
	return 0;
}
