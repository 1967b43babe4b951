#ifndef AR_CLI_CHECK_H
#define AR_CLI_CHECK_H

/* `asyncradar check [options] PATH...`: exit 0 when nothing is found, 1 when
 * something is, 2 on usage or I/O errors. argv[0] is "check". */
int cli_check_main(int argc, char **argv);

#endif
