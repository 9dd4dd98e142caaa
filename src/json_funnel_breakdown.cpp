// The JSON shapes of funnel breakdowns (docs/json.md): the request and the breakdown.
#include "json_support.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/json.hpp"

namespace leadpool {
namespace {

using namespace json_support;

}  // namespace

std::string to_json(const FunnelBreakdown& breakdown) {
    ordered_json keys = ordered_json::array();
    for (const BreakdownKey key : breakdown.keys) keys.push_back(to_string(key));
    ordered_json rows = ordered_json::array();
    for (const FunnelBreakdown::Row& row : breakdown.rows) {
        ordered_json group = ordered_json::object();
        for (std::size_t i = 0; i < breakdown.keys.size() && i < row.group.size(); ++i) {
            group[to_string(breakdown.keys[i])] = breakdown_value_json(row.group[i]);
        }
        rows.push_back({{"group", std::move(group)}, {"report", funnel_report_value(row.report)}});
    }
    return text_of({{"keys", std::move(keys)},
                    {"rows", std::move(rows)},
                    {"total", funnel_report_value(breakdown.total)}});
}

FunnelBreakdownRequest funnel_breakdown_request_from_json(std::string_view text) {
    return read_document(text, "breakdown", [](const json& value, const Place& place) {
        const Object o(value, place, {"keys", "score_model", "band_width"});
        FunnelBreakdownRequest request;
        const json& keys = o.require("keys");
        if (!keys.is_array()) o.at("keys").fail("must be an array of key names");
        for (std::size_t i = 0; i < keys.size(); ++i) {
            request.keys.push_back(
                as_name<BreakdownKey>(keys[i], o.at("keys").item(i), "breakdown key", parse_breakdown_key));
        }
        o.optional("score_model", request.score_model, Object::as_string);
        o.optional("band_width", request.band_width, Object::as_integer);
        return request;
    });
}

}  // namespace leadpool
