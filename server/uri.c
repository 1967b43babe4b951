#include "uri.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char *uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0) return NULL;
  const char *p = uri + 7;
  if (strncmp(p, "localhost/", 10) == 0) p += 9;
  if (*p != '/') return NULL;
  char *out = malloc(strlen(p) + 1);
  if (!out) return NULL;
  size_t n = 0;
  for (; *p && *p != '?' && *p != '#'; p++) {
    int hi, lo;
    if (*p == '%' && (hi = hex(p[1])) >= 0 && (lo = hex(p[2])) >= 0) {
      char c = (char)(hi * 16 + lo);
      if (c == '\0') {
        free(out);
        return NULL;
      }
      out[n++] = c;
      p += 2;
    } else {
      out[n++] = *p;
    }
  }
  out[n] = '\0';
  return out;
}

static bool unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

char *uri_from_path(const char *path) {
  static const char digits[] = "0123456789ABCDEF";
  size_t len = strlen(path);
  char *out = malloc(7 + 3 * len + 1);
  if (!out) return NULL;
  memcpy(out, "file://", 7);
  size_t n = 7;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (unreserved(*p)) {
      out[n++] = (char)*p;
    } else {
      out[n++] = '%';
      out[n++] = digits[*p >> 4];
      out[n++] = digits[*p & 15];
    }
  }
  out[n] = '\0';
  return out;
}
