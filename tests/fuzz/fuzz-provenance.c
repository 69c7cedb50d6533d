/* fuzz-provenance.c: a PEP 740 provenance object (or a bare attestation)
 * on any bytes, read and verified against Sigstore's real trusted root;
 * the same bytes read as a trusted root too. */
#include "config.h"

#include "provenance.h"
#include "sigstore-root.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sigstore_root root;
static int loaded;

static void load_root(void)
{
	char *dir = path_dirname(__FILE__);
	char *path = path_join(dir, "../../data/sigstore/trusted_root.json");
	char *err = NULL;

	if (sigstore_root_load(path, &root, &err) < 0)
		abort();	/* the fuzzer needs the real root */
	free(path);
	free(dir);
	loaded = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct provenance p;
	struct sigstore_root other;
	char *err = NULL;

	if (!loaded)
		load_root();
	if (provenance_parse((const char *)data, size, &p, &err) == 0) {
		struct attest_expect x = { 0 };
		struct buf detail;
		char *reason = NULL;
		int rc;

		assert(p.nbundles > 0);
		x.root = &root;
		x.now = 1800000000;
		buf_init(&detail);
		rc = provenance_verify(&p, &x, &detail, &reason);
		assert(rc == ATTEST_OK ? reason == NULL : reason != NULL);
		free(reason);
		buf_free(&detail);
	} else {
		assert(err);
	}
	provenance_free(&p);
	free(err);
	err = NULL;
	if (sigstore_root_parse((const char *)data, size, &other, &err) == 0)
		assert(other.ncas > 0 && other.ntlogs > 0);
	else
		assert(err && other.ncas == 0);
	sigstore_root_free(&other);
	free(err);
	return 0;
}
