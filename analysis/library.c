#include "library.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
  bool asyncio, trio, anyio;
  const char *const *modules;
  size_t n;
  const char **names;
} scan_state;

static bool is_module_or_member(const char *target, const char *module) {
  size_t n = strlen(module);
  return strncmp(target, module, n) == 0 && (target[n] == '\0' || target[n] == '.');
}

/* The module's own name beats an alias; among aliases the smallest, so the
 * choice does not depend on hash order. */
static bool better_name(const char *name, const char *found, const char *module) {
  if (!found) return true;
  if (strcmp(found, module) == 0) return false;
  return strcmp(name, module) == 0 || strcmp(name, found) < 0;
}

static void note_import(void *ctx, const char *name, const char *target) {
  scan_state *st = ctx;
  if (is_module_or_member(target, "asyncio")) st->asyncio = true;
  if (is_module_or_member(target, "trio")) st->trio = true;
  if (is_module_or_member(target, "anyio")) st->anyio = true;
  for (size_t i = 0; i < st->n; i++)
    if (strcmp(target, st->modules[i]) == 0 && better_name(name, st->names[i], st->modules[i]))
      st->names[i] = name;
}

ar_library ar_library_scan(const ar_analysis *a, const char *const *modules, size_t n,
                           const char **names) {
  for (size_t i = 0; i < n; i++) names[i] = NULL;
  scan_state st = {false, false, false, modules, n, names};
  ar_analysis_each_import(a, note_import, &st);
  const ar_config *config = ar_analysis_config(a);
  if (config && config->library != AR_LIB_AUTO) return config->library;
  if (st.asyncio) return AR_LIB_ASYNCIO;
  if (st.anyio) return AR_LIB_ANYIO;
  if (st.trio) return AR_LIB_TRIO;
  return AR_LIB_ASYNCIO;
}
