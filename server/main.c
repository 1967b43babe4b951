#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ar_version.h"
#include "cli_check.h"
#include "log.h"
#include "server.h"

static void usage(FILE *out) {
  fputs("asyncradar " AR_VERSION ": finds blocking calls in async Python code\n"
        "\n"
        "usage:\n"
        "  asyncradar check [--output-format text|json] [--select CODES] [--ignore CODES] PATH...\n"
        "  asyncradar server [--stdio] [--log-level error|warn|info|debug|off]\n"
        "  asyncradar --version | --help\n"
        "\n"
        "check   lints files and folders; exit 0 when clean, 1 with findings, 2 on errors\n"
        "server  serves the Language Server Protocol on stdin/stdout (logs on stderr)\n",
        out);
}

static int server_main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--stdio") == 0) continue;
    if (strcmp(argv[i], "--log-level") == 0 && i + 1 < argc) {
      log_level level;
      if (log_level_from_name(argv[++i], &level) < 0) {
        fprintf(stderr, "asyncradar: unknown log level '%s'\n", argv[i]);
        return 2;
      }
      log_set_level(level);
      continue;
    }
    fprintf(stderr, "asyncradar: unknown server option '%s'\n", argv[i]);
    usage(stderr);
    return 2;
  }
  return server_run(STDIN_FILENO, STDOUT_FILENO);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *command = argv[1];
  if (strcmp(command, "--version") == 0 || strcmp(command, "version") == 0) {
    printf("asyncradar %s\n", AR_VERSION);
    return 0;
  }
  if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 || strcmp(command, "help") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(command, "check") == 0) return cli_check_main(argc - 1, argv + 1);
  if (strcmp(command, "server") == 0) return server_main(argc - 1, argv + 1);
  /* Editor clients sometimes start the binary with only --stdio. */
  if (strcmp(command, "--stdio") == 0) return server_main(argc - 1, argv + 1);
  fprintf(stderr, "asyncradar: unknown command '%s'\n", command);
  usage(stderr);
  return 2;
}
