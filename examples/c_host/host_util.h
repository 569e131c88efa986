/* host_util.h — the two chores of this example outside tether: pick a field out of a small JSON body (a real
 * host uses its JSON library) and play the user's browser on the emulator's authorize page (libcurl). */
#ifndef C_HOST_HOST_UTIL_H
#define C_HOST_HOST_UTIL_H

#include <stddef.h>

/* Copies the string value of the first "key" in `json` into `out`, unescaped. Returns 0, or -1 if absent or
 * too long. Good enough for tether's flat result bodies; not a JSON parser. */
int json_string_field(const char *json, const char *key, char *out, size_t out_size);

/* The integer value of the first "key" in `json`, or -1 when absent. */
long json_integer_field(const char *json, const char *key);

/* GETs `url` without following redirects and copies the Location it answers with into `out`.
 * Returns 0, or -1 with a message in `error`. The emulator approves at once; a real provider shows a consent
 * page to a human, and the platform's redirect endpoint receives this URL instead. */
int fetch_redirect(const char *url, char *out, size_t out_size, char *error, size_t error_size);

/* Writes `url` with its query values shortened (code=…a1b2), for logs: never print an authorization code. */
void redact_url(const char *url, char *out, size_t out_size);

#endif
