#include "library.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *const *modules;
  size_t n;
  const char **names;
} scan_state;

/* The module's own name beats an alias; among aliases the smallest, so the
 * choice does not depend on hash order. */
static bool better_name(const char *name, const char *found, const char *module) {
  if (!found) return true;
  if (strcmp(found, module) == 0) return false;
  return strcmp(name, module) == 0 || strcmp(name, found) < 0;
}

static void note_import(void *ctx, const char *name, const char *target) {
  scan_state *st = ctx;
  for (size_t i = 0; i < st->n; i++)
    if (strcmp(target, st->modules[i]) == 0 && better_name(name, st->names[i], st->modules[i]))
      st->names[i] = name;
}

ar_library ar_library_scan(const ar_analysis *a, const char *const *modules, size_t n,
                           const char **names) {
  for (size_t i = 0; i < n; i++) names[i] = NULL;
  if (n > 0) {
    scan_state st = {modules, n, names};
    ar_analysis_each_import(a, note_import, &st);
  }
  return ar_library_detect(a);
}

ar_library ar_library_detect(const ar_analysis *a) {
  const ar_config *config = ar_analysis_config(a);
  if (config && config->library != AR_LIB_AUTO) return config->library;
  bool asyncio, trio, anyio;
  ar_analysis_imported_loops(a, &asyncio, &trio, &anyio);
  if (asyncio) return AR_LIB_ASYNCIO;
  if (anyio) return AR_LIB_ANYIO;
  if (trio) return AR_LIB_TRIO;
  return AR_LIB_ASYNCIO;
}

/* What to use instead in trio and anyio code, per category; the rules'
 * own advice (rules.def) is asyncio's. */
static const struct {
  ar_category category;
  const char *trio, *anyio;
} advice[] = {
    {AR_CAT_SLEEP, "`await trio.sleep(...)`", "`await anyio.sleep(...)`"},
    {AR_CAT_HTTP, "an async client (`httpx.AsyncClient`), or `await trio.to_thread.run_sync(...)`",
     "an async client (`httpx.AsyncClient`), or `await anyio.to_thread.run_sync(...)`"},
    {AR_CAT_PROCESS, "`await trio.run_process(...)`", "`await anyio.run_process(...)`"},
    {AR_CAT_FILE, "`trio.Path` / `await trio.open_file(...)`, or `await trio.to_thread.run_sync(...)`",
     "`anyio.Path` / `await anyio.open_file(...)`, or `await anyio.to_thread.run_sync(...)`"},
    {AR_CAT_INPUT, "`await trio.to_thread.run_sync(input, ...)`",
     "`await anyio.to_thread.run_sync(input, ...)`"},
    {AR_CAT_NETWORK, "`await trio.open_tcp_stream(...)` / `await trio.socket.getaddrinfo(...)`",
     "`await anyio.connect_tcp(...)` / `await anyio.getaddrinfo(...)`"},
    {AR_CAT_DATABASE, "an async driver, or `await trio.to_thread.run_sync(...)`",
     "an async driver, or `await anyio.to_thread.run_sync(...)`"},
    {AR_CAT_SYNC, "trio's own primitives (`trio.Lock`, `trio.Event`, memory channels), or `await trio.to_thread.run_sync(...)`",
     "anyio's own primitives (`anyio.Lock`, `anyio.Event`, memory object streams), or `await anyio.to_thread.run_sync(...)`"},
    {AR_CAT_LOOP, "`await` the coroutine directly, or `nursery.start_soon(...)`",
     "`await` the coroutine directly, or `task_group.start_soon(...)`"},
    {AR_CAT_CPU, "a process pool for pure-Python work (`trio.to_thread.run_sync` is enough for C code that releases the GIL, such as `hashlib`)",
     "`await anyio.to_process.run_sync(...)` (`anyio.to_thread.run_sync` is enough for C code that releases the GIL, such as `hashlib`)"},
};

char *ar_library_message(const ar_finding *f, ar_library lib) {
  const char *instead = NULL;
  for (size_t i = 0; i < sizeof advice / sizeof advice[0] && !f->instead; i++)
    if (advice[i].category == f->rule->category)
      instead = lib == AR_LIB_TRIO ? advice[i].trio : lib == AR_LIB_ANYIO ? advice[i].anyio : NULL;
  return instead ? ar_finding_message_advising(f, instead) : ar_finding_message(f);
}
