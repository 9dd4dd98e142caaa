// The library and its engines: version, statuses, the last error, open / close and the clock.
#include <climits>
#include <cstdint>
#include <cstdlib>

#include "boundary.hpp"

using namespace leadpool;
using namespace leadpool::capi;
using nlohmann::json;

namespace {

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
    opened->engine = std::make_shared<Engine>(open_store(checked_uri, options.store), engine_options);
    return opened;
}

ManualClock& manual_clock(lp_engine* engine) {
    if (!arg(engine, "engine")->clock) {
        throw Error(ErrorCode::invalid_argument,
                    "engine: runs on the system clock; open it with \"manual_clock_ms\" to set its time");
    }
    return *engine->clock;
}

}  // namespace

// --- library ------------------------------------------------------------------------------------

const char* lp_version(void) { return leadpool::version(); }

int lp_abi_version(void) { return LP_ABI_VERSION; }

const char* lp_last_error(void) { return last_error(); }

const char* lp_status_name(lp_status status) {
    if (status == LP_OK) return "ok";
    if (status == LP_ENGINE_CLOSED) return "engine_closed";
    if ((status < LP_INVALID_ARGUMENT || status > LP_INTERNAL) && status != LP_SUPPRESSED) return "unknown";
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
