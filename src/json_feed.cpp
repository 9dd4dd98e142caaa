// The JSON shapes of the change feed (docs/json.md): changes, pages, consumers, settings and
// the query a page is asked with.
#include "json_support.hpp"
#include "leadpool/json.hpp"

namespace leadpool {
namespace {

using namespace json_support;

ordered_json place_value(const LeadPlace& place) {
    return {{"tier", to_string(place.tier)}, {"pool", place.pool}, {"owner", nullable(place.owner)}};
}

ordered_json change_value(const Change& change) {
    ordered_json out = {{"seq", change.seq},
                        {"at", change.at},
                        {"actor", change.actor},
                        {"subject", to_string(change.subject)},
                        {"kind", change.kind},
                        {"lead", change.lead == 0 ? ordered_json(nullptr) : ordered_json(change.lead)},
                        {"object", nullable(change.object)}};
    if (change.subject != ChangeSubject::organisation) {
        out["before"] = place_value(change.before);
        out["after"] = place_value(change.after);
        out["version"] = change.version;
    }
    out["reason"] = change.reason;
    out["detail"] = embedded(change.detail, "change " + std::to_string(change.seq) + " detail");
    return out;
}

ordered_json consumer_value(const FeedConsumer& consumer) {
    return {{"name", consumer.name},
            {"owner", consumer.owner},
            {"position", consumer.position},
            {"created_at", consumer.created_at},
            {"acked_at", consumer.acked_at}};
}

ChangeFilter read_filter(const json& value, const Place& place) {
    const Object o(value, place, {"kinds", "pool", "owner", "lead"});
    ChangeFilter filter;
    o.optional("kinds", filter.kinds, Object::as_strings);
    o.nullable("pool", filter.pool, Object::as_integer);
    o.nullable("owner", filter.owner, Object::as_string);
    o.nullable("lead", filter.lead, Object::as_integer);
    return filter;
}

}  // namespace

std::string to_json(const std::vector<Change>& changes) { return array_text(changes, change_value); }

std::string to_json(const ChangePage& page) {
    ordered_json changes = ordered_json::array();
    for (const Change& change : page.changes) changes.push_back(change_value(change));
    return text_of(
        {{"changes", std::move(changes)}, {"next", page.next}, {"last", page.last}, {"pruned", page.pruned}});
}

std::string to_json(const FeedConsumer& consumer) { return text_of(consumer_value(consumer)); }
std::string to_json(const std::vector<FeedConsumer>& consumers) { return array_text(consumers, consumer_value); }
std::string to_json(const FeedSettings& settings) { return text_of({{"retention_ms", settings.retention_ms}}); }

ChangeQuery change_query_from_json(std::string_view text) {
    return read_document(text, "change query", [](const json& value, const Place& place) {
        const Object o(value, place, {"since", "consumer", "limit", "filter"});
        ChangeQuery query;
        o.optional("since", query.since, Object::as_integer);
        o.nullable("consumer", query.consumer, Object::as_string);
        std::int64_t limit = static_cast<std::int64_t>(query.limit);
        o.optional("limit", limit, Object::as_integer);
        if (limit < 0) o.at("limit").fail("must not be negative");
        query.limit = static_cast<std::size_t>(limit);
        o.optional("filter", query.filter, read_filter);
        return query;
    });
}

ChangeFilter change_filter_from_json(std::string_view text) {
    return read_document(text, "change filter", read_filter);
}

FeedSettings feed_settings_from_json(std::string_view text) {
    return read_document(text, "feed settings", [](const json& value, const Place& place) {
        const Object o(value, place, {"retention_ms"});
        FeedSettings settings;
        o.optional("retention_ms", settings.retention_ms, Object::as_integer);
        return settings;
    });
}

}  // namespace leadpool
