/* The JSON the floor needs: see json.h. A scanner for one flat-enough object, not a parser
 * of documents: what a value is matters only for strings; the rest is skipped over. */
#include "json.h"

#include <string.h>

static const char *ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

/* The closing quote of the string whose opening quote is at p, or NULL. */
static const char *string_end(const char *p, const char *end) {
    for (p++; p < end; p++) {
        if (*p == '\\') { p++; continue; }
        if (*p == '"') return p;
        if ((unsigned char)*p < 0x20) return NULL;
    }
    return NULL;
}

static int hex4(const char *p, unsigned *v) {
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16;
        if (d == 16) return 0;
        *v = *v << 4 | d;
    }
    return 1;
}

static char *utf8(char *w, unsigned cp) {
    if (cp < 0x80) *w++ = (char)cp;
    else if (cp < 0x800) { *w++ = (char)(0xC0 | cp >> 6); *w++ = (char)(0x80 | (cp & 63)); }
    else if (cp < 0x10000) { *w++ = (char)(0xE0 | cp >> 12); *w++ = (char)(0x80 | ((cp >> 6) & 63)); *w++ = (char)(0x80 | (cp & 63)); }
    else {
        *w++ = (char)(0xF0 | cp >> 18); *w++ = (char)(0x80 | ((cp >> 12) & 63));
        *w++ = (char)(0x80 | ((cp >> 6) & 63)); *w++ = (char)(0x80 | (cp & 63));
    }
    return w;
}

/* Unescapes the string between the quotes at `open` and `close` into its own place (it only
 * shrinks) and ends it with a NUL where the closing quote was, or before; its length, or -1. */
static long unescape(char *open, char *close) {
    char *r = open + 1, *w = open + 1;
    while (r < close) {
        if (*r != '\\') { *w++ = *r++; continue; }
        r++;
        switch (*r) {
        case '"': case '\\': case '/': *w++ = *r++; break;
        case 'b': *w++ = '\b'; r++; break;
        case 'f': *w++ = '\f'; r++; break;
        case 'n': *w++ = '\n'; r++; break;
        case 'r': *w++ = '\r'; r++; break;
        case 't': *w++ = '\t'; r++; break;
        case 'u': {
            unsigned cp, lo;
            if (close - r < 5 || !hex4(r + 1, &cp) || cp == 0) return -1;
            r += 5;
            if (cp >= 0xD800 && cp < 0xDC00 && close - r >= 6 && r[0] == '\\' && r[1] == 'u' && hex4(r + 2, &lo)
                && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r += 6;
            }
            w = utf8(w, cp);
            break;
        }
        default: return -1;
        }
    }
    *w = '\0';
    return w - (open + 1);
}

/* The end of the value starting at p (a string, number, literal, object or array), or NULL. */
static const char *skip_value(const char *p, const char *end) {
    if (p >= end) return NULL;
    if (*p == '"') { const char *q = string_end(p, end); return q ? q + 1 : NULL; }
    if (*p == '{' || *p == '[') {
        int depth = 0;
        for (; p < end; p++) {
            if (*p == '"') { p = string_end(p, end); if (!p) return NULL; continue; }
            if (*p == '{' || *p == '[') depth++;
            else if ((*p == '}' || *p == ']') && --depth == 0) return p + 1;
        }
        return NULL;
    }
    const char *start = p;
    while (p < end && *p != ',' && *p != '}' && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
    return p > start ? p : NULL;
}

int json_fields(char *text, size_t len, struct json_field *fields, int count) {
    for (int i = 0; i < count; i++) { fields[i].value = NULL; fields[i].len = 0; }
    const char *end = text + len;
    const char *p = ws(text, end);
    if (p >= end || *p != '{') return -1;
    p = ws(p + 1, end);
    if (p < end && *p == '}') return ws(p + 1, end) == end ? 0 : -1;
    for (;;) {
        if (p >= end || *p != '"') return -1;
        const char *key_end = string_end(p, end);
        if (!key_end) return -1;
        const char *key = p + 1;
        size_t key_len = (size_t)(key_end - key);
        p = ws(key_end + 1, end);
        if (p >= end || *p != ':') return -1;
        p = ws(p + 1, end);
        const char *value_end = skip_value(p, end);
        if (!value_end) return -1;
        if (*p == '"')
            for (int i = 0; i < count; i++)
                if (strlen(fields[i].name) == key_len && memcmp(fields[i].name, key, key_len) == 0) {
                    char *open = text + (p - text);
                    long n = unescape(open, open + (value_end - 1 - p));
                    if (n < 0) return -1;
                    fields[i].value = open + 1;
                    fields[i].len = (size_t)n;
                }
        p = ws(value_end, end);
        if (p < end && *p == ',') { p = ws(p + 1, end); continue; }
        if (p < end && *p == '}') return ws(p + 1, end) == end ? 0 : -1;
        return -1;
    }
}

char *json_string(char *out, const char *s, size_t len) {
    static const char hex[] = "0123456789abcdef";
    *out++ = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') { *out++ = '\\'; *out++ = (char)c; }
        else if (c >= 0x20) *out++ = (char)c;
        else if (c == '\n') { *out++ = '\\'; *out++ = 'n'; }
        else if (c == '\r') { *out++ = '\\'; *out++ = 'r'; }
        else if (c == '\t') { *out++ = '\\'; *out++ = 't'; }
        else if (c == '\b') { *out++ = '\\'; *out++ = 'b'; }
        else if (c == '\f') { *out++ = '\\'; *out++ = 'f'; }
        else { memcpy(out, "\\u00", 4); out += 4; *out++ = hex[c >> 4]; *out++ = hex[c & 15]; }
    }
    *out++ = '"';
    return out;
}
