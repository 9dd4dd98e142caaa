// The organisation: its stage, the policy of each stage, the identity rules and the users,
// every change recorded in the organisation log.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "leadpool/history.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/user.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Every organisation change comes through here: the row in the organisation log, and the
// version bump that retires the cached actors.
void record_org_event(const Operation& op, OrgEventKind kind, const nlohmann::json& detail);

// Error(invalid_argument) for a stage value out of range.
void check_stage(OrgStage stage);
// A user as given by a host: id, name and roles trimmed and present, roles sorted and unique.
User checked_user(const User& user);
// ... and as the first user of a new lead pool in `stage`, who must be able to run it.
User checked_first_user(const User& first_user, OrgStage stage);
// The policy as its JSON form reads back: enum values out of range are refused here.
Policy checked_policy(OrgStage stage, const Policy& policy);
IdentityRules checked_identity_rules(const IdentityRules& rules);

// Sets up an empty store with its (checked) first user and its stage.
void initialize(StoreWriter& store, Timestamp now, const User& first_user, OrgStage stage);

void set_stage(const Operation& op, OrgStage stage);                                // manage_org
void set_policy(const Operation& op, OrgStage stage, const Policy& checked);        // manage_org
void reset_policy(const Operation& op, OrgStage stage);                             // manage_org
// Replaces the identity rules, and starts a re-key of the stored identities when the new rules
// read values otherwise (rekey.hpp runs it).
void set_identity_rules(const Operation& op, const IdentityRules& checked);         // manage_org
std::vector<OrgEvent> org_history(const Reading& reading);                          // manage_org

void add_user(const Operation& op, const User& checked);     // manage_users
void update_user(const Operation& op, const User& checked);  // manage_users
User user(const Reading& reading, const UserId& id);

}  // namespace leadpool::detail
