// The JSON shapes of the hoarding report (docs/json.md): the request and the owners' lines.
#include "json_support.hpp"
#include "leadpool/json.hpp"
#include "leadpool/owner_holdings.hpp"

namespace leadpool {

using namespace json_support;

std::string to_json(const OwnerHoldings& holdings) {
    ordered_json owners = ordered_json::array();
    for (const OwnerHolding& line : holdings.owners) {
        std::int64_t held = 0;
        for (const std::int64_t count : line.held) held += count;
        owners.push_back({{"owner", line.owner},
                          {"held", held},
                          {"held_by_tier", tier_counts_value(line.held)},
                          {"idle", line.idle},
                          {"claims", line.claims},
                          {"releases", line.releases},
                          {"recycles", line.recycles},
                          {"taken_away", line.taken_away},
                          {"churned", line.churned}});
    }
    return text_of({{"now", holdings.now},
                    {"idle_days", holdings.idle_days},
                    {"idle_before", holdings.idle_before},
                    {"from", holdings.from},
                    {"to", holdings.to},
                    {"owners", std::move(owners)}});
}

HoldingsRequest holdings_request_from_json(std::string_view text) {
    return read_document(text, "holdings", [](const json& value, const Place& place) {
        const Object o(value, place, {"idle_days", "from", "to"});
        HoldingsRequest request;
        std::int64_t idle_days = request.idle_days;
        o.optional("idle_days", idle_days, Object::as_integer);
        if (idle_days < 1 || idle_days > kMaxIdleDays) o.at("idle_days").fail("must be 1.." + std::to_string(kMaxIdleDays));
        request.idle_days = static_cast<int>(idle_days);
        request.from = o.integer("from");
        request.to = o.integer("to");
        return request;
    });
}

}  // namespace leadpool
