#ifndef AR_LIBRARY_H
#define AR_LIBRARY_H

/*
 * Which async library a file is written for, read from its module-level
 * imports as the analysis keeps them (so it follows edits for free), and the
 * spelling of the async replacements in that library.
 */

#include <stddef.h>

#include "analysis.h"

/* ar_library and ar_library_name (for a scanned library: the module to
 * import) come with the configuration, which may force one (config.h). */

/*
 * The library the configuration names; else anyio or trio when the file
 * imports it and not asyncio (anyio wins over trio, since anyio code may run
 * on trio); asyncio when unclear. Never AR_LIB_AUTO.
 *
 * One pass over the module's imports (a file has as many module-level names
 * as it has functions, so callers do this once per batch of findings):
 * returns the library, and sets names[i] to the module-level name bound to
 * exactly modules[i] (`import asyncio as aio` gives "aio"), preferring the
 * module's own name, or NULL when none is. The strings are owned by the
 * analysis and valid until its next update.
 */
ar_library ar_library_scan(const ar_analysis *a, const char *const *modules, size_t n,
                           const char **names);

/* ar_library_scan without the names, and without a pass over the imports
 * (the analysis keeps which event-loop libraries they name). */
ar_library ar_library_detect(const ar_analysis *a);

/* The finding's message with the advice in the library's own terms (trio,
 * anyio); for asyncio, or a finding with configured advice, it is
 * ar_finding_message's. Caller frees; NULL when out of memory. */
char *ar_library_message(const ar_finding *f, ar_library lib);

#endif
