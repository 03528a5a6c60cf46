/* SPDX-License-Identifier: MIT */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/queue.h>
#include <sys/un.h>

#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "listener.h"
#include "log.h"
#include "proto.h"
#include "ready.h"
#include "sdnotify.h"
#include "state.h"
#include "xmalloc.h"

/*
 * The UNIX socket: clients ask for the state (STATUS), wait for it (WAIT)
 * or check the daemon is alive (PING), one request a line, one reply a
 * line. It listens before the migration starts, so that early clients can
 * connect and WAIT; waiters are answered the moment the state changes (it
 * observes the state), never by polling.
 *
 * Each client has one struct client, on one list, made by client_new()
 * and undone by client_free(), which also takes a half-made one. Its
 * lifecycle:
 *
 *	IDLE	 reading requests; closed after idle_timeout without one
 *	WAITING	 a WAIT is pending: answered on READY (at the version asked
 *		 for), FAILED or STOPPING, or TIMEOUT at its deadline; the
 *		 requests it sends meanwhile wait their turn in its buffer
 *	CLOSING	 its last reply is being written; freed once it is
 *
 * client_set() moves a client from one to another, and client_update()
 * alone enables and disables its events and its timer for where it is.
 * Apart from that, a client may have shut down its sending side (eof, a
 * fact about the peer): its requests so far are answered, then it closes.
 *
 * Limits keep one client from harming the others: max_clients connections,
 * PROTO_MAXLINE bytes a request, CLIENT_MAXOUT bytes of unread replies,
 * idle_timeout and max_wait.
 */

#define CLIENT_MAXOUT	65536	/* bytes of replies a client may leave unread */

#ifndef TAILQ_FOREACH_SAFE
#define TAILQ_FOREACH_SAFE(var, head, field, tvar)			\
	for ((var) = TAILQ_FIRST(head);					\
	    (var) != NULL && ((tvar) = TAILQ_NEXT(var, field), 1);	\
	    (var) = (tvar))
#endif

enum client_state {
	CLIENT_IDLE,
	CLIENT_WAITING,
	CLIENT_CLOSING
};

struct client {
	TAILQ_ENTRY(client)	 entry;
	struct bufferevent	*bev;
	struct event		*timer;		/* idle timeout or WAIT deadline */
	unsigned		 id;
	enum client_state	 state;
	int			 eof;		/* the peer sends no more */
	int64_t			 want_version;	/* version=N */
};

static TAILQ_HEAD(, client)	 clients = TAILQ_HEAD_INITIALIZER(clients);
static struct event_base	*ready_base;
static struct evconnlistener	*listener;
static char			*bound_path;	/* unlinked at close */
static int			 nclients, nwaiting;
static unsigned			 next_id;
static int			 max_clients, idle_timeout, max_wait;
static void			(*drain_done)(void *);
static void			*drain_arg;

static struct client *client_new(evutil_socket_t);
static void	client_free(struct client *);
static void	client_set(struct client *, enum client_state, long);
static int	client_update(struct client *);
static void	drain_check(void);
static int	client_gone(struct client *);
static int	client_full(struct client *);
static int	client_line_too_long(struct client *);
static void	client_reply(struct client *, const char *);
static void	client_read(struct bufferevent *, void *);
static void	client_write(struct bufferevent *, void *);
static void	client_event(struct bufferevent *, short, void *);
static void	client_timer(evutil_socket_t, short, void *);
static void	client_requests(struct client *);
static void	handle_request(struct client *, const char *);
static void	handle_wait(struct client *, const struct proto_request *);
static int	wait_over(const struct client *, const struct state *);
static void	ready_state(const struct state *, enum state_event, void *);
static void	ready_accept(struct evconnlistener *, evutil_socket_t,
		    struct sockaddr *, int, void *);
static int	bind_socket(const struct config *, char **);
static int	check_socket_dir(const char *, char **);

/* A new client on fd, IDLE; NULL (fd closed) when out of resources. */
static struct client *
client_new(evutil_socket_t fd)
{
	struct client	*c;

	c = xcalloc(1, sizeof *c);
	c->id = ++next_id;
	TAILQ_INSERT_TAIL(&clients, c, entry);
	nclients++;
	c->bev = bufferevent_socket_new(ready_base, fd, BEV_OPT_CLOSE_ON_FREE);
	c->timer = evtimer_new(ready_base, client_timer, c);
	if (c->bev == NULL || c->timer == NULL) {
		if (c->bev == NULL)
			close(fd);
		log_warning("client %u: out of event resources, closing",
		    c->id);
		client_free(c);
		return (NULL);
	}
	bufferevent_setcb(c->bev, client_read, client_write, client_event, c);
	bufferevent_setwatermark(c->bev, EV_READ, 0, PROTO_MAXLINE * 2);
	bufferevent_enable(c->bev, EV_WRITE);
	client_set(c, CLIENT_IDLE, -1);
	return (c);
}

static void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	if (c->state == CLIENT_WAITING)
		state_set_waiting(--nwaiting);
	TAILQ_REMOVE(&clients, c, entry);
	nclients--;
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	log_debug("client %u: closed", c->id);
	free(c);
	drain_check();
}

/*
 * Move the client to state. Its timer starts again: the idle timeout for
 * IDLE, ms for WAITING; CLOSING has none.
 */
static void
client_set(struct client *c, enum client_state state, long ms)
{
	struct timeval	tv;

	if ((c->state == CLIENT_WAITING) != (state == CLIENT_WAITING))
		state_set_waiting(nwaiting += state == CLIENT_WAITING ? 1 : -1);
	c->state = state;
	if (state == CLIENT_IDLE)
		ms = (long)idle_timeout * 1000;
	if (state == CLIENT_CLOSING)
		evtimer_del(c->timer);
	else {
		tv.tv_sec = ms / 1000;
		tv.tv_usec = (ms % 1000) * 1000;
		evtimer_add(c->timer, &tv);
	}
}

/*
 * Enable the client's events for where it is: it reads unless it is
 * closing, the peer sends no more, or it has too many replies unread; a
 * closing client whose last reply is out is freed (returns -1: gone).
 */
static int
client_update(struct client *c)
{
	if (c->state == CLIENT_CLOSING &&
	    evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
		client_free(c);
		return (-1);
	}
	if (c->state == CLIENT_CLOSING || c->eof || client_full(c))
		bufferevent_disable(c->bev, EV_READ);
	else
		bufferevent_enable(c->bev, EV_READ);
	return (0);
}

/* While draining, call the drain callback (once) when no client is left. */
static void
drain_check(void)
{
	void	(*done)(void *) = drain_done;

	if (done != NULL && nclients == 0) {
		drain_done = NULL;
		done(drain_arg);
	}
}

/*
 * Send one reply line. When nothing is queued before it, it goes at once:
 * the READY that 10,000 waiters are owed is then one send(2) each, not a
 * trip round the event loop each with two epoll_ctl(2) calls. Whatever the
 * socket does not take is queued; a send that fails is dropped, as the
 * client is gone and its event frees it.
 */
static void
client_reply(struct client *c, const char *line)
{
	char	buf[PROTO_MAXREPLY + 1];
	size_t	len, off = 0;
	ssize_t	n;

	len = strlen(line);
	if (len > PROTO_MAXREPLY - 1)
		len = PROTO_MAXREPLY - 1;
	memcpy(buf, line, len);
	buf[len++] = '\n';
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
		n = send(bufferevent_getfd(c->bev), buf, len,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return;
		if (n > 0)
			off = (size_t)n;
	}
	if (off < len)
		bufferevent_write(c->bev, buf + off, len - off);
}

/* Has the state come to what a waiting client waits for? */
static int
wait_over(const struct client *c, const struct state *st)
{
	switch (st->name) {
	case STATE_READY:
		return (st->version >= c->want_version);
	case STATE_FAILED:
	case STATE_STOPPING:
		return (1);
	default:
		return (0);
	}
}

static void
handle_wait(struct client *c, const struct proto_request *req)
{
	const struct state	*st = state_get();
	char			 line[PROTO_MAXREPLY];
	long			 ms = (long)max_wait * 1000;

	c->want_version = req->version;
	if (wait_over(c, st)) {
		proto_state(st, STATE_SHOW_WAIT, line, sizeof line);
		client_reply(c, line);
		return;
	}
	if (req->timeout_ms >= 0 && req->timeout_ms < ms)
		ms = req->timeout_ms;
	client_set(c, CLIENT_WAITING, ms);
}

static void
handle_request(struct client *c, const char *text)
{
	struct proto_request	req;
	char			line[PROTO_MAXREPLY];

	switch (proto_parse_request(text, &req)) {
	case PROTO_STATUS:
		proto_state(state_get(), STATE_SHOW_STATUS, line,
		    sizeof line);
		client_reply(c, line);
		break;
	case PROTO_PING:
		client_reply(c, "PONG");
		break;
	case PROTO_WAIT:
		handle_wait(c, &req);
		break;
	case PROTO_INVALID:
		snprintf(line, sizeof line, "ERROR %s", req.error);
		client_reply(c, line);
		log_debug("client %u: %s", c->id, line);
		break;
	}
}

/*
 * Is the first line in the client's buffer too long, finished or not?
 * (Complete lines behind it, requests that wait their turn, do not count.)
 */
static int
client_line_too_long(struct client *c)
{
	struct evbuffer		*in = bufferevent_get_input(c->bev);
	struct evbuffer_ptr	 eol;

	if (evbuffer_get_length(in) < PROTO_MAXLINE)
		return (0);
	eol = evbuffer_search(in, "\n", 1, NULL);
	return (eol.pos == -1 || eol.pos >= PROTO_MAXLINE - 1);
}

/*
 * Answer the complete request lines in the client's buffer, while it is
 * IDLE and reads its replies; then set its events.
 */
static void
client_requests(struct client *c)
{
	struct evbuffer	*in = bufferevent_get_input(c->bev);
	char		*line;
	size_t		 len;

	while (c->state == CLIENT_IDLE && !client_full(c)) {
		if (client_line_too_long(c)) {
			client_reply(c, "ERROR request too long");
			client_set(c, CLIENT_CLOSING, 0);
			break;
		}
		if ((line = evbuffer_readln(in, &len, EVBUFFER_EOL_LF)) == NULL)
			break;
		handle_request(c, line);
		free(line);
		if (c->state == CLIENT_IDLE)
			client_set(c, CLIENT_IDLE, -1);
	}
	if (c->state == CLIENT_IDLE && c->eof && !client_full(c))
		client_set(c, CLIENT_CLOSING, 0);
	client_update(c);
}

/*
 * Does the client have more replies unread than it may? Then its requests
 * wait until it reads: one that asks and never reads costs no more.
 */
static int
client_full(struct client *c)
{
	return (evbuffer_get_length(bufferevent_get_output(c->bev)) >=
	    CLIENT_MAXOUT);
}

static void
client_read(struct bufferevent *bev, void *arg)
{
	(void)bev;
	client_requests(arg);
}

/*
 * All output written: a closing client is done; one that had too many
 * replies unread may send requests again.
 */
static void
client_write(struct bufferevent *bev, void *arg)
{
	(void)bev;
	client_requests(arg);
}

/* Has the peer closed both directions (not just shut down its writing)? */
static int
client_gone(struct client *c)
{
	struct pollfd	pfd;

	pfd.fd = bufferevent_getfd(c->bev);
	pfd.events = POLLOUT;
	return (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR)));
}

/*
 * The client closed its side: after shutdown(SHUT_WR) it still gets the
 * replies it asked for (a half-closed WAIT is answered); after close(), or
 * an error, it is freed at once, so a client that vanishes mid-WAIT costs
 * nothing.
 */
static void
client_event(struct bufferevent *bev, short what, void *arg)
{
	struct client	*c = arg;

	(void)bev;
	if ((what & BEV_EVENT_ERROR) || client_gone(c)) {
		client_free(c);
		return;
	}
	if (what & BEV_EVENT_EOF) {
		c->eof = 1;
		client_requests(c);
	}
}

/* Idle too long, or the WAIT's deadline. */
static void
client_timer(evutil_socket_t fd, short what, void *arg)
{
	struct client	*c = arg;
	char		 line[PROTO_MAXREPLY], reply[PROTO_MAXREPLY + 16];

	(void)fd;
	(void)what;
	if (c->state != CLIENT_WAITING) {
		log_debug("client %u: idle for %d s, closing", c->id,
		    idle_timeout);
		client_free(c);
		return;
	}
	proto_state(state_get(), STATE_SHOW_WAIT, line, sizeof line);
	snprintf(reply, sizeof reply, "TIMEOUT state=%s", line);
	client_reply(c, reply);
	client_set(c, CLIENT_IDLE, -1);
	client_requests(c);
}

/* The state changed: answer the waiters it concerns. */
static void
ready_state(const struct state *st, enum state_event ev, void *arg)
{
	struct client	*c, *next;
	char		 line[PROTO_MAXREPLY];

	(void)ev;
	(void)arg;
	if (nwaiting == 0)
		return;
	proto_state(st, STATE_SHOW_WAIT, line, sizeof line);
	TAILQ_FOREACH_SAFE(c, &clients, entry, next) {
		if (c->state == CLIENT_WAITING && wait_over(c, st)) {
			client_reply(c, line);
			client_set(c, CLIENT_IDLE, -1);
			client_requests(c);
		}
	}
}

static void
ready_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct client	*c;
	struct ucred	 cred;
	socklen_t	 len = sizeof cred;
	static const char full[] = "ERROR too many clients\n";

	(void)l;
	(void)sa;
	(void)salen;
	(void)arg;
	if (nclients >= max_clients) {
		if (write(fd, full, sizeof full - 1) == -1)
			log_debug("too many clients: %s", strerror(errno));
		close(fd);
		return;
	}
	if ((c = client_new(fd)) == NULL)
		return;
	client_update(c);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
		log_debug("client %u: connected, uid %ld pid %ld", c->id,
		    (long)cred.uid, (long)cred.pid);
}

/*
 * The socket's directory must be the daemon's (or root's), and others must
 * not be able to replace what is in it: not writable by its group or
 * everyone, unless sticky (like /tmp). When it is missing (a /run on tmpfs
 * after a boot, and no service manager made it), it is made, as systemd's
 * RuntimeDirectory= would.
 */
static int
check_socket_dir(const char *path, char **cause)
{
	struct stat	 st;
	char		*dir, *slash;
	int		 rc = 0;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) == -1 && errno == ENOENT) {
		if (mkdir(dir, 0755) == 0)
			log_info("%s: made the socket's directory", dir);
		else
			log_debug("%s: %s", dir, strerror(errno));
	}
	if (stat(dir, &st) == -1) {
		xasprintf(cause, "%s: the socket's directory: %s (the socket "
		    "is [socket] path, --socket)", dir, strerror(errno));
		rc = -1;
	} else if (st.st_uid != 0 && st.st_uid != geteuid()) {
		xasprintf(cause, "%s: the socket's directory belongs to uid "
		    "%ld, neither root nor schemad's user", dir,
		    (long)st.st_uid);
		rc = -1;
	} else if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
	    !(st.st_mode & S_ISVTX)) {
		xasprintf(cause, "%s: others may write to the socket's "
		    "directory", dir);
		rc = -1;
	}
	free(dir);
	return (rc);
}

/*
 * Bind the configured path: in a directory others cannot meddle with,
 * never through a symlink, and replacing an existing socket file only when
 * nothing listens on it.
 */
static int
bind_socket(const struct config *conf, char **cause)
{
	struct sockaddr_un	 sa;
	struct stat		 st;
	struct group		*gr = NULL;
	mode_t			 mask;
	int			 fd, rc, saved;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(conf->socket) >= sizeof sa.sun_path) {
		xasprintf(cause, "%s: socket path too long", conf->socket);
		return (-1);
	}
	strcpy(sa.sun_path, conf->socket);
	if (check_socket_dir(conf->socket, cause) != 0)
		return (-1);
	if (conf->socket_group != NULL &&
	    (gr = getgrnam(conf->socket_group)) == NULL) {
		xasprintf(cause, "socket group %s: no such group",
		    conf->socket_group);
		return (-1);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	if (lstat(conf->socket, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			close(fd);
			xasprintf(cause, "%s: exists and is not a socket%s",
			    conf->socket, S_ISLNK(st.st_mode) ?
			    " (a symlink; not followed)" : "");
			return (-1);
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			close(fd);
			xasprintf(cause, "%s: another process listens on it",
			    conf->socket);
			return (-1);
		}
		close(fd);
		if (unlink(conf->socket) == -1 ||
		    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
			goto fail;
		log_info("%s: replaced a stale socket", conf->socket);
	}
	mask = umask(~conf->socket_mode & 0777);
	rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	saved = errno;
	umask(mask);
	errno = saved;
	if (rc == -1 || chmod(conf->socket, conf->socket_mode) == -1 ||
	    (gr != NULL && lchown(conf->socket, -1, gr->gr_gid) == -1) ||
	    listen(fd, SOMAXCONN) == -1)
		goto fail_close;
	bound_path = xstrdup(conf->socket);
	return (fd);

fail_close:
	saved = errno;
	close(fd);
	errno = saved;
fail:
	xasprintf(cause, "%s: %s", conf->socket, strerror(errno));
	return (-1);
}

/*
 * Listen: on the socket systemd passed, or on the configured path. Clients
 * may connect from now on; answers come from the state.
 */
int
ready_listen(struct event_base *base, const struct config *conf,
    char **cause)
{
	int	fd;

	ready_base = base;
	max_clients = conf->max_clients;
	idle_timeout = conf->idle_timeout;
	max_wait = conf->max_wait;
	if ((fd = sdnotify_listen_fd(cause)) == -2)
		return (-1);
	if (fd >= 0)
		log_info("listening on the socket passed by the service "
		    "manager");
	else if ((fd = bind_socket(conf, cause)) == -1)
		return (-1);
	else
		log_info("listening on %s", conf->socket);
	evutil_make_socket_nonblocking(fd);
	listener = evconnlistener_new(base, ready_accept, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
	if (listener == NULL ||
	    listener_guard(base, listener, "socket") != 0) {
		xasprintf(cause, "%s: cannot listen", conf->socket);
		return (-1);
	}
	state_observe(ready_state, NULL);
	return (0);
}

/*
 * Stop accepting and close every client once its replies are written
 * (the state observer has answered the waiters); then call done.
 */
void
ready_drain(void (*done)(void *), void *arg)
{
	struct client	*c, *next;

	if (listener != NULL)
		evconnlistener_disable(listener);
	drain_done = done;
	drain_arg = arg;
	TAILQ_FOREACH_SAFE(c, &clients, entry, next) {
		client_set(c, CLIENT_CLOSING, 0);
		client_update(c);
	}
	drain_check();
}

/* Close every client and the socket; unlink what ready_listen bound. */
void
ready_close(void)
{
	drain_done = NULL;
	while (!TAILQ_EMPTY(&clients))
		client_free(TAILQ_FIRST(&clients));
	if (listener != NULL) {
		listener_forget(listener);
		evconnlistener_free(listener);
	}
	listener = NULL;
	if (bound_path != NULL)
		unlink(bound_path);
	free(bound_path);
	bound_path = NULL;
}

int
ready_clients(void)
{
	return (nclients);
}
