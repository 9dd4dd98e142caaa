// The C ABI over leadpool::Engine and the JSON codec (contract: leadpool.h).
//
// Every extern "C" function is one line of logic inside `guarded` (status-only functions) or
// `returning` (functions with an `out`): those two check `out`, clear it, catch every exception,
// map it to a status and keep the message in this thread's last error. Arguments are checked
// with `arg` / `handle`, which throw Error(invalid_argument) naming the NULL argument.
#include "leadpool.h"

#include <leadpool/leadpool.hpp>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct lp_engine {
    std::shared_ptr<leadpool::ManualClock> clock;  // set when opened with "manual_clock_ms"
    std::unique_ptr<leadpool::Engine> engine;
};

struct lp_lead_iter {
    const leadpool::Engine* engine = nullptr;
    std::string actor;
    leadpool::LeadFilter filter;
    leadpool::PageRequest page;              // page.after: the keyset cursor
    std::optional<leadpool::LeadPage> next;  // a page read but not yet handed out
    bool done = false;                       // the last page has been read
};

namespace {

using namespace leadpool;
using nlohmann::json;

#define LP_SAME_CODE(code, status) \
    static_assert(static_cast<int>(ErrorCode::code) == (status), "ErrorCode::" #code " != " #status)
LP_SAME_CODE(invalid_argument, LP_INVALID_ARGUMENT);
LP_SAME_CODE(not_found, LP_NOT_FOUND);
LP_SAME_CODE(permission_denied, LP_PERMISSION_DENIED);
LP_SAME_CODE(illegal_transition, LP_ILLEGAL_TRANSITION);
LP_SAME_CODE(conflict, LP_CONFLICT);
LP_SAME_CODE(storage, LP_STORAGE);
LP_SAME_CODE(limit_exceeded, LP_LIMIT_EXCEEDED);
LP_SAME_CODE(busy, LP_BUSY);
LP_SAME_CODE(internal, LP_INTERNAL);
#undef LP_SAME_CODE

// --- the last error, per thread -----------------------------------------------------------------

struct LastError {
    std::string message;             // "" after a call that succeeded
    const char* fallback = nullptr;  // when even the message could not be stored
};
thread_local LastError t_last_error;

lp_status fail(lp_status status, const char* prefix, const char* message) noexcept {
    try {
        t_last_error.message.assign(prefix).append(message);
        t_last_error.fallback = nullptr;
    } catch (...) {
        t_last_error.fallback = "out of memory while keeping the error message";
    }
    return status;
}

// Runs `body`; returns LP_OK, or the status of what it threw. Nothing escapes.
template <typename Body>
lp_status guarded(Body&& body) noexcept {
    try {
        body();
        t_last_error.message.clear();
        t_last_error.fallback = nullptr;
        return LP_OK;
    } catch (const Error& e) {
        const int code = static_cast<int>(e.code());
        const bool known = code >= LP_INVALID_ARGUMENT && code <= LP_INTERNAL;
        return fail(known ? static_cast<lp_status>(code) : LP_INTERNAL, "", e.what());
    } catch (const std::bad_alloc&) {
        return fail(LP_INTERNAL, "", "out of memory");
    } catch (const std::exception& e) {
        return fail(LP_INTERNAL, "internal error: ", e.what());
    } catch (...) {
        return fail(LP_INTERNAL, "internal error: ", "unknown exception");
    }
}

// What `returning` hands out: a malloc'd copy of a text, NULL for none, a handle or a flag.
char* copy_out(const std::string& text) {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) throw std::bad_alloc();
    std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}
void put(char** out, const std::string& text) { *out = copy_out(text); }
void put(char** out, const std::optional<std::string>& text) { *out = text ? copy_out(*text) : nullptr; }
void put(int* out, bool flag) { *out = flag ? 1 : 0; }
template <typename Handle>
void put(Handle** out, std::unique_ptr<Handle> handle) {
    *out = handle.release();
}

// Checks and clears `out`, then runs `body` and hands its result out. On failure *out stays
// cleared (NULL or 0).
template <typename Out, typename Body>
lp_status returning(Out* out, Body&& body) noexcept {
    if (out == nullptr) return fail(LP_INVALID_ARGUMENT, "", "out is NULL");
    *out = Out{};
    return guarded([&] { put(out, body()); });
}

// --- arguments ----------------------------------------------------------------------------------

template <typename T>
T* arg(T* pointer, const char* name) {
    if (pointer == nullptr) throw Error(ErrorCode::invalid_argument, std::string(name) + " is NULL");
    return pointer;
}

Engine& handle(lp_engine* engine) { return *arg(engine, "engine")->engine; }

// Optional JSON input: NULL reads as the default value.
template <typename Read>
auto optional_json(const char* text, Read read) -> decltype(read(text)) {
    return text ? read(text) : decltype(read(text)){};
}

OrgStage stage_arg(const char* name) {
    const auto stage = parse_stage(arg(name, "stage"));
    if (!stage) {
        throw Error(ErrorCode::invalid_argument, std::string("stage: unknown stage '") + name +
                                                     "' (factory_led, sales_led, marketing_led, all_staff)");
    }
    return *stage;
}

Action action_arg(const char* name) {
    const auto action = parse_action(arg(name, "action"));
    if (!action)
        throw Error(ErrorCode::invalid_argument, std::string("action: unknown action '") + name + "'");
    return *action;
}

// JSON the codec does not read (open options, policies): well-formed and not too deep.
json parse_json(const char* text, const std::string& what) {
    auto bounded = [&](int depth, json::parse_event_t event, json&) {
        const bool opens =
            event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
        if (opens && static_cast<std::size_t>(depth) >= kMaxJsonDepth) {
            throw Error(ErrorCode::limit_exceeded,
                        what + ": nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        }
        return true;
    };
    try {
        return json::parse(text, bounded);
    } catch (const json::exception& e) {
        throw Error(ErrorCode::invalid_argument, what + ": malformed JSON: " + e.what());
    }
}

// --- engines ------------------------------------------------------------------------------------

struct OpenOptions {
    StoreOptions store;
    std::optional<Timestamp> manual_clock_ms;
};

std::int64_t integer_option(const json& value, const std::string& field, std::int64_t low,
                            std::int64_t high) {
    const bool is_int64 =
        value.is_number_integer() && !(value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX);
    if (!is_int64 || value.get<std::int64_t>() < low || value.get<std::int64_t>() > high) {
        throw Error(ErrorCode::invalid_argument,
                    field + ": must be an integer in " + std::to_string(low) + ".." + std::to_string(high));
    }
    return value.get<std::int64_t>();
}

SqliteOptions::Synchronous synchronous_option(const json& value, const std::string& field) {
    const std::string mode = value.is_string() ? value.get<std::string>() : "";
    if (mode == "full") return SqliteOptions::Synchronous::full;
    if (mode == "normal") return SqliteOptions::Synchronous::normal;
    if (mode == "off") return SqliteOptions::Synchronous::off;
    throw Error(ErrorCode::invalid_argument, field + ": must be \"full\", \"normal\" or \"off\"");
}

OpenOptions open_options(const char* text) {
    const json options = parse_json(text, "options");
    if (!options.is_object()) throw Error(ErrorCode::invalid_argument, "options: must be a JSON object");
    OpenOptions out;
    for (auto it = options.begin(); it != options.end(); ++it) {
        const std::string field = "options." + it.key();
        if (it.key() == "synchronous") {
            out.store.sqlite.synchronous = synchronous_option(*it, field);
        } else if (it.key() == "busy_timeout_ms") {
            // The same wait in every store: for another writer.
            out.store.sqlite.busy_timeout_ms = static_cast<int>(integer_option(*it, field, 0, INT_MAX));
            out.store.postgres.lock_timeout_ms = out.store.sqlite.busy_timeout_ms;
        } else if (it.key() == "manual_clock_ms") {
            out.manual_clock_ms = integer_option(*it, field, INT64_MIN, INT64_MAX);
        } else {
            throw Error(ErrorCode::invalid_argument, field + ": unknown field");
        }
    }
    return out;
}

std::unique_ptr<lp_engine> open_engine(const char* uri, const char* options_json) {
    const char* checked_uri = arg(uri, "storage_uri");
    const OpenOptions options = optional_json(options_json, open_options);
    auto opened = std::make_unique<lp_engine>();
    EngineOptions engine_options;
    if (options.manual_clock_ms) {
        opened->clock = std::make_shared<ManualClock>(*options.manual_clock_ms);
        engine_options.clock = opened->clock;
    }
    opened->engine = std::make_unique<Engine>(open_store(checked_uri, options.store), engine_options);
    return opened;
}

ManualClock& manual_clock(lp_engine* engine) {
    if (!arg(engine, "engine")->clock) {
        throw Error(ErrorCode::invalid_argument,
                    "engine: runs on the system clock; open it with \"manual_clock_ms\" to set its time");
    }
    return *engine->clock;
}

std::string stage_json(const Engine& engine) {
    const bool initialized = engine.initialized();
    return json{{"initialized", initialized},
                {"stage", initialized ? json(to_string(engine.stage())) : json()}}
        .dump();
}

Policy policy_arg(const char* text) {
    parse_json(arg(text, "policy_json"), "policy");  // bounded before the policy reader sees it
    return Policy::from_json(text);
}

// --- lead iterators -----------------------------------------------------------------------------

std::unique_ptr<lp_lead_iter> open_iter(lp_engine* engine, const char* actor, const char* filter_json,
                                        std::int32_t page_size) {
    auto iter = std::make_unique<lp_lead_iter>();
    iter->engine = &handle(engine);
    iter->actor = arg(actor, "actor");
    iter->filter = optional_json(filter_json, lead_filter_from_json);
    if (page_size < 1 || static_cast<std::size_t>(page_size) > kMaxPageSize) {
        throw Error(ErrorCode::invalid_argument, "page_size: must be 1.." + std::to_string(kMaxPageSize) +
                                                     ", not " + std::to_string(page_size));
    }
    iter->page.limit = static_cast<std::size_t>(page_size);
    iter->next = iter->engine->leads(iter->actor, iter->filter, iter->page);  // checks actor and filter
    return iter;
}

// The next page as JSON, or nothing once done. A failed read leaves the cursor where it was.
std::optional<std::string> next_page(lp_lead_iter* iter) {
    arg(iter, "iter");
    if (!iter->next && !iter->done) iter->next = iter->engine->leads(iter->actor, iter->filter, iter->page);
    if (!iter->next) return std::nullopt;
    std::optional<std::string> text;
    if (!iter->next->leads.empty()) text = to_json(iter->next->leads);
    iter->done = !iter->next->next_after;
    iter->page.after = iter->next->next_after.value_or(iter->page.after);
    iter->next.reset();
    return text;
}

// --- ingestion and identities -------------------------------------------------------------------

// Reads the records; parsable ones go to the engine, unparsable ones become "rejected" results
// at their own place (with all_or_nothing, the first one fails the call instead).
std::vector<IngestResult> ingest(Engine& engine, const char* actor, const char* records,
                                 const char* options_json) {
    const UserId who = arg(actor, "actor");
    const std::vector<ParsedRecord> parsed = channel_records_from_json(arg(records, "records"));
    const IngestOptions options = optional_json(options_json, ingest_options_from_json);
    std::vector<ChannelRecord> readable;
    for (const ParsedRecord& item : parsed) {
        if (item.record) {
            readable.push_back(*item.record);
        } else if (options.all_or_nothing) {
            throw *item.error;
        }
    }
    std::vector<IngestResult> written = engine.ingest(who, readable, options);
    std::vector<IngestResult> results;
    results.reserve(parsed.size());
    auto next = written.begin();
    for (const ParsedRecord& item : parsed) {
        if (item.record) {
            results.push_back(std::move(*next++));
            continue;
        }
        IngestResult rejected;
        rejected.outcome = IngestOutcome::rejected;
        rejected.error = item.error->code();
        rejected.reason = item.error->what();
        results.push_back(std::move(rejected));
    }
    return results;
}

std::string optional_text(const char* text) { return text ? std::string(text) : std::string(); }

std::string normalized_json(const char* identity_json, const char* rules_json) {
    const Identity identity = identity_from_json(arg(identity_json, "identity_json"));
    const IdentityRules rules = rules_json ? IdentityRules::from_json(rules_json) : IdentityRules::defaults();
    const Identity normal = normalize_identity(identity, rules);
    nlohmann::ordered_json out = {{"kind", to_string(normal.kind)}, {"value", normal.value}};
    if (!normal.scope.empty()) out["scope"] = normal.scope;
    out["blocked"] = is_blocked(normal, rules);
    return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

// --- library ------------------------------------------------------------------------------------

const char* lp_version(void) { return leadpool::version(); }

int lp_abi_version(void) { return LP_ABI_VERSION; }

const char* lp_last_error(void) {
    return t_last_error.fallback ? t_last_error.fallback : t_last_error.message.c_str();
}

const char* lp_status_name(lp_status status) {
    if (status == LP_OK) return "ok";
    if (status < LP_INVALID_ARGUMENT || status > LP_INTERNAL) return "unknown";
    return to_string(static_cast<ErrorCode>(status));
}

void lp_free(void* p) { std::free(p); }

// --- engine -------------------------------------------------------------------------------------

lp_status lp_engine_open(lp_engine** out, const char* storage_uri, const char* options_json) {
    return returning(out, [&] { return open_engine(storage_uri, options_json); });
}

void lp_engine_close(lp_engine* engine) { delete engine; }

lp_status lp_engine_set_time(lp_engine* engine, int64_t now_ms) {
    return guarded([&] { manual_clock(engine).set(now_ms); });
}

// --- organisation -------------------------------------------------------------------------------

lp_status lp_org_initialize(lp_engine* engine, const char* first_user_json, const char* stage) {
    return guarded([&] {
        handle(engine).initialize(user_from_json(arg(first_user_json, "first_user_json")), stage_arg(stage));
    });
}

lp_status lp_stage_get(char** out, lp_engine* engine) {
    return returning(out, [&] { return stage_json(handle(engine)); });
}

lp_status lp_stage_set(lp_engine* engine, const char* actor, const char* stage) {
    return guarded([&] { handle(engine).set_stage(arg(actor, "actor"), stage_arg(stage)); });
}

lp_status lp_policy_get(char** out, lp_engine* engine, const char* stage) {
    return returning(out, [&] { return handle(engine).policy(stage_arg(stage)).to_json(); });
}

lp_status lp_policy_defaults(char** out) {
    return returning(out, [&] { return std::string(Policy::defaults_json()); });
}

lp_status lp_policy_set(lp_engine* engine, const char* actor, const char* stage, const char* policy_json) {
    return guarded(
        [&] { handle(engine).set_policy(arg(actor, "actor"), stage_arg(stage), policy_arg(policy_json)); });
}

lp_status lp_policy_reset(lp_engine* engine, const char* actor, const char* stage) {
    return guarded([&] { handle(engine).reset_policy(arg(actor, "actor"), stage_arg(stage)); });
}

lp_status lp_org_history(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).org_history(arg(actor, "actor"))); });
}

// --- users --------------------------------------------------------------------------------------

lp_status lp_user_add(lp_engine* engine, const char* actor, const char* user_json) {
    return guarded(
        [&] { handle(engine).add_user(arg(actor, "actor"), user_from_json(arg(user_json, "user_json"))); });
}

lp_status lp_user_update(lp_engine* engine, const char* actor, const char* user_json) {
    return guarded([&] {
        handle(engine).update_user(arg(actor, "actor"), user_from_json(arg(user_json, "user_json")));
    });
}

lp_status lp_user_get(char** out, lp_engine* engine, const char* actor, const char* user_id) {
    return returning(
        out, [&] { return to_json(handle(engine).user(arg(actor, "actor"), arg(user_id, "user_id"))); });
}

lp_status lp_user_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).users(arg(actor, "actor"))); });
}

// --- pools --------------------------------------------------------------------------------------

lp_status lp_pool_create(char** out, lp_engine* engine, const char* actor, const char* spec_json) {
    return returning(out, [&] {
        return to_json(handle(engine).create_pool(arg(actor, "actor"),
                                                  pool_spec_from_json(arg(spec_json, "spec_json"))));
    });
}

lp_status lp_pool_update(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                         const char* spec_json) {
    return returning(out, [&] {
        return to_json(handle(engine).update_pool(arg(actor, "actor"), pool_id,
                                                  pool_spec_from_json(arg(spec_json, "spec_json"))));
    });
}

lp_status lp_pool_move(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                       int64_t new_parent) {
    return returning(out, [&] {
        const auto parent = new_parent == 0 ? std::nullopt : std::optional<PoolId>(new_parent);
        return to_json(handle(engine).move_pool(arg(actor, "actor"), pool_id, parent));
    });
}

lp_status lp_pool_get(char** out, lp_engine* engine, const char* actor, int64_t pool_id) {
    return returning(out, [&] { return to_json(handle(engine).pool(arg(actor, "actor"), pool_id)); });
}

lp_status lp_pool_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).pools(arg(actor, "actor"))); });
}

// --- leads --------------------------------------------------------------------------------------

lp_status lp_lead_capture(char** out, lp_engine* engine, const char* actor, const char* input_json) {
    return returning(out, [&] {
        return to_json(
            handle(engine).capture(arg(actor, "actor"), lead_input_from_json(arg(input_json, "input_json"))));
    });
}

lp_status lp_lead_capture_batch(char** out, lp_engine* engine, const char* actor, const char* inputs_json) {
    return returning(out, [&] {
        return to_json(handle(engine).capture_batch(arg(actor, "actor"),
                                                    lead_inputs_from_json(arg(inputs_json, "inputs_json"))));
    });
}

lp_status lp_lead_get(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).lead(arg(actor, "actor"), lead_id)); });
}

lp_status lp_lead_find(char** out, lp_engine* engine, const char* actor, const char* identity_json) {
    return returning(out, [&] {
        const auto found = handle(engine).find_lead(arg(actor, "actor"),
                                                    identity_from_json(arg(identity_json, "identity_json")));
        return found ? to_json(*found) : std::string("null");
    });
}

lp_status lp_lead_list(char** out, lp_engine* engine, const char* actor, const char* filter_json,
                       const char* page_json) {
    return returning(out, [&] {
        return to_json(handle(engine).leads(arg(actor, "actor"),
                                            optional_json(filter_json, lead_filter_from_json),
                                            optional_json(page_json, page_from_json)));
    });
}

lp_status lp_lead_iter_open(lp_lead_iter** out, lp_engine* engine, const char* actor, const char* filter_json,
                            int32_t page_size) {
    return returning(out, [&] { return open_iter(engine, actor, filter_json, page_size); });
}

lp_status lp_lead_iter_next(char** out, lp_lead_iter* iter) {
    return returning(out, [&] { return next_page(iter); });
}

void lp_lead_iter_close(lp_lead_iter* iter) { delete iter; }

lp_status lp_lead_update(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                         const char* update_json) {
    return returning(out, [&] {
        return to_json(handle(engine).update_lead(arg(actor, "actor"), lead_id,
                                                  lead_update_from_json(arg(update_json, "update_json"))));
    });
}

lp_status lp_lead_history(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).history(arg(actor, "actor"), lead_id)); });
}

// --- ingestion and merges -----------------------------------------------------------------------

lp_status lp_lead_ingest(char** out, lp_engine* engine, const char* actor, const char* records,
                         const char* options_json) {
    return returning(out, [&] { return to_json(ingest(handle(engine), actor, records, options_json)); });
}

lp_status lp_lead_merge(char** out, lp_engine* engine, const char* actor, int64_t first, int64_t second,
                        const char* reason) {
    return returning(out, [&] {
        return to_json(handle(engine).merge_leads(arg(actor, "actor"), first, second, optional_text(reason)));
    });
}

lp_status lp_lead_unmerge(char** out, lp_engine* engine, const char* actor, int64_t merge_id,
                          const char* reason) {
    return returning(out, [&] {
        return to_json(handle(engine).unmerge(arg(actor, "actor"), merge_id, optional_text(reason)));
    });
}

lp_status lp_merge_list(char** out, lp_engine* engine, const char* actor, const char* filter_json) {
    return returning(out, [&] {
        return to_json(
            handle(engine).merges(arg(actor, "actor"), optional_json(filter_json, merge_filter_from_json)));
    });
}

lp_status lp_identity_conflict_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).identity_conflicts(arg(actor, "actor"))); });
}

lp_status lp_lead_events(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).events(arg(actor, "actor"), lead_id)); });
}

lp_status lp_lead_attribute_history(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                    const char* field) {
    return returning(out, [&] {
        return to_json(handle(engine).attribute_history(arg(actor, "actor"), lead_id, optional_text(field)));
    });
}

// --- identity rules -----------------------------------------------------------------------------

lp_status lp_identity_rules_get(char** out, lp_engine* engine) {
    return returning(out, [&] { return handle(engine).identity_rules().to_json(); });
}

lp_status lp_identity_rules_set(lp_engine* engine, const char* actor, const char* rules_json) {
    return guarded([&] {
        handle(engine).set_identity_rules(arg(actor, "actor"),
                                          IdentityRules::from_json(arg(rules_json, "rules_json")));
    });
}

lp_status lp_identity_normalize(char** out, const char* identity_json, const char* rules_json) {
    return returning(out, [&] { return normalized_json(identity_json, rules_json); });
}

// --- transitions --------------------------------------------------------------------------------

lp_status lp_lead_transition(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).transition(arg(actor, "actor"),
                                                 transition_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_lead_transition_batch(char** out, lp_engine* engine, const char* actor,
                                   const char* requests_json) {
    return returning(out, [&] {
        return to_json(handle(engine).transition_batch(
            arg(actor, "actor"), transitions_from_json(arg(requests_json, "requests_json"))));
    });
}

lp_status lp_lead_can(int* out, lp_engine* engine, const char* actor, const char* action, int64_t lead_id) {
    return returning(out,
                     [&] { return handle(engine).can(arg(actor, "actor"), action_arg(action), lead_id); });
}

// --- reports ------------------------------------------------------------------------------------

lp_status lp_funnel_report(char** out, lp_engine* engine, const char* actor, const char* filter_json) {
    return returning(out, [&] {
        return to_json(
            handle(engine).funnel(arg(actor, "actor"), optional_json(filter_json, funnel_filter_from_json)));
    });
}

// --- public-pool mechanics ----------------------------------------------------------------------

lp_status lp_routing_get(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).routing(arg(actor, "actor"))); });
}

lp_status lp_routing_set(char** out, lp_engine* engine, const char* actor, const char* table_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_routing(arg(actor, "actor"),
                                                  routing_table_from_json(arg(table_json, "table_json"))));
    });
}

lp_status lp_lead_route(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).route(arg(actor, "actor"),
                                            route_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_pool_settings_get(char** out, lp_engine* engine, const char* actor, int64_t pool_id) {
    return returning(out,
                     [&] { return to_json(handle(engine).pool_settings(arg(actor, "actor"), pool_id)); });
}

lp_status lp_pool_settings_set(char** out, lp_engine* engine, const char* actor, int64_t pool_id,
                               const char* settings_json) {
    return returning(out, [&] {
        return to_json(handle(engine).set_pool_settings(
            arg(actor, "actor"), pool_id, pool_settings_from_json(arg(settings_json, "settings_json"))));
    });
}

lp_status lp_pool_assign(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).assign(arg(actor, "actor"),
                                             assign_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_lead_claim(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).claim(arg(actor, "actor"), lead_id)); });
}

lp_status lp_lead_release(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                          const char* reason) {
    return returning(out, [&] {
        return to_json(handle(engine).release(arg(actor, "actor"), lead_id, reason ? reason : ""));
    });
}

lp_status lp_lead_follow_up(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                            const char* follow_up_json) {
    return returning(out, [&] {
        return to_json(handle(engine).follow_up(arg(actor, "actor"), lead_id,
                                                follow_up_from_json(arg(follow_up_json, "follow_up_json"))));
    });
}

lp_status lp_lead_activities(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out, [&] { return to_json(handle(engine).activities(arg(actor, "actor"), lead_id)); });
}

lp_status lp_pool_maintain(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).maintain(arg(actor, "actor"))); });
}

lp_status lp_workflow_list(char** out, lp_engine* engine, const char* actor) {
    return returning(out, [&] { return to_json(handle(engine).workflows(arg(actor, "actor"))); });
}

lp_status lp_workflow_define(char** out, lp_engine* engine, const char* actor, const char* workflow_json) {
    return returning(out, [&] {
        return to_json(handle(engine).define_workflow(
            arg(actor, "actor"), workflow_from_json(arg(workflow_json, "workflow_json"))));
    });
}

lp_status lp_opportunity_open(char** out, lp_engine* engine, const char* actor, const char* request_json) {
    return returning(out, [&] {
        return to_json(handle(engine).open_opportunity(
            arg(actor, "actor"), opportunity_request_from_json(arg(request_json, "request_json"))));
    });
}

lp_status lp_opportunity_advance(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                 const char* step) {
    return returning(out, [&] {
        return to_json(handle(engine).advance_opportunity(arg(actor, "actor"), lead_id, arg(step, "step")));
    });
}

lp_status lp_opportunity_add_collaborator(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                                          const char* user_id) {
    return returning(out, [&] {
        return to_json(
            handle(engine).add_collaborator(arg(actor, "actor"), lead_id, arg(user_id, "user_id")));
    });
}

lp_status lp_opportunity_win(char** out, lp_engine* engine, const char* actor, int64_t lead_id,
                             const char* request_json) {
    return returning(out, [&] {
        const auto amount = request_json ? win_request_from_json(request_json) : std::nullopt;
        return to_json(handle(engine).win_opportunity(arg(actor, "actor"), lead_id, amount));
    });
}

lp_status lp_opportunity_list(char** out, lp_engine* engine, const char* actor, int64_t lead_id) {
    return returning(out,
                     [&] { return to_json(handle(engine).opportunities(arg(actor, "actor"), lead_id)); });
}
