/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Wake-on-LAN path: power on only, by a magic packet sent as a UDP
 * broadcast.  Nothing answers it; waiting for the rig is SSH's part.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/hex.h"
#include "paths/wol/wol.h"

struct wol {
	uint8_t mac[WOL_MAC_LEN];
	char *broadcast;
	uint16_t port;
	char label[24]; /* the MAC as text, for messages */
};

rig_status wol_mac_parse(const char *text, uint8_t mac[WOL_MAC_LEN])
{
	const char *p = text;
	char sep = 0;

	if (text == NULL)
		return RIG_E_INVALID;
	for (int i = 0; i < WOL_MAC_LEN; i++) {
		if (i > 0 && sep != 0) {
			if (*p != sep)
				return RIG_E_INVALID;
			p++;
		}
		if (!rig__hex_decode(p, 2, &mac[i]))
			return RIG_E_INVALID;
		p += 2;
		/* The first separator decides: ':' or '-' throughout, or
		 * none at all. */
		if (i == 0 && (*p == ':' || *p == '-'))
			sep = *p;
	}
	return *p == '\0' ? RIG_OK : RIG_E_INVALID;
}

void wol_packet(const uint8_t mac[WOL_MAC_LEN], uint8_t packet[WOL_PACKET_LEN])
{
	memset(packet, 0xff, WOL_MAC_LEN);
	for (int i = 1; i <= 16; i++)
		memcpy(packet + i * WOL_MAC_LEN, mac, WOL_MAC_LEN);
}

static rig_status wol_send(rig *r, struct wol *w)
{
	struct addrinfo hints, *ai = NULL;
	uint8_t packet[WOL_PACKET_LEN];
	char port[8];
	int fd, on = 1, e;
	ssize_t n;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET; /* broadcast is an IPv4 thing */
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%u", w->port);
	e = getaddrinfo(w->broadcast, port, &hints, &ai);
	if (e != 0)
		return rig__fail(r, RIG_PATH_WOL, RIG_E_INVALID,
				"Wake-on-LAN for %s: broadcast address '%s': %s",
				w->label, w->broadcast, gai_strerror(e));
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) != 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return rig__fail(r, RIG_PATH_WOL, RIG_E_INTERNAL,
				"Wake-on-LAN for %s: cannot open a broadcast "
				"socket: %s", w->label, strerror(e));
	}
	wol_packet(w->mac, packet);
	n = sendto(fd, packet, sizeof(packet), 0, ai->ai_addr, ai->ai_addrlen);
	e = errno;
	close(fd);
	freeaddrinfo(ai);
	if (n != (ssize_t)sizeof(packet))
		return rig__fail(r, RIG_PATH_WOL, RIG_E_UNREACHABLE,
				"Wake-on-LAN for %s: sending to %s port %u "
				"failed: %s", w->label, w->broadcast, w->port,
				n < 0 ? strerror(e) : "short write");
	rig__log(r, RIG_LOG_INFO, "sent Wake-on-LAN for %s to %s port %u "
		"(no answer comes back: wait for SSH)", w->label, w->broadcast,
		w->port);
	return RIG_OK;
}

static rig_status wol_power_action(rig *r, void *priv, rig_power_action a)
{
	if (a != RIG_POWER_ON)
		return rig__fail(r, RIG_PATH_WOL, RIG_E_UNSUPPORTED,
				"Wake-on-LAN can only power a rig on");
	return wol_send(r, priv);
}

static void wol_destroy(void *priv)
{
	struct wol *w = priv;

	if (w == NULL)
		return;
	free(w->broadcast);
	free(w);
}

static const struct rig_backend_ops wol_ops = {
	.path = RIG_PATH_WOL,
	.caps = RIG_CAP_POWER_ON,
	.destroy = wol_destroy,
	.power_action = wol_power_action,
};

RIG_API rig_status rig_wol_options_init(rig_wol_options *o,
					unsigned int version)
{
	return rig__options_init(RIG_OPTS_WOL, o, version);
}

RIG_API rig_status rig_add_wol(rig *r, const rig_wol_options *given)
{
	rig_wol_options full;
	const rig_wol_options *o = &full;
	struct wol *w;
	rig_status rc;

	if (r == NULL || given == NULL)
		return RIG_E_INVALID;
	rig__clear_errors(r);
	if (r->wol.ops != NULL)
		return rig__fail(r, RIG_PATH_WOL, RIG_E_INVALID,
				"%s already has a Wake-on-LAN MAC", r->name);
	rc = rig__options_read(r, RIG_PATH_WOL, RIG_OPTS_WOL, given, &full);
	if (rc != RIG_OK)
		return rc;
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return rig__fail(r, RIG_PATH_WOL, RIG_E_NOMEM, "out of memory");
	if (wol_mac_parse(o->mac, w->mac) != RIG_OK) {
		free(w);
		return rig__fail(r, RIG_PATH_WOL, RIG_E_INVALID,
				"'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)",
				o->mac != NULL ? o->mac : "(none)");
	}
	w->broadcast = strdup(o->broadcast != NULL && o->broadcast[0] != '\0'
				      ? o->broadcast
				      : WOL_DEFAULT_BROADCAST);
	w->port = o->port != 0 ? o->port : WOL_DEFAULT_PORT;
	snprintf(w->label, sizeof(w->label),
		 "%02x:%02x:%02x:%02x:%02x:%02x", w->mac[0], w->mac[1],
		 w->mac[2], w->mac[3], w->mac[4], w->mac[5]);
	if (w->broadcast == NULL) {
		wol_destroy(w);
		return rig__fail(r, RIG_PATH_WOL, RIG_E_NOMEM, "out of memory");
	}
	r->wol.ops = &wol_ops;
	r->wol.priv = w;
	return RIG_OK;
}
