// The JSON shapes of the period report (docs/json.md): the request and the moves.
#include "json_support.hpp"
#include "leadpool/json.hpp"
#include "leadpool/tier_moves.hpp"

namespace leadpool {

using namespace json_support;

std::string to_json(const TierMoves& moves) {
    ordered_json rows = ordered_json::array();
    for (const TierMoves::Row& row : moves.rows) {
        rows.push_back({{"group", breakdown_value_json(row.group)}, {"into", tier_counts_value(row.into)}});
    }
    return text_of({{"from", moves.from},
                    {"to", moves.to},
                    {"by", moves.by ? ordered_json(to_string(*moves.by)) : ordered_json(nullptr)},
                    {"rows", std::move(rows)},
                    {"into", tier_counts_value(moves.into)}});
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
