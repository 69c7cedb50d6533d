/* test-userconf.c: the user's own config (ui/userconf.c): what it takes,
 * and each mistake said at its file:line (libconfig's and ours): a
 * setting not known, an action or a key not known, two actions on one key
 * where both apply; the keys as bound; the themes (ui/theme.c), whose
 * plan needs no terminal. */
#include "config.h"

#include "testutil.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyname.h"
#include "theme.h"
#include "userconf.h"

/* Parses text as "cfg"; the diagnostics, one a line ("" when none; the
 * caller frees).  *rc gets userconf_parse's. */
static char *parse(struct userconf *uc, const char *text, int *rc)
{
	struct diag d = DIAG_INIT;
	struct buf out = BUF_INIT;

	userconf_init(uc);
	*rc = userconf_parse(uc, "cfg", text, &d);
	buf_init(&out);
	for (size_t i = 0; i < d.count; i++) {
		char *s = diag_format(&d, i);
		buf_addf(&out, "%s\n", s);
		free(s);
	}
	diag_free(&d);
	return buf_detach(&out);
}

/* text is refused, and what is said holds want. */
static void refused(const char *text, const char *want)
{
	struct userconf uc;
	int rc;
	char *said = parse(&uc, text, &rc);

	if (rc != -1 || !strstr(said, want))
		print_error("text:\n%s\nsaid:\n%s\nwanted: %s\n", text, said,
			    want);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(said, want));
	free(said);
	userconf_free(&uc);
}

/* text is taken, nothing said; uc holds it (the caller frees). */
static void taken(struct userconf *uc, const char *text)
{
	int rc;
	char *said = parse(uc, text, &rc);

	if (rc != 0)
		print_error("text:\n%s\nsaid:\n%s\n", text, said);
	assert_int_equal(rc, 0);
	assert_string_equal(said, "");
	free(said);
}

static void test_empty_is_defaults(void **state)
{
	struct userconf uc;
	char buf[40];

	(void)state;
	taken(&uc, "# nothing\n");
	assert_int_equal(uc.theme, THEME_DEFAULT);
	assert_false(uc.mouse);
	assert_null(uc.as);
	assert_string_equal(userconf_keys(&uc, ACT_QUIT), "q");
	assert_string_equal(userconf_keys(NULL, ACT_DOWN), "j, Down");
	assert_string_equal(userconf_bar(&uc, ACT_DOWN, buf, sizeof(buf)),
			    "j/k");
	assert_string_equal(userconf_pager_keys(&uc, PAGER_BACK), "q, Esc");
	userconf_free(&uc);
}

static void test_everything_taken(void **state)
{
	struct userconf uc;
	char buf[40];

	(void)state;
	taken(&uc,
	      "theme = \"high-contrast\";\n"
	      "mouse = true;\n"
	      "colours = { pass = \"green\"; select = \"white on blue\"; };\n"
	      "keys = {\n"
	      "  down = [ \"J\", \"Down\" ];\n"
	      "  up = \"K\";\n"
	      "  quit = \"Ctrl-X\";\n"
	      "  help = \"F1\";\n"
	      "  next_todo = [ \"Tab\", \"Right\" ];\n"
	      "  pager = { back = [ \"Left\", \"Esc\" ]; page_down = \"Comma\"; };\n"
	      "};\n"
	      "defaults = { as = \"Jane <jane@example.org>\";\n"
	      "  set = { index = \"http://127.0.0.1/simple/\"; }; };\n");
	assert_int_equal(uc.theme, THEME_HIGH_CONTRAST);
	assert_true(uc.mouse);
	assert_true(uc.colours[PAIR_SELECT].set);
	assert_int_equal(uc.colours[PAIR_SELECT].fg, COLOR_WHITE);
	assert_int_equal(uc.colours[PAIR_SELECT].bg, COLOR_BLUE);
	assert_int_equal(uc.colours[PAIR_PASS].bg, -1);
	assert_false(uc.colours[PAIR_FAIL].set);
	assert_string_equal(userconf_keys(&uc, ACT_DOWN), "J, Down");
	assert_string_equal(userconf_keys(&uc, ACT_QUIT), "Ctrl-X");
	/* The status line: the pair made of the keys bound. */
	assert_string_equal(userconf_bar(&uc, ACT_DOWN, buf, sizeof(buf)),
			    "J/K");
	assert_string_equal(userconf_bar(&uc, ACT_HELP, buf, sizeof(buf)),
			    "F1");
	assert_string_equal(userconf_pager_bar(&uc, PAGER_PAGE_DOWN, buf,
					       sizeof(buf)), "Comma/b");
	assert_string_equal(userconf_pager_bar(&uc, PAGER_BACK, buf,
					       sizeof(buf)), "Left");
	/* The table's own bar where nothing of it is rebound. */
	assert_string_equal(userconf_pager_bar(&uc, PAGER_FIRST, buf,
					       sizeof(buf)), "g/G");
	assert_true(key_in(userconf_keys(&uc, ACT_QUIT), 24));
	assert_true(key_in(userconf_keys(&uc, ACT_HELP), KEY_F(1)));
	assert_false(key_in(userconf_keys(&uc, ACT_QUIT), 'q'));
	assert_true(key_in(userconf_pager_keys(&uc, PAGER_PAGE_DOWN), ','));
	assert_string_equal(uc.as, "Jane <jane@example.org>");
	assert_int_equal(uc.nsets, 1);
	assert_string_equal(uc.set_names[0], "index");
	userconf_free(&uc);
}

static void test_syntax_error_line(void **state)
{
	(void)state;
	refused("theme = \"light\";\nkeys = {\n  quit = \"Q\";\n  down = ;\n};\n",
		"cfg:4: syntax error");
	refused("theme = \"light\";\ntheme = \"mono\";\n",
		"cfg:2: duplicate setting name");
	refused("# one\n  @include \"other\"\n",
		"cfg:2: @include is not taken");
}

static void test_unknown_settings(void **state)
{
	(void)state;
	refused("theme = \"light\";\n\nthem = \"light\";\n",
		"cfg:3: 'them' is not a setting of the user config");
	refused("defaults = {\n as = \"x\";\n sett = { a = \"b\"; };\n};\n",
		"cfg:3: defaults.sett: not an option");
	refused("colours = {\n pas = \"green\";\n};\n",
		"cfg:2: colours.pas: no such colour pair");
	refused("theme = \"lite\";\n", "cfg:1: theme: no theme called 'lite'");
	refused("mouse = 1;\n", "cfg:1: mouse must be true or false");
	refused("\ncolours = { fail = \"red on pink\"; };\n",
		"cfg:2: colours.fail: 'red on pink' is not a colour");
	refused("defaults = { set = { bad-name = \"x\"; }; };\n",
		"cfg:1: defaults.set.bad-name: not a variable name");
	refused("defaults = {\n as = \"\";\n};\n",
		"cfg:2: defaults.as needs a name");
}

static void test_unknown_names(void **state)
{
	(void)state;
	refused("keys = {\n  quitt = \"Q\";\n};\n",
		"cfg:2: keys.quitt: the screen has no action called 'quitt'");
	refused("keys = {\n pager = {\n  bak = \"x\";\n };\n};\n",
		"cfg:3: keys.pager.bak: the viewer has no action");
	refused("keys = {\n\n  quit = [ \"Q\", \"Escape\" ];\n};\n",
		"cfg:3: keys.quit: unknown key name 'Escape'");
	refused("keys = { quit = \"F13\"; };\n", "unknown key name 'F13'");
	refused("keys = { quit = \"Ctrl-C\"; };\n",
		"unknown key name 'Ctrl-C'");
	refused("keys = { quit = \"q, Q\"; };\n", "unknown key name 'q, Q'");
	refused("keys = { quit = \",\"; };\n", "unknown key name ','");
	refused("keys = { quit = []; };\n", "cfg:1: keys.quit: no key");
	refused("keys = { quit = 1; };\n", "cfg:1: keys.quit must be a key");
	refused("keys = \"q\";\n", "cfg:1: keys must be a group");
}

static void test_conflicts(void **state)
{
	struct userconf uc;

	(void)state;
	/* Both bound: the later line, naming both. */
	refused("keys = {\n  note = \"x\";\n\n  recheck = \"x\";\n};\n",
		"cfg:4: key 'x' is bound to both note (cfg:2) and recheck "
		"(cfg:4), and both apply in operator mode");
	/* One on another's default key. */
	refused("keys = {\n  help = \"j\";\n};\n",
		"cfg:2: key 'j' of help is down's too (its default key)");
	refused("keys = {\n pager = {\n  back = \"n\";\n };\n};\n",
		"cfg:3: key 'n' of pager.back is pager.next's too");
	/* Enter is Ctrl-M, and Return: one key. */
	refused("keys = { quit = \"Enter\"; };\n",
		"key 'Enter' of quit is done's too");
	/* Keys swapped: no conflict. */
	taken(&uc, "keys = { down = \"k\"; up = \"j\"; };\n");
	userconf_free(&uc);
	/* Actions that never apply at once share a key: review (audit)
	 * and done (recording). */
	taken(&uc, "keys = { review = \"d\"; };\n");
	userconf_free(&uc);
	/* The list and the viewer are apart. */
	taken(&uc, "keys = { pager = { back = \"x\"; }; };\n");
	userconf_free(&uc);
}

static void test_load(void **state)
{
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "config");
	char *missing = tu_path(dir, "none");
	struct diag d = DIAG_INIT;
	struct userconf uc;
	FILE *f;

	(void)state;
	userconf_init(&uc);
	/* Named and missing: said. */
	assert_int_equal(userconf_load(&uc, missing, &d), -1);
	assert_int_equal(d.count, 1);
	diag_free(&d);
	/* A folder is not a config. */
	assert_int_equal(userconf_load(&uc, dir, &d), -1);
	diag_free(&d);
	/* Found by XDG_CONFIG_HOME, missing: the defaults, silently. */
	unsetenv("RELCHECK_USER_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	assert_int_equal(userconf_load(&uc, NULL, &d), 0);
	assert_int_equal(d.count, 0);
	assert_null(uc.path);
	/* RELCHECK_USER_CONFIG first. */
	setenv("RELCHECK_USER_CONFIG", file, 1);
	{
		char *p = userconf_path();
		assert_string_equal(p, file);
		free(p);
	}
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("theme = \"light\";\nkeys = { quit = \"Q\"; };\n", f);
	fclose(f);
	assert_int_equal(userconf_load(&uc, NULL, &d), 0);
	assert_string_equal(uc.path, file);
	assert_int_equal(uc.theme, THEME_LIGHT);
	assert_string_equal(userconf_keys(&uc, ACT_QUIT), "Q");
	userconf_free(&uc);
	/* /dev/null: none at all. */
	setenv("RELCHECK_USER_CONFIG", "/dev/null", 1);
	assert_int_equal(userconf_load(&uc, NULL, &d), 0);
	assert_int_equal(d.count, 0);
	unsetenv("RELCHECK_USER_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	userconf_free(&uc);
	tu_rmtree(dir);
	free(missing);
	free(file);
	free(dir);
}

static void test_themes(void **state)
{
	struct theme def, hc, light, none, over;
	struct theme_colour c[PAIR_COUNT] = { { 0 } };

	(void)state;
	theme_plan(&def, THEME_DEFAULT, true, NULL);
	theme_plan(&hc, THEME_HIGH_CONTRAST, true, NULL);
	theme_plan(&light, THEME_LIGHT, true, NULL);
	/* The default as it always was. */
	assert_int_equal(def.attr[PAIR_FAIL], (int)(COLOR_PAIR(PAIR_FAIL) |
						     A_BOLD));
	assert_int_equal(def.attr[PAIR_SELECT], (int)COLOR_PAIR(PAIR_SELECT));
	assert_int_equal(def.fg[PAIR_WARN], COLOR_YELLOW);
	/* Light: no yellow or cyan text on white. */
	for (int p = PAIR_NONE + 1; p < PAIR_COUNT; p++) {
		assert_int_not_equal(light.fg[p], COLOR_YELLOW);
		assert_int_not_equal(light.fg[p], COLOR_CYAN);
	}
	/* High-contrast: bold, nothing dim, otherwise than the default. */
	for (int p = PAIR_NONE + 1; p < PAIR_COUNT; p++) {
		assert_true(hc.attr[p] & A_BOLD);
		assert_false(hc.attr[p] & A_DIM);
	}
	assert_int_not_equal(hc.dim, (int)A_DIM);
	assert_int_equal(def.dim, (int)A_DIM);
	assert_memory_not_equal(hc.attr, def.attr, sizeof(def.attr));
	/* Without colour (NO_COLOR, mono): no colour pair in any. */
	theme_plan(&none, THEME_LIGHT, false, NULL);
	for (int p = 0; p < PAIR_COUNT; p++)
		assert_int_equal(none.attr[p] & (int)A_COLOR, 0);
	assert_false(none.colour);
	theme_plan(&none, THEME_MONO, true, NULL);
	assert_false(none.colour);
	assert_int_equal(none.attr[PAIR_SELECT], (int)A_REVERSE);
	/* A colour set over the theme's. */
	assert_true(theme_colour_parse("white on red", &c[PAIR_SELECT]));
	theme_plan(&over, THEME_HIGH_CONTRAST, true, c);
	assert_int_equal(over.fg[PAIR_SELECT], COLOR_WHITE);
	assert_int_equal(over.bg[PAIR_SELECT], COLOR_RED);
	assert_false(over.attr[PAIR_SELECT] & A_REVERSE);
	assert_true(over.attr[PAIR_SELECT] & (int)A_COLOR);
	assert_false(theme_colour_parse("pink", &c[PAIR_PASS]));
	assert_false(theme_colour_parse("red on", &c[PAIR_PASS]));
	assert_int_equal(theme_by_name("high-contrast"), THEME_HIGH_CONTRAST);
	assert_int_equal(theme_by_name("dark"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_is_defaults),
		cmocka_unit_test(test_everything_taken),
		cmocka_unit_test(test_syntax_error_line),
		cmocka_unit_test(test_unknown_settings),
		cmocka_unit_test(test_unknown_names),
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_themes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
