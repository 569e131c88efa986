/* memory_store.c — tether's storage contract in a few lines: load a record, and replace it only when its
 * version is still the one the caller read (compare-and-swap), so concurrent writers never lose a token. */
#include "memory_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct record {
    struct record *next;
    char *connection_id;
    char *data; /* opaque JSON from tether; not NUL-terminated */
    size_t size;
    uint64_t version; /* >= 1 once stored */
} record;

struct memory_store {
    pthread_mutex_t mutex; /* tether may call the callbacks from several threads at once */
    record *records;
};

memory_store *memory_store_new(void) {
    memory_store *store = calloc(1, sizeof *store);
    if (store != NULL) pthread_mutex_init(&store->mutex, NULL);
    return store;
}

void memory_store_free(memory_store *store) {
    record *r;
    if (store == NULL) return;
    r = store->records;
    while (r != NULL) {
        record *next = r->next;
        free(r->connection_id);
        free(r->data);
        free(r);
        r = next;
    }
    pthread_mutex_destroy(&store->mutex);
    free(store);
}

static record *find(memory_store *store, const char *connection_id) {
    record *r;
    for (r = store->records; r != NULL; r = r->next)
        if (strcmp(r->connection_id, connection_id) == 0) return r;
    return NULL;
}

tether_status memory_store_load(void *storage_ctx, const char *connection_id, tether_record_out *out) {
    memory_store *store = storage_ctx;
    record *r;
    pthread_mutex_lock(&store->mutex);
    r = find(store, connection_id);
    /* No record: simply do not call set. tether copies the bytes inside set, so holding the lock is enough. */
    if (r != NULL) out->set(out, r->data, r->size, r->version);
    pthread_mutex_unlock(&store->mutex);
    return TETHER_OK;
}

tether_status memory_store_cas(void *storage_ctx, const char *connection_id, uint64_t expected_version,
                               const char *data, size_t size) {
    memory_store *store = storage_ctx;
    tether_status status = TETHER_OK;
    record *r;
    char *copy;
    pthread_mutex_lock(&store->mutex);
    r = find(store, connection_id);
    if ((r == NULL ? 0 : r->version) != expected_version) {
        status = TETHER_CONFLICT; /* someone else wrote first: tether reloads and decides again */
        goto done;
    }
    copy = malloc(size > 0 ? size : 1);
    if (copy == NULL) {
        status = TETHER_STORAGE_ERROR;
        goto done;
    }
    if (size > 0) memcpy(copy, data, size);
    if (r == NULL) {
        size_t id_size = strlen(connection_id) + 1;
        r = calloc(1, sizeof *r);
        if (r == NULL || (r->connection_id = malloc(id_size)) == NULL) {
            free(r);
            free(copy);
            status = TETHER_STORAGE_ERROR;
            goto done;
        }
        memcpy(r->connection_id, connection_id, id_size);
        r->next = store->records;
        store->records = r;
    }
    free(r->data);
    r->data = copy;
    r->size = size;
    r->version = expected_version + 1;
done:
    pthread_mutex_unlock(&store->mutex);
    return status;
}
