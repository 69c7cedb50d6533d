/* test-loader.c: checklist_load (src/loader.c): every kind of malformed
 * config, each with its exact diagnostic, then what a valid one gives.
 *
 * The malformed configs are a table: each row runs as a cmocka test of
 * its own (the row is the test's initial state), so each shows as one TAP
 * line.  A row's files are written to a fresh temporary folder; the main
 * one is always c.conf.  The diagnostics are compared with the folder
 * taken out of them, "c.conf:3: message"; one test checks that the file
 * is named as it was passed in load_options.file.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checklist.h"
#include "loader.h"
#include "testutil.h"

/* One valid phase, on one line. */
#define PHASE \
	"phases = ( { id = \"p\"; title = \"P\"; " \
	"items = ( { id = \"a\"; title = \"A\"; } ); } );\n"

/* Item a of phase pre, its closing lines after the text given. */
#define ITEM_A(body) \
	"phases = (\n" \
	"  { id = \"pre\"; title = \"P\";\n" \
	"    items = ( { id = \"a\"; title = \"A\";\n" \
	body " } ); }\n" \
	");\n"

struct file {
	const char *path;
	const char *text;
};

struct bad_case {
	const char *name;
	const char *text;	/* c.conf; NULL: there is none */
	struct file more[3];	/* other files (included ones) */
	const char *set;	/* "NAME=VALUE" as --set, or NULL */
	const char *expect;	/* every diagnostic; %TYPES%: the types */
};

static const struct bad_case bad_cases[] = {
	/* ---- the file itself ---- */
	{ "syntax_error",
	  "name = \"x\";\n"
	  "phases = (\n"
	  "  { id = \"p\"; title = \"P\"; items = ( { id = \"a\"; "
	  "title = \"A\"; } ); }\n"
	  "  { id = \"q\"; }\n"
	  ");\n",
	  .expect = "c.conf:4: syntax error" },
	/* Unterminated at the end: libconfig 1.5 leaks the string when
	 * more text follows it, which would fail the valgrind run. */
	{ "syntax_unterminated_string",
	  PHASE "name = \"x;\n",
	  .expect = "c.conf:3: syntax error" },
	{ "duplicate_setting",
	  "name = \"x\";\n"
	  "name = \"y\";\n" PHASE,
	  .expect = "c.conf:2: duplicate setting name" },
	{ "missing_file", NULL,
	  .expect = "c.conf: cannot read: No such file or directory" },
	{ "empty_file", "",
	  .expect = "c.conf: the checklist has no phases" },
	{ "empty_checklist",
	  "name = \"nothing\";\n"
	  "phases = ( );\n",
	  .expect = "c.conf: the checklist has no phases" },
	{ "unknown_top_level_key",
	  "name = \"x\";\n"
	  "colour = \"red\";\n" PHASE,
	  .expect = "c.conf:2: unknown setting 'colour' in the checklist "
		    "(known: name, description, vars, phases, drop, review)" },
	{ "name_not_string",
	  "name = 3;\n" PHASE,
	  .expect = "c.conf:1: 'name' must be a string, not an integer" },
	{ "description_not_string",
	  PHASE "description = [ \"a\" ];\n",
	  .expect = "c.conf:2: 'description' must be a string, not an array" },
	{ "vars_not_group",
	  "vars = ( \"a\" );\n" PHASE,
	  .expect = "c.conf:1: 'vars' must be a group { name = \"value\"; }, "
		    "not a list" },
	{ "phases_not_list",
	  "name = \"x\";\n"
	  "phases = { id = \"p\"; };\n",
	  .expect = "c.conf:2: 'phases' must be a list ( {...}, {...} ), "
		    "not a group" },
	{ "drop_not_strings",
	  PHASE "drop = 7;\n",
	  .expect = "c.conf:2: 'drop' must be a string or a list of strings, "
		    "not an integer" },

	/* ---- vars ---- */
	{ "var_bad_name",
	  "vars = {\n"
	  "  my-var = \"x\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: bad variable name 'my-var' (letters, digits "
		    "and _)" },
	{ "var_not_string",
	  "vars = {\n"
	  "  a = \"x\";\n"
	  "  n = 3;\n"
	  "};\n" PHASE,
	  .expect = "c.conf:3: variable 'n' must be a string, not an integer" },
	{ "var_version_is_builtin",
	  "vars = {\n"
	  "  version = \"1.0\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: 'version' is set by relcheck itself and cannot "
		    "be a variable in vars" },
	{ "var_root_is_builtin",
	  "vars = {\n"
	  "  x = \"1\";\n"
	  "  root = \"/\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:3: 'root' is set by relcheck itself and cannot "
		    "be a variable in vars" },
	{ "var_value_unknown_variable",
	  "vars = {\n"
	  "  tag = \"v${vresion}\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: unknown variable 'vresion'" },
	{ "var_unknown_modifier",
	  "vars = {\n"
	  "  a = \"${b:upper}\";\n"
	  "  b = \"x\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: unknown modifier 'upper' in ${b:upper} "
		    "(known: re, upload, and env:NAME)" },
	{ "var_self_reference",
	  "vars = {\n"
	  "  a = \"x${a}\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: variable 'a' refers to itself" },
	{ "var_cycle",
	  "vars = {\n"
	  "  a = \"${b}\";\n"
	  "  b = \"${a}\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: variable cycle: b -> a -> b\n"
		    "c.conf:3: variable cycle: a -> b -> a" },
	{ "version_pattern_does_not_compile",
	  "vars = {\n"
	  "  version_file = \"v.py\";\n"
	  "  version_pattern = \"^v([0-9]\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:3: 'version_pattern': pattern does not compile: "
		    "missing closing parenthesis at offset 8" },
	{ "version_pattern_without_group",
	  "vars = {\n"
	  "  version_pattern = \"^__version__ = .*$\";\n"
	  "};\n" PHASE,
	  .expect = "c.conf:2: 'version_pattern' has no group ( ... ) around "
		    "the version" },
	{ "name_unknown_variable",
	  "\n"
	  "name = \"Release of ${nope}\";\n" PHASE,
	  .expect = "c.conf:2: unknown variable 'nope'" },

	/* ---- phases ---- */
	{ "phase_not_group",
	  "phases = (\n"
	  "  \"pre\",\n"
	  "  { id = \"p\"; title = \"P\"; items = ( { id = \"a\"; "
	  "title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:2: a phase must be a group { id = ...; title = "
		    "...; items = (...); }, not a string" },
	{ "phase_without_id",
	  "phases = (\n"
	  "  { title = \"P\"; items = ( { id = \"a\"; title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:2: phase has no 'id'" },
	{ "phase_id_not_string",
	  "phases = (\n"
	  "  { id = 1; title = \"P\"; }\n"
	  ");\n",
	  .expect = "c.conf:2: 'id' must be a string, not an integer" },
	{ "phase_bad_id",
	  "phases = (\n"
	  "  { id = \"Pre\"; title = \"P\"; }\n"
	  ");\n",
	  .expect = "c.conf:2: bad phase id 'Pre' (use a-z, 0-9, - and _, "
		    "starting with a letter or digit)" },
	{ "phase_without_title",
	  "phases = (\n"
	  "  { id = \"pre\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:2: phase 'pre' has no 'title'" },
	{ "phase_title_not_string",
	  "phases = (\n"
	  "  { id = \"pre\";\n"
	  "    title = true; }\n"
	  ");\n",
	  .expect = "c.conf:3: 'title' must be a string, not a boolean" },
	{ "phase_duplicate_id",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\"; items = ( { id = \"a\"; "
	  "title = \"A\"; } ); },\n"
	  "  { id = \"pre\"; title = \"Q\"; items = ( { id = \"b\"; "
	  "title = \"B\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: duplicate phase id 'pre' (first at line 2)" },
	{ "phase_unknown_key",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    colour = \"red\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: unknown setting 'colour' in a phase (known: id, "
		    "title, description, items, maintainer)" },
	{ "phase_title_unknown_variable",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P ${nope}\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:2: unknown variable 'nope'" },
	{ "phase_without_items",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\"; items = ( { id = \"a\"; "
	  "title = \"A\"; } ); },\n"
	  "  { id = \"post\"; title = \"Q\"; }\n"
	  ");\n",
	  .expect = "c.conf:3: phase 'post' has no items" },
	{ "phase_empty_items",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( ); }\n"
	  ");\n",
	  .expect = "c.conf:2: phase 'pre' has no items" },

	/* ---- items ---- */
	{ "items_not_list",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = [ \"a\", \"b\" ]; }\n"
	  ");\n",
	  .expect = "c.conf:3: 'items' must be a list ( {...}, {...} ), "
		    "not an array" },
	{ "item_not_group",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( \"a\" ); }\n"
	  ");\n",
	  .expect = "c.conf:3: an item must be a group { id = ...; title = "
		    "...; }, not a string" },
	{ "item_without_id",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: item has no 'id'" },
	{ "item_without_title",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: item 'a' has no 'title'" },
	{ "item_bad_id",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a b\"; title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: bad item id 'a b' (use a-z, 0-9, - and _, "
		    "starting with a letter or digit)" },
	{ "item_empty_id",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"\"; title = \"A\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: bad item id '' (use a-z, 0-9, - and _, "
		    "starting with a letter or digit)" },
	{ "item_duplicate_id",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; },\n"
	  "              { id = \"a\"; title = \"A again\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:4: duplicate item id 'pre.a' (first at line 3)" },
	{ "item_unknown_key",
	  ITEM_A("                colour = \"red\";"),
	  .expect = "c.conf:4: unknown setting 'colour' in an item (known: id, "
		    "title, section, description, commands, optional, depends, "
		    "check, after, before, irreversible, settled_by, maintainer)" },
	{ "item_title_not_string",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\";\n"
	  "                title = [ \"A\" ]; } ); }\n"
	  ");\n",
	  .expect = "c.conf:4: 'title' must be a string, not an array" },
	{ "optional_not_bool",
	  ITEM_A("                optional = \"yes\";"),
	  .expect = "c.conf:4: 'optional' must be true or false, not a "
		    "string" },
	{ "commands_not_strings",
	  ITEM_A("                commands = ( \"make\",\n"
		 "                             3 );"),
	  .expect = "c.conf:5: 'commands' must hold only strings; element 2 "
		    "is an integer" },
	{ "commands_not_list",
	  ITEM_A("                commands = 3;"),
	  .expect = "c.conf:4: 'commands' must be a string or a list of "
		    "strings, not an integer" },
	{ "depends_unknown_item",
	  ITEM_A("                depends = \"nothing\";"),
	  .expect = "c.conf:4: item 'pre.a' depends on 'nothing', which does "
		    "not exist" },
	{ "depends_unknown_phase_item",
	  ITEM_A("                depends = [ \"post.a\" ];"),
	  .expect = "c.conf:4: item 'pre.a' depends on 'post.a', which does "
		    "not exist" },
	{ "depends_on_itself",
	  ITEM_A("                depends = [ \"pre.a\" ];"),
	  .expect = "c.conf:4: item 'pre.a' depends on itself" },
	{ "dependency_cycle_of_3",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; title = \"A\";\n"
	  "                depends = \"post.c\"; },\n"
	  "              { id = \"b\"; title = \"B\";\n"
	  "                depends = \"a\"; } ); },\n"
	  "  { id = \"post\"; title = \"Q\";\n"
	  "    items = ( { id = \"c\"; title = \"C\"; depends = \"pre.b\"; } );"
	  " }\n"
	  ");\n",
	  .expect = "c.conf:3: dependency cycle: pre.a -> post.c -> pre.b -> "
		    "pre.a" },
	{ "depends_bare_id_of_other_phase",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; } ); },\n"
	  "  { id = \"post\"; title = \"Q\";\n"
	  "    items = ( { id = \"b\"; title = \"B\";\n"
	  "                depends = [ \"post.b\",\n"
	  "                            \"a\" ]; } ); }\n"
	  ");\n",
	  .expect = "c.conf:6: item 'post.b' depends on itself\n"
		    "c.conf:7: item 'post.b' depends on 'a', which phase "
		    "'post' does not have (did you mean 'pre.a'?)" },
	{ "after_and_before",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; },\n"
	  "              { id = \"b\"; title = \"B\"; after = \"a\";\n"
	  "                before = \"a\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:5: item 'b' has both 'after' and 'before'" },
	{ "after_unknown_item",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; },\n"
	  "              { id = \"b\"; title = \"B\";\n"
	  "                after = \"zz\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:5: 'after' names item 'zz', which phase 'pre' does "
		    "not have" },
	{ "before_unknown_item",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\"; title = \"A\"; },\n"
	  "              { id = \"b\"; title = \"B\";\n"
	  "                before = \"c\"; },\n"
	  "              { id = \"c\"; title = \"C\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:5: 'before' names item 'c', which phase 'pre' does "
		    "not have" },
	{ "title_unknown_variable",
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"a\";\n"
	  "                title = \"Release ${pkg}\"; } ); }\n"
	  ");\n",
	  .expect = "c.conf:3: unknown variable 'pkg'" },
	{ "command_unknown_variable",
	  ITEM_A("                commands = [ \"make\",\n"
		 "                             \"twine upload ${dist}\" ];"),
	  .expect = "c.conf:5: unknown variable 'dist'" },
	{ "command_unclosed_reference",
	  ITEM_A("                commands = \"echo ${version\";"),
	  .expect = "c.conf:4: unclosed ${ (write $$ for a literal $)" },
	{ "command_env_unset",
	  ITEM_A("                commands = \"echo ${env:RELCHECK_UNSET}\";"),
	  .expect = "c.conf:4: environment variable RELCHECK_UNSET is not "
		    "set" },

	/* ---- checks ---- */
	{ "check_not_group",
	  ITEM_A("                check = \"make test\";"),
	  .expect = "c.conf:4: 'check' must be a group { type = ...; }, not a "
		    "string" },
	{ "check_without_type",
	  ITEM_A("                check = { run = \"true\"; };"),
	  .expect = "c.conf:4: check has no 'type'" },
	{ "check_type_not_string",
	  ITEM_A("                check = { type = 3; run = \"x\"; };"),
	  .expect = "c.conf:4: 'type' must be a string, not an integer" },
	{ "check_unknown_type",
	  ITEM_A("                check = { type = \"shell\"; run = \"x\"; };"),
	  .expect = "c.conf:4: unknown check type 'shell' (known: %TYPES%)" },
	{ "check_unknown_field",
	  ITEM_A("                check = { type = \"git-clean\";\n"
		 "                          path = \"x\"; };"),
	  .expect = "c.conf:5: unknown field 'path' for check type 'git-clean' "
		    "(known: type, timeout, untracked)" },
	{ "check_missing_required_field",
	  ITEM_A("                check = { type = \"git-tag\"; };"),
	  .expect = "c.conf:4: check type 'git-tag' needs the field 'name' "
		    "(tag name)" },
	{ "check_int_given_string",
	  ITEM_A("                check = { type = \"command\"; run = \"x\";\n"
		 "                          timeout = \"10\"; };"),
	  .expect = "c.conf:5: 'timeout' must be an integer, not a string" },
	{ "check_int_given_float",
	  ITEM_A("                check = { type = \"command\"; run = \"x\";\n"
		 "                          timeout = 1.5; };"),
	  .expect = "c.conf:5: 'timeout' must be an integer, not a number" },
	{ "check_negative_int",
	  ITEM_A("                check = { type = \"file\"; path = \"x\";\n"
		 "                          min = -1; };"),
	  .expect = "c.conf:5: 'min' must be an integer from 0 to "
		    "2147483647, not -1" },
	/* Security issue 11: libconfig 1.5 reads an integer with atoi, so
	 * 4294967296 would come as 0 (no timeout at all): the literal in the
	 * text is what is checked. */
	{ "check_int_2_32_wraps",
	  ITEM_A("                check = { type = \"command\"; run = \"x\";\n"
		 "                          timeout = 4294967296; };"),
	  .expect = "c.conf:5: 'timeout' must be an integer from 0 to "
		    "2147483647, not 4294967296" },
	{ "check_int_2_31",
	  ITEM_A("                check = { type = \"file\"; path = \"x\";\n"
		 "                          max = 2147483648; };"),
	  .expect = "c.conf:5: 'max' must be an integer from 0 to "
		    "2147483647, not 2147483648" },
	{ "check_int64_setting",
	  ITEM_A("                check = { type = \"pypi\"; project = \"p\";\n"
		 "                          index = \"http://x\";\n"
		 "                          wait = 8589934592L; };"),
	  .expect = "c.conf:6: 'wait' must be an integer from 0 to "
		    "2147483647, not 8589934592L" },
	{ "check_int_hex",
	  ITEM_A("                check = { type = \"http\"; url = \"http://x\";\n"
		 "                          status = 0xFFFFFFFF; };"),
	  .expect = "c.conf:5: 'status' must be an integer from 0 to "
		    "2147483647, not 0xFFFFFFFF" },
	{ "check_int_beyond_64_bits",
	  ITEM_A("                check = { type = \"http\"; url = \"http://x\";\n"
		 "                          retries = 99999999999999999999; };"),
	  .expect = "c.conf:5: 'retries' must be an integer from 0 to "
		    "2147483647, not 99999999999999999999" },
	{ "check_int_negative_64_bits",
	  ITEM_A("                check = { type = \"http\"; url = \"http://x\";\n"
		 "                          connect_timeout = -4294967296; };"),
	  .expect = "c.conf:5: 'connect_timeout' must be an integer from 0 "
		    "to 2147483647, not -4294967296" },
	/* Not UTF-8: the JSON report would show null titles. */
	{ "not_utf8_latin1",
	  ITEM_A("                description = \"caf\xe9\";"),
	  .expect = "c.conf:4: not UTF-8 text: byte 0xe9" },
	{ "not_utf8_overlong",
	  ITEM_A("                description = \"\xc0\xaf\";"),
	  .expect = "c.conf:4: not UTF-8 text: byte 0xc0" },
	{ "not_utf8_surrogate",
	  ITEM_A("                description = \"\xed\xa0\x80\";"),
	  .expect = "c.conf:4: not UTF-8 text: byte 0xed" },
	{ "not_utf8_included",
	  "@include \"b.conf\"\n" PHASE,
	  { { "b.conf", "name = \"b\";\n# caf\xe9\n" } },
	  .expect = "b.conf:2: not UTF-8 text: byte 0xe9" },
	{ "check_bool_given_string",
	  ITEM_A("                check = { type = \"git-clean\";\n"
		 "                          untracked = \"no\"; };"),
	  .expect = "c.conf:5: 'untracked' must be true or false, not a "
		    "string" },
	{ "check_enum_bad_value",
	  ITEM_A("                check = { type = \"version\";\n"
		 "                          scheme = \"calver\"; };"),
	  .expect = "c.conf:5: 'scheme' must be one of semver, pep440, any, "
		    "not \"calver\"" },
	{ "check_mode_not_octal",
	  ITEM_A("                check = { type = \"file\"; path = \"x\";\n"
		 "                          mode = \"0689\"; };"),
	  .expect = "c.conf:5: 'mode' must be octal permission bits such as "
		    "\"0600\", not \"0689\"" },
	{ "check_mode_not_string",
	  ITEM_A("                check = { type = \"file\"; path = \"x\";\n"
		 "                          mode = 0600; };"),
	  .expect = "c.conf:5: 'mode' must be a string of octal digits, not "
		    "an integer" },
	{ "check_capture_without_group",
	  ITEM_A("                check = { type = \"regex\"; path = \"x\";\n"
		 "                          pattern = \"v(?<ver>[0-9]+)\";\n"
		 "                          capture = \"tag\"; };"),
	  .expect = "c.conf:6: capture 'tag': the pattern has no group "
		    "(?<tag>...)" },
	{ "check_capture_bad_name",
	  ITEM_A("                check = { type = \"regex\"; path = \"x\";\n"
		 "                          pattern = \"v(?<v>[0-9]+)\";\n"
		 "                          capture = \"v-1\"; };"),
	  .expect = "c.conf:6: 'capture' must be a variable name (letters, "
		    "digits, _), not \"v-1\"" },
	{ "check_regex_does_not_compile",
	  ITEM_A("                check = { type = \"regex\"; path = \"x\";\n"
		 "                          pattern = \"v([0-9]+\"; };"),
	  .expect = "c.conf:5: 'pattern': pattern does not compile: missing "
		    "closing parenthesis at offset 8" },
	{ "check_url_not_http",
	  ITEM_A("                check = { type = \"http\";\n"
		 "                          url = \"ftp://example.org/\"; };"),
	  .expect = "c.conf:5: 'url' must be an http:// or https:// URL, not "
		    "\"ftp://example.org/\"" },
	{ "check_url_from_variable_not_http",
	  "vars = { index = \"pypi.org\"; };\n"
	  ITEM_A("                check = { type = \"pypi\"; project = \"x\";\n"
		 "                          index = \"${index}\"; };"),
	  .expect = "c.conf:6: 'index' must be an http:// or https:// URL, not "
		    "\"pypi.org\"" },
	{ "check_field_unknown_variable",
	  ITEM_A("                check = { type = \"git-tag\";\n"
		 "                          name = \"v${tagg}\"; };"),
	  .expect = "c.conf:5: unknown variable 'tagg'" },

	/* ---- includes and layers ---- */
	{ "include_missing",
	  "name = \"x\";\n"
	  "@include \"nothere.conf\"\n" PHASE,
	  .expect = "c.conf:2: cannot include 'nothere.conf': no such file "
		    "beside c.conf or in the checklist folder" },
	{ "include_cycle",
	  "@include \"b.conf\"\n" PHASE,
	  { { "b.conf", "\n@include \"c.conf\"\nname = \"b\";\n" } },
	  .expect = "b.conf:2: include cycle: c.conf -> b.conf -> c.conf" },
	{ "include_itself",
	  "# comment\n"
	  "@include \"c.conf\"\n" PHASE,
	  .expect = "c.conf:2: include cycle: c.conf -> c.conf" },
	{ "include_malformed_unquoted",
	  "name = \"x\";\n"
	  "@include base.conf\n" PHASE,
	  .expect = "c.conf:2: malformed @include (write @include "
		    "\"file.conf\" on a line of its own)" },
	{ "include_malformed_trailing_text",
	  "name = \"x\";\n"
	  "  @include \"base.conf\" phases = ();\n" PHASE,
	  { { "base.conf", PHASE } },
	  .expect = "c.conf:2: malformed @include (write @include "
		    "\"file.conf\" on a line of its own)" },
	{ "include_error_inside",
	  "@include \"sub/base.conf\"\n"
	  "name = \"top\";\n",
	  { { "sub/base.conf",
	      "name = \"base\";\n"
	      ITEM_A("                optional = \"no\";") } },
	  .expect = "sub/base.conf:5: 'optional' must be true or false, not a "
		    "string" },
	{ "include_syntax_error_inside",
	  "\n\n@include \"base.conf\"\n" PHASE,
	  { { "base.conf", "name = \"base\"\nvars = {\n  a = ;\n};\n" } },
	  .expect = "base.conf:3: syntax error" },
	{ "include_nested_error",
	  "@include \"b.conf\"\n",
	  { { "b.conf", "@include \"d.conf\"\n" PHASE },
	    { "d.conf", "\n\nname = 1;\n" } },
	  .expect = "d.conf:3: 'name' must be a string, not an integer" },
	{ "include_unknown_variable_from_other_layer",
	  "@include \"base.conf\"\n"
	  "vars = {\n"
	  "  tag = \"${prefix}${version}\";\n"
	  "};\n",
	  { { "base.conf", "vars = { prefix = \"v\"; };\n"
	      ITEM_A("                commands = \"git tag ${tag} ${nope}\";")
	    } },
	  .expect = "base.conf:5: unknown variable 'nope'" },
	{ "drop_unknown_item",
	  PHASE
	  "drop = [ \"p.a\",\n"
	  "         \"p.zz\" ];\n",
	  .expect = "c.conf:3: drop: no item 'p.zz' to drop" },
	{ "drop_unknown_phase",
	  PHASE
	  "drop = \"qq\";\n",
	  .expect = "c.conf:2: drop: no phase 'qq' to drop" },
	{ "drop_item_of_unknown_phase",
	  PHASE
	  "drop = [ \"q.a\" ];\n",
	  .expect = "c.conf:2: drop: no item 'q.a' to drop" },
	{ "drop_everything",
	  "@include \"base.conf\"\n"
	  "drop = \"p\";\n",
	  { { "base.conf", PHASE } },
	  .expect = "c.conf: the checklist has no phases" },
	{ "set_root",
	  PHASE,
	  .set = "root=/elsewhere",
	  .expect = "--set root: root is set by relcheck itself (for root, "
		    "use -C DIR)" },
	{ "set_scratch",
	  PHASE,
	  .set = "scratch=/elsewhere",
	  .expect = "--set scratch: scratch is set by relcheck itself (for "
		    "root, use -C DIR)" },
	{ "set_version_not_a_version",
	  PHASE,
	  .set = "version=1.0; rm -rf ~",
	  .expect = "--release '1.0; rm -rf ~': not a version (letters, "
		    "digits and . + ! _ - only)" },
	{ "capture_builtin",
	  ITEM_A("                check = { type = \"regex\"; path = \"f\";\n"
		 "                          pattern = \"(?<version>.*)\";\n"
		 "                          capture = \"version\"; };"),
	  .expect = "c.conf:6: 'capture': version is set by relcheck itself "
		    "and cannot be captured" },
	{ "file_min_above_max",
	  ITEM_A("                check = { type = \"file\"; path = \"d/*\";\n"
		 "                          min = 3; max = 2; };"),
	  .expect = "c.conf:5: 'max' (2) is less than 'min' (3)" },
	{ "mode_with_a_space",
	  ITEM_A("                check = { type = \"file\"; path = \"f\";\n"
		 "                          mode = \" 0600\"; };"),
	  .expect = "c.conf:5: 'mode' must be octal permission bits such as "
		    "\"0600\", not \" 0600\"" },
	{ "empty_title",
	  "phases = ( { id = \"p\"; title = \"P\";\n"
	  "  items = ( { id = \"a\";\n"
	  "              title = \"\"; } ); } );\n",
	  .expect = "c.conf:3: item 'a' has an empty 'title'" },
	{ "version_pattern_without_group",
	  ITEM_A("                check = { type = \"version\";\n"
		 "                          pattern = \"v=.*\"; };"),
	  .expect = "c.conf:5: 'pattern' needs a group around the version, "
		    "such as version = \"([^\"]+)\"" },
	{ "include_word_is_not_include",
	  "@includes \"x.conf\"\n" PHASE,
	  .expect = "c.conf:1: syntax error" },
	{ "set_unknown_variable",
	  "vars = { a = \"1\"; };\n" PHASE,
	  .set = "nope=2",
	  .expect = "--set nope: the checklist has no variable 'nope'" },

	/* ---- several errors: all of them, in order ---- */
	{ "several_errors_in_order",
	  "name = \"x\";\n"
	  "bogus = 1;\n"
	  "vars = { ok = \"${missing}\"; };\n"
	  "phases = (\n"
	  "  { id = \"pre\"; title = \"P\";\n"
	  "    items = ( { id = \"A\"; title = \"A\"; },\n"
	  "              { id = \"b\"; title = \"B\"; optional = 1; },\n"
	  "              { id = \"c\"; title = \"${nope}\"; },\n"
	  "              { id = \"d\"; title = \"D\";\n"
	  "                check = { type = \"file\"; path = \"x\";\n"
	  "                          max = \"2\"; mode = \"9\"; }; } ); }\n"
	  ");\n"
	  "drop = \"zz\";\n",
	  .expect = "c.conf:2: unknown setting 'bogus' in the checklist "
		    "(known: name, description, vars, phases, drop, review)\n"
		    "c.conf:6: bad item id 'A' (use a-z, 0-9, - and _, "
		    "starting with a letter or digit)\n"
		    "c.conf:7: 'optional' must be true or false, not an "
		    "integer\n"
		    "c.conf:11: 'max' must be an integer, not a string\n"
		    "c.conf:11: 'mode' must be octal permission bits such as "
		    "\"0600\", not \"9\"\n"
		    "c.conf:13: drop: no phase 'zz' to drop\n"
		    "c.conf:3: unknown variable 'missing'\n"
		    "c.conf:8: unknown variable 'nope'" },
	{ "several_files_in_order",
	  "@include \"a.conf\"\n"
	  "@include \"b.conf\"\n"
	  "name = 1;\n",
	  { { "a.conf", "\nx = 1;\n" PHASE },
	    { "b.conf", "\n\ny = 2;\n" } },
	  .expect = "a.conf:2: unknown setting 'x' in the checklist (known: "
		    "name, description, vars, phases, drop, review)\n"
		    "b.conf:3: unknown setting 'y' in the checklist (known: "
		    "name, description, vars, phases, drop, review)\n"
		    "c.conf:3: 'name' must be a string, not an integer" },
};

/* ---- running a bad case ---- */

static char *known_types(void)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; check_types[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", check_types[i]->name);
	return buf_detach(&b);
}

static void parse_set(struct vars *vs, const char *set)
{
	const char *eq = strchr(set, '=');
	char *name;

	assert_non_null(eq);
	name = xstrndup(set, (size_t)(eq - set));
	vars_set(vs, name, eq + 1, VAR_COMMAND_LINE, NULL, 0);
	free(name);
}

static void test_bad(void **state)
{
	struct tu_fixture *fx = *state;
	const struct bad_case *c = fx->param;
	struct load_options opt = { 0 };
	struct vars sets = VARS_INIT;
	struct checklist *cl = (struct checklist *)1;
	char *file = tu_path(fx->dir, "c.conf");
	char *prefix = xasprintf("%s/", fx->dir);
	char *types = known_types();
	char *got, *rel, *want;

	if (c->text)
		free(tu_write(fx->dir, "c.conf", c->text));
	for (size_t i = 0; i < ARRAY_SIZE(c->more) && c->more[i].path; i++)
		free(tu_write(fx->dir, c->more[i].path, c->more[i].text));
	if (c->set)
		parse_set(&sets, c->set);

	opt.file = file;
	opt.root = fx->dir;
	opt.overrides = c->set ? &sets : NULL;
	got = tu_load(&opt, &cl);
	rel = tu_replace(got, prefix, "");
	want = tu_replace(c->expect, "%TYPES%", types);

	assert_null(cl);
	assert_string_equal(rel, want);

	free(want);
	free(rel);
	free(got);
	free(types);
	free(prefix);
	free(file);
	vars_free(&sets);
}

/* ---- valid checklists ---- */

/* Loads dir/rel with opt (file set here); fails the test, showing the
 * diagnostics, when it does not load. */
static struct checklist *load_ok(const char *dir, const char *rel,
				 struct load_options *opt)
{
	struct load_options none = { 0 };
	struct checklist *cl;
	char *file = tu_path(dir, rel);
	char *got;

	if (!opt)
		opt = &none;
	opt->file = file;
	if (!opt->root)
		opt->root = dir;
	got = tu_load(opt, &cl);
	if (*got || !cl)
		fail_msg("%s did not load:\n%s", rel, got);
	free(got);
	free(file);
	opt->file = NULL;
	return cl;
}

/* checklist_expand of raw, checked against want. */
static void expect_expand(const struct checklist *cl, const char *raw,
			  const char *want)
{
	char *err = NULL;
	char *got = checklist_expand(cl, raw, &err);

	if (!got)
		fail_msg("expanding \"%s\": %s", raw, err);
	assert_string_equal(got, want);
	free(got);
}

/* The ids of a phase's items, joined by spaces. */
static char *item_ids(const struct phase *ph)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < ph->nitems; i++)
		buf_addf(&b, "%s%s", i ? " " : "", ph->items[i]->id);
	return buf_detach(&b);
}

static void expect_items(const struct checklist *cl, const char *phase,
			 const char *want)
{
	const struct phase *ph = checklist_phase(cl, phase);
	char *ids;

	if (!ph)
		fail_msg("no phase '%s'", phase);
	ids = item_ids(ph);
	assert_string_equal(ids, want);
	free(ids);
}

static char *phase_ids(const struct checklist *cl)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < cl->nphases; i++)
		buf_addf(&b, "%s%s", i ? " " : "", cl->phases[i]->id);
	return buf_detach(&b);
}

static const char valid_conf[] =
	"# A small but complete checklist.\n"
	"name = \"${package} release\";\n"
	"description = \"Everything once\";\n"
	"vars = {\n"
	"  package = \"demo-pkg\";\n"
	"  tag = \"v${version}\";\n"
	"  index = \"https://pypi.org\";\n"
	"};\n"
	"phases = (\n"
	"  { id = \"pre\"; title = \"Pre-release\"; description = \"Before\";\n"
	"    items = (\n"
	"      { id = \"tests\"; section = \"Code\"; title = \"Tests pass\";\n"
	"        commands = [ \"make check\", \"echo $$HOME\" ];\n"
	"        check = { type = \"command\"; run = \"make check\";\n"
	"                  timeout = 600; }; },\n"
	"      { id = \"changelog\"; title = \"Changelog for ${version}\";\n"
	"        optional = true; depends = \"tests\";\n"
	"        check = { type = \"regex\"; path = \"CHANGELOG.md\";\n"
	"                  pattern = \"^## (?<ver>${version:re})\";\n"
	"                  capture = \"ver\"; }; },\n"
	"      { id = \"manual\"; title = \"Look at ${ver}\";\n"
	"        description = \"By hand\"; }\n"
	"    ); },\n"
	"  { id = \"release\"; title = \"Release\";\n"
	"    items = (\n"
	"      { id = \"tag\"; title = \"Tag ${tag}\";\n"
	"        depends = [ \"pre.tests\", \"pre.changelog\" ];\n"
	"        commands = \"git tag -a ${tag}\";\n"
	"        check = { type = \"git-tag\"; name = \"${tag}\";\n"
	"                  annotated = true; }; },\n"
	"      { id = \"pypi\"; title = \"On PyPI\";\n"
	"        check = { type = \"pypi\"; index = \"${index}\";\n"
	"                  project = \"${package}\"; api = \"simple\"; }; },\n"
	"      { id = \"perms\"; title = \"Perms\";\n"
	"        check = { type = \"file\"; path = \"~/.pypirc\";\n"
	"                  mode = \"0600\"; }; }\n"
	"    ); }\n"
	");\n";

static void test_valid_loads(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	const struct phase *pre, *rel;
	const struct item *it;
	const struct check_value *v;
	char *file;

	free(tu_write(fx->dir, "c.conf", valid_conf));
	cl = load_ok(fx->dir, "c.conf", NULL);
	file = tu_path(fx->dir, "c.conf");

	assert_string_equal(cl->file, file);
	assert_int_equal(cl->nsources, 1);
	assert_string_equal(cl->sources[0], file);
	assert_int_equal(strlen(cl->sha256), 64);
	assert_int_equal(strspn(cl->sha256, "0123456789abcdef"), 64);
	assert_string_equal(cl->name, "${package} release");
	expect_expand(cl, cl->name, "demo-pkg release");
	assert_string_equal(cl->description, "Everything once");
	assert_false(cl->version_known);
	assert_int_equal(cl->nphases, 2);
	assert_int_equal(checklist_count_items(cl), 6);

	pre = cl->phases[0];
	assert_string_equal(pre->id, "pre");
	assert_string_equal(pre->title, "Pre-release");
	assert_string_equal(pre->description, "Before");
	assert_int_equal(pre->at.line, 10);
	expect_items(cl, "pre", "tests changelog manual");
	expect_items(cl, "release", "tag pypi perms");

	it = checklist_item(cl, "pre.tests");
	assert_non_null(it);
	assert_ptr_equal(it->phase, pre);
	assert_string_equal(it->full_id, "pre.tests");
	assert_string_equal(it->section, "Code");
	assert_int_equal(it->at.line, 12);
	assert_string_equal(it->at.file, file);
	assert_int_equal(it->commands.n, 2);
	assert_string_equal(it->commands.s[1], "echo $$HOME");
	expect_expand(cl, it->commands.s[1], "echo $HOME");
	assert_int_equal(it->commands.at[0].line, 13);
	assert_false(it->optional);
	assert_non_null(it->check);
	assert_string_equal(it->check->type->name, "command");
	v = check_get(it->check, "timeout");
	assert_non_null(v);
	assert_int_equal(v->i, 600);
	assert_int_equal(v->at.line, 15);
	assert_string_equal(check_get(it->check, "run")->s, "make check");
	assert_null(check_get(it->check, "cwd"));

	it = checklist_item(cl, "changelog");
	assert_non_null(it);
	assert_true(it->optional);
	assert_int_equal(it->depends.n, 1);
	assert_ptr_equal(it->deps[0], checklist_item(cl, "pre.tests"));
	/* ${version} is not known: kept as written. */
	expect_expand(cl, it->title, "Changelog for ${version}");
	assert_string_equal(check_get(it->check, "capture")->s, "ver");

	/* The capture declared a runtime variable, used by a later item. */
	assert_non_null(vars_find(&cl->vars, "ver"));
	assert_null(vars_find(&cl->vars, "ver")->value);
	assert_int_equal(vars_find(&cl->vars, "ver")->origin, VAR_RUNTIME);
	it = checklist_item(cl, "manual");
	assert_null(it->check);
	expect_expand(cl, it->title, "Look at ${ver}");

	rel = checklist_phase(cl, "release");
	it = checklist_item(cl, "release.tag");
	assert_ptr_equal(it->phase, rel);
	assert_int_equal(it->depends.n, 2);
	assert_ptr_equal(it->deps[0], checklist_item(cl, "tests"));
	assert_ptr_equal(it->deps[1], checklist_item(cl, "changelog"));
	assert_true(check_get(it->check, "annotated")->b);
	assert_null(check_get(it->check, "at"));
	it = checklist_item(cl, "pypi");
	assert_string_equal(check_get(it->check, "api")->s, "simple");
	it = checklist_item(cl, "perms");
	assert_int_equal(check_get(it->check, "mode")->i, 0600);

	/* Builtins. */
	assert_string_equal(vars_find(&cl->vars, "root")->value, fx->dir);
	assert_int_equal(vars_find(&cl->vars, "root")->origin, VAR_BUILTIN);
	expect_expand(cl, "${root}", fx->dir);

	free(file);
	checklist_free(cl);
}

/* The diagnostic names the file exactly as load_options.file gave it. */
static void test_file_named_as_passed(void **state)
{
	struct tu_fixture *fx = *state;
	char *file = tu_write(fx->dir, "sub/x.conf", "name = 1;\n" PHASE);
	char *dotted = xasprintf("%s/sub/../sub//x.conf", fx->dir);
	struct load_options opt = { .file = dotted, .root = fx->dir };
	char *got = tu_load(&opt, NULL);
	char *want = xasprintf("%s:1: 'name' must be a string, not an integer",
			       dotted);

	assert_string_equal(got, want);
	free(want);
	free(got);
	free(dotted);
	free(file);
}

/* Reloading gives the same result, and the diag is appended to. */
static void test_diag_appends(void **state)
{
	struct tu_fixture *fx = *state;
	char *file = tu_write(fx->dir, "c.conf", "name = 1;\n" PHASE);
	struct load_options opt = { .file = file, .root = fx->dir };
	struct diag d = DIAG_INIT;

	diag_add(&d, NULL, 0, "before");
	assert_null(checklist_load(&opt, &d));
	assert_null(checklist_load(&opt, &d));
	assert_int_equal(d.count, 3);
	assert_string_equal(d.entries[0].message, "before");
	assert_string_equal(d.entries[1].file, file);
	assert_int_equal(d.entries[1].line, 1);
	assert_string_equal(d.entries[2].message,
			    "'name' must be a string, not an integer");
	diag_free(&d);
	free(file);
}

static const char base_conf[] =
	"name = \"base\";\n"
	"vars = {\n"
	"  package = \"base-pkg\";\n"
	"  branch = \"main\";\n"
	"  tag = \"v${version}\";\n"
	"};\n"
	"phases = (\n"
	"  { id = \"pre\"; title = \"Pre\";\n"
	"    items = (\n"
	"      { id = \"a\"; title = \"A\"; },\n"
	"      { id = \"b\"; title = \"B on ${branch}\"; optional = true;\n"
	"        commands = [ \"make b\" ];\n"
	"        check = { type = \"command\"; run = \"make b\"; }; },\n"
	"      { id = \"c\"; title = \"C\"; depends = \"a\"; },\n"
	"      { id = \"d\"; title = \"D\"; }\n"
	"    ); },\n"
	"  { id = \"release\"; title = \"Release\";\n"
	"    items = ( { id = \"tag\"; title = \"Tag ${tag}\"; } ); },\n"
	"  { id = \"post\"; title = \"Post\";\n"
	"    items = ( { id = \"announce\"; title = \"Announce\"; } ); }\n"
	");\n";

static const char project_conf[] =
	"# The project's own checklist, on top of the base.\n"
	"@include \"base.conf\"\n"
	"name = \"project ${package}\";\n"
	"vars = {\n"
	"  package = \"proj\";\n"
	"  extra = \"more\";\n"
	"};\n"
	"phases = (\n"
	"  { id = \"pre\"; title = \"Before the release\";\n"
	"    items = (\n"
	"      { id = \"b\"; title = \"B replaced\"; },\n"
	"      { id = \"after-a\"; title = \"After A\"; after = \"a\"; },\n"
	"      { id = \"before-a\"; title = \"Before A\"; before = \"a\"; },\n"
	"      { id = \"last\"; title = \"Last ${extra}\"; },\n"
	"      { id = \"d\"; title = \"D moved\"; after = \"last\"; }\n"
	"    ); },\n"
	"  { id = \"extra\"; title = \"Extra phase\";\n"
	"    items = ( { id = \"x\"; title = \"X\";\n"
	"                depends = \"pre.a\"; } ); }\n"
	");\n"
	"drop = [ \"pre.c\", \"post\" ];\n";

static void test_layering(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	const struct item *it;
	char *ids, *base, *file;

	base = tu_write(fx->dir, "base.conf", base_conf);
	file = tu_write(fx->dir, "c.conf", project_conf);
	cl = load_ok(fx->dir, "c.conf", NULL);

	/* Sources, in load order: the included file first. */
	assert_int_equal(cl->nsources, 2);
	assert_string_equal(cl->sources[0], file);
	assert_string_equal(cl->sources[1], base);

	/* vars: overridden, kept, added. */
	expect_expand(cl, "${package} ${branch} ${extra}", "proj main more");
	assert_string_equal(vars_find(&cl->vars, "package")->file, file);
	assert_int_equal(vars_find(&cl->vars, "package")->line, 5);
	assert_string_equal(vars_find(&cl->vars, "branch")->file, base);
	expect_expand(cl, cl->name, "project proj");

	/* Phases: retitled, kept in place, added at the end; post dropped. */
	ids = phase_ids(cl);
	assert_string_equal(ids, "pre release extra");
	free(ids);
	assert_string_equal(checklist_phase(cl, "pre")->title,
			    "Before the release");
	assert_string_equal(checklist_phase(cl, "pre")->at.file, base);
	assert_null(checklist_phase(cl, "post"));

	/* Items: before/after placed, b replaced in place, c dropped, d
	 * moved after an item of this layer. */
	expect_items(cl, "pre", "before-a a after-a b last d");
	expect_items(cl, "release", "tag");
	expect_items(cl, "extra", "x");
	it = checklist_item(cl, "extra.x");
	assert_ptr_equal(it->deps[0], checklist_item(cl, "pre.a"));

	/* The replacement is whole: nothing of the old b is left. */
	it = checklist_item(cl, "pre.b");
	assert_string_equal(it->title, "B replaced");
	assert_string_equal(it->at.file, file);
	assert_int_equal(it->at.line, 11);
	assert_false(it->optional);
	assert_null(it->check);
	assert_int_equal(it->commands.n, 0);
	assert_string_equal(checklist_item(cl, "d")->title, "D moved");
	assert_null(checklist_item(cl, "pre.c"));
	assert_string_equal(checklist_item(cl, "a")->at.file, base);
	expect_expand(cl, checklist_item(cl, "last")->title, "Last more");
	assert_int_equal(checklist_count_items(cl), 8);

	checklist_free(cl);
	free(file);
	free(base);
}

/* A later layer's depends may name an item of an earlier one, and the
 * earlier one's may name an item the later layer replaced. */
static void test_layering_depends(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	const struct item *it;

	free(tu_write(fx->dir, "base.conf", base_conf));
	free(tu_write(fx->dir, "c.conf",
		      "@include \"base.conf\"\n"
		      "phases = ( { id = \"pre\"; items = (\n"
		      "  { id = \"a\"; title = \"New A\"; },\n"
		      "  { id = \"e\"; title = \"E\"; depends = [ \"c\", "
		      "\"release.tag\" ]; } ); } );\n"));
	cl = load_ok(fx->dir, "c.conf", NULL);
	it = checklist_item(cl, "pre.c");
	assert_int_equal(it->depends.n, 1);
	assert_ptr_equal(it->deps[0], checklist_item(cl, "pre.a"));
	assert_string_equal(it->deps[0]->title, "New A");
	it = checklist_item(cl, "pre.e");
	assert_ptr_equal(it->deps[0], checklist_item(cl, "pre.c"));
	assert_ptr_equal(it->deps[1], checklist_item(cl, "release.tag"));
	expect_items(cl, "pre", "a b c d e");
	checklist_free(cl);
}

/* What a dropped item leaves behind is checked: a dependency on it. */
static void test_layering_drop_breaks_depends(void **state)
{
	struct tu_fixture *fx = *state;
	char *got;

	free(tu_write(fx->dir, "base.conf", base_conf));
	free(tu_write(fx->dir, "c.conf",
		      "@include \"base.conf\"\n"
		      "\n"
		      "drop = \"pre.a\";\n"));
	{
		char *file = tu_path(fx->dir, "c.conf");
		char *prefix = xasprintf("%s/", fx->dir);
		char *raw = tu_load_file(file, NULL);
		got = tu_replace(raw, prefix, "");
		free(raw);
		free(prefix);
		free(file);
	}
	assert_string_equal(got, "base.conf:14: item 'pre.c' depends on 'a', "
			    "which does not exist");
	free(got);
}

/* Includes are found beside the file that has the @include line, which
 * need not be the first file. */
static void test_include_relative_to_includer(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;

	free(tu_write(fx->dir, "c.conf", "@include \"lib/mid.conf\"\n"));
	free(tu_write(fx->dir, "lib/mid.conf", "@include \"base.conf\"\n"
		      "vars = { package = \"mid\"; };\n"));
	free(tu_write(fx->dir, "lib/base.conf", base_conf));
	/* A decoy where the first file is. */
	free(tu_write(fx->dir, "base.conf", "bad = 1;\n"));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_int_equal(cl->nsources, 3);
	assert_true(str_ends_with(cl->sources[2], "/lib/base.conf"));
	expect_expand(cl, "${package}", "mid");
	checklist_free(cl);
}

/* Includes nest at most 10 deep. */
static void test_include_too_deep(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	char name[32], text[64], *got, *prefix, *file;

	for (int i = 0; i < 12; i++) {
		snprintf(name, sizeof(name), "f%d.conf", i);
		snprintf(text, sizeof(text), "\n@include \"f%d.conf\"\n",
			 i + 1);
		free(tu_write(fx->dir, name, text));
	}
	free(tu_write(fx->dir, "f12.conf", PHASE));
	file = tu_path(fx->dir, "f0.conf");
	prefix = xasprintf("%s/", fx->dir);
	{
		char *raw = tu_load_file(file, NULL);
		got = tu_replace(raw, prefix, "");
		free(raw);
	}
	assert_string_equal(got, "f9.conf:2: includes nest deeper than 10");
	free(got);
	free(prefix);
	free(file);

	/* Ten files deep is fine. */
	free(tu_write(fx->dir, "f9.conf", PHASE));
	cl = load_ok(fx->dir, "f0.conf", NULL);
	assert_int_equal(cl->nsources, 10);
	checklist_free(cl);
}

static void test_include_path(void **state)
{
	struct tu_fixture *fx = *state;
	const char *path[3] = { NULL, NULL, NULL };
	struct load_options opt = { 0 };
	struct checklist *cl;
	char *empty, *shipped, *beside;

	tu_mkdir(fx->dir, "empty");
	empty = tu_path(fx->dir, "empty");
	shipped = tu_write(fx->dir, "share/checklists/base.conf", base_conf);
	free(tu_write(fx->dir, "proj/relcheck.conf",
		      "@include \"base.conf\"\n"
		      "vars = { package = \"p\"; };\n"));
	path[0] = empty;
	path[1] = shipped;
	*strrchr(shipped, '/') = '\0';

	/* Not beside, not in the include path: an error. */
	{
		char *file = tu_path(fx->dir, "proj/relcheck.conf");
		char *got = tu_load_file(file, NULL);
		char *want = xasprintf("%s:1: cannot include 'base.conf': no "
				       "such file beside %s or in the checklist"
				       " folder", file, file);
		assert_string_equal(got, want);
		free(want);
		free(got);
		free(file);
	}

	/* Found in the second folder of the path. */
	opt.include_path = path;
	cl = load_ok(fx->dir, "proj/relcheck.conf", &opt);
	assert_int_equal(cl->nsources, 2);
	assert_true(str_ends_with(cl->sources[1],
				  "share/checklists/base.conf"));
	expect_items(cl, "pre", "a b c d");
	expect_expand(cl, "${package}", "p");
	checklist_free(cl);

	/* A file beside the including one comes first. */
	beside = tu_write(fx->dir, "proj/base.conf",
			  "phases = ( { id = \"mine\"; title = \"Mine\";\n"
			  "  items = ( { id = \"m\"; title = \"M\"; } ); } );\n"
			  "vars = { package = \"x\"; };\n");
	cl = load_ok(fx->dir, "proj/relcheck.conf", &opt);
	assert_string_equal(cl->sources[1], beside);
	assert_non_null(checklist_phase(cl, "mine"));
	assert_null(checklist_phase(cl, "pre"));
	checklist_free(cl);

	free(beside);
	free(shipped);
	free(empty);
}

static const char version_conf[] =
	"vars = {\n"
	"  module = \"pkg\";\n"
	"  version_file = \"${module}/version.py\";\n"
	"  tag = \"v${version}\";\n"
	"};\n"
	"phases = ( { id = \"p\"; title = \"Release ${version}\";\n"
	"  items = ( { id = \"t\"; title = \"Tag ${tag}\";\n"
	"    check = { type = \"regex\"; path = \"CHANGELOG.md\";\n"
	"              pattern = \"^## ${version:re}$\"; }; } ); } );\n";

static void test_version_from_release(void **state)
{
	struct tu_fixture *fx = *state;
	struct load_options opt = { .release = "2.0.0rc1" };
	struct checklist *cl;

	free(tu_write(fx->dir, "c.conf", version_conf));
	/* A version file that says otherwise does not matter. */
	free(tu_write(fx->dir, "pkg/version.py", "__version__ = \"1.0\"\n"));
	cl = load_ok(fx->dir, "c.conf", &opt);
	assert_true(cl->version_known);
	expect_expand(cl, "${version} ${tag} ${version:re}",
		      "2.0.0rc1 v2.0.0rc1 2\\.0\\.0rc1");
	expect_expand(cl, cl->phases[0]->title, "Release 2.0.0rc1");
	assert_int_equal(vars_find(&cl->vars, "version")->origin,
			 VAR_COMMAND_LINE);
	checklist_free(cl);
}

static void test_version_from_file(void **state)
{
	struct tu_fixture *fx = *state;
	struct load_options opt = { 0 };
	struct checklist *cl;

	free(tu_write(fx->dir, "c.conf", version_conf));
	free(tu_write(fx->dir, "pkg/version.py",
		      "# generated\n"
		      "version_info = (1, 2, 3)\n"
		      "__version__ = \"1.2.3\"\n"));
	cl = load_ok(fx->dir, "c.conf", &opt);
	assert_true(cl->version_known);
	expect_expand(cl, "${tag}", "v1.2.3");
	assert_int_equal(vars_find(&cl->vars, "version")->origin,
			 VAR_DETECTED);
	checklist_free(cl);

	/* Single quotes and spaces, as Python allows. */
	free(tu_write(fx->dir, "pkg/version.py", "__version__='4.5'\n"));
	cl = load_ok(fx->dir, "c.conf", &opt);
	expect_expand(cl, "${version}", "4.5");
	checklist_free(cl);
}

/* The version file is read relative to root, not the current folder. */
static void test_version_file_relative_to_root(void **state)
{
	struct tu_fixture *fx = *state;
	struct load_options opt = { 0 };
	struct checklist *cl;
	char *root = tu_path(fx->dir, "repo");
	char *want;

	free(tu_write(fx->dir, "conf/c.conf", version_conf));
	free(tu_write(fx->dir, "conf/pkg/version.py",
		      "__version__ = \"9.9\"\n"));
	free(tu_write(fx->dir, "repo/pkg/version.py",
		      "__version__ = \"3.1.4\"\n"));
	opt.root = root;
	cl = load_ok(fx->dir, "conf/c.conf", &opt);
	want = xasprintf("3.1.4 %s", root);
	expect_expand(cl, "${version} ${root}", want);
	checklist_free(cl);
	free(want);
	free(root);
}

static void test_version_custom_pattern(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	char *conf = tu_replace(version_conf, "  tag =",
				"  version_pattern = \"^VERSION: (\\\\S+)\";\n"
				"  tag =");

	free(tu_write(fx->dir, "c.conf", conf));
	free(tu_write(fx->dir, "pkg/version.py",
		      "__version__ = \"0.0\"\nVERSION: 7.0-beta\n"));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_true(cl->version_known);
	expect_expand(cl, "${version}", "7.0-beta");
	checklist_free(cl);
	free(conf);
}

static void test_version_unknown(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	const struct var *v;

	/* No version file at all. */
	free(tu_write(fx->dir, "c.conf", version_conf));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_false(cl->version_known);
	v = vars_find(&cl->vars, "version");
	assert_non_null(v);
	assert_null(v->value);
	expect_expand(cl, cl->phases[0]->title, "Release ${version}");
	expect_expand(cl, "${tag} ${version:re}", "v${version} ${version:re}");
	checklist_free(cl);

	/* A version file without a version in it. */
	free(tu_write(fx->dir, "pkg/version.py", "VERSION = 1\n"));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_false(cl->version_known);
	expect_expand(cl, cl->phases[0]->items[0]->title, "Tag v${version}");
	checklist_free(cl);

	/* No version_file variable. */
	free(tu_write(fx->dir, "c.conf", PHASE));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_false(cl->version_known);
	expect_expand(cl, "${version}", "${version}");
	checklist_free(cl);
}

static void test_set_overrides(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars sets = VARS_INIT;
	struct load_options opt = { .overrides = &sets };
	struct checklist *cl;
	const struct var *v;

	vars_set(&sets, "module", "other", VAR_COMMAND_LINE, NULL, 0);
	vars_set(&sets, "tag", "release-${version}", VAR_COMMAND_LINE, NULL, 0);
	vars_set(&sets, "version", "5.0", VAR_COMMAND_LINE, NULL, 0);
	free(tu_write(fx->dir, "c.conf", version_conf));
	free(tu_write(fx->dir, "pkg/version.py", "__version__ = \"1.0\"\n"));
	cl = load_ok(fx->dir, "c.conf", &opt);
	assert_true(cl->version_known);
	expect_expand(cl, "${module} ${version_file} ${tag}",
		      "other other/version.py release-5.0");
	v = vars_find(&cl->vars, "module");
	assert_int_equal(v->origin, VAR_COMMAND_LINE);
	checklist_free(cl);
	vars_free(&sets);
}

/* --release wins over --set version=. */
static void test_release_beats_set_version(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars sets = VARS_INIT;
	struct load_options opt = { .overrides = &sets, .release = "1.1" };
	struct checklist *cl;

	vars_set(&sets, "version", "5.0", VAR_COMMAND_LINE, NULL, 0);
	free(tu_write(fx->dir, "c.conf", version_conf));
	cl = load_ok(fx->dir, "c.conf", &opt);
	expect_expand(cl, "${tag}", "v1.1");
	checklist_free(cl);
	vars_free(&sets);
}

static void test_detected_vars(void **state)
{
	struct tu_fixture *fx = *state;
	struct vars detected = VARS_INIT, sets = VARS_INIT;
	struct load_options opt = { .detected = &detected };
	struct checklist *cl;

	free(tu_write(fx->dir, "c.conf", version_conf));
	free(tu_write(fx->dir, "src/found/version.py",
		      "__version__ = \"0.4\"\n"));
	vars_set(&detected, "module", "found", VAR_DETECTED, NULL, 0);
	vars_set(&detected, "version_file", "src/found/version.py",
		 VAR_DETECTED, NULL, 0);
	vars_set(&detected, "entry_point", "found-cli", VAR_DETECTED,
		 "pyproject.toml", 0);

	/* Detected vars override the file's, and may be new ones. */
	cl = load_ok(fx->dir, "c.conf", &opt);
	expect_expand(cl, "${module} ${entry_point} ${version}",
		      "found found-cli 0.4");
	assert_int_equal(vars_find(&cl->vars, "module")->origin, VAR_DETECTED);
	checklist_free(cl);

	/* --set overrides what was detected. */
	vars_set(&sets, "entry_point", "cli2", VAR_COMMAND_LINE, NULL, 0);
	opt.overrides = &sets;
	cl = load_ok(fx->dir, "c.conf", &opt);
	expect_expand(cl, "${module} ${entry_point}", "found cli2");
	checklist_free(cl);

	vars_free(&sets);
	vars_free(&detected);
}

static void test_sha256(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;
	char first[65], second[65];

	free(tu_write(fx->dir, "base.conf", base_conf));
	free(tu_write(fx->dir, "c.conf", "@include \"base.conf\"\n"));
	cl = load_ok(fx->dir, "c.conf", NULL);
	memcpy(first, cl->sha256, sizeof(first));
	checklist_free(cl);

	/* The same files give the same digest. */
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_string_equal(cl->sha256, first);
	checklist_free(cl);

	/* A change in the included file changes it. */
	free(tu_write(fx->dir, "base.conf", PHASE));
	cl = load_ok(fx->dir, "c.conf", NULL);
	memcpy(second, cl->sha256, sizeof(second));
	assert_string_not_equal(second, first);
	checklist_free(cl);

	/* So does one in the including file, if only a comment. */
	free(tu_write(fx->dir, "c.conf", "@include \"base.conf\"\n# hi\n"));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_string_not_equal(cl->sha256, second);
	assert_string_not_equal(cl->sha256, first);
	checklist_free(cl);
}

/* The digest is SHA-256 of the sources' text, in load order. */
static void test_sha256_value(void **state)
{
	struct tu_fixture *fx = *state;
	struct checklist *cl;

	/* printf '%s' "$PHASE" | sha256sum */
	free(tu_write(fx->dir, "c.conf", "@include \"b.conf\"\n"));
	free(tu_write(fx->dir, "b.conf", PHASE));
	cl = load_ok(fx->dir, "c.conf", NULL);
	assert_int_equal(tu_sh(fx->dir, "test \"$(cat c.conf b.conf | "
			       "sha256sum | cut -c1-64)\" = %s", cl->sha256),
			 0);
	checklist_free(cl);
}

static bool is_conf(const struct dirent *e)
{
	return str_ends_with(e->d_name, ".conf") && e->d_name[0] != '.';
}

static void test_shipped_checklists(void **state)
{
	struct tu_fixture *fx = *state;
	const char *datadir = getenv("RELCHECK_DATADIR");
	const char *path[2] = { NULL, NULL };
	struct load_options opt = { 0 };
	char *dir;
	DIR *d;
	struct dirent *e;
	struct buf failed = BUF_INIT;
	int loaded = 0;

	if (!datadir)
		TU_SKIP("RELCHECK_DATADIR is not set");
	dir = path_join(datadir, "checklists");
	d = opendir(dir);
	if (!d) {
		free(dir);
		TU_SKIP("no folder checklists in %s", datadir);
	}
	path[0] = dir;
	opt.include_path = path;
	opt.root = fx->dir;	/* an empty project: no version file */
	buf_init(&failed);
	while ((e = readdir(d)) != NULL) {
		struct checklist *cl;
		char *got;

		if (!is_conf(e))
			continue;
		opt.file = path_join(dir, e->d_name);
		if (!path_is_file(opt.file)) {
			free((char *)opt.file);
			continue;
		}
		/* Without a version, then with --release. */
		opt.release = NULL;
		got = tu_load(&opt, &cl);
		if (!cl || *got)
			buf_addf(&failed, "%s:\n%s\n", opt.file, got);
		else if (cl->nphases == 0 || checklist_count_items(cl) == 0)
			buf_addf(&failed, "%s: nothing in it\n", opt.file);
		checklist_free(cl);
		free(got);
		opt.release = "1.0.0";
		got = tu_load(&opt, &cl);
		if (!cl || *got)
			buf_addf(&failed, "%s --release 1.0.0:\n%s\n", opt.file,
				 got);
		else if (!cl->version_known)
			buf_addf(&failed, "%s: version not known\n", opt.file);
		else
			loaded++;
		checklist_free(cl);
		free(got);
		free((char *)opt.file);
	}
	closedir(d);
	free(dir);
	if (failed.len) {
		print_error("%s", failed.data);
		buf_free(&failed);
		fail_msg("shipped checklists that do not load");
	}
	buf_free(&failed);
	if (!loaded)
		TU_SKIP("no checklists in %s/checklists", datadir);
	print_message("# %d shipped checklists load\n", loaded);
}

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, tu_teardown_tmpdir)

static const struct CMUnitTest good_tests[] = {
	FIXTURE(test_valid_loads),
	FIXTURE(test_file_named_as_passed),
	FIXTURE(test_diag_appends),
	FIXTURE(test_layering),
	FIXTURE(test_layering_depends),
	FIXTURE(test_layering_drop_breaks_depends),
	FIXTURE(test_include_relative_to_includer),
	FIXTURE(test_include_too_deep),
	FIXTURE(test_include_path),
	FIXTURE(test_version_from_release),
	FIXTURE(test_version_from_file),
	FIXTURE(test_version_file_relative_to_root),
	FIXTURE(test_version_custom_pattern),
	FIXTURE(test_version_unknown),
	FIXTURE(test_set_overrides),
	FIXTURE(test_release_beats_set_version),
	FIXTURE(test_detected_vars),
	FIXTURE(test_sha256),
	FIXTURE(test_sha256_value),
	FIXTURE(test_shipped_checklists),
};

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(bad_cases) + ARRAY_SIZE(good_tests)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		tests[n++] = (struct CMUnitTest){
			.name = bad_cases[i].name,
			.test_func = test_bad,
			.setup_func = tu_setup_tmpdir,
			.teardown_func = tu_teardown_tmpdir,
			.initial_state = (void *)&bad_cases[i],
		};
	}
	for (size_t i = 0; i < ARRAY_SIZE(good_tests); i++)
		tests[n++] = good_tests[i];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
