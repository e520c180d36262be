/*
 * The JSON the floor needs for PROTOCOL.md Part 4, and no more: the string fields of a
 * client's object found by name, and a string written with the escapes JSON requires.
 */
#ifndef FLOOR_JSON_H
#define FLOOR_JSON_H

#include <stddef.h>

/* A string field to look for: `name` in, `value` (NUL-terminated, unescaped) and `len` out; value NULL if absent. */
struct json_field {
    const char *name;
    char *value;
    size_t len;
};

/*
 * Reads text[0..len) as one JSON object and fills in those of `fields` whose value is a
 * string (other values, nested objects and arrays are skipped). Strings are unescaped in
 * place. Returns 0, or -1 when the text is not one JSON object (or a string holds \u0000).
 */
int json_fields(char *text, size_t len, struct json_field *fields, int count);

/* The most json_string writes for `len` bytes: quotes and every byte as \u00XX. */
#define JSON_STRING_MAX(len) (2 + 6 * (len))

/* Writes s[0..len) as a JSON string, quoted, escaping `"`, `\` and control characters; returns the end. */
char *json_string(char *out, const char *s, size_t len);

#endif
