#ifndef AR_SERVER_H
#define AR_SERVER_H

/* Serves LSP on in_fd/out_fd until `exit` or end of input. Returns the
 * process exit code: 0 after a shutdown request, 1 otherwise. */
int server_run(int in_fd, int out_fd);

#endif
