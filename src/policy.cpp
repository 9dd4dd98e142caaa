// Policy tables: JSON in and out, the compiled-in defaults, and the lookup the engine evaluates.
#include "leadpool/policy.hpp"
#include "leadpool/transition.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "leadpool/error.hpp"
#include "text.hpp"

namespace leadpool {
namespace detail {
extern const std::string_view kDefaultPoliciesJson;
}

namespace {

using nlohmann::json;

[[noreturn]] void bad_policy(const std::string& where, const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "policy: " + where + ": " + what);
}

const json& required_array(const json& object, const char* key, const std::string& where) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_array())
        bad_policy(where, std::string("'") + key + "' must be an array");
    return *it;
}

bool is_wildcard(const json& names) {
    return names.size() == 1 && names[0].is_string() && names[0].get<std::string>() == "*";
}

Grant parse_grant(const json& j, const std::string& where) {
    if (!j.is_object()) bad_policy(where, "a grant must be an object");
    for (const auto& [key, value] : j.items()) {
        if (key != "actions" && key != "tiers" && key != "scope")
            bad_policy(where, "unknown field '" + key + "'");
    }
    Grant grant;
    const json& actions = required_array(j, "actions", where);
    if (actions.empty()) bad_policy(where, "'actions' is empty");
    if (is_wildcard(actions)) {
        grant.actions = all_actions();
    } else {
        for (const auto& name : actions) {
            auto action = name.is_string() ? parse_action(name.get<std::string>()) : std::nullopt;
            if (!action) bad_policy(where, "unknown action " + name.dump());
            if (std::find(grant.actions.begin(), grant.actions.end(), *action) == grant.actions.end()) {
                grant.actions.push_back(*action);  // listed once: a full list reads back as "*"
            }
        }
    }
    if (j.contains("tiers")) {
        const json& tiers = required_array(j, "tiers", where);
        if (tiers.empty()) bad_policy(where, "'tiers' is empty");
        if (!is_wildcard(tiers)) {
            grant.tiers = 0;
            for (const auto& name : tiers) {
                auto tier = name.is_string() ? parse_tier(name.get<std::string>()) : std::nullopt;
                if (!tier) bad_policy(where, "unknown tier " + name.dump());
                grant.tiers |= tier_bit(*tier);
            }
        }
    }
    auto scope_it = j.find("scope");
    if (scope_it == j.end() || !scope_it->is_string()) bad_policy(where, "'scope' must be a string");
    auto scope = parse_scope(scope_it->get<std::string>());
    if (!scope) bad_policy(where, "unknown scope " + scope_it->dump());
    grant.scope = *scope;
    return grant;
}

json grant_to_json(const Grant& grant) {
    json actions = json::array();
    if (grant.actions.size() == all_actions().size()) {
        actions.push_back("*");
    } else {
        for (Action a : grant.actions) actions.push_back(to_string(a));
    }
    json tiers = json::array();
    if (grant.tiers == kAllTiers) {
        tiers.push_back("*");
    } else {
        for (int t = 0; t < kTierCount; ++t) {
            if (grant.tiers & tier_bit(static_cast<Tier>(t)))
                tiers.push_back(to_string(static_cast<Tier>(t)));
        }
    }
    return {{"actions", actions}, {"tiers", tiers}, {"scope", to_string(grant.scope)}};
}

Policy policy_from_json(const json& j) {
    if (!j.is_object()) bad_policy("(top)", "must be a JSON object");
    for (const auto& [key, value] : j.items()) {
        if (key != "roles" && key != "duplicates") bad_policy("(top)", "unknown field '" + key + "'");
    }
    auto roles = j.find("roles");
    if (roles == j.end() || !roles->is_object()) bad_policy("(top)", "'roles' must be an object");
    Policy policy;
    for (const auto& [role, grants] : roles->items()) {
        const std::string where = "roles." + role;
        if (role.empty()) bad_policy(where, "role name is empty");
        if (!grants.is_array()) bad_policy(where, "must be an array of grants");
        auto& parsed = policy.roles[role];
        for (std::size_t i = 0; i < grants.size(); ++i) {
            parsed.push_back(parse_grant(grants[i], where + "[" + std::to_string(i) + "]"));
        }
    }
    if (auto duplicates = j.find("duplicates"); duplicates != j.end()) {
        if (!duplicates->is_object()) bad_policy("duplicates", "must be an object of role: disclosure");
        for (const auto& [role, value] : duplicates->items()) {
            const std::string where = "duplicates." + role;
            if (policy.roles.count(role) == 0) bad_policy(where, "names a role 'roles' does not list");
            auto disclosure =
                value.is_string() ? parse_duplicate_disclosure(value.get<std::string>()) : std::nullopt;
            if (!disclosure) bad_policy(where, "must be \"none\", \"exists\" or \"owner\", not " + value.dump());
            policy.duplicates[role] = *disclosure;
        }
    }
    return policy;
}

json parse_json(std::string_view text) {
    detail::check_json_depth(text, "policy");
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        throw Error(ErrorCode::invalid_argument, std::string("policy: malformed JSON: ") + e.what());
    }
}

struct Defaults {
    std::map<OrgStage, Policy> by_stage;

    Defaults() {
        const json all = json::parse(detail::kDefaultPoliciesJson);
        for (OrgStage stage : kAllStages) by_stage[stage] = policy_from_json(all.at(to_string(stage)));
    }
};

const Defaults& defaults() {
    static const Defaults instance;
    return instance;
}

std::uint8_t scopes(const Policy& policy, const std::vector<std::string>& user_roles, Action action,
                    TierMask tier) {
    std::uint8_t mask = 0;
    for (const auto& role : user_roles) {
        auto it = policy.roles.find(role);
        if (it == policy.roles.end()) continue;
        for (const auto& grant : it->second) {
            if ((grant.tiers & tier) == 0) continue;
            if (std::find(grant.actions.begin(), grant.actions.end(), action) == grant.actions.end())
                continue;
            mask = static_cast<std::uint8_t>(mask | (1u << static_cast<unsigned>(grant.scope)));
        }
    }
    return mask;
}

}  // namespace

Policy Policy::from_json(std::string_view text) { return policy_from_json(parse_json(text)); }

std::string Policy::to_json() const {
    json roles_json = json::object();
    for (const auto& [role, grants] : roles) {
        json list = json::array();
        for (const auto& grant : grants) list.push_back(grant_to_json(grant));
        roles_json[role] = list;
    }
    json out = {{"roles", roles_json}};
    // Written only when set, so a policy without it keeps the text it always had.
    if (!duplicates.empty()) {
        json duplicates_json = json::object();
        for (const auto& [role, disclosure] : duplicates) duplicates_json[role] = to_string(disclosure);
        out["duplicates"] = std::move(duplicates_json);
    }
    return out.dump();
}

const Policy& Policy::default_for(OrgStage stage) { return defaults().by_stage.at(stage); }

std::string_view Policy::defaults_json() noexcept { return detail::kDefaultPoliciesJson; }

std::uint8_t Policy::scopes_for(const std::vector<std::string>& user_roles, Action action, Tier tier) const {
    return scopes(*this, user_roles, action, tier_bit(tier));
}

std::uint8_t Policy::scopes_for(const std::vector<std::string>& user_roles, Action action) const {
    return scopes(*this, user_roles, action, kAllTiers);
}

DuplicateDisclosure Policy::disclosure_for(const std::vector<std::string>& user_roles) const {
    std::optional<DuplicateDisclosure> most;
    for (const auto& role : user_roles) {
        if (roles.count(role) == 0) continue;  // a role the stage does not list grants nothing
        auto it = duplicates.find(role);
        const DuplicateDisclosure disclosure = it == duplicates.end() ? kDefaultDuplicateDisclosure : it->second;
        if (!most || disclosure > *most) most = disclosure;
    }
    return most.value_or(DuplicateDisclosure::none);
}

bool operator==(const Grant& a, const Grant& b) {
    return a.actions == b.actions && a.tiers == b.tiers && a.scope == b.scope;
}

bool operator==(const Policy& a, const Policy& b) { return a.roles == b.roles && a.duplicates == b.duplicates; }

bool is_transition(Action action) noexcept { return legal_move(action) != nullptr; }

bool is_org_action(Action action) noexcept {
    switch (action) {
        case Action::report:
        case Action::manage_pools:
        case Action::manage_users:
        case Action::manage_org:
        case Action::recycle:
        case Action::manage_workflows:
        case Action::read_feed:
        case Action::rekey:
        case Action::manage_scoring:
        case Action::score: return true;
        default: return false;
    }
}

const std::vector<Action>& all_actions() noexcept {
    static const std::vector<Action> actions = [] {
        std::vector<Action> every;
        for (int a = 0; a < kActionCount; ++a) every.push_back(static_cast<Action>(a));
        return every;
    }();
    return actions;
}

}  // namespace leadpool
