/* SPDX-License-Identifier: MIT */
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "db.h"
#include "errlist.h"
#include "exitcode.h"
#include "follow.h"
#include "http.h"
#include "log.h"
#include "migrate.h"
#include "migrations.h"
#include "notify.h"
#include "ready.h"
#include "run.h"
#include "sdnotify.h"
#include "state.h"
#include "statefile.h"
#include "xmalloc.h"

/*
 * `schemad run`: the daemon. The main thread owns a libevent loop with the
 * socket, the signals and the timers; a migration run happens on a worker
 * thread with its own connection, so that the socket keeps answering
 * during a long backfill. The worker tells the loop what happens through a
 * pipe (struct run_msg, written whole), and the loop turns that into state
 * changes, which the socket and sd_notify observe.
 *
 *	start		socket listens (STARTING), worker starts
 *	MSG_ROLE	the run's role, before anything else; again when a
 *			follower becomes the primary
 *	MSG_LOOK	the version on disk
 *	MSG_WAITING	another process holds the lock, the database
 *			file is not there yet (create = wait), the primary
 *			has not migrated (a follower), or the rqlite node's
 *			copy has not caught up: the state says so
 *	MSG_STEP	MIGRATING i/n
 *	MSG_PROGRESS	the run makes progress: EXTEND_TIMEOUT_USEC=, and
 *			how long it has been MIGRATING
 *	MSG_DONE	READY; or FAILED, and exit unless on_failure = stay;
 *			or, once the daemon has been READY, a failed reload:
 *			still READY at the old version, the failure reported
 *			(on_failure governs only the runs before READY)
 *	SIGHUP		RELOADING=1, a new run (after the current one);
 *			FAILED becomes STARTING, so that a WAIT waits for it
 *	SIGTERM/INT	STOPPING; a run in progress is interrupted and rolls
 *			back (exit EXIT_INTERRUPTED); clients get their last
 *			reply; the socket is removed
 *	SIGCHLD		as PID 1 (a container's init): reap orphans
 */

#define RUN_TICK_NS	1000000000L	/* progress messages at most this often */
#define RUN_LONG_US	(10LL * 1000000) /* a statement this long is logged */
#define RUN_LONG_AGAIN_US (30LL * 1000000) /* and again after as long */
#define RUN_EXTEND_USEC	(30ULL * 1000000) /* each grants this much more */
#define RUN_DRAIN_SEC	2		/* for clients to read the last reply */

enum run_msg_type {
	MSG_ROLE,
	MSG_LOOK,
	MSG_WAITING,
	MSG_STEP,
	MSG_PROGRESS,
	MSG_DONE
};

struct run_msg {
	enum run_msg_type	 type;
	int			 step, nsteps;
	int64_t			 version, target;
	int			 rc;
	int			 applied;	/* MSG_DONE: migrations run */
	double			 seconds;	/* MSG_DONE: the run's time */
	enum state_wait		 wait;		/* MSG_WAITING: for what */
	int64_t			 waited_ms;	/* MSG_WAITING: for how long */
	int64_t			 elapsed_ms;	/* MSG_PROGRESS: migrating */
	enum role		 role;		/* MSG_ROLE */
	enum role_how		 role_how;
	char			*text;		/* owned by the receiver */
};

/*
 * The worker thread's own: while it runs, the loop touches none of this,
 * and the worker touches nothing else but the configuration (read-only),
 * db_stop()'s flag and the log.
 */
struct worker {
	const struct config	*conf;
	int			 fd;		/* the pipe's write end */
	pthread_t		 thread;
	struct timespec		 tick;		/* last progress message */
	int64_t			 waited_s;	/* the lock's wait, last told */
	int64_t			 elapsed_ms;	/* in the steps, last heard */
	size_t			 long_step;	/* the statement timed: */
	size_t			 long_stmt;
	int64_t			 long_us;	/* its next log */
	int64_t			 target;	/* the newest file's */
};

struct run {
	const struct config	*conf;
	struct event_base	*base;
	struct event		*pipe_ev, *sigterm, *sigint, *sighup;
	struct event		*watchdog, *drain_timer, *sigchld;
	int			 pipe[2];
	struct worker		 worker;
	int			 running;	/* the worker exists */
	int			 served;	/* was READY: a failure is a
						   failed reload */
	int			 reload;	/* SIGHUP while running */
	int			 stopping;
	int			 exit_code;
};

static void	 post(struct worker *, struct run_msg *);
static void	 worker_progress(struct worker *);
static void	 worker_run_progress(const struct migrate_progress *, void *);
static void	 worker_role(const struct role_info *, void *);
static void	 worker_looked(const struct plan *, void *);
static void	 worker_waiting(const struct db_wait *, void *);
static void	 worker_absent(int, void *);
static void	 worker_following(const struct plan *, void *);
static void	 worker_behind(const struct plan *, void *);
static void	 worker_step(const struct plan *, size_t, void *);
static void	*worker_main(void *);
static void	 run_start(struct run *);
static void	 run_done(struct run *, struct run_msg *);
static void	 run_read(evutil_socket_t, short, void *);
static void	 run_stop(struct run *);
static void	 run_drained(void *);
static void	 run_drain_timeout(evutil_socket_t, short, void *);
static void	 run_signal(evutil_socket_t, short, void *);
static void	 run_watchdog(evutil_socket_t, short, void *);
static void	 run_reap(evutil_socket_t, short, void *);
static void	 run_evlog(int, const char *);
static int	 run_setup(struct run *, char **);
static void	 run_teardown(struct run *);
static void	 run_raise_nofile(const struct config *);

/* Worker: send a message to the loop. */
static void
post(struct worker *w, struct run_msg *msg)
{
	ssize_t	n;

	do
		n = write(w->fd, msg, sizeof *msg);
	while (n == -1 && errno == EINTR);
	if (n != sizeof *msg)
		fatal("worker: writing to the event loop");
}

/* Worker: SQLite is working; report progress now and then. */
static void
worker_progress(struct worker *w)
{
	struct run_msg	 msg = { .type = MSG_PROGRESS };
	struct timespec	 now;
	long		 ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (now.tv_sec - w->tick.tv_sec) * 1000000000L +
	    (now.tv_nsec - w->tick.tv_nsec);
	if (ns >= RUN_TICK_NS) {
		w->tick = now;
		msg.elapsed_ms = w->elapsed_ms;
		post(w, &msg);
	}
}

/*
 * Worker: where the run is (file.c). A statement that runs long is
 * logged, RUN_LONG_US into it, then every RUN_LONG_AGAIN_US, so that the
 * journal says what a long start is doing.
 */
static void
worker_run_progress(const struct migrate_progress *p, void *arg)
{
	struct worker	*w = arg;

	w->elapsed_ms = p->plan != NULL ? p->run_us / 1000 : 0;
	if (p->step != w->long_step || p->stmt != w->long_stmt) {
		w->long_step = p->step;
		w->long_stmt = p->stmt;
		w->long_us = RUN_LONG_US;
	} else if (p->stmt > 0 && p->stmt_us >= w->long_us &&
	    p->plan != NULL && p->step < p->plan->nsteps) {
		log_info("%s: statement %zu of %zu (line %d) has run %lld s, "
		    "%.1f MB written", p->plan->steps[p->step].m->file,
		    p->stmt, p->nstmts, p->line,
		    (long long)(p->stmt_us / 1000000), p->written / 1e6);
		w->long_us += RUN_LONG_AGAIN_US;
	}
	worker_progress(w);
}

/* Worker: the run's role, known before anything else. */
static void
worker_role(const struct role_info *role, void *arg)
{
	struct worker	*w = arg;
	struct run_msg	 msg = { .type = MSG_ROLE };

	msg.role = role->role;
	msg.role_how = role->how;
	if (role->role == ROLE_FOLLOWER)
		log_info("%s: a follower (as %s says%s%s)", w->conf->database,
		    role_how_name(role->how), *role->primary != '\0' ?
		    "; the primary is " : "", role->primary);
	post(w, &msg);
}

/* Worker: the version on disk, known from the first look on. */
static void
worker_looked(const struct plan *plan, void *arg)
{
	struct worker	*w = arg;
	struct run_msg	 msg = { .type = MSG_LOOK };

	msg.version = plan->current;
	msg.target = w->target;
	post(w, &msg);
}

/*
 * Worker: another process holds the lock. The state says so from the
 * first refused try on, and how long the wait has lasted, each second;
 * the wait counts as progress (up to busy_timeout), so that a service
 * manager's start timeout does not end it before busy_timeout does.
 */
static void
worker_waiting(const struct db_wait *wait, void *arg)
{
	struct worker	*w = arg;
	struct run_msg	 msg = { .type = MSG_WAITING, .wait = WAIT_LOCK };

	msg.waited_ms = db_waited_ms(wait);
	if (wait->count == 0) {
		log_info("another process holds the database's lock: waiting "
		    "up to %d ms (busy_timeout)", wait->timeout_ms);
		w->waited_s = 0;
		post(w, &msg);
	} else if (msg.waited_ms / 1000 != w->waited_s) {
		w->waited_s = msg.waited_ms / 1000;
		post(w, &msg);
	}
	worker_progress(w);
}

/*
 * Worker: the database file is not there yet (create = wait). The state
 * says so; the wait is not progress, so a service manager's start timeout
 * still bounds it.
 */
static void
worker_absent(int count, void *arg)
{
	struct worker	*w = arg;
	struct run_msg	 msg = { .type = MSG_WAITING, .wait = WAIT_DATABASE };

	if (count == 0) {
		log_info("%s: waiting for the database file to appear",
		    w->conf->database);
		post(w, &msg);
	}
}

/* Worker: the run waits for what, at the version of plan. */
static void
worker_waiting_at(struct worker *w, enum state_wait what,
    const struct plan *plan)
{
	struct run_msg	msg = { .type = MSG_WAITING, .wait = what };

	msg.version = plan->current;
	msg.target = plan->target;
	post(w, &msg);
}

/*
 * Worker: a follower whose replicated history is not at the files'
 * version yet. The state says where it is and that it waits for the
 * primary.
 */
static void
worker_following(const struct plan *plan, void *arg)
{
	worker_waiting_at(arg, WAIT_PRIMARY, plan);
}

/*
 * Worker: on rqlite, the node's own copy is not at the version yet. The
 * state says where it is.
 */
static void
worker_behind(const struct plan *plan, void *arg)
{
	worker_waiting_at(arg, WAIT_NODE, plan);
}

static void
worker_step(const struct plan *plan, size_t i, void *arg)
{
	struct worker	*w = arg;
	struct run_msg	 msg = { .type = MSG_STEP };

	msg.step = (int)i + 1;
	msg.nsteps = (int)plan->nsteps;
	msg.version = plan->current;
	msg.target = plan->target;
	msg.text = xstrdup(plan->steps[i].m->file);
	clock_gettime(CLOCK_MONOTONIC, &w->tick);
	post(w, &msg);
}

/* The worker thread: scan the directory, run, report. */
static void *
worker_main(void *arg)
{
	struct worker		*w = arg;
	struct migrate_hooks	 hooks = { .role = worker_role,
				    .looked = worker_looked,
				    .waiting = worker_waiting,
				    .absent = worker_absent,
				    .following = worker_following,
				    .behind = worker_behind,
				    .step = worker_step,
				    .progress = worker_run_progress, .arg = w };
	struct run_msg		 msg = { .type = MSG_DONE };
	size_t			 i;
	struct migration_set	 set;
	struct migrate_result	 res;
	struct errlist		 errors = { NULL, 0 };

	if (migrations_scan_config(w->conf, MIGRATIONS_SAY_LAYOUT, &set,
	    &errors) != 0) {
		msg.rc = EXIT_INVALID;
		xasprintf(&msg.text, "%s%s", errors.msgs[0], errors.n > 1 ?
		    " (and more: see the log)" : "");
		errlist_free(&errors);
		post(w, &msg);
		return (NULL);
	}
	w->target = set.n > 0 ? migrations_newest(&set)->version : 0;
	msg.rc = migrate_run(w->conf, &set, 0, &hooks, &res, &msg.text);
	msg.version = res.plan.current;
	msg.seconds = res.duration_us / 1e6;
	if (msg.rc == EXIT_OK && res.plan.nsteps > 0)
		msg.version = res.plan.target;
	for (i = 0; msg.rc == EXIT_OK && i < res.plan.nsteps; i++)
		msg.applied += res.plan.steps[i].action == PLAN_APPLY;
	if (migrate_wal_matters(&res))
		log_info("the run left %.2f MB in the WAL, which a replicator "
		    "(Litestream, LiteFS) ships, and which stays on disk "
		    "until a checkpoint", res.wal_bytes / 1e6);
	msg.target = w->target;
	if (msg.rc == EXIT_DRIFT && res.plan.ndrift > 0) {
		free(msg.text);
		xasprintf(&msg.text, "drift: %s%s", res.plan.drift[0].detail,
		    res.plan.ndrift > 1 ? " (and more: see schemad plan)" :
		    "");
	}
	migrate_result_free(&res);
	migrations_free(&set);
	post(w, &msg);
	return (NULL);
}

/* Start a migration run on a new worker thread. */
static void
run_start(struct run *r)
{
	struct worker	*w = &r->worker;
	sigset_t	 all, old;
	int		 err;

	state_retry();		/* a WAIT from now on waits for this run */
	state_begin_run();
	follow_stop();		/* the run looks for itself */
	memset(w, 0, sizeof *w);
	w->conf = r->conf;
	w->fd = r->pipe[1];
	clock_gettime(CLOCK_MONOTONIC, &w->tick);
	/* Signals are the loop's: the worker starts with them blocked. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	err = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		errno = err;
		fatal("pthread_create");
	}
	r->running = 1;
}

/* A run ended. */
static void
run_done(struct run *r, struct run_msg *msg)
{
	r->running = 0;
	if (r->stopping) {
		pthread_join(r->worker.thread, NULL);
		if (msg->rc != EXIT_OK) {
			log_info("migration interrupted and rolled back");
			r->exit_code = EXIT_INTERRUPTED;
		}
		run_stop(r);
		return;
	}
	state_record_run(msg->applied, msg->seconds, msg->rc);
	if (msg->rc == EXIT_OK) {
		log_info("ready at version %" PRId64, msg->version);
		r->served = 1;
		state_ready(msg->version, msg->target);
		if (state_get()->role == ROLE_FOLLOWER)
			follow_start(r->base, r->conf, msg->target);
	} else if (r->served) {
		log_warnx("reload failed, still ready at version %" PRId64
		    ": %s",
		    state_get()->version, msg->text);
		state_reload_failed(msg->text);
	} else {
		log_warnx("migration failed: %s", msg->text);
		state_failed(msg->rc, msg->text);
	}
	/* Only now, with the waiters answered: its exit unmaps its stack. */
	pthread_join(r->worker.thread, NULL);
	if (msg->rc != EXIT_OK && !r->served &&
	    strcmp(r->conf->on_failure, "exit") == 0) {
		r->exit_code = msg->rc;
		r->stopping = 1;
		run_stop(r);
		return;
	}
	if (r->reload) {
		r->reload = 0;
		notify_reloading();
		run_start(r);
	}
}

/* The loop: messages from the worker. */
static void
run_read(evutil_socket_t fd, short what, void *arg)
{
	struct run	*r = arg;
	struct run_msg	 msg;
	ssize_t		 n;

	(void)what;
	if ((n = read(fd, &msg, sizeof msg)) != sizeof msg) {
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			return;
		fatal("reading from the worker");
	}
	switch (msg.type) {
	case MSG_ROLE:
		state_role(msg.role, msg.role_how);
		break;
	case MSG_LOOK:
		state_looked(msg.version, msg.target);
		break;
	case MSG_WAITING:
		if (msg.wait == WAIT_PRIMARY || msg.wait == WAIT_NODE)
			state_looked(msg.version, msg.target);
		state_wait(msg.wait);
		state_waited(msg.waited_ms);
		break;
	case MSG_STEP:
		log_info("migrating %d/%d: %s", msg.step, msg.nsteps,
		    msg.text);
		state_migrating(msg.version, msg.target, msg.step, msg.nsteps,
		    msg.text);
		notify_extend(RUN_EXTEND_USEC);
		break;
	case MSG_PROGRESS:
		notify_extend(RUN_EXTEND_USEC);
		state_elapsed(msg.elapsed_ms);
		break;
	case MSG_DONE:
		run_done(r, &msg);
		break;
	}
	free(msg.text);
}

/* Let the clients read their last reply, then leave the loop. */
static void
run_stop(struct run *r)
{
	struct timeval	tv = { RUN_DRAIN_SEC, 0 };

	evtimer_add(r->drain_timer, &tv);
	ready_drain(run_drained, r);
}

static void
run_drained(void *arg)
{
	struct run	*r = arg;

	event_base_loopexit(r->base, NULL);
}

static void
run_drain_timeout(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	log_info("%d clients did not read their last reply, closing",
	    ready_clients());
	run_drained(arg);
}

static void
run_signal(evutil_socket_t sig, short what, void *arg)
{
	struct run	*r = arg;

	(void)what;
	if (sig == SIGHUP) {
		if (r->stopping)
			return;
		log_info("SIGHUP: looking for new migrations");
		if (r->running)
			r->reload = 1;
		else {
			notify_reloading();
			run_start(r);
		}
		return;
	}
	if (r->stopping)
		return;
	log_info("%s: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	r->stopping = 1;
	follow_stop();
	state_stopping();
	if (r->running)
		db_stop(1);	/* the run rolls back; run_done stops */
	else
		run_stop(r);
}

/* As a container's PID 1: reap the orphans that the kernel hands us. */
static void
run_reap(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void
run_watchdog(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	notify_watchdog();
}

/* What libevent itself has to say goes to the log, like the rest. */
static void
run_evlog(int severity, const char *msg)
{
	switch (severity) {
	case EVENT_LOG_DEBUG:
		log_debug("libevent: %s", msg);
		break;
	case EVENT_LOG_MSG:
		log_info("libevent: %s", msg);
		break;
	default:
		log_warnx("libevent: %s", msg);
		break;
	}
}

/* The loop's events: the worker's pipe, signals, the watchdog. */
static int
run_setup(struct run *r, char **cause)
{
	struct timeval	tv;
	uint64_t	usec;

	event_set_log_callback(run_evlog);
	if ((r->base = event_base_new()) == NULL) {
		xasprintf(cause, "cannot create the event loop");
		return (-1);
	}
	if (pipe2(r->pipe, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return (-1);
	}
	r->pipe_ev = event_new(r->base, r->pipe[0], EV_READ | EV_PERSIST,
	    run_read, r);
	r->sigterm = evsignal_new(r->base, SIGTERM, run_signal, r);
	r->sigint = evsignal_new(r->base, SIGINT, run_signal, r);
	r->sighup = evsignal_new(r->base, SIGHUP, run_signal, r);
	r->drain_timer = evtimer_new(r->base, run_drain_timeout, r);
	r->watchdog = event_new(r->base, -1, EV_PERSIST, run_watchdog, r);
	event_add(r->pipe_ev, NULL);
	event_add(r->sigterm, NULL);
	event_add(r->sigint, NULL);
	event_add(r->sighup, NULL);
	if (getpid() == 1) {
		r->sigchld = evsignal_new(r->base, SIGCHLD, run_reap, r);
		event_add(r->sigchld, NULL);
	}
	if ((usec = sdnotify_watchdog_usec()) > 0) {
		tv.tv_sec = usec / 2 / 1000000;
		tv.tv_usec = usec / 2 % 1000000;
		event_add(r->watchdog, &tv);
	}
	signal(SIGPIPE, SIG_IGN);
	return (0);
}

/* Undo run_setup and ready_listen, also half done. */
static void
run_teardown(struct run *r)
{
	struct event	*events[] = { r->pipe_ev, r->sigterm, r->sigint,
			    r->sighup, r->drain_timer, r->watchdog, r->sigchld };
	sigset_t	 stop;
	size_t		 i;

	/*
	 * The daemon is leaving. Freeing the signal events puts back the
	 * default actions, so a late SIGTERM (a supervisor that saw it fail,
	 * say) would kill it before it removed its socket and exited with its
	 * own code: there is nothing left to stop, so those wait for the exit.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	ready_close();
	http_close();
	statefile_remove();
	for (i = 0; i < sizeof events / sizeof events[0]; i++) {
		if (events[i] != NULL)
			event_free(events[i]);
	}
	if (r->base != NULL)
		event_base_free(r->base);
	if (r->pipe[0] != -1) {
		close(r->pipe[0]);
		close(r->pipe[1]);
	}
	state_free();
}

/*
 * Raise the soft descriptor limit to the hard one, as systemd asks of
 * daemons (select() is not used here), and say so when even that leaves
 * fewer than max_clients socket clients room beside HTTP's connections.
 */
static void
run_raise_nofile(const struct config *conf)
{
	struct rlimit	rl;
	rlim_t		want = (rlim_t)conf->max_clients + 64;

	if (conf->http != NULL)
		want += (rlim_t)conf->http_max_connections;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			log_warning("setrlimit RLIMIT_NOFILE: %s, ignoring",
			    strerror(errno));
	}
	if (rl.rlim_cur < want)
		log_info("at most %llu descriptors: fewer than max_clients "
		    "(%d) clients can connect at once",
		    (unsigned long long)rl.rlim_cur, conf->max_clients);
}

/*
 * The daemon: listen, migrate, serve until told to stop. Returns the exit
 * code.
 */
int
run_daemon(const struct config *conf)
{
	struct run	 r;
	char		*cause = NULL;

	log_stamp();		/* a log file's lines say when */
	memset(&r, 0, sizeof r);
	r.conf = conf;
	r.pipe[0] = r.pipe[1] = -1;
	if (conf->ready_fd != -1 && fcntl(conf->ready_fd, F_GETFD) == -1) {
		log_warn("--ready-fd %d", conf->ready_fd);
		return (EXIT_USAGE);
	}
	run_raise_nofile(conf);
	state_init();
	if (run_setup(&r, &cause) != 0 || ready_listen(r.base, conf,
	    &cause) != 0 || (conf->http != NULL && http_listen(r.base,
	    conf->http, conf->http_max_connections, &cause) != 0) || (conf->state_file != NULL &&
	    statefile_init(conf->state_file, &cause) != 0) ||
	    notify_init(conf->ready_fd, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		run_teardown(&r);
		return (EXIT_TEMPFAIL);
	}
	log_info("starting: database %s, migrations %s", conf->database,
	    conf->migrations);
	run_start(&r);
	event_base_dispatch(r.base);
	run_teardown(&r);
	log_info("stopped");
	return (r.exit_code);
}
