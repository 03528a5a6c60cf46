/* SPDX-License-Identifier: MIT */
/*
 * iolog.so, for the power-loss tests: preloaded into schemad (LD_PRELOAD),
 * it records in IOLOG_FILE every change that the process makes to the
 * files under the directory IOLOG_DIR (an absolute path) -- creations,
 * writes, truncations, unlinks, renames -- and every fsync and fdatasync of
 * those files and of the directories, in the order they happened. It
 * changes nothing about what the calls do. crashstate reads the log.
 *
 * Only the calls that SQLite and schemad make are wrapped: open, open64,
 * openat, close, write, pwrite, pwrite64, ftruncate, ftruncate64, fsync,
 * fdatasync, unlink, rename, mkdir. Shared memory (the -shm file, written
 * through mmap) is not recorded: SQLite rebuilds it after a crash.
 */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <sys/types.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iolog.h"

#define MAXFD	65536

struct tracked {
	int		 on;
	int		 dir;
	uint64_t	 ino;
	char		*name;
};

static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static struct tracked	 fds[MAXFD];
static char		 top[PATH_MAX];
static size_t		 toplen;
static int		 logfd = -1;

static int	(*real_open)(const char *, int, ...);
static int	(*real_openat)(int, const char *, int, ...);
static int	(*real_close)(int);
static ssize_t	(*real_write)(int, const void *, size_t);
static ssize_t	(*real_pwrite)(int, const void *, size_t, off_t);
static int	(*real_ftruncate)(int, off_t);
static int	(*real_fsync)(int);
static int	(*real_fdatasync)(int);
static int	(*real_unlink)(const char *);
static int	(*real_rename)(const char *, const char *);
static int	(*real_mkdir)(const char *, mode_t);

__attribute__((constructor)) static void
iolog_init(void)
{
	const char	*dir = getenv("IOLOG_DIR"), *file = getenv("IOLOG_FILE");

	real_open = dlsym(RTLD_NEXT, "open");
	real_openat = dlsym(RTLD_NEXT, "openat");
	real_close = dlsym(RTLD_NEXT, "close");
	real_write = dlsym(RTLD_NEXT, "write");
	real_pwrite = dlsym(RTLD_NEXT, "pwrite");
	real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
	real_fsync = dlsym(RTLD_NEXT, "fsync");
	real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
	real_unlink = dlsym(RTLD_NEXT, "unlink");
	real_rename = dlsym(RTLD_NEXT, "rename");
	real_mkdir = dlsym(RTLD_NEXT, "mkdir");
	if (dir == NULL || file == NULL || realpath(dir, top) == NULL)
		return;
	toplen = strlen(top);
	logfd = real_open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644);
}

/* The name under the directory of path, or NULL when it is not there. */
static char *
relative(int dirfd, const char *path)
{
	char	cwd[PATH_MAX], *abs, *name;

	if (logfd == -1 || (path[0] != '/' && dirfd != AT_FDCWD))
		return (NULL);
	if (path[0] == '/')
		abs = strdup(path);
	else if (getcwd(cwd, sizeof cwd) == NULL ||
	    asprintf(&abs, "%s/%s", cwd, path) == -1)
		return (NULL);
	name = NULL;
	if (strncmp(abs, top, toplen) == 0 &&
	    (abs[toplen] == '\0' || abs[toplen] == '/'))
		name = strdup(abs + toplen + (abs[toplen] == '/'));
	free(abs);
	return (name);
}

static void
put(const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = real_write(logfd, p, len)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
}

/* Append a record; the caller holds the lock. */
static void
record(int type, uint64_t ino, uint64_t off, const char *name,
    size_t namelen, const void *data, size_t len)
{
	struct iolog_rec	rec;
	int			saved = errno;

	memset(&rec, 0, sizeof rec);
	rec.type = (uint32_t)type;
	rec.namelen = (uint32_t)namelen;
	rec.ino = ino;
	rec.off = off;
	rec.len = len;
	put(&rec, sizeof rec);
	if (namelen > 0)
		put(name, namelen);
	if (len > 0)
		put(data, len);
	errno = saved;
}

/* After a successful open: track fd, and say whether it made the file. */
static void
opened(int fd, char *name, int created, int flags)
{
	struct stat	st;

	if (fd < 0 || fd >= MAXFD || fstat(fd, &st) == -1) {
		free(name);
		return;
	}
	pthread_mutex_lock(&lock);
	free(fds[fd].name);
	fds[fd].on = 1;
	fds[fd].dir = S_ISDIR(st.st_mode);
	fds[fd].ino = (uint64_t)st.st_ino;
	fds[fd].name = name;
	if (!fds[fd].dir) {
		record(created ? IOLOG_CREATE : IOLOG_OPEN, fds[fd].ino, 0,
		    name, strlen(name), NULL, 0);
		if (!created && (flags & O_TRUNC) && (flags & O_ACCMODE))
			record(IOLOG_TRUNCATE, fds[fd].ino, 0, NULL, 0, NULL,
			    0);
	}
	pthread_mutex_unlock(&lock);
}

static int
do_open(int dirfd, const char *path, int flags, mode_t mode)
{
	char	*name = relative(dirfd, path);
	int	 fd, created = 0;

	if (name != NULL && (flags & O_CREAT))
		created = faccessat(dirfd, path, F_OK, 0) == -1;
	fd = real_openat(dirfd, path, flags, mode);
	if (name != NULL)
		opened(fd, name, created, flags);
	return (fd);
}

int
open(const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (do_open(AT_FDCWD, path, flags, mode));
}

extern __typeof(open) open64 __attribute__((alias("open")));

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list	ap;
	mode_t	mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (do_open(dirfd, path, flags, mode));
}

int
close(int fd)
{
	if (fd >= 0 && fd < MAXFD) {
		pthread_mutex_lock(&lock);
		free(fds[fd].name);
		memset(&fds[fd], 0, sizeof fds[fd]);
		pthread_mutex_unlock(&lock);
	}
	return (real_close(fd));
}

static int
is_tracked(int fd)
{
	return (fd >= 0 && fd < MAXFD && fds[fd].on && !fds[fd].dir);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	ssize_t	n;
	off_t	off;

	if (!is_tracked(fd))
		return (real_write(fd, buf, len));
	pthread_mutex_lock(&lock);
	off = lseek(fd, 0, SEEK_CUR);
	n = real_write(fd, buf, len);
	if (n > 0)
		record(IOLOG_WRITE, fds[fd].ino, (uint64_t)off, NULL, 0, buf,
		    (size_t)n);
	pthread_mutex_unlock(&lock);
	return (n);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	ssize_t	n;

	if (!is_tracked(fd))
		return (real_pwrite(fd, buf, len, off));
	pthread_mutex_lock(&lock);
	n = real_pwrite(fd, buf, len, off);
	if (n > 0)
		record(IOLOG_WRITE, fds[fd].ino, (uint64_t)off, NULL, 0, buf,
		    (size_t)n);
	pthread_mutex_unlock(&lock);
	return (n);
}

extern __typeof(pwrite) pwrite64 __attribute__((alias("pwrite")));

int
ftruncate(int fd, off_t size)
{
	int	rc;

	if (!is_tracked(fd))
		return (real_ftruncate(fd, size));
	pthread_mutex_lock(&lock);
	if ((rc = real_ftruncate(fd, size)) == 0)
		record(IOLOG_TRUNCATE, fds[fd].ino, (uint64_t)size, NULL, 0,
		    NULL, 0);
	pthread_mutex_unlock(&lock);
	return (rc);
}

extern __typeof(ftruncate) ftruncate64 __attribute__((alias("ftruncate")));

/* A sync that succeeded makes what came before it durable. */
static int
synced(int fd, int rc)
{
	if (rc != 0 || fd < 0 || fd >= MAXFD || !fds[fd].on)
		return (rc);
	pthread_mutex_lock(&lock);
	if (fds[fd].dir)
		record(IOLOG_DIRSYNC, 0, 0, fds[fd].name,
		    strlen(fds[fd].name), NULL, 0);
	else
		record(IOLOG_SYNC, fds[fd].ino, 0, NULL, 0, NULL, 0);
	pthread_mutex_unlock(&lock);
	return (rc);
}

int
fsync(int fd)
{
	return (synced(fd, real_fsync(fd)));
}

int
fdatasync(int fd)
{
	return (synced(fd, real_fdatasync(fd)));
}

int
unlink(const char *path)
{
	char	*name = relative(AT_FDCWD, path);
	int	 rc = real_unlink(path);

	if (name != NULL && rc == 0) {
		pthread_mutex_lock(&lock);
		record(IOLOG_UNLINK, 0, 0, name, strlen(name), NULL, 0);
		pthread_mutex_unlock(&lock);
	}
	free(name);
	return (rc);
}

int
rename(const char *from, const char *to)
{
	char	*a = relative(AT_FDCWD, from), *b = relative(AT_FDCWD, to);
	char	*both;
	size_t	 la, lb;
	int	 rc = real_rename(from, to);

	if (a != NULL && b != NULL && rc == 0) {
		la = strlen(a);
		lb = strlen(b);
		both = malloc(la + 1 + lb);
		memcpy(both, a, la + 1);
		memcpy(both + la + 1, b, lb);
		pthread_mutex_lock(&lock);
		record(IOLOG_RENAME, 0, 0, both, la + 1 + lb, NULL, 0);
		pthread_mutex_unlock(&lock);
		free(both);
	}
	free(a);
	free(b);
	return (rc);
}

int
mkdir(const char *path, mode_t mode)
{
	char	*name = relative(AT_FDCWD, path);
	int	 rc = real_mkdir(path, mode);

	if (name != NULL && rc == 0) {
		pthread_mutex_lock(&lock);
		record(IOLOG_MKDIR, 0, 0, name, strlen(name), NULL, 0);
		pthread_mutex_unlock(&lock);
	}
	free(name);
	return (rc);
}
