// Format 1 of the settings on disk, written and read here and nowhere else.
//
// This codec is the wire codec's twin on purpose (leadpool/json.hpp: Policy::to_json,
// routing_table_from_json, ...): today both write the same text, so the field lists below repeat
// the shapes of policy.cpp, json_codec.cpp and json_pool_mechanics.cpp. They are meant to
// diverge: a C ABI shape may change, what a store holds may not, and format 1 stays readable by
// every later leadpool. Only the small helpers of json_support.hpp (strict parsing, the typed
// readers, the compact writer) are shared. tests/config_test.cpp pins the stored text.
//
// A field is one line in its record's Fields (config_record.hpp): written in that order, read by
// name; a field added to format 1 later is left out of older stores and reads as its default.
#include "config_format.hpp"

#include <array>
#include <string>
#include <vector>

#include "config_record.hpp"
#include "leadpool/error.hpp"
#include "phone_number.hpp"

namespace leadpool::detail::config::format {

// --- policies -----------------------------------------------------------------------------------

namespace {

// A grant's actions: ["*"] for every action.
struct Actions {
    ordered_json write(const std::vector<Action>& actions) const {
        if (actions.size() == all_actions().size()) return ordered_json::array({"*"});
        ordered_json out = ordered_json::array();
        for (Action action : actions) out.push_back(to_string(action));
        return out;
    }
    void read(const json& value, const Place& place, std::vector<Action>& out) const {
        if (value == json::array({"*"})) {
            out = all_actions();
            return;
        }
        const auto action = name_of<Action>("action", parse_action);
        ArrayOf<decltype(action)>{action}.read(value, place, out);
    }
};

// A grant's tiers, in tier order: ["*"] for every tier.
struct Tiers {
    ordered_json write(TierMask tiers) const {
        if (tiers == kAllTiers) return ordered_json::array({"*"});
        ordered_json out = ordered_json::array();
        for (int t = 0; t < kTierCount; ++t) {
            if (tiers & tier_bit(static_cast<Tier>(t))) out.push_back(to_string(static_cast<Tier>(t)));
        }
        return out;
    }
    void read(const json& value, const Place& place, TierMask& out) const {
        if (value == json::array({"*"})) {
            out = kAllTiers;
            return;
        }
        std::vector<Tier> tiers;
        const auto tier_name = name_of<Tier>("tier", parse_tier);
        ArrayOf<decltype(tier_name)>{tier_name}.read(value, place, tiers);
        out = 0;
        for (Tier tier : tiers) out = static_cast<TierMask>(out | tier_bit(tier));
    }
};

}  // namespace

// Format 1 wrote a grant's fields in name order.
template <>
struct Fields<Grant> {
    template <typename G, typename Field>
    static void each(G& grant, Field&& field) {
        field("actions", grant.actions, Actions{}, Presence::required);
        field("scope", grant.scope, name_of<Scope>("scope", parse_scope), Presence::required);
        field("tiers", grant.tiers, Tiers{});
    }
};

template <>
struct Fields<Policy> {
    template <typename P, typename Field>
    static void each(P& policy, Field&& field) {
        field("roles", policy.roles, MapOf<ArrayOf<Record>>{}, Presence::required);
        field("duplicates", policy.duplicates,
              MapOf<Name<DuplicateDisclosure, decltype(&parse_duplicate_disclosure)>>{
                  name_of<DuplicateDisclosure>("duplicate disclosure", parse_duplicate_disclosure)},
              Presence::when_set);
    }
};

// --- identity rules -----------------------------------------------------------------------------

template <>
struct Fields<IdentityKindRules> {
    template <typename K, typename Field>
    static void each(K& kind, Field&& field) {
        field("priority", kind.priority, Integer<int>{});
        field("max_per_lead", kind.max_per_lead, Integer<int>{});
        field("max_joins", kind.max_joins, Integer<int>{});
        field("blocked", kind.blocked, Texts{});
    }
};

namespace {

// The rules of each identity kind, keyed by the kind's name; a kind left out keeps its rules.
struct Kinds {
    using Table = std::array<IdentityKindRules, kIdentityKindCount>;
    ordered_json write(const Table& kinds) const {
        ordered_json out = ordered_json::object();
        for (std::size_t i = 0; i < kIdentityKindCount; ++i) {
            out[to_string(static_cast<IdentityKind>(i))] = Record{}.write(kinds[i]);
        }
        return out;
    }
    void read(const json& value, const Place& place, Table& out) const {
        if (!value.is_object()) place.fail("must be a JSON object");
        for (auto it = value.begin(); it != value.end(); ++it) {
            const Place at = place.field(it.key());
            const auto kind = parse_identity_kind(it.key());
            if (!kind) at.fail("unknown identity kind");
            Record{}.read(*it, at, out[static_cast<std::size_t>(*kind)]);
        }
    }
};

// The calling code older stores kept ("86"), read as its region ("CN"); "" stays "".
struct RegionOfCallingCode {
    ordered_json write(const std::string&) const { return nullptr; }  // never written: Presence::legacy
    void read(const json& value, const Place& place, std::string& region) const {
        const std::string code = Object::as_string(value, place);
        region = detail::region_of_calling_code(code);
        if (!code.empty() && region.empty()) place.fail("is no calling code a region uses");
    }
};

}  // namespace

template <>
struct Fields<IdentityRules> {
    template <typename R, typename Field>
    static void each(R& rules, Field&& field) {
        field("default_region", rules.default_region, Text{});
        // Stores written before leadpool parsed phones with libphonenumber hold the calling code.
        field("default_country_code", rules.default_region, RegionOfCallingCode{}, Presence::legacy);
        field("max_merge_size", rules.max_merge_size, Integer<int>{});
        field("switchboard_priority", rules.switchboard_priority, Integer<int>{});
        field("keep_unidentified", rules.keep_unidentified, Flag{});
        field("kinds", rules.kinds, Kinds{});
    }
};

// --- routing ------------------------------------------------------------------------------------

template <>
struct Fields<RuleCondition> {
    template <typename C, typename Field>
    static void each(C& condition, Field&& field) {
        field("field", condition.field, Text{}, Presence::required);
        field("op", condition.op, name_of<RuleOperator>("operator", parse_rule_operator), Presence::required);
        field("values", condition.values, Texts{});
        field("min", condition.min, Nullable<Number>{});
        field("max", condition.max, Nullable<Number>{});
    }
};

template <>
struct Fields<RoutingRule> {
    template <typename R, typename Field>
    static void each(R& rule, Field&& field) {
        field("name", rule.name, Text{}, Presence::required);
        field("pool", rule.pool, Integer<PoolId>{}, Presence::required);
        field("when", rule.when, ArrayOf<Record>{});
    }
};

template <>
struct Fields<RoutingTable> {
    template <typename T, typename Field>
    static void each(T& table, Field&& field) {
        field("rules", table.rules, ArrayOf<Record>{});
        field("default_pool", table.default_pool, Nullable<Integer<PoolId>>{});
    }
};

// --- pool settings ------------------------------------------------------------------------------

template <>
struct Fields<PoolSettings> {
    template <typename S, typename Field>
    static void each(S& settings, Field&& field) {
        field("strategy", settings.strategy, name_of<AssignStrategy>("strategy", parse_assign_strategy));
        field("max_held", settings.max_held, Nullable<Integer<std::int64_t>>{});
        field("capacity", settings.capacity, MapOf<Integer<std::int64_t>>{});
        field("claim_cooldown_ms", settings.claim_cooldown_ms, Integer<Timestamp>{});
        field("held_idle_ms", settings.held_idle_ms, Nullable<Integer<Timestamp>>{});
        field("opportunity_idle_ms", settings.opportunity_idle_ms, Nullable<Integer<Timestamp>>{});
        field("recycle_to", settings.recycle_to,
              name_of<RecycleTarget>("recycle target", parse_recycle_target));
        field("warning_ms", settings.warning_ms, Integer<Timestamp>{});
        field("assign_by_score", settings.assign_by_score, Text{});
    }
};

// --- workflows ----------------------------------------------------------------------------------

template <>
struct Fields<WorkflowStep> {
    template <typename S, typename Field>
    static void each(S& step, Field&& field) {
        field("name", step.name, Text{}, Presence::required);
        field("collaborators", step.collaborators, Texts{});
    }
};

template <>
struct Fields<Workflow> {
    template <typename W, typename Field>
    static void each(W& workflow, Field&& field) {
        field("name", workflow.name, Text{}, Presence::required);
        field("steps", workflow.steps, ArrayOf<Record>{}, Presence::required);
        field("product_types", workflow.product_types, Texts{});
        field("retired", workflow.retired, Flag{}, Presence::when_set);
    }
};

// --- the change feed's settings -----------------------------------------------------------------

template <>
struct Fields<FeedSettings> {
    template <typename S, typename Field>
    static void each(S& settings, Field&& field) {
        field("retention_ms", settings.retention_ms, Integer<std::int64_t>{});
    }
};

// --- a re-key under way -------------------------------------------------------------------------

template <>
struct Fields<RekeyProgress> {
    template <typename P, typename Field>
    static void each(P& progress, Field&& field) {
        field("after", progress.after, Integer<LeadId>{}, Presence::required);
        field("leads", progress.counts.leads, Integer<std::int64_t>{});
        field("rekeyed", progress.counts.rekeyed, Integer<std::int64_t>{});
        field("dropped", progress.counts.dropped, Integer<std::int64_t>{});
        field("unreadable", progress.counts.unreadable, Integer<std::int64_t>{});
        field("merged", progress.counts.merged, Integer<std::int64_t>{});
        field("conflicts", progress.counts.conflicts, Integer<std::int64_t>{});
    }
};

// --- the stored texts ---------------------------------------------------------------------------

namespace {

template <typename Codec, typename T>
std::string encode_with(const Codec& codec, const T& value) {
    return json_support::text_of(codec.write(value));
}

// Reads `text` into `value` (whose fields a stored object leaves out keep their values). A
// stored value that does not read back is the medium's fault, not the caller's.
template <typename Codec, typename T>
T decode_with(const Codec& codec, const std::string& what, std::string_view text, T value) {
    try {
        const json document = json_support::parse_document(text, what, json_support::kMaxDocumentDepth);
        codec.read(document, Place(what, ""), value);
        return value;
    } catch (const Error& e) {
        throw Error(ErrorCode::storage, "stored " + what + " is damaged: " + e.what());
    }
}

}  // namespace

std::string encode(const Policy& policy) { return encode_with(Record{}, policy); }
std::string encode(const IdentityRules& rules) { return encode_with(Record{}, rules); }
std::string encode(const RoutingTable& table) { return encode_with(Record{}, table); }
std::string encode(const PoolSettings& settings) { return encode_with(Record{}, settings); }
std::string encode(const FeedSettings& settings) { return encode_with(Record{}, settings); }
std::string encode(const std::vector<Workflow>& workflows) {
    return encode_with(ArrayOf<Record>{}, workflows);
}
std::string encode(const RekeyProgress& progress) { return encode_with(Record{}, progress); }

Policy decode_policy(std::string_view text) { return decode_with(Record{}, "policy", text, Policy{}); }

IdentityRules decode_identity_rules(std::string_view text) {
    return decode_with(Record{}, "identity rules", text, IdentityRules::defaults());
}

RoutingTable decode_routing_table(std::string_view text) {
    return decode_with(Record{}, "routing table", text, RoutingTable{});
}

PoolSettings decode_pool_settings(std::string_view text) {
    return decode_with(Record{}, "pool settings", text, PoolSettings{});
}

FeedSettings decode_feed_settings(std::string_view text) {
    return decode_with(Record{}, "feed settings", text, FeedSettings{});
}

std::vector<Workflow> decode_workflows(std::string_view text) {
    return decode_with(ArrayOf<Record>{}, "workflows", text, std::vector<Workflow>{});
}

RekeyProgress decode_rekey_progress(std::string_view text) {
    return decode_with(Record{}, "identity re-key", text, RekeyProgress{});
}

}  // namespace leadpool::detail::config::format
