#ifndef AR_FS_H
#define AR_FS_H

/* Reading Python files from disk, for the CLI and the server's workspace. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The whole file, NULL with errno set on failure (EFBIG past
 * DOC_MAX_TEXT). Caller frees. */
char *fs_read(const char *path, size_t *len);

/* A regular file's modification time in nanoseconds; false when `path` is
 * not a regular file. */
bool fs_stamp(const char *path, uint64_t *stamp);

#endif
