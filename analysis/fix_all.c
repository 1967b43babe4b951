#include "fix_all.h"

#include <stdlib.h>
#include <string.h>

void ar_fix_all_edits_free(ar_fix_all_edits *e) {
  for (size_t i = 0; i < e->count; i++) free(e->edits[i].text);
  free(e->edits);
  *e = (ar_fix_all_edits){0};
}

/* The merged edits borrow their texts from the fix lists, which go away. */
static int own_texts(ar_edit *edits, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char *copy = strdup(edits[i].text);
    if (!copy) {
      for (size_t j = 0; j < i; j++) free(edits[j].text);
      return -1;
    }
    edits[i].text = copy;
  }
  return 0;
}

int ar_fix_all(ar_fix_context *cx, const ar_finding *findings, size_t n, const ar_config *config,
               bool unsafe, ar_fix_all_edits *out) {
  *out = (ar_fix_all_edits){0};
  ar_fix_list *lists = calloc(n ? n : 1, sizeof *lists);
  const ar_fix **picked = calloc(n ? n : 1, sizeof *picked);
  size_t count = 0;
  int rc = lists && picked ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (!ar_config_reports(config, findings[i].rule->code)) continue;
    if (ar_fix_collect(cx, &findings[i], &lists[i]) < 0) {
      rc = -1;
      break;
    }
    const ar_fix *fix = ar_fix_pick(&lists[i], unsafe);
    if (fix) picked[count++] = fix;
  }
  size_t skipped = 0;
  if (rc == 0 && ar_fix_merge(picked, count, &out->edits, &out->count, &skipped) < 0) rc = -1;
  if (rc == 0 && own_texts(out->edits, out->count) < 0) {
    free(out->edits);
    rc = -1;
  }
  if (rc == 0)
    out->applied = count - skipped;
  else
    *out = (ar_fix_all_edits){0};
  for (size_t i = 0; lists && i < n; i++) ar_fix_list_free(&lists[i]);
  free(lists);
  free(picked);
  return rc;
}
