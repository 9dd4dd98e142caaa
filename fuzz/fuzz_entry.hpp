// What every fuzz target shares: a fresh engine per input, the input split into the entry point
// it drives (its first byte, '0', '1', ...) and the text it passes (the rest), and the contract
// every call must keep whatever the text: a known status, *out set exactly on LP_OK and holding
// JSON, a last error that is never NULL. A broken contract aborts, and libFuzzer reports it.
#pragma once

#include <leadpool.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

namespace leadpool::fuzz {

// A memory engine with the quickstart's company: director "boss", salespeople "ann" and "bob"
// managing pools 2 ("east") and 3 ("west"), lead 1 in ann's pool and lead 2 in the master pool.
inline lp_engine* company() {
    lp_engine* engine = nullptr;
    char* out = nullptr;
    bool ok = lp_engine_open(&engine, "memory:", R"({"manual_clock_ms": 1767225600000})") == LP_OK &&
              lp_org_initialize(engine, R"({"id": "boss", "name": "Boss", "roles": ["director"]})", "factory_led") ==
                  LP_OK &&
              lp_user_add(engine, "boss", R"({"id": "ann", "name": "Ann", "roles": ["salesperson"]})") == LP_OK &&
              lp_user_add(engine, "boss", R"({"id": "bob", "name": "Bob", "roles": ["salesperson"]})") == LP_OK;
    for (const char* pool : {R"({"name": "east", "managers": ["ann"]})", R"({"name": "west", "managers": ["bob"]})"}) {
        ok = ok && lp_pool_create(&out, engine, "boss", pool) == LP_OK;
        lp_free(out);
    }
    for (const char* phone : {"13800000001", "13800000002"}) {
        const std::string input =
            std::string(R"({"identities": [{"kind": "phone", "value": ")") + phone + R"("}], "channel": "web"})";
        ok = ok && lp_lead_capture(&out, engine, "boss", input.c_str()) == LP_OK;
        lp_free(out);
    }
    ok = ok && lp_lead_transition(&out, engine, "boss", R"({"lead": 1, "action": "distribute", "to_pool": 2,
                                                            "to_owner": "ann"})") == LP_OK;
    lp_free(out);
    if (!ok) std::abort();
    return engine;
}

struct Input {
    unsigned selector;  // which entry point, 0 .. count-1
    std::string text;   // NUL-terminated, as a C host passes it (an embedded NUL ends it)
};

inline Input split(const std::uint8_t* data, std::size_t size, unsigned count) {
    if (size == 0) return {0, ""};
    return {static_cast<unsigned char>(data[0] - '0') % count,
            std::string(reinterpret_cast<const char*>(data) + 1, size - 1)};
}

// Checks the contract of one call's result and frees what it returned.
inline void check(lp_status status, char* out) {
    const bool known = (status >= LP_OK && status < LP_INTERNAL) || status == LP_SUPPRESSED;
    if (!known) std::abort();  // no bug may show
    if (lp_last_error() == nullptr || (status == LP_OK) != (lp_last_error()[0] == '\0')) std::abort();
    if (status != LP_OK && out != nullptr) std::abort();
    if (out != nullptr && !nlohmann::json::accept(out)) std::abort();
    lp_free(out);
}

}  // namespace leadpool::fuzz
