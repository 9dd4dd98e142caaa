// The JSON shapes of the period report (docs/json.md): the request and the moves.
#include "json_support.hpp"
#include "leadpool/json.hpp"
#include "leadpool/tier_moves.hpp"

namespace leadpool {
namespace {

using namespace json_support;

ordered_json counts_json(const TierCounts& counts) {
    ordered_json out = ordered_json::object();
    for (int t = 0; t < kTierCount; ++t) out[to_string(static_cast<Tier>(t))] = counts[static_cast<std::size_t>(t)];
    return out;
}

}  // namespace

std::string to_json(const TierMoves& moves) {
    ordered_json rows = ordered_json::array();
    for (const TierMoves::Row& row : moves.rows) {
        rows.push_back({{"group", breakdown_value_json(row.group)}, {"into", counts_json(row.into)}});
    }
    return text_of({{"from", moves.from},
                    {"to", moves.to},
                    {"by", moves.by ? ordered_json(to_string(*moves.by)) : ordered_json(nullptr)},
                    {"rows", std::move(rows)},
                    {"into", counts_json(moves.into)}});
}

TierMovesRequest tier_moves_request_from_json(std::string_view text) {
    return read_document(text, "moves", [](const json& value, const Place& place) {
        const Object o(value, place, {"from", "to", "by"});
        TierMovesRequest request;
        request.from = o.integer("from");
        request.to = o.integer("to");
        if (const json* by = o.find("by", true)) {
            request.by = as_name<MoveKey>(*by, o.at("by"), "moves key", parse_move_key);
        }
        return request;
    });
}

}  // namespace leadpool
