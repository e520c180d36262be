/* The WebSocket side of the floor: see ws.h. SHA-1 and base64 are written out here (a few
 * dozen lines) so the floor builds with a C compiler alone. */
#include "ws.h"

#include <string.h>
#include <strings.h>

/* ---- SHA-1 (FIPS 180-4), for the accept key only -------------------------------------- */

static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1_block(uint32_t h[5], const unsigned char *p) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d; d = c; c = rol(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

static void sha1(const unsigned char *msg, size_t len, unsigned char out[20]) {
    uint32_t h[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };
    size_t full = len / 64 * 64;
    for (size_t i = 0; i < full; i += 64) sha1_block(h, msg + i);
    unsigned char tail[128] = { 0 };
    size_t rest = len - full;
    memcpy(tail, msg + full, rest);
    tail[rest] = 0x80;
    size_t blocks = rest + 9 > 64 ? 2 : 1;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) tail[blocks * 64 - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t i = 0; i < blocks; i++) sha1_block(h, tail + 64 * i);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}

static void base64(const unsigned char *in, size_t len, char *out) {
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 2 < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *out++ = abc[v >> 18]; *out++ = abc[(v >> 12) & 63]; *out++ = abc[(v >> 6) & 63]; *out++ = abc[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        *out++ = abc[v >> 18]; *out++ = abc[(v >> 12) & 63]; *out++ = '='; *out++ = '=';
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        *out++ = abc[v >> 18]; *out++ = abc[(v >> 12) & 63]; *out++ = abc[(v >> 6) & 63]; *out++ = '=';
    }
    *out = '\0';
}

void ws_accept(const char *key, size_t key_len, char out[29]) {
    /* RFC 6455 section 1.3; its example: key dGhlIHNhbXBsZSBub25jZQ== accepts as s3pPLMBiTxaQ9kYGzzhZRbK+xOo= */
    static const char guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char joined[256], digest[20];
    if (key_len > sizeof joined - (sizeof guid - 1)) key_len = sizeof joined - (sizeof guid - 1);
    memcpy(joined, key, key_len);
    memcpy(joined + key_len, guid, sizeof guid - 1);
    sha1(joined, key_len + sizeof guid - 1, digest);
    base64(digest, sizeof digest, out);
}

/* ---- frames ---------------------------------------------------------------------------- */

size_t ws_header_size(size_t len) { return len < 126 ? 2 : len <= 0xFFFF ? 4 : 10; }

size_t ws_header(unsigned char *out, int opcode, size_t len) {
    out[0] = (unsigned char)(0x80 | opcode);
    if (len < 126) { out[1] = (unsigned char)len; return 2; }
    if (len <= 0xFFFF) { out[1] = 126; out[2] = (unsigned char)(len >> 8); out[3] = (unsigned char)len; return 4; }
    out[1] = 127;
    for (int i = 0; i < 8; i++) out[2 + i] = (unsigned char)((uint64_t)len >> (56 - 8 * i));
    return 10;
}

long ws_read_frame(unsigned char *buf, size_t have, size_t max_payload, struct ws_frame *f) {
    if (have < 2) return 0;
    if (buf[0] & 0x70) return -1;                 /* RSV bits: no extension was agreed */
    if (!(buf[1] & 0x80)) return -1;              /* a client's frames are masked */
    f->fin = buf[0] >> 7;
    f->opcode = buf[0] & 0x0F;
    uint64_t len = buf[1] & 0x7F;
    size_t at = 2;
    if (len == 126) {
        if (have < 4) return 0;
        len = (uint64_t)buf[2] << 8 | buf[3];
        at = 4;
    } else if (len == 127) {
        if (have < 10) return 0;
        len = 0;
        for (int i = 0; i < 8; i++) len = len << 8 | buf[2 + i];
        at = 10;
    }
    if (f->opcode >= 0x8 && (!f->fin || len > 125)) return -1;
    if (len > max_payload) return -1;
    if (have < at + 4 + len) return 0;
    const unsigned char *mask = buf + at;
    unsigned char *p = buf + at + 4;
    for (size_t i = 0; i < len; i++) p[i] ^= mask[i & 3];
    f->payload = p;
    f->len = (size_t)len;
    return (long)(at + 4 + len);
}

/* The value of header `name` (case-insensitive) among the request's lines, trimmed. */
static int header(const char *req, size_t len, const char *name, const char **value, size_t *value_len) {
    size_t n = strlen(name);
    const char *end = req + len;
    const char *line = memchr(req, '\n', len);
    while (line && ++line < end) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol) eol = end;
        if ((size_t)(eol - line) > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
            const char *v = line + n + 1, *e = eol;
            while (v < e && (*v == ' ' || *v == '\t')) v++;
            while (e > v && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) e--;
            *value = v;
            *value_len = (size_t)(e - v);
            return 1;
        }
        line = eol;
    }
    return 0;
}

int ws_upgrade_request(const char *req, size_t len, const char **key, size_t *key_len) {
    if (len < 8 || memcmp(req, "GET /ws", 7) != 0 || (req[7] != ' ' && req[7] != '?')) return 0;
    const char *upgrade;
    size_t upgrade_len;
    if (!header(req, len, "Upgrade", &upgrade, &upgrade_len) || upgrade_len != 9 || strncasecmp(upgrade, "websocket", 9) != 0)
        return 0;
    return header(req, len, "Sec-WebSocket-Key", key, key_len) && *key_len > 0;
}
