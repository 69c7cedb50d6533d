/* fuzz-loader.c: the checklist loader on any config text (with an
 * included base, so that layering and variables are reached). */
#include "config.h"

#include "loader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/relcheck-fuzz-loader-XXXXXX";
static int ready;

static void put(const char *name, const void *text, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return;
	fwrite(text, 1, len, f);
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char base[] =
		"name = \"base ${package}\";\n"
		"vars = { package = \"p\"; tag = \"v${version}\"; };\n"
		"phases = ( { id = \"pre\"; title = \"Pre\"; items = (\n"
		"  { id = \"a\"; title = \"A ${tag}\"; check = { type = "
		"\"regex\"; path = \"x\"; pattern = \"^${version:re}$\"; }; }"
		" ); } );\n";
	struct load_options opt = { 0 };
	struct diag d = DIAG_INIT;
	struct checklist *cl;
	char file[256];

	if (!ready) {
		if (!mkdtemp(dir))
			return 0;
		put("base.conf", base, sizeof(base) - 1);
		ready = 1;
	}
	put("c.conf", data, size);
	snprintf(file, sizeof(file), "%s/c.conf", dir);
	opt.file = file;
	opt.root = dir;
	opt.release = "1.0.0";
	cl = checklist_load(&opt, &d);
	checklist_free(cl);
	diag_free(&d);
	return 0;
}
