/*
 * The WebSocket side of the floor (RFC 6455), as little as bench/RxChat.Load's ClientWebSocket
 * needs: the HTTP/1.1 upgrade's accept key, the header of a server frame, and reading the
 * client's (masked) frames. No extensions, no subprotocols.
 */
#ifndef FLOOR_WS_H
#define FLOOR_WS_H

#include <stddef.h>
#include <stdint.h>

enum { WS_CONTINUATION = 0x0, WS_TEXT = 0x1, WS_BINARY = 0x2, WS_CLOSE = 0x8, WS_PING = 0x9, WS_PONG = 0xA };

/* The most a server frame's header takes (2 bytes, +2 or +8 for the length). */
#define WS_MAX_HEADER 10

/* Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + the RFC's GUID)), 28 chars + NUL. */
void ws_accept(const char *key, size_t key_len, char out[29]);

/* Writes an unmasked, final frame header for `len` payload bytes; returns its size (2, 4 or 10). */
size_t ws_header(unsigned char *out, int opcode, size_t len);

/* The size of the header ws_header writes for `len` payload bytes. */
size_t ws_header_size(size_t len);

struct ws_frame {
    int fin, opcode;
    unsigned char *payload;   /* unmasked in place */
    size_t len;
};

/*
 * Reads one client frame at the start of buf[0..have): returns the bytes it takes (header and
 * payload), 0 when it is not all there yet, -1 when it is not a frame a client may send
 * (unmasked, reserved bits set, a payload over max_payload, a fragmented control frame).
 */
long ws_read_frame(unsigned char *buf, size_t have, size_t max_payload, struct ws_frame *f);

/*
 * The HTTP/1.1 upgrade request in req[0..len) (headers only, up to the blank line): true if
 * it is `GET /ws` asking for a WebSocket; then *key and *key_len are its Sec-WebSocket-Key.
 */
int ws_upgrade_request(const char *req, size_t len, const char **key, size_t *key_len);

#endif
