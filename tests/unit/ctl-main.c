/* SPDX-License-Identifier: MIT */
/*
 * schemactl's main.c, for test-ctl to call as schemactl_main(): the
 * command line, the verdicts and the output, against a daemon it plays.
 */
int	schemactl_main(int, char **);

#define main	schemactl_main
#include "ctl/main.c"
