/* leadpool — the stable C ABI.
 *
 * One header for every host language. The rules that hold for every function:
 *
 *  - Every function returns an lp_status: LP_OK, or the code of the failure. On failure
 *    lp_last_error() describes it, naming the field or rule at fault, and nothing changed.
 *  - Outputs come first and are named `out`. What comes back through `char** out` is a UTF-8
 *    JSON text the caller owns and frees with lp_free(); on failure *out is set to NULL.
 *  - Structured input is UTF-8 JSON text, NUL-terminated, copied before the function returns;
 *    the JSON shapes are in docs/json.md. Malformed JSON, unknown fields and wrong types are
 *    LP_INVALID_ARGUMENT. Input over a documented size limit is LP_LIMIT_EXCEEDED, whichever
 *    function takes it: JSON nested deeper than 64 levels (lead attributes may nest 64 levels of
 *    their own), a batch over 10000 items, a text over 4096 bytes, attributes over 1 MiB (the
 *    limits are in docs/json.md). Actors are user ids (NUL-terminated UTF-8).
 *  - A NULL pointer where one is required is LP_INVALID_ARGUMENT, never a crash. Close and free
 *    functions accept NULL.
 *  - No C++ exception crosses this boundary.
 *  - Threads: an lp_engine may be used by several threads at once. lp_last_error() is per
 *    thread. An lp_lead_iter belongs to one thread at a time.
 *  - Closing an engine ends it for every handle it gave out: the lp_engine pointer itself must
 *    not be used again (as after free()), while an lp_lead_iter opened on it stays safe to use
 *    and answers LP_ENGINE_CLOSED until it is closed.
 *  - Functions are only ever added; status codes are never renumbered.
 */
#ifndef LEADPOOL_H
#define LEADPOOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define LP_API __declspec(dllexport)
#elif defined(__GNUC__)
#define LP_API __attribute__((visibility("default")))
#else
#define LP_API
#endif

/* The ABI version this header describes. lp_abi_version() returns the library's. */
#define LP_ABI_VERSION 1

typedef enum lp_status {
    LP_OK = 0,
    LP_INVALID_ARGUMENT = 1,   /* malformed input: bad JSON, wrong types, NULL, missing reason */
    LP_NOT_FOUND = 2,          /* an id that names no lead, pool or user, or a lead the actor may
                                  neither read nor act on (the same message) */
    LP_PERMISSION_DENIED = 3,  /* the actor is unknown or inactive, or their role may not */
    LP_ILLEGAL_TRANSITION = 4, /* a move the pyramid does not list */
    LP_CONFLICT = 5,           /* stale version, duplicate name, a merge refused or undone */
    LP_STORAGE = 6,            /* the store failed: I/O, corrupt, foreign or newer file */
    LP_LIMIT_EXCEEDED = 7,     /* input over a documented size limit */
    LP_BUSY = 8,               /* the store stayed locked by another writer: retry later */
    LP_INTERNAL = 9,           /* a bug or resource failure inside leadpool */
    LP_ENGINE_CLOSED = 10,     /* a handle used after lp_engine_close closed its engine */
    LP_SUPPRESSED = 11         /* an identity of a person erased at their request, who asked
                                  not to be kept (lp_lead_erase with "suppress") */
} lp_status;

typedef struct lp_engine lp_engine;      /* an open lead pool */
typedef struct lp_lead_iter lp_lead_iter; /* pages through a long lead list */

/* Called after each commit of the engine with its new changes the subscriber may see and the
 * filter keeps, as a JSON array of changes (valid during the call only), on the committing
 * thread, before the operation returns, in sequence order. It may call the engine. Subscribed with
 * lp_subscribe. */
typedef void (*lp_change_callback)(const char* changes_json, void* user_data);

/* Called as a long operation goes on, with what it has done so far as JSON (valid during the call
 * only), on the calling thread, before the operation returns. It must not call the engine. Passed
 * to lp_scoring_set_progress. */
typedef void (*lp_progress_callback)(const char* progress_json, void* user_data);

/* ==== The functions. Generated from capi/leadpool_abi.json by scripts/generate-abi.py: edit the
 * table, not this part, and run the script (ctest's abi_generated fails while it is stale). ==== */

/* ---- library --------------------------------------------------------------------------------- */

/* The library version, "MAJOR.MINOR.PATCH". Static storage: do not free. Never NULL. */
LP_API const char* lp_version(void);

/* The ABI version of the library loaded (compare with LP_ABI_VERSION). */
LP_API int lp_abi_version(void);

/* The message of the last failure on this thread: every function that returns an lp_status
 * sets it on failure and empties it ("") on success. Owned by the library, valid until the next
 * leadpool call on this thread. Never NULL. */
LP_API const char* lp_last_error(void);

/* The stable name of a status ("ok", "invalid_argument", ...). Static storage. Never NULL. */
LP_API const char* lp_status_name(lp_status status);

/* Frees a string the library returned. Accepts NULL. */
LP_API void lp_free(void* p);

/* ---- engine ---------------------------------------------------------------------------------- */

/* Opens a lead pool.
 *   storage_uri   "memory:" (nothing survives the engine), "sqlite:PATH" (created if
 *                 missing), or, when leadpool is built with the PostgreSQL store, a libpq URI
 *                 "postgresql://user@host:port/dbname?..." (or "postgres://..."); its optional
 *                 "schema=NAME" parameter names the PostgreSQL schema holding the lead pool
 *                 (default "leadpool"; a-z, 0-9, _), created and migrated on open.
 *                 Other schemes: LP_INVALID_ARGUMENT, naming the schemes built in.
 *   options_json  NULL or a JSON object (unknown fields: LP_INVALID_ARGUMENT):
 *                   "synchronous": "full" (default) | "normal" | "off"     (sqlite only)
 *                   "busy_timeout_ms": integer >= 0 (default 5000)          (sqlite; postgresql:
 *                                      how long a writer waits for the writer lock)
 *                   "manual_clock_ms": integer — a clock that stands still at this time
 *                                      (ms since the Unix epoch) until lp_engine_set_time
 *                 "memory:" accepts and ignores the sqlite-only options.
 * *out receives the engine; close it with lp_engine_close.
 * JSON (docs/json.md): options_json OpenOptions or NULL.
 * Status: OK, INVALID_ARGUMENT, LIMIT_EXCEEDED (options nested too deep), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_engine_open(lp_engine** out, const char* storage_uri, const char* options_json);

/* Closes an engine and frees it. Accepts NULL. The pointer is invalid afterwards; iterators
 * opened on the engine answer LP_ENGINE_CLOSED and are still closed with lp_lead_iter_close.
 * An iterator call running on another thread at that moment finishes first. */
LP_API void lp_engine_close(lp_engine* engine);

/* Sets the time of an engine opened with "manual_clock_ms".
 * Status: OK, INVALID_ARGUMENT (NULL, or the engine runs on the system clock). */
LP_API lp_status lp_engine_set_time(lp_engine* engine, int64_t now_ms);

/* ---- organisation ---------------------------------------------------------------------------- */

/* Sets up an empty lead pool: the first user (JSON user object) and the starting stage name
 * ("factory_led", "sales_led", "marketing_led", "all_staff").
 * JSON (docs/json.md): first_user_json User.
 * Status: OK, INVALID_ARGUMENT, CONFLICT (already initialised), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_org_initialize(lp_engine* engine, const char* first_user_json,
                                   const char* stage);

/* *out: {"initialized": bool, "stage": "factory_led" | null}.
 * JSON (docs/json.md): *out Stage.
 * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_stage_get(char** out, lp_engine* engine);

/* Moves the company to another stage (manage_org). Data stays; the change is recorded.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_stage_set(lp_engine* engine, const char* actor, const char* stage);

/* *out: the policy in force for `stage` (policy JSON, as in the README).
 * JSON (docs/json.md): *out Policy.
 * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_policy_get(char** out, lp_engine* engine, const char* stage);

/* *out: the four default policies, {"factory_led": {...}, ...}.
 * JSON (docs/json.md): *out Policies.
 * Status: OK, INVALID_ARGUMENT. */
LP_API lp_status lp_policy_defaults(char** out);

/* Loads the host's own policy for `stage` (manage_org).
 * JSON (docs/json.md): policy_json Policy.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_policy_set(lp_engine* engine, const char* actor, const char* stage,
                               const char* policy_json);

/* Returns `stage` to the default policy (manage_org).
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_policy_reset(lp_engine* engine, const char* actor, const char* stage);

/* *out: the organisation log, oldest first: [{"seq", "kind", "actor", "at", "detail"}, ...]
 * (manage_org).
 * JSON (docs/json.md): *out OrgEvent[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_org_history(char** out, lp_engine* engine, const char* actor);

/* ---- users ----------------------------------------------------------------------------------- */

/* Adds a user (manage_users). user_json: {"id", "name", "department"?, "roles"?, "active"?}.
 * JSON (docs/json.md): user_json User.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, CONFLICT (id taken), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_user_add(lp_engine* engine, const char* actor, const char* user_json);

/* Replaces a user (manage_users).
 * JSON (docs/json.md): user_json User.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_user_update(lp_engine* engine, const char* actor, const char* user_json);

/* *out: the user object.
 * JSON (docs/json.md): *out User.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_user_get(char** out, lp_engine* engine, const char* actor, const char* user_id);

/* *out: every user, by id.
 * JSON (docs/json.md): *out User[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_user_list(char** out, lp_engine* engine, const char* actor);

/* ---- pools ----------------------------------------------------------------------------------- */

/* Creates a sub pool (manage_pools). spec_json: {"name", "parent"?, "managers"?, "members"?}.
 * *out: the pool object.
 * JSON (docs/json.md): *out Pool; spec_json PoolSpec.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, CONFLICT (name taken), STORAGE, BUSY,
 * INTERNAL. */
LP_API lp_status lp_pool_create(char** out, lp_engine* engine, const char* actor,
                                const char* spec_json);

/* Replaces a pool's name, parent, managers and members (manage_pools). *out: the pool.
 * JSON (docs/json.md): *out Pool; spec_json PoolSpec.
 * Status: as lp_pool_create. */
LP_API lp_status lp_pool_update(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                                const char* spec_json);

/* Moves a pool below `new_parent` (0: to the top level). *out: the pool.
 * JSON (docs/json.md): *out Pool.
 * Status: as lp_pool_create. */
LP_API lp_status lp_pool_move(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                              int64_t new_parent);

/* *out: the pool object.
 * JSON (docs/json.md): *out Pool.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_pool_get(char** out, lp_engine* engine, const char* actor, int64_t pool_id);

/* *out: every pool, by id, the master pool first.
 * JSON (docs/json.md): *out Pool[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_pool_list(char** out, lp_engine* engine, const char* actor);

/* ---- leads ----------------------------------------------------------------------------------- */

/* Captures one lead into the master pool, or updates the lead its identities name; identities
 * naming several leads merge them into one (as lp_lead_ingest, but every identity must be
 * usable: an invalid or blocked one is INVALID_ARGUMENT).
 * input_json: {"identities": [{"kind", "value", "scope"?}], "channel", "attributes"?,
 * "attribution"?: {"source", "medium", "campaign"}, "tags"?}.
 * *out: {"lead": {...}, "created": bool}.
 * JSON (docs/json.md): *out CaptureResult; input_json LeadInput.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, CONFLICT, LIMIT_EXCEEDED, STORAGE, BUSY,
 * INTERNAL. */
LP_API lp_status lp_lead_capture(char** out, lp_engine* engine, const char* actor,
                                 const char* input_json);

/* Captures a JSON array of inputs, all or nothing. *out: an array of {"lead", "created"}.
 * JSON (docs/json.md): *out CaptureResult[]; inputs_json LeadInput[].
 * Status: as lp_lead_capture. */
LP_API lp_status lp_lead_capture_batch(char** out, lp_engine* engine, const char* actor,
                                       const char* inputs_json);

/* *out: the lead object.
 * JSON (docs/json.md): *out Lead.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED (unknown actor), NOT_FOUND (no such lead, or one
 * the actor may not read: the same message), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_get(char** out, lp_engine* engine, const char* actor, int64_t lead_id);

/* *out: the lead holding the identity ({"kind", "value", "scope"?}), or null when there is
 * none the actor may read. A lead outside the actor's scope that holds it answers as the
 * policy's duplicate disclosure says: null ("none"), or PERMISSION_DENIED saying that it exists
 * ("exists") and who owns it ("owner").
 * JSON (docs/json.md): *out Lead | null; identity_json Identity.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_find(char** out, lp_engine* engine, const char* actor,
                              const char* identity_json);

/* One page of the leads the actor may read, in the page's order (by id unless it says).
 * filter_json: NULL or {"tier"?, "pool"?, "owner"?, "channel"?, "tag"?, "created_from"?,
 * "created_to"?, "active_from"?, "active_to"?, "referred_by"?, "campaign"?, "attributes"?,
 * "text"?, "identity"?, "score"?: {"model", "min"?, "max"?}}; page_json: NULL or {"after"?, "limit"? (1..1000, default 100), "sort"?,
 * "descending"?, "score_model"? (with "sort": "score"), "cursor"?}.
 * *out: {"leads": [...], "next_after": id | null, "next_cursor": {"key", "id"} | null}.
 * JSON (docs/json.md): *out LeadPage; filter_json LeadFilter or NULL; page_json PageRequest or
 * NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (pool), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_list(char** out, lp_engine* engine, const char* actor,
                              const char* filter_json, const char* page_json);

/* Opens an iterator over every lead matching filter_json (as lp_lead_list), fetched
 * `page_size` (1..1000) at a time. Close it with lp_lead_iter_close.
 * JSON (docs/json.md): filter_json LeadFilter or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_iter_open(lp_lead_iter** out, lp_engine* engine, const char* actor,
                                   const char* filter_json, int32_t page_size);

/* *out: the next page, a non-empty JSON array of leads; NULL (with LP_OK) once the iterator is
 * done. The first page is read by lp_lead_iter_open, each later one afresh, so leads changed
 * meanwhile show as they are now. A failed call leaves the iterator where it was.
 * JSON (docs/json.md): *out Lead[] or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL, ENGINE_CLOSED (its
 * engine was closed: every later call answers the same). */
LP_API lp_status lp_lead_iter_next(char** out, lp_lead_iter* iter);

/* Frees an iterator. Accepts NULL. Before or after its engine is closed. */
LP_API void lp_lead_iter_close(lp_lead_iter* iter);

/* Merges attributes and adds / removes tags.
 * update_json: {"attributes"?, "add_tags"?, "remove_tags"?, "expected_version"?}.
 * *out: the lead.
 * JSON (docs/json.md): *out Lead; update_json LeadUpdate.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, CONFLICT (version), LIMIT_EXCEEDED,
 * STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_update(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                const char* update_json);

/* *out: the lead's history, oldest first.
 * JSON (docs/json.md): *out HistoryEntry[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_history(char** out, lp_engine* engine, const char* actor, int64_t lead_id);

/* ---- ingestion and merges -------------------------------------------------------------------- */

/* Ingests channel records in one transaction, each resolved against the ones before it: a new
 * lead, an update of the lead its identities name, or a merge of several such leads into one
 * (survivor: furthest along the funnel, then oldest). Needs capture, plus capture and read on
 * every lead a record names.
 *   records       a JSON array of channel records, or JSON Lines (one record per line, blank
 *                 lines skipped); at most 10000 records.
 *   options_json  NULL or {"all_or_nothing"?: bool (default false),
 *                 "drop_unusable_identities"?: bool (default true)}.
 * *out: an array of ingest results, one per record in input order: {"outcome": "created" |
 * "updated" | "merged" | "duplicate" | "rejected", "lead", "absorbed", "error", "reason",
 * "dropped", "conflicts"}. A record that cannot be read or is refused by the engine is
 * "rejected" alone, with its status name in "error", and the others are written; with
 * "all_or_nothing" the first such record fails the whole call with its status and nothing is
 * written.
 * JSON (docs/json.md): *out IngestResult[]; records ChannelRecord[] or JSON Lines; options_json
 * IngestOptions or NULL.
 * Status: OK, INVALID_ARGUMENT (NULL, malformed options or array), PERMISSION_DENIED,
 * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL; with all_or_nothing, also the status of the record
 * refused. */
LP_API lp_status lp_lead_ingest(char** out, lp_engine* engine, const char* actor,
                                const char* records, const char* options_json);

/* Merges two leads by hand (merge on both). The survivor follows the survivor rule; the other
 * lead's id keeps resolving to it. reason: NULL or a text (default "").
 * *out: the merge record {"id", "survivor", "absorbed", "actor", "at", "reason", "collision",
 * "absorbed_owner", "identities", "unmerged_at", "unmerged_by", "absorbed_referrer"}.
 * JSON (docs/json.md): *out MergeRecord.
 * Status: OK, INVALID_ARGUMENT (NULL, one lead already), PERMISSION_DENIED, NOT_FOUND, CONFLICT (an
 * identity rule forbids it), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_merge(char** out, lp_engine* engine, const char* actor, int64_t first,
                               int64_t second, const char* reason);

/* Undoes merge `merge_id` (unmerge on the lead that holds the absorbed one). reason: NULL or a
 * text. *out: the restored lead.
 * JSON (docs/json.md): *out Lead.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (no such merge), CONFLICT (undone
 * before), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_unmerge(char** out, lp_engine* engine, const char* actor, int64_t merge_id,
                                 const char* reason);

/* *out: the merge records both of whose leads the actor may read now, by id. filter_json: NULL or {"lead"?: id | null, "collisions_only"?: bool (default
 * false), "include_unmerged"?: bool (default true), "actor"?, "at_from"?, "at_to"?, "reason"?} (a
 * MergeFilter). lp_merge_page reads the same a page at a time.
 * JSON (docs/json.md): *out MergeRecord[]; filter_json MergeFilter or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_merge_list(char** out, lp_engine* engine, const char* actor,
                               const char* filter_json);

/* *out: the identity conflicts every lead of which the actor may read now:
 * [{"id", "rule", "at", "actor", "channel", "record_id", "lead", "others", "identities",
 * "message"}].
 * JSON (docs/json.md): *out IdentityConflict[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_identity_conflict_list(char** out, lp_engine* engine, const char* actor);

/* One page of the merge records both of whose leads the actor may read now. filter_json: NULL
 * or a MergeFilter ({"lead"?, "collisions_only"?, "include_unmerged"?, "actor"?, "at_from"?,
 * "at_to"?, "reason"?}); page_json: NULL or {"after"?: id | null, "limit"? (1..1000, default
 * 100), "newest_first"?: bool}. *out: {"merges": [...], "next_after": id | null}.
 * JSON (docs/json.md): *out MergePage; filter_json MergeFilter or NULL; page_json RecordPageRequest
 * or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_merge_page(char** out, lp_engine* engine, const char* actor,
                               const char* filter_json, const char* page_json);

/* One page of the identity conflicts every lead of which the actor may read now (the open ones
 * unless the filter says otherwise). filter_json: NULL or a ConflictFilter ({"lead"?, "rule"?,
 * "channel"?, "at_from"?, "at_to"?, "state"?: "open" | "resolved" | "dismissed" | "all"});
 * page_json: NULL or a RecordPageRequest. *out: {"conflicts": [...], "next_after": id | null}.
 * JSON (docs/json.md): *out ConflictPage; filter_json ConflictFilter or NULL; page_json
 * RecordPageRequest or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_identity_conflict_page(char** out, lp_engine* engine, const char* actor,
                                           const char* filter_json, const char* page_json);

/* Resolves an open identity conflict (resolve_conflict on its lead). resolution "merge" merges
 * its lead with the others it named as lp_lead_merge does (merge on each; a guard that still
 * refuses is CONFLICT and nothing changes); "dismiss" keeps them apart and needs a reason.
 * *out: the conflict as it is now, with its state, resolved_by, resolved_at, resolution_reason
 * and resolution_merges.
 * JSON (docs/json.md): *out IdentityConflict.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (no such conflict), CONFLICT (resolved
 * before, or a guard refuses the merge), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_identity_conflict_resolve(char** out, lp_engine* engine, const char* actor,
                                              int64_t conflict_id, const char* resolution,
                                              const char* reason);

/* *out: the behaviour events of the lead and of the leads merged into it, by time:
 * [{"seq", "lead", "type", "at", "channel", "payload"}].
 * JSON (docs/json.md): *out LeadEvent[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_events(char** out, lp_engine* engine, const char* actor, int64_t lead_id);

/* *out: every value records and edits set on the top-level attribute `field` (NULL: every
 * field) of the lead and the leads merged into it, oldest first: [{"field", "value", "channel",
 * "actor", "occurred_at", "lead", "history_seq"}].
 * JSON (docs/json.md): *out AttributeValue[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_attribute_history(char** out, lp_engine* engine, const char* actor,
                                           int64_t lead_id, const char* field);

/* ---- personal data (GDPR, PIPL) -------------------------------------------------------------- */

/* Erases the person lead `lead_id` names (an absorbed id: the lead holding it) and every lead
 * merged into it (erase_personal_data): every identity is taken off, and every value they gave
 * (attributes, event payloads, follow-up notes, history and change details, merge records,
 * identity conflicts, delivered record ids) becomes "[erased]"; the lead, its place, tags,
 * history rows and opportunities stay. request_json: {"reason": text (required), "suppress"?:
 * bool (default false: true refuses the person's identities from now on, LP_SUPPRESSED)}.
 * *out: {"lead", "leads", "identities", "suppressed", "history", "events", "merges",
 * "conflicts", "deliveries", "changes", "referrals", "scrub": "complete" | "held_back" |
 * "left_to_host"} ("held_back": a reader kept the SQLite WAL from being checkpointed).
 * JSON (docs/json.md): *out ErasureReport; request_json ErasureRequest.
 * Status: OK, INVALID_ARGUMENT (NULL, malformed request, empty reason), NOT_FOUND,
 * PERMISSION_DENIED, CONFLICT (nothing left to erase: erased before), LIMIT_EXCEEDED, STORAGE,
 * BUSY, INTERNAL. */
LP_API lp_status lp_lead_erase(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                               const char* request_json);

/* Subject access: everything the lead pool holds of the person the identity ({"kind", "value",
 * "scope"?}, normalised as a capture's) names (export_personal_data). Recorded in the
 * organisation history without the identity. *out: {"lead", "leads", "identities",
 * "attributes", "events", "follow_ups", "history", "merges", "opportunities", "conflicts"}
 * (docs/json.md).
 * JSON (docs/json.md): *out PersonalData; identity_json Identity.
 * Status: OK, INVALID_ARGUMENT (NULL, malformed or invalid identity), NOT_FOUND (no lead the actor
 * may read holds it), PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_personal_data(char** out, lp_engine* engine, const char* actor,
                                  const char* identity_json);

/* ---- identity rules -------------------------------------------------------------------------- */

/* *out: the identity rules in force: {"default_region", "max_merge_size", "kinds":
 * {kind: {"max_per_lead", "max_joins", "blocked"}}}.
 * JSON (docs/json.md): *out IdentityRules.
 * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_identity_rules_get(char** out, lp_engine* engine);

/* Replaces the identity rules (manage_org); fields left out take their defaults. The change is
 * recorded in the organisation log. When the new rules read stored values otherwise (a new
 * "default_region", new blocked values), every stored identity is re-keyed before it returns, in
 * batches of 1000 leads, each its own transaction; leads that come to share a value are merged
 * (or raise an identity conflict). lp_identity_rules_replace does the same and reports it.
 * JSON (docs/json.md): rules_json IdentityRules.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_identity_rules_set(lp_engine* engine, const char* actor,
                                       const char* rules_json);

/* lp_identity_rules_set, with what the re-key did. *out: {"needed", "leads", "rekeyed",
 * "dropped", "unreadable", "merged", "conflicts", "merge_ids", "conflict_ids"} (docs/json.md).
 * JSON (docs/json.md): *out RekeyReport; rules_json IdentityRules.
 * Status: as lp_identity_rules_set. */
LP_API lp_status lp_identity_rules_replace(char** out, lp_engine* engine, const char* actor,
                                           const char* rules_json);

/* Normalises an identity ({"kind", "value", "scope"?}) as the engine would under `rules_json`
 * (NULL: the default rules; its "default_region" places a phone written without a country
 * code), without an engine.
 * *out: {"kind", "value", "scope"?, "number_type"?, "blocked": bool} — "number_type" for a phone
 * ("mobile", "fixed_line", ...: docs/json.md), "blocked" when the rules never use it.
 * JSON (docs/json.md): *out NormalizedIdentity; identity_json Identity; rules_json IdentityRules or
 * NULL.
 * Status: OK, INVALID_ARGUMENT (NULL, malformed, or not a valid identity of its kind),
 * LIMIT_EXCEEDED, INTERNAL. */
LP_API lp_status lp_identity_normalize(char** out, const char* identity_json,
                                       const char* rules_json);

/* ---- lead scoring ---------------------------------------------------------------------------- */

/* *out: the scoring rules in force, {"models": [{"name", "rules": [{"name", "points", "when",
 * "event", "referrals", "decay_days"}], "cap", "floor"}]} (docs/json.md); no models until
 * some were set.
 * JSON (docs/json.md): *out ScoringRules.
 * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_scoring_get(char** out, lp_engine* engine);

/* Replaces the scoring rules (manage_scoring) and rescores every lead before it returns, in
 * batches of 1000 leads, each its own transaction (one a crash cut short, lp_pool_maintain
 * finishes). The change is recorded in the organisation log. *out: what the rescore did,
 * {"needed", "leads", "changed"}: the leads rescored and the scores that changed.
 * JSON (docs/json.md): *out RescoreReport; rules_json ScoringRules.
 * Status: OK, INVALID_ARGUMENT (malformed, or a rule that cannot hold: the message names model,
 * rule and field), PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_scoring_set(char** out, lp_engine* engine, const char* actor,
                                const char* rules_json);

/* lp_scoring_set, calling `callback` (with `user_data`) after each committed batch of the
 * rescore with the counts so far, {"needed", "leads", "changed"}, so a host can show
 * progress through a rescore of millions of leads. The callback must not call the engine.
 * JSON (docs/json.md): *out RescoreReport; rules_json ScoringRules.
 * Status: OK, INVALID_ARGUMENT (malformed, a rule that cannot hold, or callback NULL),
 * PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_scoring_set_progress(char** out, lp_engine* engine, const char* actor,
                                         const char* rules_json, lp_progress_callback callback,
                                         void* user_data);

/* *out: the lead's scores, one per model, by model: [{"lead", "model", "points", "rules":
 * [{"rule", "points"}], "scored_at", "next_change"}], "rules" the points each rule gave.
 * JSON (docs/json.md): *out LeadScore[].
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_scores(char** out, lp_engine* engine, const char* actor, int64_t lead_id);

/* ---- transitions ----------------------------------------------------------------------------- */

/* Moves one lead. request_json: {"lead", "action", "to_pool"?, "to_owner"?, "reason"?,
 * "expected_version"?, "over_cap_reason"?} with action one of "distribute", "transfer",
 * "return_to_master", "qualify", "win", "lose", "reactivate", "invalidate", "restore". A move
 * that hands to_owner a sub-tier lead at their cap in the pool is LIMIT_EXCEEDED, unless a
 * manager of the pool passes it with over_cap_reason (PERMISSION_DENIED for anyone else).
 * *out: the lead.
 * JSON (docs/json.md): *out Lead; request_json TransitionRequest.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, CONFLICT,
 * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_transition(char** out, lp_engine* engine, const char* actor,
                                    const char* request_json);

/* Moves leads by a JSON array of requests, in order, all or nothing; a cap counts the leads the
 * batch's earlier requests handed over. *out: an array of leads.
 * JSON (docs/json.md): *out Lead[]; requests_json TransitionRequest[].
 * Status: as lp_lead_transition. */
LP_API lp_status lp_lead_transition_batch(char** out, lp_engine* engine, const char* actor,
                                          const char* requests_json);

/* *out: 1 when the actor may perform `action` (an action name) on the lead now, else 0 (also for
 * an id that names no lead, as for a lead outside the actor's scope). For organisation actions
 * ("report", "manage_pools", ...) the lead id is ignored.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED (unknown actor), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_can(int* out, lp_engine* engine, const char* actor, const char* action,
                             int64_t lead_id);

/* ---- reports --------------------------------------------------------------------------------- */

/* The funnel over the leads the actor may read.
 * filter_json: NULL or {"pool"?, "owner"?, "channel"?, "captured_from"?, "captured_to"?,
 * "campaign"?, "touch"?: "first" | "last", "score"?: {"model", "min"?, "max"?}}.
 * *out: {"leads", "tiers": [{"tier", "at", "reached"}], "conversions": [{"from", "to", "rate"}],
 * "main_line_conversion"}.
 * JSON (docs/json.md): *out FunnelReport; filter_json FunnelFilter or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_funnel_report(char** out, lp_engine* engine, const char* actor,
                                  const char* filter_json);

/* The funnel over the leads the actor may read, broken down by one or two keys in one read.
 * filter_json: NULL or a FunnelFilter, as for lp_funnel_report. breakdown_json: {"keys": one or two of
 * "pool", "owner", "channel", "campaign", "score_band", "product_type", "capture_month",
 * "capture_week"; "score_model"?: the model of score_band; "band_width"?: points per band, default 10}.
 * *out: {"keys", "rows": [{"group": {key: value | null}, "report": FunnelReport}], "total": FunnelReport}.
 * JSON (docs/json.md): *out FunnelBreakdown; filter_json FunnelFilter or NULL; breakdown_json
 * FunnelBreakdownRequest.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_funnel_breakdown(char** out, lp_engine* engine, const char* actor,
                                     const char* filter_json, const char* breakdown_json);

/* The period report: how many of the leads the actor may read (filter_json: NULL or a FunnelFilter)
 * moved into each tier during [from, to), from their history: a capture moves a lead into master,
 * any other row into its new tier when the tier changes. moves_json: {"from", "to", "by"?: null,
 * "pool", "owner" or "month"}. *out: {"from", "to", "by", "rows": [{"group", "into": {tier: n}}],
 * "into": {tier: n}}.
 * JSON (docs/json.md): *out TierMoves; filter_json FunnelFilter or NULL; moves_json
 * TierMovesRequest.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_tier_moves(char** out, lp_engine* engine, const char* actor,
                               const char* filter_json, const char* moves_json);

/* The capture cohort table: the leads the actor may read (filter_json: NULL or a FunnelFilter) by the
 * week or month they were captured in, and how many of each cohort had first moved into sub,
 * opportunity and order by the end of that period and of each of the next periods_after, from their
 * history. cohorts_json: NULL or {"period"?: "week" | "month" (default), "periods_after"?: 0..24,
 * default 3}. *out: {"period", "periods_after", "cohorts": [{"start", "leads", "reached":
 * [{"sub", "opportunity", "order"}]}]}.
 * JSON (docs/json.md): *out CaptureCohorts; filter_json FunnelFilter or NULL; cohorts_json
 * CohortRequest or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_capture_cohorts(char** out, lp_engine* engine, const char* actor,
                                    const char* filter_json, const char* cohorts_json);

/* Time in tier, velocity and revenue over the leads the actor may read (filter_json: NULL or a
 * FunnelFilter), from their history and won opportunities: per tier the stays that ended in the period
 * (count, median, p90 and mean ms) and those open at `at`, capture to first order, and the won orders.
 * times_json: NULL or {"from"?, "to"?: ms or null (no bound), "at"?: ms or null (now), "by"?: "pool" |
 * "owner" | "channel" | "campaign" | "capture_month" | "capture_week" | null}. *out: TierTimes
 * (docs/json.md).
 * JSON (docs/json.md): *out TierTimes; filter_json FunnelFilter or NULL; times_json
 * TierTimesRequest or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_tier_times(char** out, lp_engine* engine, const char* actor,
                               const char* filter_json, const char* times_json);

/* The collision report: a page, by lead id, of the leads the actor may read that two or more users
 * worked within `window` ms of each other during [from, to): follow-ups they recorded, or taking the
 * lead (a history row making them its owner), both in the period and at most `window` apart; the
 * history of the leads merged into each lead counts. collisions_json: {"window", "from", "to"};
 * page_json: NULL or {"after"?, "limit"?}. *out: {"collisions": [{"lead", "users", "first",
 * "last", "kind": "follow_up" | "ownership" | "both", "merges": [merge id]}], "next_after"}.
 * JSON (docs/json.md): *out CollisionPage; collisions_json CollisionRequest; page_json
 * CollisionPageRequest or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_collisions(char** out, lp_engine* engine, const char* actor,
                               const char* collisions_json, const char* page_json);

/* The hoarding report: per owner, over the leads the actor may read, the leads held now by tier,
 * those idle (no follow-up or change of owner) for idle_days at the engine clock's now, and the
 * claims, releases, recycles, takeaways and claim-and-release churn of [from, to). holdings_json:
 * {"idle_days"?: 1..3650 (default 7), "from", "to"}. *out: {"now", "idle_days", "idle_before",
 * "from", "to", "owners": [{"owner", "held", "held_by_tier", "idle", "claims", "releases",
 * "recycles", "taken_away", "churned"}]}.
 * JSON (docs/json.md): *out OwnerHoldings; holdings_json HoldingsRequest.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_owner_holdings(char** out, lp_engine* engine, const char* actor,
                                   const char* holdings_json);

/* The public share over time: for a pool (the pool itself, or with "subtree" every pool below it)
 * and [from, to) cut into UTC days, weeks (from Monday) or months, at the end of each interval the
 * leads the actor may read that were in it and how many nobody held, replayed from the history.
 * share_json: {"pool", "subtree"?: false, "from", "to", "interval"?: "day" | "week" (default) |
 * "month"}. *out: {"pool", "subtree", "interval", "points": [{"start", "at", "leads", "unowned",
 * "share"}]}.
 * JSON (docs/json.md): *out PublicShare; share_json PublicShareRequest.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, LIMIT_EXCEEDED, STORAGE, BUSY,
 * INTERNAL. */
LP_API lp_status lp_public_share(char** out, lp_engine* engine, const char* actor,
                                 const char* share_json);

/* ---- referral campaigns ---------------------------------------------------------------------- */

/* The referral tree below a lead the actor may read (whom it brought, whom those brought, to
 * `depth` levels, 1..32) and the chain of its referrers above it. Leads the actor may not read
 * are counted but shown without id or tier (with their owner under disclosure "owner"; under
 * "none" neither shown nor counted). *out: {"root": {"lead", "tier", "converted", "owner"?,
 * "depth", "size", "converted_leads", "levels", "more", "referrals": [nodes]},
 * "chain": [{"lead", "tier", "owner"?}]}.
 * JSON (docs/json.md): *out ReferralTree.
 * Status: OK, INVALID_ARGUMENT (also a depth outside 1..32), NOT_FOUND, PERMISSION_DENIED,
 * LIMIT_EXCEEDED (the tree reaches more than 10000 leads), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_referrals(char** out, lp_engine* engine, const char* actor,
                                   int64_t lead_id, int depth);

/* *out: the campaign touches of a lead and the leads merged into it, oldest first: every record
 * that carried an attribution, [{"attribution": {"source", "medium", "campaign"}, "channel",
 * "at", "lead"}]. The first is the lead's first touch, the last its last.
 * JSON (docs/json.md): *out Touch[].
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_touches(char** out, lp_engine* engine, const char* actor, int64_t lead_id);

/* What a campaign brought over the leads the actor may read (report), by first or last touch.
 * filter_json: {"campaign", "touch"?: "first" | "last"}. *out: {"campaign", "touch", "totals",
 * "generations": [{"generation", counts}], "referrers": [{"referrer", "generation", counts}]},
 * counts being "invited", "captured", "qualified", "won", "referred", "viral_coefficient".
 * JSON (docs/json.md): *out CampaignMetrics; filter_json CampaignFilter.
 * Status: OK, INVALID_ARGUMENT (also an empty campaign), PERMISSION_DENIED, LIMIT_EXCEEDED,
 * STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_campaign_metrics(char** out, lp_engine* engine, const char* actor,
                                     const char* filter_json);

/* ---- public-pool mechanics: routing ---------------------------------------------------------- */

/* *out: the routing table, {"rules": [{"name", "pool", "when": [{"field", "op", "values", "min",
 * "max"}]}], "default_pool"}.
 * JSON (docs/json.md): *out RoutingTable.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_routing_get(char** out, lp_engine* engine, const char* actor);

/* Replaces the routing table (manage_pools reaching the master pool). *out: the table.
 * JSON (docs/json.md): *out RoutingTable; table_json RoutingTable.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (pool), LIMIT_EXCEEDED, STORAGE, BUSY,
 * INTERNAL. */
LP_API lp_status lp_routing_set(char** out, lp_engine* engine, const char* actor,
                                const char* table_json);

/* Routes master leads by the table, all or nothing. request_json: {"leads": [id, ...]} or
 * {"all_unrouted": true}. *out: [{"lead", "pool": id | null, "rule": name | null}].
 * JSON (docs/json.md): *out RouteResult[]; request_json RouteRequest.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION (a lead not in the
 * master pool), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_route(char** out, lp_engine* engine, const char* actor,
                               const char* request_json);

/* ---- public-pool mechanics: pool settings, assignment, claims -------------------------------- */

/* *out: the settings of a sub pool, {"strategy", "max_held", "capacity", "claim_cooldown_ms",
 * "held_idle_ms", "opportunity_idle_ms", "recycle_to", "warning_ms"}.
 * JSON (docs/json.md): *out PoolSettings.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_pool_settings_get(char** out, lp_engine* engine, const char* actor,
                                      int64_t pool_id);

/* Replaces a sub pool's settings (manage_pools at that pool). *out: the settings.
 * JSON (docs/json.md): *out PoolSettings; settings_json PoolSettings.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_pool_settings_set(char** out, lp_engine* engine, const char* actor,
                                      int64_t pool_id, const char* settings_json);

/* Assigns unowned leads of a sub pool to its members by the pool's strategy, all or nothing.
 * request_json: {"pool", "leads"?, "reassign"?}. *out: {"assigned": [{"lead", "owner"}],
 * "unassigned": [id, ...]}.
 * JSON (docs/json.md): *out AssignResult; request_json AssignRequest.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, CONFLICT (a named lead is held and
 * reassign is not set), LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_pool_assign(char** out, lp_engine* engine, const char* actor,
                                const char* request_json);

/* The actor claims an unowned lead of a sub pool they belong to. *out: the lead.
 * JSON (docs/json.md): *out Lead.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED (not in the pool, or within the
 * cool-down), ILLEGAL_TRANSITION (not at tier sub), CONFLICT (held already: the loser of a race),
 * LIMIT_EXCEEDED (the actor's cap in the pool), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_claim(char** out, lp_engine* engine, const char* actor, int64_t lead_id);

/* Lets go of a held sub or opportunity lead: unowned at tier sub of its pool (an opportunity's
 * opportunity closes as "released"). reason: NULL or text. *out: the lead.
 * JSON (docs/json.md): *out Lead.
 * Status: OK, INVALID_ARGUMENT (not held), NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION,
 * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_release(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                 const char* reason);

/* ---- public-pool mechanics: follow-ups and recycling ----------------------------------------- */

/* Records a follow-up on a lead and resets its idle clock. follow_up_json: {"kind": "call" |
 * "message" | "visit" | "meeting" | "note", "at"?, "outcome"?, "note"?}. *out: the activity,
 * {"lead", "kind", "actor", "at", "recorded_at", "outcome", "note"}.
 * JSON (docs/json.md): *out Activity; follow_up_json FollowUp.
 * Status: OK, INVALID_ARGUMENT (also "at" over 5 minutes after now; up to that it is taken as now),
 * NOT_FOUND, PERMISSION_DENIED, LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_follow_up(char** out, lp_engine* engine, const char* actor,
                                   int64_t lead_id, const char* follow_up_json);

/* *out: the follow-ups recorded on a lead, oldest first.
 * JSON (docs/json.md): *out Activity[].
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_lead_activities(char** out, lp_engine* engine, const char* actor,
                                    int64_t lead_id);

/* The maintenance run at the engine's time (recycle): recycles held leads idle past their
 * pool's limits (an opportunity too comes back to tier sub, or to the master pool), and
 * whatever their idle time the leads of inactive owners (idle false), and lists those due
 * within the warning windows. *out: {"at", "recycled": [{"lead", "pool", "from_owner", "tier",
 * "to", "idle_since", "idle"}], "due_soon": [{"lead", "pool", "owner", "tier", "due_at"}],
 * "stranded": [{"lead", "pool"}], "pruned_changes", "rekey", "rescore", "rescored"} — stranded:
 * recycled leads whose pool has no active member or manager to pick them up; rekey: null, or the
 * report of a re-key of the identities (lp_identity_rules_replace) a crash cut short, which the
 * run finished first; rescore: the same for a rescore (lp_scoring_set); rescored: the leads
 * whose scores time changed (a window passed, a decay stepped), rescored.
 * JSON (docs/json.md): *out MaintenanceReport.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_pool_maintain(char** out, lp_engine* engine, const char* actor);

/* ---- public-pool mechanics: opportunity workflows -------------------------------------------- */

/* *out: every workflow, [{"name", "steps": [{"name", "collaborators"}], "product_types",
 * "retired"}], retired ones included.
 * JSON (docs/json.md): *out Workflow[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_workflow_list(char** out, lp_engine* engine, const char* actor);

/* Defines a workflow once (manage_workflows). *out: the workflow.
 * JSON (docs/json.md): *out Workflow; workflow_json Workflow.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND (a collaborator), PERMISSION_DENIED, CONFLICT (name or
 * product type taken), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_workflow_define(char** out, lp_engine* engine, const char* actor,
                                    const char* workflow_json);

/* Replaces the definition of the workflow of that name (manage_workflows): its steps,
 * collaborators and product types. Every step an open opportunity is at must stay; opportunities
 * keep their step. *out: the workflow.
 * JSON (docs/json.md): *out Workflow; workflow_json Workflow.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND (no such workflow, or a collaborator), PERMISSION_DENIED,
 * CONFLICT (retired, a product type bound to another workflow, or a step with open opportunities
 * left out: the message names their leads), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_workflow_update(char** out, lp_engine* engine, const char* actor,
                                    const char* workflow_json);

/* Retires a workflow (manage_workflows): it opens no more opportunities and its product types
 * may be bound to another; its open opportunities run to their end. It stays listed, "retired":
 * true. *out: the workflow.
 * JSON (docs/json.md): *out Workflow.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, CONFLICT (retired already), STORAGE,
 * BUSY, INTERNAL. */
LP_API lp_status lp_workflow_retire(char** out, lp_engine* engine, const char* actor,
                                    const char* name);

/* Qualifies a lead and opens its opportunity. request_json: {"lead", "product_type", "amount"?,
 * "owner"?: {"user"} | {"team": pool id}}. *out: the opportunity, {"lead", "number",
 * "product_type", "workflow", "step", "amount", "owner": {"user", "team"}, "collaborators":
 * [{"user", "step", "joined_at"}], "status", "opened_at", "closed_at", "order_amount",
 * "lost_reason"}.
 * JSON (docs/json.md): *out Opportunity; request_json OpportunityRequest.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND (lead, team, or no workflow for the product type),
 * PERMISSION_DENIED, ILLEGAL_TRANSITION, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_opportunity_open(char** out, lp_engine* engine, const char* actor,
                                     const char* request_json);

/* Moves a lead's open opportunity to another step of its workflow. *out: the opportunity.
 * JSON (docs/json.md): *out Opportunity.
 * Status: OK, INVALID_ARGUMENT (no such step, or the current one), NOT_FOUND (no open opportunity),
 * PERMISSION_DENIED, ILLEGAL_TRANSITION, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_opportunity_advance(char** out, lp_engine* engine, const char* actor,
                                        int64_t lead_id, const char* step);

/* Adds a collaborator, joining at the current step. *out: the opportunity.
 * JSON (docs/json.md): *out Opportunity.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, CONFLICT
 * (collaborates already), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_opportunity_add_collaborator(char** out, lp_engine* engine, const char* actor,
                                                 int64_t lead_id, const char* user_id);

/* Wins the lead and records the order. request_json: NULL or {"order_amount"?} (default: the
 * opportunity's amount). *out: the opportunity.
 * JSON (docs/json.md): *out Opportunity; request_json WinRequest or NULL.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, ILLEGAL_TRANSITION, STORAGE, BUSY,
 * INTERNAL. */
LP_API lp_status lp_opportunity_win(char** out, lp_engine* engine, const char* actor,
                                    int64_t lead_id, const char* request_json);

/* *out: a lead's opportunities, by number.
 * JSON (docs/json.md): *out Opportunity[].
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_opportunity_list(char** out, lp_engine* engine, const char* actor,
                                     int64_t lead_id);

/* The pipeline view: one page of the opportunities of the leads the actor may read, by lead
 * then number. filter_json: NULL or {"workflow"?, "step"?, "status"?, "owner"?, "pool"?,
 * "amount_min"?, "amount_max"?}; page_json: NULL or {"limit"? (1..1000, default 100),
 * "after"?: {"lead", "number"}}. *out: {"opportunities": [...], "next_cursor": {"lead",
 * "number"} | null}.
 * JSON (docs/json.md): *out OpportunityPage; filter_json OpportunityFilter or NULL; page_json
 * OpportunityPageRequest or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, NOT_FOUND (pool), STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_opportunity_pipeline(char** out, lp_engine* engine, const char* actor,
                                         const char* filter_json, const char* page_json);

/* ---- the change feed (docs/design.md 7) ------------------------------------------------------ */

/* A page of the changes after query.since (or the consumer's position) the actor may see.
 * query_json: NULL or {"since"?, "consumer"?, "limit"? (1..1000, default 100), "filter"?:
 * {"kinds"?: [...], "pool"?, "owner"?, "lead"?}}. *out: {"changes": [{"seq", "at", "actor",
 * "subject" (lead | opportunity | identity_conflict | organisation), "kind", "lead", "object",
 * "before"/"after": {"tier", "pool", "owner"}, "version", "reason", "detail"}], "next", "last",
 * "pruned"}: go on from "next" until it reaches "last".
 * JSON (docs/json.md): *out ChangePage; query_json ChangeQuery or NULL.
 * Status: OK, INVALID_ARGUMENT (since, kind), NOT_FOUND (consumer, pool), PERMISSION_DENIED,
 * LIMIT_EXCEEDED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_changes(char** out, lp_engine* engine, const char* actor,
                            const char* query_json);

/* Adds a consumer at `position` (0: from the first change). *out: {"name", "owner", "position",
 * "created_at", "acked_at"}.
 * JSON (docs/json.md): *out Consumer.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, CONFLICT (name taken), LIMIT_EXCEEDED, STORAGE,
 * BUSY, INTERNAL. */
LP_API lp_status lp_consumer_add(char** out, lp_engine* engine, const char* actor, const char* name,
                                 int64_t position);

/* Stores that the consumer handled every change up to `seq` (never moves it back). *out: the
 * consumer.
 * JSON (docs/json.md): *out Consumer.
 * Status: OK, INVALID_ARGUMENT (seq negative or after the newest), NOT_FOUND (no such consumer of
 * the actor's), PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_consumer_ack(char** out, lp_engine* engine, const char* actor, const char* name,
                                 int64_t seq);

/* *out: the consumer.
 * JSON (docs/json.md): *out Consumer.
 * Status: OK, INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_consumer_get(char** out, lp_engine* engine, const char* actor,
                                 const char* name);

/* *out: the actor's consumers (every one with read_feed), by name.
 * JSON (docs/json.md): *out Consumer[].
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_consumer_list(char** out, lp_engine* engine, const char* actor);

/* *out: {"retention_ms"} (0: changes are kept forever).
 * JSON (docs/json.md): *out FeedSettings.
 * Status: OK, INVALID_ARGUMENT, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_feed_settings_get(char** out, lp_engine* engine);

/* manage_org. *out: the settings.
 * JSON (docs/json.md): *out FeedSettings; settings_json FeedSettings.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, BUSY, INTERNAL. */
LP_API lp_status lp_feed_settings_set(char** out, lp_engine* engine, const char* actor,
                                      const char* settings_json);

/* Subscribes `callback` (with `user_data`) as the actor. filter_json: NULL or {"kinds"?,
 * "pool"?, "owner"?, "lead"?}. *out: the subscription's id.
 * JSON (docs/json.md): filter_json ChangeFilter or NULL.
 * Status: OK, INVALID_ARGUMENT, PERMISSION_DENIED, STORAGE, INTERNAL. */
LP_API lp_status lp_subscribe(int64_t* out, lp_engine* engine, const char* actor,
                              const char* filter_json, lp_change_callback callback,
                              void* user_data);

/* *out: 1 when it was subscribed. Once it returns the callback is not called again, so
 * user_data may be freed. Closing the engine ends every subscription.
 * Status: OK, INVALID_ARGUMENT, INTERNAL. */
LP_API lp_status lp_unsubscribe(int* out, lp_engine* engine, int64_t subscription);

/* Waits until a change after `after` is committed by any process sharing the store, or
 * timeout_ms pass. *out: 1 when one was.
 * Status: OK, INVALID_ARGUMENT, STORAGE, INTERNAL. */
LP_API lp_status lp_wait_for_changes(int* out, lp_engine* engine, int64_t after,
                                     int64_t timeout_ms);

/* ==== end of the generated functions ==== */

#ifdef __cplusplus
}
#endif

#endif /* LEADPOOL_H */
