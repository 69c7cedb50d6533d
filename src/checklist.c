/* checklist.c: look-ups on a loaded checklist. */
#include "config.h"

#include "checklist.h"

#include <ctype.h>
#include <libconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The item_ids value of an id that more than one phase has. */
static struct item ambiguous;

void checklist_free(struct checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->nphases; i++)
		free(cl->phases[i]->items);
	free(cl->phases);
	free(cl->sources);
	idmap_free(&cl->phase_ids);
	idmap_free(&cl->full_ids);
	idmap_free(&cl->item_ids);
	vars_free(&cl->vars);
	arena_free(&cl->arena);
	free(cl);
}

void checklist_index(struct checklist *cl)
{
	size_t k = 0;

	idmap_free(&cl->phase_ids);
	idmap_free(&cl->full_ids);
	idmap_free(&cl->item_ids);
	for (size_t i = 0; i < cl->nphases; i++) {
		struct phase *ph = cl->phases[i];
		idmap_add(&cl->phase_ids, ph->id, ph);
		for (size_t j = 0; j < ph->nitems; j++) {
			struct item *it = ph->items[j];
			it->index = k++;
			idmap_add(&cl->full_ids, it->full_id, it);
			if (idmap_add(&cl->item_ids, it->id, it))
				idmap_set(&cl->item_ids, it->id, &ambiguous);
		}
	}
}

struct phase *checklist_phase(const struct checklist *cl, const char *id)
{
	return idmap_get(&cl->phase_ids, id);
}

struct item *checklist_item(const struct checklist *cl, const char *id)
{
	struct item *it;

	if (strchr(id, '.'))
		return idmap_get(&cl->full_ids, id);
	it = idmap_get(&cl->item_ids, id);
	return it == &ambiguous ? NULL : it;
}

size_t checklist_count_items(const struct checklist *cl)
{
	size_t n = 0;

	for (size_t i = 0; i < cl->nphases; i++)
		n += cl->phases[i]->nitems;
	return n;
}

char *checklist_expand(const struct checklist *cl, const char *raw, char **err)
{
	struct buf out = BUF_INIT;

	*err = NULL;
	if (!raw)
		return NULL;
	if (vars_expand(&cl->vars, raw, &out, NULL, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *checklist_command(const struct checklist *cl, const char *raw,
			char **err)
{
	struct buf out = BUF_INIT;
	struct expand_result res;

	*err = NULL;
	if (vars_expand_shell(&cl->vars, raw, &out, &res, err) < 0) {
		buf_free(&out);
		return NULL;
	}
	if (res.deferred) {
		*err = xasprintf("\"%s\" uses a variable that no check has set"
				 " yet", raw);
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *checklist_show(const struct checklist *cl, const char *raw)
{
	struct buf out = BUF_INIT;
	char *err = NULL;

	if (!raw)
		return xstrdup("");
	if (vars_expand_show(&cl->vars, raw, &out, &err) < 0) {
		free(err);
		buf_free(&out);
		return xstrdup(raw);
	}
	return buf_detach(&out);
}

const struct check_value *check_get(const struct check_spec *spec,
				    const char *field)
{
	int i = check_type_field(spec->type, field);

	if (i < 0 || !spec->values[i].set)
		return NULL;
	return &spec->values[i];
}

/* ---- the review policy block (checklist.h) ---- */

bool checklist_fingerprint(const char *s, char *fpr)
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (!isxdigit((unsigned char)*s) || n == 40)
			return false;
		if (fpr)
			fpr[n] = (char)toupper((unsigned char)*s);
		n++;
	}
	if (fpr && n == 40)
		fpr[40] = '\0';
	return n == 40;
}

static const char review_keys[] = "approvals, self_approval, reviewers, "
				   "signed";

static int review_line(const config_setting_t *s)
{
	return (int)config_setting_source_line(s);
}

static int review_bool(const char *file, const config_setting_t *s,
		       bool *out, struct diag *d)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		diag_add(d, file, review_line(s), "review: '%s' must be true "
			 "or false", config_setting_name(s));
		return -1;
	}
	*out = config_setting_get_bool(s) != 0;
	return 0;
}

/* A reviewer as given: a fingerprint (kept uppercase, no 0x, no
 * spaces), or a name, "Name <mail>" or a mail, which must give a
 * reviewer's id (run_reviewer_id's rules, mirrored: a letter or digit).
 * NULL after saying why. */
static const char *review_entry(struct checklist *cl, const char *file,
				const config_setting_t *e, struct diag *d)
{
	const char *v = config_setting_get_string(e);
	char fpr[41];
	bool alnum = false;
	const char *hex = v;

	if (!v) {
		diag_add(d, file, review_line(e), "review: each of 'reviewers' "
			 "must be a string (a name, \"Name <mail>\", or an "
			 "OpenPGP fingerprint)");
		return NULL;
	}
	if (checklist_fingerprint(v, fpr))
		return arena_strdup(&cl->arena, fpr);
	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) {
		diag_add(d, file, review_line(e), "review: reviewer '%s' is "
			 "not an OpenPGP fingerprint (40 hex digits)", v);
		return NULL;
	}
	for (const char *p = v; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			diag_add(d, file, review_line(e), "review: a reviewer "
				 "holds a control character");
			return NULL;
		}
		alnum |= isalnum((unsigned char)*p) != 0;
	}
	if (!alnum || strlen(v) > 200) {
		diag_add(d, file, review_line(e), "review: reviewer '%s' names "
			 "nobody (a name, \"Name <mail>\", or a fingerprint)",
			 v);
		return NULL;
	}
	return arena_strdup(&cl->arena, v);
}

static int review_list(struct checklist *cl, const char *file,
		       const config_setting_t *s, struct review_policy *rp,
		       struct diag *d)
{
	int type = config_setting_type(s), n, bad = 0;

	if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) {
		diag_add(d, file, review_line(s), "review: 'reviewers' must be "
			 "a list of strings [ \"Name <mail>\", ... ]");
		return -1;
	}
	n = config_setting_length(s);
	rp->reviewers.s = arena_alloc(&cl->arena, (size_t)(n + 1) *
				      sizeof(char *));
	rp->reviewers.at = arena_alloc(&cl->arena, (size_t)(n + 1) *
				       sizeof(struct where));
	rp->reviewers.n = 0;
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s,
								    (unsigned)i);
		const char *v = review_entry(cl, file, e, d);

		if (!v) {
			bad = -1;
			continue;
		}
		for (size_t k = 0; k < rp->reviewers.n; k++)
			if (strcasecmp(rp->reviewers.s[k], v) == 0) {
				diag_add(d, file, review_line(e), "review: "
					 "reviewer '%s' is listed twice (first "
					 "at line %d)", v,
					 rp->reviewers.at[k].line);
				bad = -1;
				v = NULL;
				break;
			}
		if (!v)
			continue;
		rp->reviewers.at[rp->reviewers.n] = (struct where){
			file, review_line(e) };
		rp->reviewers.s[rp->reviewers.n++] = v;
	}
	return bad;
}

int checklist_review_parse(struct checklist *cl, const char *file,
			   const config_setting_t *s, struct diag *d)
{
	struct review_policy rp = { .set = true, .approvals = 1,
				    .at = { file, review_line(s) } };
	const config_setting_t *count = NULL;
	size_t before = d->count;
	int n;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
		diag_add(d, file, review_line(s), "'review' must be a group "
			 "{ approvals = 2; self_approval = false; reviewers = "
			 "[ ... ]; signed = true; }");
		return -1;
	}
	n = config_setting_length(s);
	for (int i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s,
								    (unsigned)i);
		const char *key = config_setting_name(e);

		if (strcmp(key, "approvals") == 0) {
			int t = config_setting_type(e);
			long long v = t == CONFIG_TYPE_INT
				? config_setting_get_int(e)
				: t == CONFIG_TYPE_INT64
				? config_setting_get_int64(e) : -1;
			if (v < 1 || v > 100) {
				diag_add(d, file, review_line(e), "review: "
					 "'approvals' must be an integer from 1 "
					 "to 100");
				continue;
			}
			rp.approvals = v;
			count = e;
		} else if (strcmp(key, "self_approval") == 0) {
			review_bool(file, e, &rp.self_approval, d);
		} else if (strcmp(key, "signed") == 0) {
			review_bool(file, e, &rp.signed_, d);
		} else if (strcmp(key, "reviewers") == 0) {
			review_list(cl, file, e, &rp, d);
		} else {
			diag_add(d, file, review_line(e), "unknown setting '%s' "
				 "in review (known: %s)", key, review_keys);
		}
	}
	if (count && rp.reviewers.n && (size_t)rp.approvals >
	    rp.reviewers.n)
		diag_add(d, file, review_line(count), "review: %lld approvals "
			 "needed, but only %zu reviewer%s listed: no run could "
			 "ever be approved", rp.approvals, rp.reviewers.n,
			 rp.reviewers.n == 1 ? " is" : "s are");
	if (d->count > before)
		return -1;
	cl->review = rp;
	return 0;
}
