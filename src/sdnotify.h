/* SPDX-License-Identifier: MIT */
#ifndef SDNOTIFY_H
#define SDNOTIFY_H

#include <stdint.h>

/*
 * The systemd service protocols: notification datagrams ($NOTIFY_SOCKET),
 * socket activation ($LISTEN_FDS) and the watchdog ($WATCHDOG_USEC).
 * sdnotify-libsystemd.c implements them with libsystemd, and
 * sdnotify-builtin.c without it (the protocols are stable and documented),
 * so that the daemon speaks them in containers built --without-systemd.
 */
int		sdnotify_send(const char *msg);
int		sdnotify_listen_fd(char **cause);
uint64_t	sdnotify_watchdog_usec(void);

#endif
