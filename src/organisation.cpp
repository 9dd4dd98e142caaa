#include "organisation.hpp"

#include <algorithm>
#include <string>

#include "config.hpp"
#include "context.hpp"
#include "leadpool/json.hpp"
#include "lead_data.hpp"
#include "rekey.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

// Users in organisation events look as the JSON codec writes them.
json as_json(const User& user) { return json::parse(to_json(user)); }

void append_org_event(StoreWriter& store, Timestamp now, OrgEventKind kind, const UserId& actor,
                      const json& detail) {
    config::bump_org_version(store);
    OrgEvent event;
    event.kind = kind;
    event.actor = actor;
    event.at = now;
    event.detail = detail.dump();
    store.append_org_event(event);
}

}  // namespace

void record_org_event(const Operation& op, OrgEventKind kind, const json& detail) {
    append_org_event(op.store, op.now, kind, op.actor(), detail);
}

void check_stage(OrgStage stage) {
    if (std::string_view(to_string(stage)) == "unknown") {
        throw Error(ErrorCode::invalid_argument, "unknown stage " + std::to_string(static_cast<int>(stage)));
    }
}

User checked_user(const User& user) {
    User out = user;
    out.id = checked_name(user.id, "user id");
    out.name = checked_name(user.name, "user name");
    check_text(out.department, "user department");
    out.roles.clear();
    for (const auto& role : user.roles) out.roles.push_back(checked_name(role, "role"));
    std::sort(out.roles.begin(), out.roles.end());
    out.roles.erase(std::unique(out.roles.begin(), out.roles.end()), out.roles.end());
    return out;
}

User checked_first_user(const User& first_user, OrgStage stage) {
    check_stage(stage);
    const User user = checked_user(first_user);
    // Someone must be able to run the organisation from the start (a fresh store has no policy
    // of its own yet, so the default applies).
    const Policy& policy = Policy::default_for(stage);
    for (Action needed : {Action::manage_users, Action::manage_org}) {
        if (!user.active || policy.scopes_for(user.roles, needed) == 0) {
            throw Error(ErrorCode::invalid_argument,
                        "initialize: the first user must be active and hold a role that may " +
                            std::string(to_string(needed)) + " in stage " + to_string(stage));
        }
    }
    return user;
}

Policy checked_policy(OrgStage stage, const Policy& policy) {
    check_stage(stage);
    return Policy::from_json(policy.to_json());
}

IdentityRules checked_identity_rules(const IdentityRules& rules) {
    return IdentityRules::from_json(rules.to_json());  // the same checks a host's JSON gets
}

void initialize(StoreWriter& store, Timestamp now, const User& first_user, OrgStage stage) {
    if (config::stage(store)) throw Error(ErrorCode::conflict, "the lead pool is already initialized");
    store.put_user(first_user);
    config::set_stage(store, stage);
    append_org_event(store, now, OrgEventKind::initialized, first_user.id,
                     {{"user", as_json(first_user)}, {"stage", to_string(stage)}});
}

void set_stage(const Operation& op, OrgStage stage) {
    const OrgStage from = op.context.stage(op.store);
    if (from == stage) return;
    config::set_stage(op.store, stage);
    record_org_event(op, OrgEventKind::stage_changed, {{"from", to_string(from)}, {"to", to_string(stage)}});
}

void set_policy(const Operation& op, OrgStage stage, const Policy& checked) {
    if (stage == op.context.stage(op.store) && checked.scopes_for(op.access.user().roles, Action::manage_org) == 0) {
        throw Error(ErrorCode::invalid_argument,
                    "policy: it would take manage_org from '" + op.actor() + "' in the current stage");
    }
    config::set_policy(op.store, stage, checked);
    record_org_event(op, OrgEventKind::policy_changed,
                     {{"stage", to_string(stage)}, {"policy", json::parse(checked.to_json())}});
}

void reset_policy(const Operation& op, OrgStage stage) {
    config::reset_policy(op.store, stage);
    record_org_event(op, OrgEventKind::policy_changed, {{"stage", to_string(stage)}, {"policy", "default"}});
}

void set_identity_rules(const Operation& op, const IdentityRules& checked) {
    const bool rekey = rekey_needed(*op.context.identity_rules(op.store), checked);
    config::set_identity_rules(op.store, checked);
    record_org_event(op, OrgEventKind::identity_rules_changed, json::parse(checked.to_json()));
    if (rekey) start_rekey(op);
}

std::vector<OrgEvent> org_history(const Reading& reading) {
    reading.access.require(Action::manage_org);
    return reading.store.org_events();
}

void add_user(const Operation& op, const User& checked) {
    if (op.store.user(checked.id)) throw Error(ErrorCode::conflict, "user '" + checked.id + "' exists already");
    op.store.put_user(checked);
    record_org_event(op, OrgEventKind::user_added, as_json(checked));
}

void update_user(const Operation& op, const User& checked) {
    auto previous = op.store.user(checked.id);
    if (!previous) not_found("no user '" + checked.id + "'");
    op.store.put_user(checked);
    json detail = as_json(checked);
    detail["previous"] = as_json(*previous);
    record_org_event(op, OrgEventKind::user_updated, detail);
}

User user(const Reading& reading, const UserId& id) {
    auto found = reading.store.user(id);
    if (!found) not_found("no user '" + id + "'");
    return *found;
}

}  // namespace leadpool::detail
