// The organisation's settings as the store keeps them: every settings key, and the format of
// its value on disk, live here and nowhere else.
//
// The values are the engine's own records (src/config_format.cpp), not the JSON the C ABI
// exchanges: changing a wire shape (docs/json.md) never changes what a store holds. The key
// `config_format` names the format the settings were written in; a store without it holds
// format 1, and a store written by a newer leadpool (a higher format) is refused with
// Error(storage) rather than misread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/identity_rules.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/pool_settings.hpp"
#include "leadpool/rekey.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/scoring.hpp"
#include "leadpool/stage.hpp"
#include "leadpool/store.hpp"
#include "leadpool/workflow.hpp"

namespace leadpool::detail::config {

// The settings format this build reads and writes.
inline constexpr int kFormat = 1;

// The stage; none before the lead pool was initialized.
std::optional<OrgStage> stage(StoreReader& store);
void set_stage(StoreWriter& store, OrgStage stage);

// The policy in force for a stage: the host's own if one was set, else the default. Decoded
// policies are shared by every engine of the process while their stored text is the same.
std::shared_ptr<const Policy> policy(StoreReader& store, OrgStage stage);
void set_policy(StoreWriter& store, OrgStage stage, const Policy& policy);
void reset_policy(StoreWriter& store, OrgStage stage);  // back to the default

// The identity rules in force; the defaults when none were set.
std::shared_ptr<const IdentityRules> identity_rules(StoreReader& store);
void set_identity_rules(StoreWriter& store, const IdentityRules& rules);

// The organisation's version: bumped by every change of users, pools, policies or the stage,
// so that what was resolved from them can be cached under it (actor_cache.hpp).
std::string org_version(StoreReader& store);
void bump_org_version(StoreWriter& store);

RoutingTable routing_table(StoreReader& store);  // empty when none was set
void set_routing_table(StoreWriter& store, const RoutingTable& table);

PoolSettings pool_settings(StoreReader& store, PoolId pool);  // the defaults when none were set
void set_pool_settings(StoreWriter& store, PoolId pool, const PoolSettings& settings);

std::vector<Workflow> workflows(StoreReader& store);  // in order of definition
void set_workflows(StoreWriter& store, const std::vector<Workflow>& workflows);

FeedSettings feed_settings(StoreReader& store);  // the defaults when none were set
void set_feed_settings(StoreWriter& store, const FeedSettings& settings);

// Where a re-key of the stored identities stands (rekey.hpp): the last lead re-keyed and the
// counts so far. None when no re-key is under way.
struct RekeyProgress {
    LeadId after = 0;
    RekeyReport counts;  // its counts only
};
std::optional<RekeyProgress> rekey_progress(StoreReader& store);
void set_rekey_progress(StoreWriter& store, const RekeyProgress& progress);
void end_rekey(StoreWriter& store);

// The scoring rules in force (scoring.hpp); no models when none were set. Kept in the JSON shape
// of docs/json.md; decoded rules are shared while their stored text is the same.
std::shared_ptr<const ScoringRules> scoring_rules(StoreReader& store);
void set_scoring_rules(StoreWriter& store, const ScoringRules& rules);

// Where a rescore after the scoring rules changed stands: the last lead rescored and the counts
// so far. None when no rescore is under way.
struct RescoreProgress {
    LeadId after = 0;
    RescoreReport counts;
};
std::optional<RescoreProgress> rescore_progress(StoreReader& store);
void set_rescore_progress(StoreWriter& store, const RescoreProgress& progress);
void end_rescore(StoreWriter& store);

// The salt of the suppression list's hashes (suppression.hpp): none until the first erasure
// that suppressed a person made one; it never changes after.
std::optional<std::string> suppression_salt(StoreReader& store);
void set_suppression_salt(StoreWriter& store, const std::string& salt);

// The member a pool's round robin handed a lead to last; none before its first assignment.
std::optional<UserId> assignment_cursor(StoreReader& store, PoolId pool);
void set_assignment_cursor(StoreWriter& store, PoolId pool, const UserId& member);

}  // namespace leadpool::detail::config
