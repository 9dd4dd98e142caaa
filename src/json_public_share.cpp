// The JSON shapes of the public share over time (docs/json.md): the request and the points.
#include "json_support.hpp"
#include "leadpool/json.hpp"
#include "leadpool/public_share.hpp"

namespace leadpool {

using namespace json_support;

std::string to_json(const PublicShare& share) {
    ordered_json points = ordered_json::array();
    for (const SharePoint& point : share.points) {
        points.push_back({{"start", point.start},
                          {"at", point.at},
                          {"leads", point.leads},
                          {"unowned", point.unowned},
                          {"share", point.share}});
    }
    return text_of({{"pool", share.pool},
                    {"subtree", share.subtree},
                    {"interval", to_string(share.interval)},
                    {"points", std::move(points)}});
}

PublicShareRequest public_share_request_from_json(std::string_view text) {
    return read_document(text, "public share", [](const json& value, const Place& place) {
        const Object o(value, place, {"pool", "subtree", "from", "to", "interval"});
        PublicShareRequest request;
        request.pool = o.integer("pool");
        o.optional("subtree", request.subtree, Object::as_bool);
        request.from = o.integer("from");
        request.to = o.integer("to");
        if (const json* interval = o.find("interval", true)) {
            request.interval =
                as_name<ShareInterval>(*interval, o.at("interval"), "share interval", parse_share_interval);
        }
        return request;
    });
}

}  // namespace leadpool
