#ifndef AR_URI_H
#define AR_URI_H

/* `file:` URIs and local paths (RFC 8089, percent-encoding). */

/* The path of a `file:` URI with an empty or `localhost` authority; NULL for
 * any other URI or when out of memory. Caller frees. */
char *uri_to_path(const char *uri);

/* `file://` + the absolute path, percent-encoded. Caller frees. */
char *uri_from_path(const char *path);

#endif
