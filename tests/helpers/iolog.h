/* SPDX-License-Identifier: MIT */
#ifndef IOLOG_H
#define IOLOG_H

#include <stdint.h>

/*
 * The I/O log of the power-loss tests: iolog.so (LD_PRELOAD) writes one
 * record for each change a process makes under a directory, and for each
 * sync; crashstate rebuilds from it what the disk could hold after a power
 * loss at any point. A record is this header, then namelen bytes of name
 * (relative to the directory; for IOLOG_RENAME "from\0to"), then, for
 * IOLOG_WRITE, len bytes of data.
 */

enum iolog_type {
	IOLOG_CREATE = 'C',	/* a new file: ino, name */
	IOLOG_OPEN = 'O',	/* an existing file: ino is name's */
	IOLOG_WRITE = 'W',	/* ino, off, len, data */
	IOLOG_TRUNCATE = 'T',	/* ino, off is the new size */
	IOLOG_SYNC = 'S',	/* fsync/fdatasync of ino */
	IOLOG_DIRSYNC = 'D',	/* fsync of the directory name ("" the top) */
	IOLOG_UNLINK = 'U',	/* name */
	IOLOG_RENAME = 'R',	/* from\0to */
	IOLOG_MKDIR = 'M'	/* name */
};

struct iolog_rec {
	uint32_t	type;
	uint32_t	namelen;
	uint64_t	ino;
	uint64_t	off;
	uint64_t	len;
};

#endif
