/* SPDX-License-Identifier: MIT */
#ifndef LEAVE_H
#define LEAVE_H

#include <stddef.h>

size_t	leave_out_fk(char *buf, size_t len, int *framed);

#endif
