// The JSON codec: the domain's value types as JSON text (shapes in docs/json.md).
//
// Readers are strict and never let an nlohmann exception out: every failure is a leadpool::Error
// naming the document and the field path. Parsing is bounded: a callback refuses nesting past
// the limit while the parser runs (the parser itself does not recurse), so no input, however
// deep, reaches a recursive walk.
#include "leadpool/json.hpp"

#include "leadpool/identity_rules.hpp"
#include "leadpool/policy.hpp"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "json_conditions.hpp"
#include "json_support.hpp"
#include "lead_text.hpp"
#include "leadpool/limits.hpp"
#include "phone_number.hpp"

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

Attribution read_attribution(const json& value, const Place& place) {
    const Object a(value, place, {"source", "medium", "campaign"});
    Attribution attribution;
    a.optional("source", attribution.source, Object::as_string);
    a.optional("medium", attribution.medium, Object::as_string);
    a.optional("campaign", attribution.campaign, Object::as_string);
    return attribution;
}

LeadInput read_lead_input(const json& value, const Place& place) {
    const Object o(value, place, {"identities", "channel", "attributes", "attribution", "tags", "region"});
    LeadInput input;
    const json& identities = o.require("identities");
    if (!identities.is_array()) o.at("identities").fail("must be an array of identities");
    for (std::size_t i = 0; i < identities.size(); ++i) {
        input.identities.push_back(read_identity(identities[i], o.at("identities").item(i)));
    }
    input.channel = o.string("channel");
    o.optional("attributes", input.attributes, Object::as_object_text);
    o.optional("attribution", input.attribution, read_attribution);
    o.optional("tags", input.tags, Object::as_strings);
    o.optional("region", input.region, Object::as_string);
    return input;
}

TransitionRequest read_transition(const json& value, const Place& place) {
    const Object o(value, place,
                   {"lead", "action", "to_pool", "to_owner", "reason", "expected_version", "over_cap_reason"});
    TransitionRequest request;
    request.lead = o.integer("lead");
    request.action = as_transition(o.require("action"), o.at("action"));
    o.nullable("to_pool", request.to_pool, Object::as_integer);
    o.nullable("to_owner", request.to_owner, Object::as_string);
    o.optional("reason", request.reason, Object::as_string);
    o.optional("expected_version", request.expected_version, Object::as_integer);
    o.optional("over_cap_reason", request.over_cap_reason, Object::as_string);
    return request;
}

template <typename T, typename Read>
std::vector<T> read_array(const json& value, const Place& place, const char* what, Read read) {
    if (!value.is_array()) place.fail(std::string("must be an array of ") + what);
    std::vector<T> out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) out.push_back(read(value[i], place.item(i)));
    return out;
}

BehaviourEvent read_event(const json& value, const Place& place) {
    const Object o(value, place, {"type", "at", "payload"});
    BehaviourEvent event;
    event.type = o.string("type");
    o.optional("at", event.at, Object::as_integer);
    o.optional("payload", event.payload, Object::as_object_text);
    return event;
}

ChannelRecord read_channel_record(const json& value, const Place& place) {
    const Object o(value, place,
                   {"channel", "record_id", "occurred_at", "identities", "attributes", "events",
                    "attribution", "tags", "referrer", "region"});
    ChannelRecord record;
    record.channel = o.string("channel");
    o.optional("record_id", record.record_id, Object::as_string);
    o.nullable("occurred_at", record.occurred_at, Object::as_integer);
    record.identities =
        read_array<Identity>(o.require("identities"), o.at("identities"), "identities", read_identity);
    o.optional("attributes", record.attributes, Object::as_object_text);
    if (const json* events = o.find("events")) {
        record.events = read_array<BehaviourEvent>(*events, o.at("events"), "events", read_event);
    }
    o.optional("attribution", record.attribution, read_attribution);
    o.optional("tags", record.tags, Object::as_strings);
    o.nullable("referrer", record.referrer, read_identity);
    o.optional("region", record.region, Object::as_string);
    return record;
}

// An identity rule's number, when the object holds it: minimum..1000000.
void read_bounded(const Object& o, const char* key, int& out, int minimum) {
    if (const json* found = o.find(key)) {
        const std::int64_t n = Object::as_integer(*found, o.at(key));
        if (n < minimum || n > 1000000) o.at(key).fail("must be " + std::to_string(minimum) + "..1000000");
        out = static_cast<int>(n);
    }
}

IdentityKindRules read_kind_rules(const json& value, const Place& place, IdentityKindRules rules) {
    const Object o(value, place, {"priority", "max_per_lead", "max_joins", "blocked"});
    read_bounded(o, "priority", rules.priority, 1);
    read_bounded(o, "max_per_lead", rules.max_per_lead, 1);
    read_bounded(o, "max_joins", rules.max_joins, 0);
    o.optional("blocked", rules.blocked, Object::as_strings);
    return rules;
}

ordered_json to_value(const Identity& identity) {
    ordered_json out = {{"kind", to_string(identity.kind)}, {"value", identity.value}};
    if (!identity.scope.empty()) out["scope"] = identity.scope;
    return out;
}

// One writer of the lead's shape (lead_text.cpp); shapes that hold a lead embed its text.
ordered_json to_value(const Lead& lead) {
    std::string text;
    append_lead(text, lead);
    return ordered_json::parse(text);
}

ordered_json identities_value(const std::vector<Identity>& identities) {
    ordered_json out = ordered_json::array();
    for (const auto& identity : identities) out.push_back(to_value(identity));
    return out;
}

ordered_json to_value(const IngestResult& result) {
    return {{"outcome", to_string(result.outcome)},
            {"lead", result.lead == 0 ? ordered_json(nullptr) : ordered_json(result.lead)},
            {"absorbed", result.absorbed},
            {"error", result.error ? ordered_json(to_string(*result.error)) : ordered_json(nullptr)},
            {"reason", result.reason},
            {"dropped", result.dropped},
            {"conflicts", result.conflicts}};
}

ordered_json to_value(const MergeRecord& merge) {
    return {{"id", merge.id},
            {"survivor", merge.survivor},
            {"absorbed", merge.absorbed},
            {"actor", merge.actor},
            {"at", merge.at},
            {"reason", merge.reason},
            {"collision", merge.collision},
            {"absorbed_owner", nullable(merge.absorbed_owner)},
            {"identities", identities_value(merge.identities)},
            {"unmerged_at", nullable(merge.unmerged_at)},
            {"unmerged_by", nullable(merge.unmerged_by)},
            {"absorbed_referrer", merge.absorbed_referrer == 0 ? ordered_json(nullptr)
                                                               : ordered_json(merge.absorbed_referrer)}};
}

ordered_json to_value(const IdentityConflict& conflict) {
    return {{"id", conflict.id},
            {"rule", to_string(conflict.rule)},
            {"at", conflict.at},
            {"actor", conflict.actor},
            {"channel", conflict.channel},
            {"record_id", nullable(conflict.record_id)},
            {"lead", conflict.lead},
            {"others", conflict.others},
            {"identities", identities_value(conflict.identities)},
            {"message", conflict.message},
            {"state", to_string(conflict.state)},
            {"resolved_by", nullable(conflict.resolved_by)},
            {"resolved_at", nullable(conflict.resolved_at)},
            {"resolution_reason", nullable(conflict.resolution_reason)},
            {"resolution_merges", conflict.resolution_merges}};
}

ordered_json to_value(const LeadEvent& event) {
    return {{"seq", event.seq},
            {"lead", event.lead},
            {"type", event.type},
            {"at", event.at},
            {"channel", event.channel},
            {"payload", embedded(event.payload, "event " + std::to_string(event.seq) + " payload")}};
}

ordered_json to_value(const AttributeValue& value) {
    return {{"field", value.field},
            {"value", embedded(value.value, "attribute " + value.field)},
            {"channel", nullable(value.channel)},
            {"actor", value.actor},
            {"occurred_at", value.occurred_at},
            {"lead", value.lead},
            {"history_seq", value.history_seq}};
}

ordered_json to_value(const CaptureResult& result) {
    return {{"lead", to_value(result.lead)},
            {"created", result.created},
            {"absorbed", result.absorbed},
            {"conflicts", result.conflicts},
            {"dropped", result.dropped}};
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

std::string to_json(const Lead& lead) {
    std::string text;
    append_lead(text, lead);
    return text;
}
std::string to_json(const std::vector<Lead>& leads) {
    std::string text;
    append_leads(text, leads);
    return text;
}
std::string to_json(const CaptureResult& result) { return text_of(to_value(result)); }
std::string to_json(const std::vector<CaptureResult>& results) { return array_text(results); }
std::string to_json(const User& user) { return text_of(to_value(user)); }
std::string to_json(const std::vector<User>& users) { return array_text(users); }
std::string to_json(const Pool& pool) { return text_of(to_value(pool)); }
std::string to_json(const std::vector<Pool>& pools) { return array_text(pools); }
std::string to_json(const std::vector<HistoryEntry>& history) { return array_text(history); }
std::string to_json(const std::vector<OrgEvent>& events) { return array_text(events); }

std::string to_json(const std::vector<IngestResult>& results) { return array_text(results); }
std::string to_json(const MergeRecord& merge) { return text_of(to_value(merge)); }
std::string to_json(const std::vector<MergeRecord>& merges) { return array_text(merges); }
std::string to_json(const std::vector<IdentityConflict>& conflicts) { return array_text(conflicts); }
std::string to_json(const IdentityConflict& conflict) { return text_of(to_value(conflict)); }

std::string to_json(const MergePage& page) {
    return "{\"merges\":" + array_text(page.merges) + ",\"next_after\":" + text_of(nullable(page.next_after)) + "}";
}

std::string to_json(const ConflictPage& page) {
    return "{\"conflicts\":" + array_text(page.conflicts) + ",\"next_after\":" + text_of(nullable(page.next_after)) +
           "}";
}
std::string to_json(const std::vector<LeadEvent>& events) { return array_text(events); }
std::string to_json(const std::vector<AttributeValue>& values) { return array_text(values); }

std::string to_json(const RekeyReport& report) {
    return text_of({{"needed", report.needed},
                    {"leads", report.leads},
                    {"rekeyed", report.rekeyed},
                    {"dropped", report.dropped},
                    {"unreadable", report.unreadable},
                    {"merged", report.merged},
                    {"conflicts", report.conflicts},
                    {"merge_ids", report.merge_ids},
                    {"conflict_ids", report.conflict_ids}});
}

std::string IdentityRules::to_json() const {
    ordered_json kinds_out = ordered_json::object();
    for (std::size_t i = 0; i < kIdentityKindCount; ++i) {
        const IdentityKindRules& k = kinds[i];
        kinds_out[to_string(static_cast<IdentityKind>(i))] = {{"priority", k.priority},
                                                              {"max_per_lead", k.max_per_lead},
                                                              {"max_joins", k.max_joins},
                                                              {"blocked", k.blocked}};
    }
    return text_of({{"default_region", default_region},
                    {"max_merge_size", max_merge_size},
                    {"switchboard_priority", switchboard_priority},
                    {"keep_unidentified", keep_unidentified},
                    {"kinds", std::move(kinds_out)}});
}

std::string to_json(const LeadPage& page) {
    std::string text = "{\"leads\":";
    append_leads(text, page.leads);
    text += ",\"next_after\":";
    text += page.next_after ? std::to_string(*page.next_after) : std::string("null");
    text += ",\"next_cursor\":";
    text += page.next_cursor ? "{\"key\":" + std::to_string(page.next_cursor->key) +
                                   ",\"id\":" + std::to_string(page.next_cursor->id) + "}"
                             : std::string("null");
    text += '}';
    return text;
}

std::string to_json(const FunnelReport& report) { return text_of(funnel_report_value(report)); }

// --- readers ------------------------------------------------------------------------------------

std::vector<ParsedRecord> channel_records_from_json(std::string_view text) {
    const std::string what = "records";
    std::vector<ParsedRecord> out;
    auto one = [&](const json& value, const Place& place) {
        try {
            out.push_back({read_channel_record(value, place), std::nullopt});
        } catch (const Error& e) {
            out.push_back({std::nullopt, e});
        }
    };
    auto too_many = [&] {
        if (out.size() >= kMaxBatchSize) {
            throw Error(ErrorCode::limit_exceeded,
                        what + ": more than " + std::to_string(kMaxBatchSize) + " records");
        }
    };
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && text[first] == '[') {
        const json document = parse_document(text, what, kMaxDocumentDepth + 2);  // room for event payloads
        const Place place(what, "");
        for (std::size_t i = 0; i < document.size(); ++i) {
            too_many();
            one(document[i], place.item(i));
        }
        return out;
    }
    // JSON Lines: one record per line; a line that is not JSON is refused alone.
    std::size_t line_start = 0;
    for (std::size_t line = 0; line_start <= text.size(); ++line) {
        std::size_t end = text.find('\n', line_start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view body = text.substr(line_start, end - line_start);
        line_start = end + 1;
        if (body.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        too_many();
        const std::string where = what + " line " + std::to_string(line + 1);
        try {
            const json value = parse_document(body, where, kMaxDocumentDepth + 2);
            one(value, Place(where, ""));
        } catch (const Error& e) {
            out.push_back({std::nullopt, e});
        }
    }
    return out;
}

IngestOptions ingest_options_from_json(std::string_view text) {
    return read_document(text, "ingest options", [](const json& value, const Place& place) {
        const Object o(value, place, {"all_or_nothing", "drop_unusable_identities"});
        IngestOptions options;
        o.optional("all_or_nothing", options.all_or_nothing, Object::as_bool);
        o.optional("drop_unusable_identities", options.drop_unusable_identities, Object::as_bool);
        return options;
    });
}

MergeFilter merge_filter_from_json(std::string_view text) {
    return read_document(text, "merge filter", [](const json& value, const Place& place) {
        const Object o(value, place,
                       {"lead", "collisions_only", "include_unmerged", "actor", "at_from", "at_to", "reason"});
        MergeFilter filter;
        o.nullable("lead", filter.lead, Object::as_integer);
        o.optional("collisions_only", filter.collisions_only, Object::as_bool);
        o.optional("include_unmerged", filter.include_unmerged, Object::as_bool);
        o.nullable("actor", filter.actor, Object::as_string);
        o.nullable("at_from", filter.at_from, Object::as_integer);
        o.nullable("at_to", filter.at_to, Object::as_integer);
        o.nullable("reason", filter.reason, Object::as_string);
        return filter;
    });
}

ConflictFilter conflict_filter_from_json(std::string_view text) {
    return read_document(text, "identity conflict filter", [](const json& value, const Place& place) {
        const Object o(value, place, {"lead", "rule", "channel", "at_from", "at_to", "state"});
        ConflictFilter filter;
        o.nullable("lead", filter.lead, Object::as_integer);
        if (const json* rule = o.find("rule", true))
            filter.rule = as_name<ConflictRule>(*rule, o.at("rule"), "rule", parse_conflict_rule);
        o.nullable("channel", filter.channel, Object::as_string);
        o.nullable("at_from", filter.at_from, Object::as_integer);
        o.nullable("at_to", filter.at_to, Object::as_integer);
        if (const json* state = o.find("state")) {
            if (Object::as_string(*state, o.at("state")) == "all") {
                filter.state.reset();
            } else {
                filter.state = as_name<ConflictState>(*state, o.at("state"), "state", parse_conflict_state);
            }
        }
        return filter;
    });
}

RecordPageRequest record_page_from_json(std::string_view text) {
    return read_document(text, "page", [](const json& value, const Place& place) {
        const Object o(value, place, {"after", "limit", "newest_first"});
        RecordPageRequest page;
        o.nullable("after", page.after, Object::as_integer);
        o.optional("newest_first", page.newest_first, Object::as_bool);
        read_page_limit(o, page.limit);
        return page;
    });
}

IdentityRules IdentityRules::from_json(std::string_view text) {
    return read_document(text, "identity rules", [](const json& value, const Place& place) {
        const Object o(
            value, place,
            {"default_region", "max_merge_size", "switchboard_priority", "keep_unidentified", "kinds"});
        IdentityRules rules = IdentityRules::defaults();
        o.optional("default_region", rules.default_region, Object::as_string);
        if (!detail::is_phone_region(rules.default_region)) {
            o.at("default_region").fail("must be a region with a numbering plan (ISO 3166: \"CN\", \"IT\", \"US\", ...) or \"\"");
        }
        read_bounded(o, "max_merge_size", rules.max_merge_size, 1);
        read_bounded(o, "switchboard_priority", rules.switchboard_priority, 1);
        o.optional("keep_unidentified", rules.keep_unidentified, Object::as_bool);
        if (const json* per_kind = o.find("kinds")) {
            if (!per_kind->is_object()) o.at("kinds").fail("must be a JSON object");
            for (auto it = per_kind->begin(); it != per_kind->end(); ++it) {
                const Place at = o.at("kinds").field(it.key());
                auto kind = parse_identity_kind(it.key());
                if (!kind) at.fail("unknown identity kind");
                rules[*kind] = read_kind_rules(it.value(), at, rules[*kind]);
            }
        }
        return rules;
    });
}

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

namespace {

ScoreRange as_score_range(const json& value, const Place& place) {
    const Object o(value, place, {"model", "min", "max"});
    ScoreRange range;
    range.model = o.string("model");
    o.nullable("min", range.min, Object::as_integer);
    o.nullable("max", range.max, Object::as_integer);
    return range;
}

}  // namespace

LeadFilter lead_filter_from_json(std::string_view text) {
    return read_document(text, "lead filter", [](const json& value, const Place& place) {
        const Object o(value, place,
                       {"tier", "pool", "owner", "channel", "tag", "created_from", "created_to", "active_from",
                        "active_to", "referred_by", "campaign", "attributes", "text", "identity", "score"});
        LeadFilter filter;
        o.nullable("tier", filter.tier, as_tier);
        o.nullable("pool", filter.pool, Object::as_integer);
        o.nullable("owner", filter.owner, Object::as_string);
        o.nullable("channel", filter.channel, Object::as_string);
        o.nullable("tag", filter.tag, Object::as_string);
        o.nullable("created_from", filter.created_from, Object::as_integer);
        o.nullable("created_to", filter.created_to, Object::as_integer);
        o.nullable("active_from", filter.active_from, Object::as_integer);
        o.nullable("active_to", filter.active_to, Object::as_integer);
        o.nullable("referred_by", filter.referred_by, Object::as_integer);
        o.nullable("campaign", filter.campaign, Object::as_string);
        o.optional("attributes", filter.attributes, [](const json& list, const Place& at) {
            if (!list.is_array()) at.fail("must be an array of conditions");
            std::vector<RuleCondition> conditions;
            for (std::size_t i = 0; i < list.size(); ++i) conditions.push_back(read_condition(list[i], at.item(i)));
            return conditions;
        });
        o.nullable("text", filter.text, [](const json& search_value, const Place& at) {
            const Object t(search_value, at, {"query", "fields"});
            TextSearch search;
            search.query = t.string("query");
            search.fields = Object::as_strings(t.require("fields"), t.at("fields"));
            return search;
        });
        o.nullable("identity", filter.identity, [](const json& identity, const Place& at) {
            const Object i(identity, at, {"kind", "prefix", "domain"});
            IdentityMatch match;
            match.kind = as_name<IdentityKind>(i.require("kind"), i.at("kind"), "identity kind", parse_identity_kind);
            i.optional("prefix", match.prefix, Object::as_string);
            i.optional("domain", match.domain, Object::as_string);
            return match;
        });
        o.nullable("score", filter.score, as_score_range);
        return filter;
    });
}

PageRequest page_from_json(std::string_view text) {
    return read_document(text, "page", [](const json& value, const Place& place) {
        const Object o(value, place, {"after", "limit", "sort", "descending", "score_model", "cursor"});
        PageRequest page;
        o.optional("after", page.after, Object::as_integer);
        if (const json* sort = o.find("sort", true)) {
            page.sort.key = as_name<LeadSortKey>(*sort, o.at("sort"), "sort", parse_lead_sort_key);
        }
        o.optional("descending", page.sort.descending, Object::as_bool);
        o.optional("score_model", page.sort.score_model, Object::as_string);
        o.nullable("cursor", page.cursor, [](const json& cursor, const Place& at) {
            const Object c(cursor, at, {"key", "id"});
            return LeadCursor{c.integer("key"), c.integer("id")};
        });
        read_page_limit(o, page.limit);
        return page;
    });
}

FunnelFilter funnel_filter_from_json(std::string_view text) {
    return read_document(text, "funnel filter", [](const json& value, const Place& place) {
        const Object o(value, place,
                       {"pool", "owner", "channel", "captured_from", "captured_to", "campaign", "touch", "score"});
        FunnelFilter filter;
        o.nullable("pool", filter.pool, Object::as_integer);
        o.nullable("owner", filter.owner, Object::as_string);
        o.nullable("channel", filter.channel, Object::as_string);
        o.nullable("captured_from", filter.captured_from, Object::as_integer);
        o.nullable("captured_to", filter.captured_to, Object::as_integer);
        o.nullable("campaign", filter.campaign, Object::as_string);
        if (const json* touch = o.find("touch", true))
            filter.touch = as_name<TouchModel>(*touch, o.at("touch"), "touch", parse_touch_model);
        o.nullable("score", filter.score, as_score_range);
        return filter;
    });
}

}  // namespace leadpool
