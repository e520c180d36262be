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
 * No limits, no leaders, no persistence, no validation of names.
 *
 * The send path is the point: every line a wake-up produces is formatted once, into an
 * arena that lives for that wake-up; each recipient collects references to the lines it
 * is owed, and after all events of the wake-up are handled, each recipient gets ONE
 * writev of all of them (more only past IOV_MAX). Bytes the socket does not take are
 * copied into that recipient's backlog, written when epoll says it is writable.
 *
 *   floor --port N [--host 127.0.0.1]
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

#define MAX_LINE 4096               /* a longer partial line closes the connection */
#define MAX_BACKLOG (16u << 20)     /* a reader this far behind is cut off */
#define ARENA_CHUNK (256u << 10)
#define READ_CHUNK (64u << 10)
#define MAX_EVENTS 1024

struct room;

struct client {
    int fd;
    int dead;                  /* closed this wake-up; freed at its end */
    char *name;                /* NULL until logged in */
    struct room *room;
    size_t room_slot;          /* index in room->members */
    struct client *prev, *next;/* the logged-in users, in login order */
    char *partial;             /* an incomplete input line */
    size_t partial_len;
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
static struct client *users_head, *users_tail;
static size_t users_count;
#define ROOM_BUCKETS 4096
static struct room *rooms[ROOM_BUCKETS];
static struct client **dirty;
static size_t dirty_len, dirty_cap;
static struct client **dead;
static size_t dead_len, dead_cap;
static char stamp[16];         /* "[HH:MM:SS] " for this wake-up */

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

static void arena_reset(void) {
    while (arena) {
        struct chunk *c = arena;
        arena = c->next;
        if (c->size == ARENA_CHUNK) { c->next = spare; spare = c; }
        else free(c);
    }
}

/* A formatted line in the arena, "\n" included. */
static struct iovec line_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static struct iovec line_of(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc((size_t)n + 2);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    p[n] = '\n';
    return (struct iovec){ .iov_base = p, .iov_len = (size_t)n + 1 };
}

static void owe(struct client *c, struct iovec line) {
    if (c->dead) return;
    PUSH(c->owed, c->owed_len, c->owed_cap, line);
    if (!c->dirty) { c->dirty = 1; PUSH(dirty, dirty_len, dirty_cap, c); }
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

static void tell_room(struct room *r, struct client *except, struct iovec line) {
    for (size_t i = 0; i < r->count; i++)
        if (r->members[i] != except) owe(r->members[i], line);
}

static void tell_everyone(struct client *except, struct iovec line) {
    for (struct client *u = users_head; u; u = u->next)
        if (u != except) owe(u, line);
}

static void announce_leave(struct client *c) {
    if (c->name && c->room)
        tell_everyone(c, line_of("%s%s left the room %s", stamp, c->name, c->room->name));
}

/* ---- connections ---------------------------------------------------------------------- */

static void close_client(struct client *c) {
    if (c->dead) return;
    announce_leave(c);
    room_remove(c);
    if (c->name) {
        if (c->prev) c->prev->next = c->next; else users_head = c->next;
        if (c->next) c->next->prev = c->prev; else users_tail = c->prev;
        users_count--;
    }
    close(c->fd);
    c->dead = 1;
    PUSH(dead, dead_len, dead_cap, c);
}

static void free_client(struct client *c) {
    free(c->name);
    free(c->partial);
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
    *w++ = '\n';
    owe(c, (struct iovec){ .iov_base = p, .iov_len = (size_t)(w - p) });
}

static void handle_line(struct client *c, char *line, size_t len) {
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r')) len--;
    while (len && (*line == ' ' || *line == '\t')) { line++; len--; }
    if (!len) return;
    line[len] = '\0';

    if (!c->name) {
        c->name = strdup(line);
        c->prev = users_tail;
        if (users_tail) users_tail->next = c; else users_head = c;
        users_tail = c;
        users_count++;
        owe(c, line_of("Welcome to the chat server!"));
        return;
    }
    if (strcmp(line, "quit") == 0 || strcmp(line, "exit") == 0) { close_client(c); return; }
    if (strncmp(line, "/join ", 6) == 0) {
        const char *name = line + 6;
        while (*name == ' ') name++;
        if (!*name) { owe(c, line_of("Usage: /join <room>")); return; }
        if (c->room && strcmp(c->room->name, name) == 0) { owe(c, line_of("You are already in room %s", name)); return; }
        announce_leave(c);
        room_remove(c);
        struct room *r = room_named(name);
        owe(c, line_of("You joined room %s", name));
        tell_room(r, c, line_of("%s%s joined the room", stamp, c->name));
        room_add(r, c);
        return;
    }
    if (strcmp(line, "/users") == 0) { users_reply(c); return; }
    if (line[0] == '/') { owe(c, line_of("Unknown command")); return; }
    if (!c->room) { owe(c, line_of("Join a room first using /join <room>")); return; }
    tell_room(c->room, c, line_of("%s%s: %s", stamp, c->name, line));
}

static void on_readable(struct client *c) {
    static char buf[READ_CHUNK + MAX_LINE + 1];
    size_t have = c->partial_len;
    if (have) memcpy(buf, c->partial, have);
    ssize_t n = read(c->fd, buf + have, READ_CHUNK);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) { close_client(c); return; }
    if (n < 0) return;
    size_t end = have + (size_t)n, start = 0;
    for (size_t i = have; i < end && !c->dead; i++)
        if (buf[i] == '\n') {
            handle_line(c, buf + start, i - start);
            start = i + 1;
        }
    if (c->dead) return;
    size_t rest = end - start;
    if (rest > MAX_LINE) { close_client(c); return; }
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
    set_want_out(c, c->backlog_len > c->backlog_off);
}

static void on_accept(int listener) {
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
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1";
    int port = 7777;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) host = argv[++i];
        else { fprintf(stderr, "usage: floor [--port N] [--host 127.0.0.1]\n"); return 64; }
    }
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "floor: bad host %s\n", host); return 64; }
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 4096) < 0) {
        perror("floor: bind/listen");
        return 1;
    }
    ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);
    printf("Floor listening on %s:%d\n", host, port);
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAX_EVENTS, -1);
        if (n < 0) { if (errno == EINTR) continue; perror("epoll_wait"); return 1; }
        update_stamp();
        for (int i = 0; i < n; i++) {
            struct client *c = events[i].data.ptr;
            if (!c) { on_accept(listener); continue; }
            if (c->dead) continue;
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
            if (!c->dead && (events[i].events & EPOLLOUT) && !c->dirty) {
                c->dirty = 1;
                PUSH(dirty, dirty_len, dirty_cap, c);
            }
        }
        /* Closing may owe lines to clients already flushed: loop until nothing is owed. */
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
