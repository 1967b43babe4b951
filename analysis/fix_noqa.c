/* "Disable CODE for this line": a `# noqa: CODE` comment, merged into one
 * that is already there. */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix_build.h"

/* Where a `noqa` directive's code list ends, or 0 when the comment has
 * none; *bare says it is a `# noqa` without codes (which covers all). */
static uint32_t noqa_codes_end(const char *text, uint32_t start, uint32_t end, const char *code,
                               bool *bare, bool *has_code) {
  *bare = *has_code = false;
  for (uint32_t i = start; i + 5 <= end; i++) {
    if (text[i] != '#') continue;
    uint32_t j = i + 1;
    while (j < end && (text[j] == ' ' || text[j] == '\t')) j++;
    if (j + 4 > end || strncasecmp(text + j, "noqa", 4) != 0) continue;
    j += 4;
    if (j >= end || text[j] != ':') {
      *bare = true;
      return 0;
    }
    j++;
    uint32_t codes_end = 0;
    size_t code_len = strlen(code);
    for (;;) {
      uint32_t k = j;
      while (k < end && (text[k] == ' ' || text[k] == '\t' || text[k] == ',')) k++;
      uint32_t word = k;
      while (k < end && isalpha((unsigned char)text[k])) k++;
      uint32_t digits = k;
      while (k < end && isdigit((unsigned char)text[k])) k++;
      if (digits == word || k == digits) break;
      if (k - word == code_len && strncasecmp(text + word, code, code_len) == 0) *has_code = true;
      codes_end = k;
      j = k;
    }
    if (codes_end == 0) *bare = true; /* `# noqa:` with nothing readable after it */
    return codes_end;
  }
  return 0;
}

/* Whether a string spans `at` strictly. */
static bool inside_string(ar_fix_context *cx, uint32_t at) {
  size_t depth;
  TSNode *path = fix_path_to(cx, at, at, &depth);
  bool inside = !path; /* out of memory: offer nothing rather than guess */
  for (size_t i = 0; path && i < depth && !inside; i++)
    inside = (fix_node_is(path[i], "string") || fix_node_is(path[i], "concatenated_string")) &&
             ts_node_start_byte(path[i]) < at && at < ts_node_end_byte(path[i]);
  free(path);
  return inside;
}

int fix_add_noqa(const fix_site *site, ar_fix_list *out) {
  const char *src = site->cx->source;
  const char *code = site->finding->rule->code;
  uint32_t line_start, line_end;
  fix_line_bounds(site->cx, site->finding->start, &line_start, &line_end);
  uint32_t content_end = line_end;
  while (content_end > line_start && (src[content_end - 1] == ' ' || src[content_end - 1] == '\t'))
    content_end--;
  /* A line that ends inside a string has no room for a comment. */
  if (inside_string(site->cx, line_end)) return 0;

  TSNode last = {0};
  if (content_end > line_start) {
    size_t depth;
    TSNode *path = fix_path_to(site->cx, content_end - 1, content_end, &depth);
    if (!path) return -1;
    last = path[depth - 1];
    free(path);
  }
  bool has_comment = fix_node_is(last, "comment") && ts_node_start_byte(last) >= line_start;
  uint32_t at = content_end;
  fix_text text = {0};
  if (has_comment) {
    bool bare, has_code;
    uint32_t codes_end =
        noqa_codes_end(src, ts_node_start_byte(last), content_end, code, &bare, &has_code);
    if (bare || has_code) return 0;
    if (codes_end) {
      at = codes_end;
      fix_text_printf(&text, ", %s", code);
    } else {
      fix_text_printf(&text, "  # noqa: %s", code);
    }
  } else {
    /* After a line continuation a comment would end the statement. */
    if (content_end > line_start && src[content_end - 1] == '\\') return 0;
    fix_text_printf(&text, "  # noqa: %s", code);
  }
  char *insert = fix_text_take(&text);
  ar_fix *fix = insert ? fix_begin(out, AR_FIX_SAFE, false, "Disable %s for this line", code) : NULL;
  if (!fix || fix_edit(fix, at, has_comment ? at : line_end, insert) < 0) {
    if (fix) fix_drop_last(out);
    free(insert);
    return -1;
  }
  free(insert);
  fix->suppression = true;
  return 0;
}
