// The JSON shapes of the collision report (docs/json.md): the request, the page and the rows.
#include "json_support.hpp"
#include "leadpool/collisions.hpp"
#include "leadpool/json.hpp"

namespace leadpool {

using namespace json_support;

std::string to_json(const CollisionPage& page) {
    ordered_json rows = ordered_json::array();
    for (const Collision& collision : page.collisions) {
        rows.push_back({{"lead", collision.lead},
                        {"users", collision.users},
                        {"first", collision.first},
                        {"last", collision.last},
                        {"kind", to_string(collision.kind)},
                        {"merges", collision.merges}});
    }
    return text_of({{"collisions", std::move(rows)}, {"next_after", nullable(page.next_after)}});
}

CollisionRequest collision_request_from_json(std::string_view text) {
    return read_document(text, "collisions", [](const json& value, const Place& place) {
        const Object o(value, place, {"window", "from", "to"});
        return CollisionRequest{o.integer("window"), o.integer("from"), o.integer("to")};
    });
}

CollisionPageRequest collision_page_from_json(std::string_view text) {
    return read_document(text, "page", [](const json& value, const Place& place) {
        const Object o(value, place, {"after", "limit"});
        CollisionPageRequest page;
        o.nullable("after", page.after, Object::as_integer);
        read_page_limit(o, page.limit);
        return page;
    });
}

}  // namespace leadpool
