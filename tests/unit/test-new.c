/* SPDX-License-Identifier: MIT */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "exitcode.h"
#include "new.h"
#include "tap.h"

static char		dir[] = "/tmp/schemad-new-XXXXXX";
static struct config	conf;

/* new_migration(name), its printed paths (stdout) into out. */
static int
new(const char *name, char *out, size_t size)
{
	char	path[700];
	int	saved, fd, rc;
	ssize_t	n;

	snprintf(path, sizeof path, "%s/.out", dir);
	fflush(stdout);
	saved = dup(1);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		abort();
	dup2(fd, 1);
	rc = new_migration(&conf, name);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = pread(fd, out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	return (rc);
}

static int
exists(const char *file)
{
	char	path[700];

	snprintf(path, sizeof path, "%s/m/%s", dir, file);
	return (access(path, F_OK) == 0);
}

int
main(void)
{
	char	out[2048], want[2048];

	if (mkdtemp(dir) == NULL)
		abort();
	config_init(&conf);
	free(conf.migrations);
	if (asprintf(&conf.migrations, "%s/m", dir) == -1)
		abort();
	if (mkdir(conf.migrations, 0755) != 0)
		abort();

	is_int(new("first", out, sizeof out), EXIT_OK, "an empty directory");
	snprintf(want, sizeof want, "%s/0001_first.sql\n", conf.migrations);
	is_str(out, want, "starts at 0001 and prints the path");
	tap_put(conf.migrations, "0001_first.sql", "CREATE TABLE a (x);\n");
	is_int(new("second", out, sizeof out), EXIT_OK, "a second");
	tap_ok(exists("0002_second.sql"), "numbered 0002");
	is_int(new("a b", out, sizeof out), EXIT_USAGE, "a bad name: usage");
	is_int(new("", out, sizeof out), EXIT_USAGE, "no name: usage");

	tap_put(conf.migrations, "0002_second.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\n");
	tap_put(conf.migrations, "0001_first.sql", "-- +goose Up\nSELECT 1;\n");
	is_int(new("third", out, sizeof out), EXIT_OK, "goose's layout");
	tap_ok(exists("0003_third.sql"), "numbered 0003");

	free(conf.migrations);
	if (asprintf(&conf.migrations, "%s/db/migrations", dir) == -1)
		abort();
	is_int(new("x", out, sizeof out), EXIT_OK,
	    "a missing directory: made, with its parent");
	tap_ok(access(conf.migrations, W_OK) == 0, "there it is");
	free(conf.migrations);
	if (asprintf(&conf.migrations, "%s/.out/migrations", dir) == -1)
		abort();
	is_int(new("x", out, sizeof out), EXIT_INVALID,
	    "one under a file cannot be made: exit 5");

	config_free(&conf);
	snprintf(out, sizeof out, "rm -rf '%s'", dir);
	if (system(out) != 0)
		abort();
	return (tap_done());
}
