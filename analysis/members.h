#ifndef AR_MEMBERS_H
#define AR_MEMBERS_H

/*
 * Objects of the project's own classes and functions. A unit walk records,
 * as module-level bindings under names no Python code can spell, what the
 * file's classes and functions give their callers:
 *
 *   `Store.http`   what class Store binds attribute or method `http` to:
 *                  `self.http = requests.Session()` in any method, a class
 *                  attribute, a method (`@.Store.fetch`); bound twice to
 *                  different things, it merges into "unknown" like any name
 *   `Store:http`   the attribute's declared type (`http: requests.Session`
 *                  in the class body, `self.http: T = ...`), which wins
 *   `make()`       what function `make` returns (its `-> T` annotation, else
 *                  every `return` of it); `Store.load()` for a method
 *   `Store<`       an instance of Store's one base class (`requests.Session()`)
 *
 * Resolving a call then follows them: `self.repo.http.get`, with `self` an
 * instance of Store (`@.Store()`), becomes `@.Store().repo.http.get`, then
 * `@.Repo().http.get`, then `requests.Session().get`, which types.def knows.
 * Each binding read is noted in the resolver, so editing the line that
 * binds `self.http` re-resolves exactly the units that went through it.
 */

#include <stdbool.h>
#include <stddef.h>

#include "scope.h"

/* The member names above, written into buf (`cap` bytes). Each returns the
 * length, or -1 when it does not fit. */
int members_attr_name(char *buf, size_t cap, const char *cls, size_t cls_len, const char *attr,
                      size_t attr_len, bool declared);
int members_return_name(char *buf, size_t cap, const char *key, size_t key_len);
int members_base_name(char *buf, size_t cap, const char *cls, size_t cls_len);

/*
 * Adds to `out` what the qualified chain `text` stands for once the
 * project's objects in it are followed; a chain that does not start with a
 * project name (`@.`), or whose next step is unknown, is added as it is
 * (and then matches nothing). `module` is a scope whose chain of parents
 * ends at the module. Returns 0, or -1 when `out` overflows.
 */
int members_expand(scope_resolver *r, const scope *module, const char *text, scope_alts *out);

#endif
