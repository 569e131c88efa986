/* host_util.c — JSON field lookup, the authorize redirect through libcurl, and URL redaction for printing. */
#include "host_util.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *value_of(const char *json, const char *key) {
    char pattern[128];
    const char *p;
    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    p = strstr(json, pattern);
    if (p == NULL) return NULL;
    p += strlen(pattern);
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p != ':') return NULL;
    p++;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

int json_string_field(const char *json, const char *key, char *out, size_t out_size) {
    const char *p = value_of(json, key);
    size_t n = 0;
    if (p == NULL || *p != '"') return -1;
    for (p++; *p != '\0' && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'u': { /* \u00XX only: URLs and states are ASCII */
                char hex[5] = {0};
                if (strlen(p + 1) < 4) return -1;
                memcpy(hex, p + 1, 4);
                c = (char)strtol(hex, NULL, 16);
                p += 4;
                break;
            }
            case '\0': return -1;
            default: c = *p; break; /* \" \\ \/ */
            }
        }
        if (n + 1 >= out_size) return -1;
        out[n++] = c;
    }
    if (*p != '"') return -1;
    out[n] = '\0';
    return 0;
}

long json_integer_field(const char *json, const char *key) {
    const char *p = value_of(json, key);
    return (p != NULL && *p >= '0' && *p <= '9') ? strtol(p, NULL, 10) : -1;
}

static size_t discard(char *data, size_t size, size_t count, void *user) {
    (void)data;
    (void)user;
    return size * count;
}

int fetch_redirect(const char *url, char *out, size_t out_size, char *error, size_t error_size) {
    CURL *curl = curl_easy_init();
    CURLcode rc;
    long http_status = 0;
    char *location = NULL;
    int result = -1;
    if (curl == NULL) {
        snprintf(error, error_size, "curl_easy_init failed");
        return -1;
    }
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L); /* the redirect target is what we want, not its page */
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        snprintf(error, error_size, "GET authorize URL: %s", curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
        if (location == NULL || strlen(location) + 1 > out_size) {
            snprintf(error, error_size, "the authorize page answered HTTP %ld without a usable redirect", http_status);
        } else {
            memcpy(out, location, strlen(location) + 1);
            result = 0;
        }
    }
    curl_easy_cleanup(curl); /* owns `location` */
    return result;
}

void redact_url(const char *url, char *out, size_t out_size) {
    size_t n = 0, kept = 0;
    int in_query = 0, in_value = 0;
    const char *p;
    /* Keep each query value's first 4 characters: enough to recognise it, useless to an attacker. */
    for (p = url; *p != '\0' && n + 4 < out_size; p++) {
        if (*p == '?') in_query = 1;
        if (*p == '&') in_value = 0;
        if (in_value && ++kept > 4) {
            if (kept == 5) {
                memcpy(out + n, "...", 3);
                n += 3;
            }
            continue;
        }
        if (*p == '=' && in_query) {
            in_value = 1;
            kept = 0;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
}
