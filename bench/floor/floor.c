/*
 * floor: the least a fan-out chat relay can do on this machine — a measuring stick for
 * bench/, never a product path (see README.md beside this file).
 *
 * One thread, epoll (level-triggered), non-blocking sockets. It speaks just enough of the
 * original line protocol (PROTOCOL.md, Part 1) for bench/RxChat.Load to run unchanged:
 *   name line                -> "Welcome to the chat server!"
 *   /join ROOM               -> leave notice to every other user (if in a room), then
 *                               "You joined room ROOM", then "[T] name joined the room" to the room
 *   /users                   -> "Users: a, b, …" in login order
 *   other /…                 -> "Unknown command"
 *   quit | exit | EOF        -> "[T] name left the room ROOM" to every other user
 *   any other line           -> "[T] name: text" to every other member of the room
 * With --ws-port, the same chat over WebSocket (`GET /ws`, PROTOCOL.md Part 4 as far as the
 * load tool needs): `login` and `send` objects in, `welcome`, `joined`, `left`, `said`,
 * `reply` and `error` objects out (ws.c: the upgrade and frames; json.c: fields and escapes).
 * Line and WebSocket members share rooms; each event is rendered in the form its recipient
 * reads, each form at most once.
 * No limits, no leaders, no persistence, no validation of names.
 *
 * The send path is the point: every line a wake-up produces is formatted once, into an
 * arena that lives for that wake-up; each recipient collects references to the lines it
 * is owed, and after all events of the wake-up are handled, each recipient gets ONE
 * writev of all of them (more only past IOV_MAX). Bytes the socket does not take are
 * copied into that recipient's backlog, written when epoll says it is writable.
 *
 *   floor --port N [--ws-port N] [--host 127.0.0.1]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "ws.h"

#define MAX_LINE 4096               /* a longer partial line closes the connection */
#define MAX_REQUEST 8192            /* a longer upgrade request closes the connection */
#define MAX_MESSAGE (16u << 10)     /* a longer WebSocket message (a line in JSON) closes the connection */
#define MAX_PARTIAL (WS_MAX_HEADER + 4 + MAX_MESSAGE)
#define MAX_BACKLOG (16u << 20)     /* a reader this far behind is cut off */
#define ARENA_CHUNK (256u << 10)
#define READ_CHUNK (64u << 10)
#define MAX_EVENTS 1024

struct room;

/* What a connection speaks: lines (Part 1), or an HTTP upgrade and then WebSocket frames (Part 4). */
enum kind { LINES, UPGRADING, FRAMES };

struct client {
    int fd;
    enum kind kind;
    int dead;                  /* closed this wake-up; freed at its end */
    int closing;               /* closed once what it is owed is written (a WebSocket close, a refused upgrade) */
    char *name;                /* NULL until logged in */
    int left;                  /* logged in, and no longer in the chat */
    struct room *room;
    size_t room_slot;          /* index in room->members */
    struct client *prev, *next;/* the logged-in users, in login order */
    char *partial;             /* an incomplete input line, request or frame */
    size_t partial_len;
    char *message;             /* a fragmented WebSocket message, collected */
    size_t message_len;
    int message_opcode;        /* 0: none open */
    struct iovec *owed;        /* this wake-up's lines for this client (arena references) */
    int owed_len, owed_cap;
    int dirty;                 /* on the dirty list */
    char *backlog;             /* bytes the socket did not take yet */
    size_t backlog_off, backlog_len, backlog_cap;
    int want_out;              /* EPOLLOUT registered */
};

struct room {
    char *name;
    struct client **members;
    size_t count, cap;
    struct room *next;         /* hash chain */
};

/* ---- global state -------------------------------------------------------------- */

static int ep;
static int line_listener, ws_listener = -1;   /* their addresses tag them in epoll */
static struct client *users_head, *users_tail;
static size_t users_count;
#define ROOM_BUCKETS 4096
static struct room *rooms[ROOM_BUCKETS];
static struct client **dirty;
static size_t dirty_len, dirty_cap;
static struct client **dead;
static size_t dead_len, dead_cap;
static char stamp[16];         /* "[HH:MM:SS] " for this wake-up */
static char utc[24];           /* "2026-11-26T12:34:56Z" for this wake-up (Part 4's `time`) */
static long seq;               /* Part 4's `seq`: one per command, as RxChat's log position */

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) { perror("realloc"); exit(1); }
    return q;
}

#define PUSH(arr, len, cap, v) do { \
    if ((len) == (cap)) { (cap) = (cap) ? (cap) * 2 : 64; (arr) = xrealloc((arr), (cap) * sizeof *(arr)); } \
    (arr)[(len)++] = (v); } while (0)

/* ---- the wake-up's arena: lines are formatted once, referenced by every recipient --- */

struct chunk { struct chunk *next; size_t used, size; char data[]; };
static struct chunk *arena, *spare;

static char *arena_alloc(size_t n) {
    if (!arena || arena->size - arena->used < n) {
        struct chunk *c;
        if (n <= ARENA_CHUNK && spare) { c = spare; spare = c->next; }
        else {
            size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
            c = xrealloc(NULL, sizeof *c + size);
            c->size = size;
        }
        c->used = 0;
        c->next = arena;
        arena = c;
    }
    char *p = arena->data + arena->used;
    arena->used += n;
    return p;
}

/* Gives back the unused tail of the last allocation, which ends at `end` now. */
static void arena_trim(char *end) { arena->used = (size_t)(end - arena->data); }

static void arena_reset(void) {
    while (arena) {
        struct chunk *c = arena;
        arena = c->next;
        if (c->size == ARENA_CHUNK) { c->next = spare; spare = c; }
        else free(c);
    }
}

/* Formatted text in the arena, with "\n" after it when `newline` (a line), else NUL-terminated. */
static struct iovec vformat(int newline, const char *fmt, va_list ap) {
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *p = arena_alloc((size_t)n + 2);
    vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    if (newline) p[n++] = '\n';
    return (struct iovec){ .iov_base = p, .iov_len = (size_t)n };
}

/* A formatted line in the arena, "\n" included. */
static struct iovec line_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct iovec line_of(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    struct iovec v = vformat(1, fmt, ap);
    va_end(ap);
    return v;
}

/* Formatted text in the arena, NUL-terminated (a reply's words, an HTTP response). */
static struct iovec text_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct iovec text_of(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    struct iovec v = vformat(0, fmt, ap);
    va_end(ap);
    return v;
}

static void owe(struct client *c, struct iovec line) {
    if (c->dead) return;
    PUSH(c->owed, c->owed_len, c->owed_cap, line);
    if (!c->dirty) { c->dirty = 1; PUSH(dirty, dirty_len, dirty_cap, c); }
}

/* ---- events, in the two forms a member may read -------------------------------------- */

enum event_type { WELCOME, REPLY, REFUSAL, JOINED, LEFT, SAID };

/* Something to tell: rendered as a line (Part 1) or a WebSocket frame (Part 4) when the
 * first recipient that reads that form is told, and referenced by every later one. */
struct event {
    enum event_type type;
    const char *user, *room, *text;
    long seq;
    struct iovec line, frame;
};

static struct iovec render_line(const struct event *e) {
    switch (e->type) {
    case WELCOME: return line_of("Welcome to the chat server!");
    case REPLY: case REFUSAL: return line_of("%s", e->text);
    case JOINED: return line_of("%s%s joined the room", stamp, e->user);
    case LEFT: return line_of("%s%s left the room %s", stamp, e->user, e->room);
    case SAID: break;
    }
    return line_of("%s%s: %s", stamp, e->user, e->text);
}

static char *put(char *w, const char *s) {
    size_t n = strlen(s);
    memcpy(w, s, n);
    return w + n;
}

static char *put_string(char *w, const char *s) { return json_string(w, s, strlen(s)); }

static char *put_stamp(char *w, const struct event *e) {
    return w + sprintf(w, ",\"seq\":%ld,\"time\":\"%s\"}", e->seq, utc);
}

/* The object in a text frame, its fields in the order RxChat writes them (ServerMessage). */
static struct iovec render_frame(const struct event *e) {
    size_t longest = 64 + JSON_STRING_MAX(e->user ? strlen(e->user) : 0) + JSON_STRING_MAX(e->room ? strlen(e->room) : 0)
                   + JSON_STRING_MAX(e->text ? strlen(e->text) : 0) + sizeof utc + 64;
    char *payload = arena_alloc(WS_MAX_HEADER + longest) + WS_MAX_HEADER, *w = payload;
    switch (e->type) {
    case WELCOME:
        w = put(w, "{\"type\":\"welcome\",\"username\":"); w = put_string(w, e->user); w = put(w, "}");
        break;
    case REPLY:
        w = put(w, "{\"type\":\"reply\",\"text\":"); w = put_string(w, e->text); w = put(w, "}");
        break;
    case REFUSAL:
        w = put(w, "{\"type\":\"error\",\"text\":"); w = put_string(w, e->text); w = put(w, ",\"fatal\":false}");
        break;
    case JOINED: case LEFT:
        w = put(w, e->type == JOINED ? "{\"type\":\"joined\",\"room\":" : "{\"type\":\"left\",\"room\":");
        w = put_string(w, e->room); w = put(w, ",\"user\":"); w = put_string(w, e->user); w = put_stamp(w, e);
        break;
    case SAID:
        w = put(w, "{\"type\":\"said\",\"room\":"); w = put_string(w, e->room); w = put(w, ",\"user\":");
        w = put_string(w, e->user); w = put(w, ",\"text\":"); w = put_string(w, e->text); w = put_stamp(w, e);
        break;
    }
    size_t len = (size_t)(w - payload), header = ws_header_size(len);
    char *frame = payload - header;
    ws_header((unsigned char *)frame, WS_TEXT, len);
    arena_trim(w);
    return (struct iovec){ .iov_base = frame, .iov_len = header + len };
}

static void tell(struct client *c, struct event *e) {
    if (c->dead) return;
    if (c->kind == FRAMES) {
        if (!e->frame.iov_base) e->frame = render_frame(e);
        owe(c, e->frame);
    } else {
        if (!e->line.iov_base) e->line = render_line(e);
        owe(c, e->line);
    }
}

/* An answer to one client in the text protocol's words: a `reply` (as RxChat answers commands), or an `error` (a frame it could not take). */
static void answer(struct client *c, enum event_type type, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void answer(struct client *c, enum event_type type, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    struct event e = { .type = type, .text = vformat(0, fmt, ap).iov_base };
    va_end(ap);
    tell(c, &e);
}

/* ---- rooms and users ---------------------------------------------------------------- */

static unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % ROOM_BUCKETS;
}

static struct room *room_named(const char *name) {
    unsigned h = hash(name);
    for (struct room *r = rooms[h]; r; r = r->next)
        if (strcmp(r->name, name) == 0) return r;
    struct room *r = calloc(1, sizeof *r);
    if (!r) { perror("calloc"); exit(1); }
    r->name = strdup(name);
    r->next = rooms[h];
    rooms[h] = r;
    return r;
}

static void room_add(struct room *r, struct client *c) {
    c->room = r;
    c->room_slot = r->count;
    PUSH(r->members, r->count, r->cap, c);
}

static void room_remove(struct client *c) {
    struct room *r = c->room;
    if (!r) return;
    struct client *last = r->members[--r->count];
    r->members[c->room_slot] = last;
    last->room_slot = c->room_slot;
    c->room = NULL;
}

static void tell_room(struct room *r, struct client *except, struct event *e) {
    for (size_t i = 0; i < r->count; i++)
        if (r->members[i] != except) tell(r->members[i], e);
}

static void tell_everyone(struct client *except, struct event *e) {
    for (struct client *u = users_head; u; u = u->next)
        if (u != except) tell(u, e);
}

static void announce_leave(struct client *c, long at) {
    if (!c->name || !c->room) return;
    struct event left = { .type = LEFT, .user = c->name, .room = c->room->name, .seq = at };
    tell_everyone(c, &left);
}

/* Out of the chat: its room is told, it leaves the users. Once. */
static void leave_chat(struct client *c) {
    if (!c->name || c->left) return;
    c->left = 1;
    announce_leave(c, ++seq);
    room_remove(c);
    if (c->prev) c->prev->next = c->next; else users_head = c->next;
    if (c->next) c->next->prev = c->prev; else users_tail = c->prev;
    users_count--;
}

/* ---- connections ---------------------------------------------------------------------- */

static void close_client(struct client *c) {
    if (c->dead) return;
    leave_chat(c);
    close(c->fd);
    c->dead = 1;
    PUSH(dead, dead_len, dead_cap, c);
}

static void free_client(struct client *c) {
    free(c->name);
    free(c->partial);
    free(c->message);
    free(c->owed);
    free(c->backlog);
    free(c);
}

static void users_reply(struct client *c) {
    size_t n = strlen("Users: ") + 1;
    for (struct client *u = users_head; u; u = u->next) n += strlen(u->name) + 2;
    char *p = arena_alloc(n), *w = p;
    w += sprintf(w, "Users: ");
    for (struct client *u = users_head; u; u = u->next) {
        if (u != users_head) { *w++ = ','; *w++ = ' '; }
        size_t k = strlen(u->name);
        memcpy(w, u->name, k);
        w += k;
    }
    if (c->kind == FRAMES) {
        *w = '\0';
        struct event e = { .type = REPLY, .text = p };
        tell(c, &e);
        return;
    }
    *w++ = '\n';
    owe(c, (struct iovec){ .iov_base = p, .iov_len = (size_t)(w - p) });
}

static void log_in(struct client *c, const char *name) {
    ++seq;
    c->name = strdup(name);
    c->prev = users_tail;
    if (users_tail) users_tail->next = c; else users_head = c;
    users_tail = c;
    users_count++;
    struct event welcome = { .type = WELCOME, .user = c->name };
    tell(c, &welcome);
}

/* A logged-in user's line (a command or chat), trimmed and NUL-terminated. */
static void command(struct client *c, char *line) {
    long at = ++seq;
    if (strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0) { close_client(c); return; }
    if (strncmp(line, "/join ", 6) == 0) {
        const char *name = line + 6;
        while (*name == ' ') name++;
        if (!*name) { answer(c, REPLY, "Usage: /join <room>"); return; }
        if (c->room && strcmp(c->room->name, name) == 0) { answer(c, REPLY, "You are already in room %s", name); return; }
        announce_leave(c, at);
        room_remove(c);
        struct room *r = room_named(name);
        struct event joined = { .type = JOINED, .user = c->name, .room = r->name, .seq = at };
        /* A WebSocket joiner is told its own `joined`, where the text protocol says "You joined room". */
        if (c->kind == FRAMES) tell(c, &joined);
        else owe(c, line_of("You joined room %s", name));
        tell_room(r, c, &joined);
        room_add(r, c);
        return;
    }
    if (strcmp(line, "/users") == 0) { users_reply(c); return; }
    if (line[0] == '/') { answer(c, REPLY, "Unknown command"); return; }
    if (!c->room) { answer(c, REPLY, "Join a room first using /join <room>"); return; }
    struct event said = { .type = SAID, .user = c->name, .room = c->room->name, .text = line, .seq = at };
    tell_room(c->room, c, &said);
}

/* Trims spaces and tabs (and a CR at the end); false when nothing is left. NUL-terminates. */
static int trim(char **line, size_t *len) {
    char *p = *line;
    size_t n = *len;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r')) n--;
    while (n && (*p == ' ' || *p == '\t')) { p++; n--; }
    p[n] = '\0';
    *line = p;
    *len = n;
    return n > 0;
}

static void handle_line(struct client *c, char *line, size_t len) {
    if (!trim(&line, &len)) return;
    if (!c->name) log_in(c, line);
    else command(c, line);
}

/* Every whole line in buf[0..end); returns where the incomplete rest starts. */
static size_t read_lines(struct client *c, char *buf, size_t from, size_t end) {
    size_t start = 0;
    for (size_t i = from; i < end && !c->dead; i++)
        if (buf[i] == '\n') {
            handle_line(c, buf + start, i - start);
            start = i + 1;
        }
    return start;
}

/* ---- WebSocket members (PROTOCOL.md Part 4) ------------------------------------------ */

/* One whole message from a WebSocket member: a `login` or `send` object. */
static void handle_message(struct client *c, int opcode, char *text, size_t len) {
    struct json_field f[] = { { .name = "type" }, { .name = "username" }, { .name = "text" } };
    if (opcode != WS_TEXT || json_fields(text, len, f, 3) < 0) { answer(c, REFUSAL, "Expected one JSON object in a text frame"); return; }
    const char *type = f[0].value;
    if (!type) { answer(c, REFUSAL, "Message is missing a field"); return; }
    if (strcmp(type, "login") == 0) {
        if (c->name) answer(c, REFUSAL, "Already logged in");
        else if (!f[1].value) answer(c, REFUSAL, "Message is missing a field");
        else log_in(c, f[1].value);
    } else if (strcmp(type, "send") == 0) {
        char *line = f[2].value;
        size_t line_len = f[2].len;
        if (!c->name) answer(c, REFUSAL, "Log in first");
        else if (!line) answer(c, REFUSAL, "Message is missing a field");
        else if (trim(&line, &line_len)) command(c, line);
    } else answer(c, REFUSAL, "Unknown message type (expected login, send or resume)");
}

/* A control frame's answer, or a data frame (or a fragment of one) on its way to handle_message. */
static void handle_frame(struct client *c, const struct ws_frame *f) {
    switch (f->opcode) {
    case WS_PING: {
        char *p = arena_alloc(2 + f->len);
        size_t h = ws_header((unsigned char *)p, WS_PONG, f->len);
        memcpy(p + h, f->payload, f->len);
        owe(c, (struct iovec){ .iov_base = p, .iov_len = h + f->len });
        return;
    }
    case WS_PONG: return;
    case WS_CLOSE: {
        /* The close handshake: its status code back, then the connection closes once it is written. */
        size_t len = f->len >= 2 ? 2 : 0;
        char *p = arena_alloc(2 + len);
        ws_header((unsigned char *)p, WS_CLOSE, len);
        memcpy(p + 2, f->payload, len);
        owe(c, (struct iovec){ .iov_base = p, .iov_len = 2 + len });
        leave_chat(c);
        c->closing = 1;
        return;
    }
    case WS_TEXT: case WS_BINARY:
        if (c->message_opcode) { close_client(c); return; }  /* a new message inside a fragmented one */
        if (f->fin) { handle_message(c, f->opcode, (char *)f->payload, f->len); return; }
        c->message_opcode = f->opcode;
        c->message_len = 0;
        /* the first fragment is collected like the rest */
        __attribute__((fallthrough));
    case WS_CONTINUATION:
        if (!c->message_opcode || c->message_len + f->len > MAX_MESSAGE) { close_client(c); return; }
        c->message = xrealloc(c->message, c->message_len + f->len);
        memcpy(c->message + c->message_len, f->payload, f->len);
        c->message_len += f->len;
        if (f->fin) {
            int opcode = c->message_opcode;
            c->message_opcode = 0;
            handle_message(c, opcode, c->message, c->message_len);
        }
        return;
    default: close_client(c); return;
    }
}

/* Every whole frame in buf[0..end); returns where the incomplete rest starts. */
static size_t read_frames(struct client *c, char *buf, size_t end) {
    size_t at = 0;
    while (!c->dead && !c->closing) {
        struct ws_frame f;
        long n = ws_read_frame((unsigned char *)buf + at, end - at, MAX_MESSAGE, &f);
        if (n < 0) { close_client(c); break; }
        if (n == 0) break;
        at += (size_t)n;
        handle_frame(c, &f);
    }
    return c->closing ? end : at;
}

/* The HTTP/1.1 upgrade once its headers are all there, then any frames after it. */
static size_t read_upgrade(struct client *c, char *buf, size_t end) {
    char *blank = memmem(buf, end, "\r\n\r\n", 4);
    if (!blank) return 0;
    size_t head = (size_t)(blank - buf) + 4;
    const char *key;
    size_t key_len;
    if (!ws_upgrade_request(buf, head, &key, &key_len)) {
        static const char why[] = "The floor speaks WebSocket at GET /ws only\n";
        owe(c, text_of("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                       sizeof why - 1, why));
        c->closing = 1;
        return end;
    }
    char accept[29];
    ws_accept(key, key_len, accept);
    owe(c, text_of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Accept: %s\r\n\r\n", accept));
    c->kind = FRAMES;
    return head + read_frames(c, buf + head, end - head);
}

static void on_readable(struct client *c) {
    static char buf[READ_CHUNK + MAX_PARTIAL + 1];
    size_t have = c->partial_len;
    if (have) memcpy(buf, c->partial, have);
    ssize_t n = read(c->fd, buf + have, READ_CHUNK);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) { close_client(c); return; }
    if (n < 0) return;
    size_t end = have + (size_t)n, start;
    if (c->closing) start = end;   /* what comes after a close is not read */
    else if (c->kind == LINES) start = read_lines(c, buf, have, end);
    else if (c->kind == UPGRADING) start = read_upgrade(c, buf, end);
    else start = read_frames(c, buf, end);
    if (c->dead) return;
    size_t rest = end - start;
    if (rest > (c->kind == LINES ? MAX_LINE : c->kind == UPGRADING ? MAX_REQUEST : MAX_PARTIAL)) { close_client(c); return; }
    if (rest) {
        c->partial = xrealloc(c->partial, rest);
        memcpy(c->partial, buf + start, rest);
    } else if (c->partial) { free(c->partial); c->partial = NULL; }
    c->partial_len = rest;
}

static void set_want_out(struct client *c, int want) {
    if (c->want_out == want) return;
    c->want_out = want;
    struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Keeps what the socket did not take, given that `written` bytes of the backlog, then of the owed lines, were taken. */
static void keep_unwritten(struct client *c, size_t written) {
    size_t old = c->backlog_len - c->backlog_off;
    if (written >= old) { written -= old; c->backlog_off = c->backlog_len = 0; }
    else { c->backlog_off += written; written = 0; }
    for (int i = 0; i < c->owed_len; i++) {
        struct iovec *v = &c->owed[i];
        if (written >= v->iov_len) { written -= v->iov_len; continue; }
        size_t k = v->iov_len - written;
        if (c->backlog_off && c->backlog_len + k > c->backlog_cap) {
            memmove(c->backlog, c->backlog + c->backlog_off, c->backlog_len - c->backlog_off);
            c->backlog_len -= c->backlog_off;
            c->backlog_off = 0;
        }
        if (c->backlog_len + k > c->backlog_cap) {
            c->backlog_cap = (c->backlog_len + k) * 2;
            c->backlog = xrealloc(c->backlog, c->backlog_cap);
        }
        memcpy(c->backlog + c->backlog_len, (char *)v->iov_base + written, k);
        c->backlog_len += k;
        written = 0;
    }
    c->owed_len = 0;
}

/* One writev of the backlog and every line owed this wake-up (a few, past IOV_MAX). */
static void flush(struct client *c) {
    if (c->dead) { c->owed_len = 0; return; }
    struct iovec iov[IOV_MAX];
    size_t total_written = 0;
    int next = 0, first = 1, blocked = 0;
    while (!blocked && (first || next < c->owed_len)) {
        int k = 0;
        size_t want = 0;
        if (first && c->backlog_len > c->backlog_off) {
            iov[k++] = (struct iovec){ c->backlog + c->backlog_off, c->backlog_len - c->backlog_off };
            want += iov[0].iov_len;
        }
        first = 0;
        while (k < IOV_MAX && next < c->owed_len) { iov[k] = c->owed[next++]; want += iov[k++].iov_len; }
        if (!k) break;
        ssize_t n = writev(c->fd, iov, k);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) { blocked = 1; break; }
            c->owed_len = 0;
            close_client(c);
            return;
        }
        total_written += (size_t)n;
        if ((size_t)n < want) blocked = 1;
    }
    keep_unwritten(c, total_written);
    if (c->backlog_len - c->backlog_off > MAX_BACKLOG) { close_client(c); return; }
    /* A closing connection (a WebSocket close answered, an upgrade refused) goes once all of it is out. */
    if (c->closing && c->backlog_len == c->backlog_off) { close_client(c); return; }
    set_want_out(c, c->backlog_len > c->backlog_off);
}

static void on_accept(int listener, enum kind kind) {
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) perror("accept4");
            return;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct client *c = calloc(1, sizeof *c);
        if (!c) { perror("calloc"); exit(1); }
        c->fd = fd;
        c->kind = kind;
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) { perror("epoll_ctl"); close(fd); free(c); }
    }
}

static void update_stamp(void) {
    static time_t last = -1;
    time_t now = time(NULL);
    if (now == last) return;
    last = now;
    struct tm tm;
    localtime_r(&now, &tm);
    snprintf(stamp, sizeof stamp, "[%02d:%02d:%02d] ", tm.tm_hour, tm.tm_min, tm.tm_sec);
    gmtime_r(&now, &tm);
    strftime(utc, sizeof utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A non-blocking listener on host:port in epoll, tagged by `tag`; -1 (and why, on stderr) when it cannot be. */
static int listen_on(const char *host, int port, void *tag) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "floor: bad host %s\n", host); return -1; }
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 4096) < 0) {
        fprintf(stderr, "floor: bind/listen on %s:%d: %s\n", host, port, strerror(errno));
        return -1;
    }
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    return fd;
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    int port = 7777, ws_port = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--ws-port") == 0 && i + 1 < argc) ws_port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) host = argv[++i];
        else { fprintf(stderr, "usage: floor [--port N] [--ws-port N] [--host 127.0.0.1]\n"); return 64; }
    }
    signal(SIGPIPE, SIG_IGN);

    ep = epoll_create1(EPOLL_CLOEXEC);
    if ((line_listener = listen_on(host, port, &line_listener)) < 0) return 1;
    if (ws_port && (ws_listener = listen_on(host, ws_port, &ws_listener)) < 0) return 1;
    /* Both listen before the line the scripts wait for. */
    if (ws_port) printf("Floor WebSocket on ws://%s:%d/ws\n", host, ws_port);
    printf("Floor listening on %s:%d\n", host, port);
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        update_stamp();
        for (int i = 0; i < n; i++) {
            void *tag = events[i].data.ptr;
            if (tag == &line_listener) { on_accept(line_listener, LINES); continue; }
            if (tag == &ws_listener) { on_accept(ws_listener, UPGRADING); continue; }
            struct client *c = tag;
            if (c->dead) continue;
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
            if (!c->dead && (events[i].events & EPOLLOUT) && !c->dirty) {
                c->dirty = 1;
                PUSH(dirty, dirty_len, dirty_cap, c);
            }
        }
        /* Closing may owe lines to clients already flushed: the list grows while it is walked. */
        for (size_t i = 0; i < dirty_len; i++) {
            struct client *c = dirty[i];
            c->dirty = 0;
            flush(c);
        }
        dirty_len = 0;
        arena_reset();
        for (size_t i = 0; i < dead_len; i++) free_client(dead[i]);
        dead_len = 0;
    }
}
