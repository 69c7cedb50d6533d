/* checklist.h: a loaded checklist: phases, items, checks and variables.
 *
 * A checklist is loaded whole and valid, or not at all (see loader.h).
 * It owns everything it points to: its arena holds the phases, items and
 * strings, and `vars` holds the variables.  checklist_free releases all.
 *
 * Strings in items and checks are kept raw, as written, with ${vars}
 * unexpanded: checklist_expand gives their value now, and the check engine
 * expands them again when variables set at run time (regex captures) come.
 */
#ifndef RELCHECK_CHECKLIST_H
#define RELCHECK_CHECKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "checktype.h"
#include "diag.h"
#include "idmap.h"
#include "util.h"
#include "vars.h"

struct where {
	const char *file;
	int line;
};

struct strlist {
	const char **s;
	struct where *at;
	size_t n;
};

struct check_value {
	bool set;
	struct where at;
	const char *s;		/* string kinds */
	long long i;		/* FIELD_INT, FIELD_MODE (the bits) */
	bool b;			/* FIELD_BOOL */
	struct strlist list;	/* FIELD_STRINGS */
};

struct check_spec {
	const struct check_type *type;
	struct check_value *values;	/* one per type->fields entry */
	struct where at;
};

struct phase;

struct item {
	const char *id;		/* short id, unique in its phase */
	const char *full_id;	/* PHASE.ITEM */
	const char *title;
	const char *section;	/* NULL when none */
	const char *description;
	struct strlist commands;
	struct strlist depends;	/* as written */
	struct item **deps;	/* resolved, ndeps == depends.n */
	bool optional;
	/* What an irreversible step does and where, as written ("uploads
	 * ${package} ${version} to ${upload_url}"); NULL when undoable. */
	const char *irreversible;
	/* settled_by: the item of another phase whose settling settles this
	 * one (a step checked here and done later); resolved into settler. */
	const char *settled_by;
	struct where settled_by_at;
	struct item *settler;		/* NULL when settled_by is */
	/* Done once per maintainer, not once per release (maintainer.h):
	 * given, or from its phase's maintainer = true. */
	bool maintainer;
	struct where maintainer_at;	/* line 0 unless given */
	struct check_spec *check;	/* NULL: a manual item */
	struct phase *phase;
	size_t index;		/* place in the checklist, over all phases */
	struct where at;
};

struct phase {
	const char *id;
	const char *title;
	const char *description;
	struct item **items;
	size_t nitems;
	/* Every item is a maintainer item (given, or every item says so):
	 * the phase is signed off once per maintainer, not per release. */
	bool maintainer;
	struct where at;
};

/* The review policy: `review = { approvals = 2; self_approval = false;
 * reviewers = [ "Alice <a@x>", "0xFPR" ]; signed = true; };` (policy.h
 * applies it).  Without the block (set false) a run's state is its last
 * verdict, as before review policies. */
struct review_policy {
	bool set;
	long long approvals;	/* approvals needed; 1 unless given */
	bool self_approval;	/* may the release manager approve? */
	/* Who may review: names, "Name <mail>", mails, or OpenPGP
	 * fingerprints (40 hex digits, kept uppercase without 0x or
	 * spaces); empty: anybody. */
	struct strlist reviewers;
	bool signed_;		/* every sign-off and verdict signed */
	struct where at;
};

struct checklist {
	struct arena arena;
	struct review_policy review;
	const char *name;
	const char *description;
	const char *file;		/* the file loaded */
	const char **sources;		/* it and every file it included */
	size_t nsources;
	char sha256[65];		/* of the sources, in load order */
	struct vars vars;
	bool version_known;		/* from --release or the version file */
	struct phase **phases;
	size_t nphases;
	/* Look-ups, made by checklist_index once the phases are final. */
	struct idmap phase_ids;		/* id -> phase */
	struct idmap full_ids;		/* "phase.item" -> item */
	struct idmap item_ids;		/* "item" -> item, or a marker when
					 * more than one phase has it */
};

/* Numbers the items (item->index) and fills the look-ups; for the loader,
 * once cl->phases is final.  Makes checklist_phase and checklist_item
 * O(log n). */
void checklist_index(struct checklist *cl);

void checklist_free(struct checklist *cl);

struct phase *checklist_phase(const struct checklist *cl, const char *id);
/* Finds "phase.item"; also "item" alone when it is unique. */
struct item *checklist_item(const struct checklist *cl, const char *id);
size_t checklist_count_items(const struct checklist *cl);

/* Expands raw with the checklist's variables; NULL-safe.  Returns a string
 * the caller frees, or NULL with *err set (caller frees) on error. */
char *checklist_expand(const struct checklist *cl, const char *raw, char **err);

/* A step's shell command, expanded with every value from outside the
 * checklist's text quoted for the shell (vars_expand_shell).  NULL with
 * *err (caller frees) when it cannot be built safely. */
char *checklist_command(const struct checklist *cl, const char *raw,
			char **err);

/* raw expanded for showing to a person: raw itself when a variable has
 * no value or expansion fails, "" for NULL.  Never NULL; caller frees. */
char *checklist_show(const struct checklist *cl, const char *raw);

/* Reads the `review` block s (a libconfig setting) of file into
 * cl->review, replacing one given before (a later layer's wins); each
 * problem to d with its file and line.  Returns 0, or -1 after adding
 * at least one problem.  (The loader calls it.) */
struct config_setting_t;
int checklist_review_parse(struct checklist *cl, const char *file,
			   const struct config_setting_t *s, struct diag *d);
/* Whether s is an OpenPGP fingerprint as a reviewer is given (40 hex
 * digits, maybe 0x and spaces); into fpr (41 bytes, uppercase) when
 * fpr is not NULL. */
bool checklist_fingerprint(const char *s, char *fpr);

/* The value of a check field, or NULL/0/false when unset. */
const struct check_value *check_get(const struct check_spec *spec,
				    const char *field);

#endif
