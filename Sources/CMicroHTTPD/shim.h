#ifndef CMICROHTTPD_SHIM_H
#define CMICROHTTPD_SHIM_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <string.h>
#include <errno.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <microhttpd.h>

// Swift does not import variadic C functions, so every option the server
// uses is passed through this fixed-signature wrapper. The socket address is
// built here because MHD binds it inside MHD_start_daemon and does not keep
// the pointer afterwards.
typedef void *(*parley_mhd_uri_log_callback)(void *cls, const char *uri,
                                              struct MHD_Connection *connection);

static inline struct MHD_Daemon *parley_mhd_start(
    unsigned int flags, const char *bind_address, uint16_t port,
    MHD_AccessHandlerCallback handler, void *handler_cls,
    MHD_RequestCompletedCallback completed, void *completed_cls,
    parley_mhd_uri_log_callback uri_log, void *uri_log_cls,
    unsigned int thread_pool_size, unsigned int connection_timeout,
    unsigned int connection_limit, size_t memory_limit) {
    struct sockaddr_in v4;
    struct sockaddr_in6 v6;
    const struct sockaddr *address;
    memset(&v4, 0, sizeof v4);
    memset(&v6, 0, sizeof v6);
    if (inet_pton(AF_INET, bind_address, &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        address = (const struct sockaddr *)&v4;
    } else if (inet_pton(AF_INET6, bind_address, &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        address = (const struct sockaddr *)&v6;
        flags |= MHD_USE_IPv6;
    } else {
        errno = EINVAL;
        return NULL;
    }
    return MHD_start_daemon(
        flags, port, NULL, NULL, handler, handler_cls,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, uri_log_cls,
        MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory_limit,
        MHD_OPTION_END);
}

// MHD_get_daemon_info is variadic.
static inline int parley_mhd_bind_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? -1 : (int)info->port;
}

// MHD_get_connection_info is variadic; writes the peer address as text.
static inline int parley_mhd_client_address(struct MHD_Connection *connection,
                                            char *buffer, size_t length) {
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return -1;
    const struct sockaddr *address = info->client_addr;
    const void *raw;
    if (address->sa_family == AF_INET) {
        raw = &((const struct sockaddr_in *)address)->sin_addr;
    } else if (address->sa_family == AF_INET6) {
        raw = &((const struct sockaddr_in6 *)address)->sin6_addr;
    } else {
        return -1;
    }
    return inet_ntop(address->sa_family, raw, buffer, (socklen_t)length) == NULL ? -1 : 0;
}

// memmem needs _GNU_SOURCE, which a module header cannot rely on; this is
// the same search with memchr and memcmp.
static inline const void *parley_memmem(const void *haystack, size_t haystack_length,
                                        const void *needle, size_t needle_length) {
    const unsigned char *start = (const unsigned char *)haystack;
    const unsigned char *pattern = (const unsigned char *)needle;
    if (needle_length == 0 || haystack_length < needle_length) return NULL;
    const unsigned char *last = start + (haystack_length - needle_length);
    const unsigned char *cursor = start;
    while (cursor <= last) {
        cursor = (const unsigned char *)memchr(cursor, pattern[0], (size_t)(last - cursor) + 1);
        if (cursor == NULL) return NULL;
        if (memcmp(cursor, pattern, needle_length) == 0) return cursor;
        cursor++;
    }
    return NULL;
}

#endif
