// The JSON codec: the domain's value types as JSON text (shapes in docs/json.md).
//
// Readers are strict and never let an nlohmann exception out: every failure is a leadpool::Error
// naming the document and the field path. Parsing is bounded: a callback refuses nesting past
// the limit while the parser runs (the parser itself does not recurse), so no input, however
// deep, reaches a recursive walk.
#include "leadpool/json.hpp"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "json_support.hpp"
#include "leadpool/limits.hpp"

namespace leadpool {
namespace {

using namespace json_support;

Tier as_tier(const json& value, const Place& place) {
    return as_name<Tier>(value, place, "tier", parse_tier);
}

Action as_transition(const json& value, const Place& place) {
    const Action action = as_name<Action>(value, place, "action", parse_action);
    if (!is_transition(action)) place.fail(std::string("'") + to_string(action) + "' is not a transition");
    return action;
}

Identity read_identity(const json& value, const Place& place) {
    const Object o(value, place, {"kind", "value", "scope"});
    Identity identity;
    identity.kind =
        as_name<IdentityKind>(o.require("kind"), o.at("kind"), "identity kind", parse_identity_kind);
    identity.value = o.string("value");
    o.optional("scope", identity.scope, Object::as_string);
    return identity;
}

LeadInput read_lead_input(const json& value, const Place& place) {
    const Object o(value, place, {"identities", "channel", "attributes", "attribution", "tags"});
    LeadInput input;
    const json& identities = o.require("identities");
    if (!identities.is_array()) o.at("identities").fail("must be an array of identities");
    for (std::size_t i = 0; i < identities.size(); ++i) {
        input.identities.push_back(read_identity(identities[i], o.at("identities").item(i)));
    }
    input.channel = o.string("channel");
    o.optional("attributes", input.attributes, Object::as_object_text);
    if (const json* attribution = o.find("attribution")) {
        const Object a(*attribution, o.at("attribution"), {"source", "medium", "campaign"});
        a.optional("source", input.attribution.source, Object::as_string);
        a.optional("medium", input.attribution.medium, Object::as_string);
        a.optional("campaign", input.attribution.campaign, Object::as_string);
    }
    o.optional("tags", input.tags, Object::as_strings);
    return input;
}

TransitionRequest read_transition(const json& value, const Place& place) {
    const Object o(value, place, {"lead", "action", "to_pool", "to_owner", "reason", "expected_version"});
    TransitionRequest request;
    request.lead = o.integer("lead");
    request.action = as_transition(o.require("action"), o.at("action"));
    o.nullable("to_pool", request.to_pool, Object::as_integer);
    o.nullable("to_owner", request.to_owner, Object::as_string);
    o.optional("reason", request.reason, Object::as_string);
    o.optional("expected_version", request.expected_version, Object::as_integer);
    return request;
}

ordered_json to_value(const Identity& identity) {
    ordered_json out = {{"kind", to_string(identity.kind)}, {"value", identity.value}};
    if (!identity.scope.empty()) out["scope"] = identity.scope;
    return out;
}

ordered_json to_value(const Lead& lead) {
    ordered_json identities = ordered_json::array();
    for (const auto& identity : lead.identities) identities.push_back(to_value(identity));
    ordered_json reached = ordered_json::array();
    for (int t = 0; t < kTierCount; ++t) {
        if (lead.reached & tier_bit(static_cast<Tier>(t))) reached.push_back(to_string(static_cast<Tier>(t)));
    }
    return {{"id", lead.id},
            {"identities", std::move(identities)},
            {"attributes", embedded(lead.attributes, "lead " + std::to_string(lead.id) + " attributes")},
            {"channel", lead.channel},
            {"channels", lead.channels},
            {"attribution",
             {{"source", lead.attribution.source},
              {"medium", lead.attribution.medium},
              {"campaign", lead.attribution.campaign}}},
            {"tags", lead.tags},
            {"tier", to_string(lead.tier)},
            {"pool", lead.pool},
            {"owner", nullable(lead.owner)},
            {"reached", std::move(reached)},
            {"created_at", lead.created_at},
            {"updated_at", lead.updated_at},
            {"last_activity_at", lead.last_activity_at},
            {"version", lead.version}};
}

ordered_json to_value(const CaptureResult& result) {
    return {{"lead", to_value(result.lead)}, {"created", result.created}};
}

ordered_json to_value(const User& user) {
    return {{"id", user.id},
            {"name", user.name},
            {"department", user.department},
            {"roles", user.roles},
            {"active", user.active}};
}

ordered_json to_value(const Pool& pool) {
    return {{"id", pool.id},
            {"name", pool.name},
            {"parent", nullable(pool.parent)},
            {"managers", pool.managers},
            {"members", pool.members}};
}

ordered_json to_value(const HistoryEntry& entry) {
    auto place = [](Tier tier, PoolId pool, const UserId& owner) {
        return ordered_json{{"tier", to_string(tier)}, {"pool", pool}, {"owner", nullable(owner)}};
    };
    return {{"seq", entry.seq},
            {"lead", entry.lead},
            {"action", to_string(entry.action)},
            {"actor", entry.actor},
            {"at", entry.at},
            {"from", place(entry.from_tier, entry.from_pool, entry.from_owner)},
            {"to", place(entry.to_tier, entry.to_pool, entry.to_owner)},
            {"reason", entry.reason},
            {"detail", embedded(entry.detail, "history " + std::to_string(entry.seq) + " detail")}};
}

ordered_json to_value(const OrgEvent& event) {
    return {
        {"seq", event.seq},
        {"kind", to_string(event.kind)},
        {"actor", event.actor},
        {"at", event.at},
        {"detail", embedded(event.detail, "organisation event " + std::to_string(event.seq) + " detail")}};
}

// The items as a JSON array, each written by this file's to_value.
template <typename T>
std::string array_text(const std::vector<T>& items) {
    return json_support::array_text(items, [](const T& item) { return to_value(item); });
}

}  // namespace

// --- writers ------------------------------------------------------------------------------------

std::string to_json(const Lead& lead) { return text_of(to_value(lead)); }
std::string to_json(const std::vector<Lead>& leads) { return array_text(leads); }
std::string to_json(const CaptureResult& result) { return text_of(to_value(result)); }
std::string to_json(const std::vector<CaptureResult>& results) { return array_text(results); }
std::string to_json(const User& user) { return text_of(to_value(user)); }
std::string to_json(const std::vector<User>& users) { return array_text(users); }
std::string to_json(const Pool& pool) { return text_of(to_value(pool)); }
std::string to_json(const std::vector<Pool>& pools) { return array_text(pools); }
std::string to_json(const std::vector<HistoryEntry>& history) { return array_text(history); }
std::string to_json(const std::vector<OrgEvent>& events) { return array_text(events); }

std::string to_json(const LeadPage& page) {
    ordered_json leads = ordered_json::array();
    for (const auto& lead : page.leads) leads.push_back(to_value(lead));
    return text_of({{"leads", std::move(leads)}, {"next_after", nullable(page.next_after)}});
}

std::string to_json(const FunnelReport& report) {
    ordered_json tiers = ordered_json::array();
    for (const auto& count : report.tiers) {
        tiers.push_back({{"tier", to_string(count.tier)}, {"at", count.at}, {"reached", count.reached}});
    }
    ordered_json conversions = ordered_json::array();
    for (const auto& conversion : report.conversions) {
        conversions.push_back({{"from", to_string(conversion.from)},
                               {"to", to_string(conversion.to)},
                               {"rate", conversion.rate}});
    }
    return text_of({{"leads", report.leads},
                    {"tiers", std::move(tiers)},
                    {"conversions", std::move(conversions)},
                    {"main_line_conversion", report.main_line_conversion}});
}

// --- readers ------------------------------------------------------------------------------------

LeadInput lead_input_from_json(std::string_view text) {
    return read_document(text, "lead input", read_lead_input);
}

std::vector<LeadInput> lead_inputs_from_json(std::string_view text) {
    return read_batch(text, "lead inputs", read_lead_input);
}

Identity identity_from_json(std::string_view text) { return read_document(text, "identity", read_identity); }

LeadUpdate lead_update_from_json(std::string_view text) {
    return read_document(text, "lead update", [](const json& value, const Place& place) {
        const Object o(value, place, {"attributes", "add_tags", "remove_tags", "expected_version"});
        LeadUpdate update;
        o.optional("attributes", update.attributes, Object::as_object_text);
        o.optional("add_tags", update.add_tags, Object::as_strings);
        o.optional("remove_tags", update.remove_tags, Object::as_strings);
        o.optional("expected_version", update.expected_version, Object::as_integer);
        return update;
    });
}

User user_from_json(std::string_view text) {
    return read_document(text, "user", [](const json& value, const Place& place) {
        const Object o(value, place, {"id", "name", "department", "roles", "active"});
        User user;
        user.id = o.string("id");
        user.name = o.string("name");
        o.optional("department", user.department, Object::as_string);
        o.optional("roles", user.roles, Object::as_strings);
        o.optional("active", user.active, Object::as_bool);
        return user;
    });
}

PoolSpec pool_spec_from_json(std::string_view text) {
    return read_document(text, "pool spec", [](const json& value, const Place& place) {
        const Object o(value, place, {"name", "parent", "managers", "members"});
        PoolSpec spec;
        spec.name = o.string("name");
        o.nullable("parent", spec.parent, Object::as_integer);
        o.optional("managers", spec.managers, Object::as_strings);
        o.optional("members", spec.members, Object::as_strings);
        return spec;
    });
}

TransitionRequest transition_from_json(std::string_view text) {
    return read_document(text, "transition", read_transition);
}

std::vector<TransitionRequest> transitions_from_json(std::string_view text) {
    return read_batch(text, "transitions", read_transition);
}

LeadFilter lead_filter_from_json(std::string_view text) {
    return read_document(text, "lead filter", [](const json& value, const Place& place) {
        const Object o(value, place,
                       {"tier", "pool", "owner", "channel", "tag", "created_from", "created_to"});
        LeadFilter filter;
        o.nullable("tier", filter.tier, as_tier);
        o.nullable("pool", filter.pool, Object::as_integer);
        o.nullable("owner", filter.owner, Object::as_string);
        o.nullable("channel", filter.channel, Object::as_string);
        o.nullable("tag", filter.tag, Object::as_string);
        o.nullable("created_from", filter.created_from, Object::as_integer);
        o.nullable("created_to", filter.created_to, Object::as_integer);
        return filter;
    });
}

PageRequest page_from_json(std::string_view text) {
    return read_document(text, "page", [](const json& value, const Place& place) {
        const Object o(value, place, {"after", "limit"});
        PageRequest page;
        o.optional("after", page.after, Object::as_integer);
        if (const json* limit = o.find("limit")) {
            const std::int64_t n = Object::as_integer(*limit, o.at("limit"));
            if (n < 1 || static_cast<std::uint64_t>(n) > kMaxPageSize) {
                o.at("limit").fail("must be 1.." + std::to_string(kMaxPageSize) + ", not " +
                                   std::to_string(n));
            }
            page.limit = static_cast<std::size_t>(n);
        }
        return page;
    });
}

FunnelFilter funnel_filter_from_json(std::string_view text) {
    return read_document(text, "funnel filter", [](const json& value, const Place& place) {
        const Object o(value, place, {"pool", "owner", "channel", "captured_from", "captured_to"});
        FunnelFilter filter;
        o.nullable("pool", filter.pool, Object::as_integer);
        o.nullable("owner", filter.owner, Object::as_string);
        o.nullable("channel", filter.channel, Object::as_string);
        o.nullable("captured_from", filter.captured_from, Object::as_integer);
        o.nullable("captured_to", filter.captured_to, Object::as_integer);
        return filter;
    });
}

}  // namespace leadpool
