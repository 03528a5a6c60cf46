/* SPDX-License-Identifier: MIT */
/*
 * A stand-in for systemd's notification socket: bind an AF_UNIX datagram
 * socket at PATH and print each datagram on one line ("\n" inside shown as
 * "|"). When one says READY=1, also print the database's user_version at
 * that moment, read with a connection of our own, and, given schemad's
 * SOCKET, what STATUS says there at that moment. Exits after STOPPING=1.
 *
 * usage: notify-recv PATH DATABASE [SOCKET]
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
user_version(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	int		 v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return (v);
}

/* Ask schemad's socket for its STATUS; print the state word. */
static void
socket_state(const char *path)
{
	struct sockaddr_un	sa;
	char			buf[1024];
	ssize_t			n;
	int			fd;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1 ||
	    write(fd, "STATUS\n", 7) != 7 ||
	    (n = read(fd, buf, sizeof buf - 1)) <= 0) {
		printf("socket unreachable at READY=1\n");
		if (fd != -1)
			close(fd);
		return;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, " \n")] = '\0';
	printf("socket says %s at READY=1\n", buf);
}

int
main(int argc, char **argv)
{
	struct sockaddr_un	sa;
	char			buf[4096], *p;
	ssize_t			n;
	int			fd, stop = 0;

	if (argc < 3 || argc > 4 || strlen(argv[1]) >= sizeof sa.sun_path) {
		fprintf(stderr, "usage: notify-recv PATH DATABASE [SOCKET]\n");
		return (2);
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, argv[1]);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		perror(argv[1]);
		return (1);
	}
	printf("LISTENING\n");
	fflush(stdout);
	while (!stop && (n = recv(fd, buf, sizeof buf - 1, 0)) >= 0) {
		buf[n] = '\0';
		stop = strstr(buf, "STOPPING=1") != NULL;
		if (strstr(buf, "READY=1") != NULL) {
			printf("user_version=%d at READY=1\n",
			    user_version(argv[2]));
			if (argc == 4)
				socket_state(argv[3]);
		}
		while ((p = strchr(buf, '\n')) != NULL)
			*p = '|';
		printf("%s\n", buf);
		fflush(stdout);
	}
	unlink(argv[1]);
	return (0);
}
