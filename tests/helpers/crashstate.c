/* SPDX-License-Identifier: MIT */
/*
 * crashstate: what a disk could hold after a power loss, rebuilt from the
 * I/O log that iolog.so recorded (iolog.h) and a copy of the directory as
 * it was before the logged process started.
 *
 *	crashstate LOG --points
 *		print the number of each record that is a sync (a crash just
 *		before it loses the most), then the number of records
 *	crashstate LOG BASE OUT POINT SEED
 *		write into OUT (empty) the directory as it could be after a
 *		power loss when the first POINT records had happened; SEED
 *		"kill" gives what a kill -9 there leaves: everything
 *
 * The model: a write or truncation is durable once its file was synced
 * after it, a creation, unlink, rename or mkdir once its directory was.
 * With SEED 0, everything that was not durable is lost. Otherwise, from
 * the seed, each write and truncation that was not durable is kept or lost
 * at random (any subset, in any order), and of the directory changes that
 * were not durable a random number of the first are kept (a journaling
 * file system keeps them in order). Files ending in -shm are left out:
 * SQLite rebuilds shared memory after a crash.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iolog.h"

struct op {
	struct iolog_rec	 rec;
	const char		*name;		/* NUL-terminated copies */
	const char		*to;		/* IOLOG_RENAME */
	const unsigned char	*data;		/* IOLOG_WRITE, in the log */
	size_t			 obj;		/* the file written */
	int			 durable;
};

struct obj {
	unsigned char	*data;
	size_t		 size;
};

struct entry {
	char	*name;
	size_t	 obj;		/* SIZE_MAX: a directory */
};

struct space {
	struct entry	*v;
	size_t		 n;
};

/* Which object an inode number stands for, from its open on. */
struct binding {
	uint64_t	 ino;
	size_t		 obj;
};

static struct op	*ops;
static size_t		 nops;
static struct obj	*objs;
static size_t		 nobjs;
static uint64_t		 rng;

static void
die(const char *what)
{
	fprintf(stderr, "crashstate: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n == 0 ? 1 : n)) == NULL)
		die("realloc");
	return (p);
}

static char *
xstrndup(const char *s, size_t n)
{
	char	*p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

/* Read the log (mapped) into ops. */
static void
read_log(const char *path)
{
	struct stat		 st;
	const unsigned char	*p, *end;
	struct op		*op;
	int			 fd;
	size_t			 nl;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		die(path);
	if (st.st_size == 0)
		return;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die(path);
	end = p + st.st_size;
	while (p + sizeof(struct iolog_rec) <= end) {
		ops = xrealloc(ops, (nops + 1) * sizeof *ops);
		op = &ops[nops++];
		memset(op, 0, sizeof *op);
		memcpy(&op->rec, p, sizeof op->rec);
		p += sizeof op->rec;
		nl = op->rec.namelen;
		op->name = xstrndup((const char *)p, nl);
		if (op->rec.type == IOLOG_RENAME)
			op->to = op->name + strlen(op->name) + 1;
		p += nl;
		op->data = p;
		if (op->rec.type == IOLOG_WRITE)
			p += op->rec.len;
	}
}

static size_t
new_obj(void)
{
	objs = xrealloc(objs, (nobjs + 1) * sizeof *objs);
	memset(&objs[nobjs], 0, sizeof objs[nobjs]);
	return (nobjs++);
}

static struct entry *
find(struct space *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].name, name) == 0)
			return (&s->v[i]);
	}
	return (NULL);
}

static void
set(struct space *s, const char *name, size_t obj)
{
	struct entry	*e;

	if ((e = find(s, name)) == NULL) {
		s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
		e = &s->v[s->n++];
		e->name = xstrndup(name, strlen(name));
	}
	e->obj = obj;
}

static void
del(struct space *s, const char *name)
{
	struct entry	*e;

	if ((e = find(s, name)) == NULL)
		return;
	free(e->name);
	*e = s->v[--s->n];
}

/* The initial directory: every file (read into an object) and directory. */
static void
load_base(struct space *s, const char *base, const char *rel)
{
	DIR		*dp;
	struct dirent	*de;
	struct stat	 st;
	char		 path[8192], name[4096];
	size_t		 o;
	int		 fd;

	snprintf(path, sizeof path, "%s%s%s", base, *rel ? "/" : "", rel);
	if ((dp = opendir(path)) == NULL)
		die(path);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(name, sizeof name, "%s%s%s", rel, *rel ? "/" : "",
		    de->d_name);
		snprintf(path, sizeof path, "%s/%s", base, name);
		if (lstat(path, &st) == -1)
			die(path);
		if (S_ISDIR(st.st_mode)) {
			set(s, name, SIZE_MAX);
			load_base(s, base, name);
			continue;
		}
		o = new_obj();
		objs[o].size = (size_t)st.st_size;
		objs[o].data = xrealloc(NULL, objs[o].size);
		if ((fd = open(path, O_RDONLY)) == -1 ||
		    read(fd, objs[o].data, objs[o].size) !=
		    (ssize_t)objs[o].size)
			die(path);
		close(fd);
		set(s, name, o);
	}
	closedir(dp);
}

/* The directory a name is in ("" for the top). */
static size_t
dirlen(const char *name)
{
	const char	*slash = strrchr(name, '/');

	return (slash == NULL ? 0 : (size_t)(slash - name));
}

static int
is_dirop(const struct op *op)
{
	switch (op->rec.type) {
	case IOLOG_CREATE:
	case IOLOG_UNLINK:
	case IOLOG_RENAME:
	case IOLOG_MKDIR:
		return (1);
	}
	return (0);
}

/* A creation, unlink, rename or mkdir, done to a name space. */
static void
change_names(struct space *s, const struct op *op)
{
	struct entry	*e;
	size_t		 o;

	switch (op->rec.type) {
	case IOLOG_CREATE:
		set(s, op->name, op->obj);
		break;
	case IOLOG_UNLINK:
		del(s, op->name);
		break;
	case IOLOG_RENAME:
		if ((e = find(s, op->name)) != NULL) {
			o = e->obj;
			del(s, op->name);
			set(s, op->to, o);
		}
		break;
	case IOLOG_MKDIR:
		set(s, op->name, SIZE_MAX);
		break;
	}
}

/* The object that inode number ino is now, or SIZE_MAX. */
static size_t
object_of(const struct binding *b, size_t n, uint64_t ino)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (b[i].ino == ino)
			return (b[i].obj);
	}
	return (SIZE_MAX);
}

/*
 * The history as it happened, up to point: which object each record
 * touches (inode numbers are used again once freed), and which records a
 * later sync made durable.
 */
static void
follow(struct space *actual, size_t point)
{
	struct binding	*b = NULL;
	size_t		 nb = 0, i, j;
	struct entry	*e;
	struct op	*op, *sync;

	for (i = 0; i < point; i++) {
		op = &ops[i];
		switch (op->rec.type) {
		case IOLOG_CREATE:
		case IOLOG_OPEN:
			if (op->rec.type == IOLOG_CREATE)
				op->obj = new_obj();
			else if ((e = find(actual, op->name)) != NULL)
				op->obj = e->obj;
			else {
				errno = ENOENT;
				die(op->name);
			}
			for (j = 0; j < nb && b[j].ino != op->rec.ino; j++)
				;
			if (j == nb)
				b = xrealloc(b, ++nb * sizeof *b);
			b[j].ino = op->rec.ino;
			b[j].obj = op->obj;
			break;
		case IOLOG_WRITE:
		case IOLOG_TRUNCATE:
		case IOLOG_SYNC:
			op->obj = object_of(b, nb, op->rec.ino);
			if (op->obj == SIZE_MAX) {
				errno = ENOENT;
				die("a file written before it was opened");
			}
			break;
		}
		change_names(actual, op);
	}
	/* A sync makes durable what came before it, on its file or dir. */
	for (j = 0; j < point; j++) {
		sync = &ops[j];
		for (i = 0; i < j; i++) {
			op = &ops[i];
			if (sync->rec.type == IOLOG_SYNC &&
			    (op->rec.type == IOLOG_WRITE ||
			    op->rec.type == IOLOG_TRUNCATE) &&
			    op->obj == sync->obj)
				op->durable = 1;
			if (sync->rec.type == IOLOG_DIRSYNC && is_dirop(op) &&
			    dirlen(op->name) == strlen(sync->name) &&
			    strncmp(op->name, sync->name, dirlen(op->name)) ==
			    0 && (op->rec.type != IOLOG_RENAME ||
			    dirlen(op->to) == dirlen(op->name)))
				op->durable = 1;
		}
	}
	free(b);
}

static uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (rng);
}

static void
resize(struct obj *o, size_t size)
{
	if (size > o->size) {
		o->data = xrealloc(o->data, size);
		memset(o->data + o->size, 0, size - o->size);
	}
	o->size = size;
}

/*
 * Apply to the crash state what survived the power loss (all of it, for a
 * kill).
 */
static void
apply(struct space *crash, size_t point, uint64_t seed, int kill)
{
	struct op	*op;
	size_t		 i, dirops = 0, keepdir = 0, seen = 0, o;
	int		 keep;

	rng = seed * 2654435761ULL + 1;
	for (i = 0; i < point; i++)
		dirops += is_dirop(&ops[i]) && !ops[i].durable;
	if (seed != 0)
		keepdir = (size_t)(next_random() % (dirops + 1));
	for (i = 0; i < point; i++) {
		op = &ops[i];
		if (kill)
			keep = 1;
		else if (is_dirop(op) && !op->durable)
			keep = seen++ < keepdir;
		else if (op->durable)
			keep = 1;
		else
			keep = seed != 0 && (next_random() & 1);
		if (!keep)
			continue;
		switch (op->rec.type) {
		case IOLOG_WRITE:
			o = op->obj;
			if (op->rec.off + op->rec.len > objs[o].size)
				resize(&objs[o], op->rec.off + op->rec.len);
			memcpy(objs[o].data + op->rec.off, op->data,
			    op->rec.len);
			break;
		case IOLOG_TRUNCATE:
			resize(&objs[op->obj], op->rec.off);
			break;
		default:
			change_names(crash, op);
			break;
		}
	}
}

static int
entry_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name));
}

/* Write the crash state; directories sort before what is in them. */
static void
write_out(struct space *crash, const char *out)
{
	struct entry	*e;
	char		 path[4096];
	size_t		 i, len;
	int		 fd;

	qsort(crash->v, crash->n, sizeof *crash->v, entry_cmp);
	for (i = 0; i < crash->n; i++) {
		e = &crash->v[i];
		len = strlen(e->name);
		snprintf(path, sizeof path, "%s/%s", out, e->name);
		if (e->obj == SIZE_MAX) {
			if (mkdir(path, 0755) == -1 && errno != EEXIST)
				die(path);
			continue;
		}
		if (len > 4 && strcmp(e->name + len - 4, "-shm") == 0)
			continue;
		if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) ==
		    -1 || (objs[e->obj].size > 0 && write(fd,
		    objs[e->obj].data, objs[e->obj].size) !=
		    (ssize_t)objs[e->obj].size) || close(fd) == -1)
			die(path);
	}
}

int
main(int argc, char **argv)
{
	struct space	 actual = { NULL, 0 }, crash = { NULL, 0 };
	size_t		 i, point;

	if (argc == 3 && strcmp(argv[2], "--points") == 0) {
		read_log(argv[1]);
		for (i = 0; i < nops; i++) {
			if (ops[i].rec.type == IOLOG_SYNC ||
			    ops[i].rec.type == IOLOG_DIRSYNC)
				printf("%zu\n", i);
		}
		printf("%zu\n", nops);
		return (0);
	}
	if (argc != 6) {
		fprintf(stderr, "usage: crashstate LOG --points\n"
		    "       crashstate LOG BASE OUT POINT SEED\n");
		return (2);
	}
	read_log(argv[1]);
	point = strtoul(argv[4], NULL, 10);
	if (point > nops)
		point = nops;
	load_base(&actual, argv[2], "");
	for (i = 0; i < actual.n; i++)
		set(&crash, actual.v[i].name, actual.v[i].obj);
	follow(&actual, point);
	apply(&crash, point, strtoull(argv[5], NULL, 10),
	    strcmp(argv[5], "kill") == 0);
	write_out(&crash, argv[3]);
	return (0);
}
