#ifndef AR_DISPATCH_H
#define AR_DISPATCH_H

#include "jsonrpc.h"
#include "session.h"

/* Handles one parsed message: routes it through the method table, enforces
 * the lifecycle and answers every request exactly once. */
void dispatch_message(session *s, const rpc_message *msg);

#endif
