#include "projects.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

typedef struct {
  char *root; /* hash key, owned: the project's folder, "" for none */
  ar_config config;
  UT_hash_handle hh;
} project;

struct projects {
  const ar_config *settings;
  pyproject_cache *cache;
  project *by_root;
};

projects *projects_new(const ar_config *settings, pyproject_report_fn report, void *ctx) {
  projects *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->settings = settings;
  p->cache = pyproject_cache_new(report, ctx);
  if (!p->cache) {
    free(p);
    return NULL;
  }
  return p;
}

void projects_free(projects *p) {
  if (!p) return;
  project *e, *tmp;
  HASH_ITER(hh, p->by_root, e, tmp) {
    HASH_DEL(p->by_root, e);
    ar_config_clear(&e->config);
    free(e->root);
    free(e);
  }
  pyproject_cache_free(p->cache);
  free(p);
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *projects_uri_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0) return NULL;
  const char *p = uri + 7;
  if (strncmp(p, "localhost/", 10) == 0) p += 9;
  if (*p != '/') return NULL; /* another host: not a local file */
  char *out = malloc(strlen(p) + 1);
  if (!out) return NULL;
  size_t n = 0;
  for (; *p && *p != '?' && *p != '#'; p++) {
    int hi, lo;
    if (*p == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
      out[n++] = (char)(hi * 16 + lo);
      p += 2;
    } else {
      out[n++] = *p;
    }
  }
  out[n] = '\0';
  /* A decoded NUL would cut the path short: not a file we can look at. */
  if (strlen(out) != n) {
    free(out);
    return NULL;
  }
  return out;
}

const ar_config *projects_config_for(projects *p, const char *uri) {
  const ar_config *found = NULL;
  const char *root = "";
  char *path = projects_uri_path(uri);
  char *slash = path ? strrchr(path, '/') : NULL;
  if (slash) {
    if (slash == path) slash[1] = '\0';
    else *slash = '\0';
    found = pyproject_cache_lookup(p->cache, path, &root);
    if (!found) root = "";
  }
  project *e;
  HASH_FIND_STR(p->by_root, root, e);
  if (!e) {
    e = calloc(1, sizeof *e);
    if (e && (e->root = strdup(root)) != NULL) {
      ar_config_init(&e->config);
      if ((found && ar_config_merge(&e->config, found) < 0) ||
          ar_config_merge(&e->config, p->settings) < 0) {
        ar_config_clear(&e->config);
        free(e->root);
        free(e);
        e = NULL;
      } else {
        HASH_ADD_KEYPTR(hh, p->by_root, e->root, strlen(e->root), e);
      }
    } else {
      free(e);
      e = NULL;
    }
  }
  free(path);
  return e ? &e->config : NULL;
}
