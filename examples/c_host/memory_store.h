/* memory_store.h — the smallest correct tether storage: records in memory, compare-and-swap by version.
 * Nothing survives the process; a real host keeps records in its database (encrypted at rest if needed). */
#ifndef C_HOST_MEMORY_STORE_H
#define C_HOST_MEMORY_STORE_H

#include <tether/tether.h>

typedef struct memory_store memory_store;

memory_store *memory_store_new(void);
void memory_store_free(memory_store *store);

/* The tether_host storage callbacks; pass the memory_store as storage_ctx. */
tether_status memory_store_load(void *storage_ctx, const char *connection_id, tether_record_out *out);
tether_status memory_store_cas(void *storage_ctx, const char *connection_id, uint64_t expected_version,
                               const char *data, size_t size);

#endif
