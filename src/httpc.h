/* SPDX-License-Identifier: MIT */
#ifndef HTTPC_H
#define HTTPC_H

int	httpc_get(const char *url, int timeout_s, char **body, char **cause);
int	httpc_request(const char *url, const char *json, int timeout_s,
	    char **body, char **cause);

#endif
