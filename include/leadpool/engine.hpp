// leadpool — the Engine: the only door to a lead pool.
//
// Every operation names its actor (a user id). The engine checks the actor against the policy of
// the company's current stage, validates the input, runs the operation in one store transaction
// (the state change and its history row commit together) and returns a typed result. Failures
// throw leadpool::Error with a stable code; a failed operation changes nothing.
//
// Thread-safety: an Engine may be shared by any number of threads without outside locking.
// Write operations (capture, update, transitions, organisation changes) take turns through the
// store's single write transaction — across threads and, with the SQLite store, across
// processes that open the same file. Read operations (get, list, history, funnel) run on their
// own snapshot and do not wait for a running write, however long the batch.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/capture_cohorts.hpp"
#include "leadpool/collisions.hpp"
#include "leadpool/change_feed.hpp"
#include "leadpool/clock.hpp"
#include "leadpool/error.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/tier_moves.hpp"
#include "leadpool/tier_times.hpp"
#include "leadpool/owner_holdings.hpp"
#include "leadpool/public_share.hpp"
#include "leadpool/history.hpp"
#include "leadpool/identity_rules.hpp"
#include "leadpool/scoring.hpp"
#include "leadpool/ingest.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/personal_data.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/pool.hpp"
#include "leadpool/pool_mechanics.hpp"
#include "leadpool/query.hpp"
#include "leadpool/referral.hpp"
#include "leadpool/rekey.hpp"
#include "leadpool/stage.hpp"
#include "leadpool/store.hpp"
#include "leadpool/transition.hpp"
#include "leadpool/user.hpp"

namespace leadpool {

struct EngineOptions {
    std::shared_ptr<const Clock> clock;  // default: SystemClock
};

class Engine {
public:
    explicit Engine(std::unique_ptr<Store> store, EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // --- organisation -------------------------------------------------------------------
    // Sets up an empty store: the first user, who must hold a role that may manage users and
    // the organisation in that stage's default policy (e.g. "director"), and the starting
    // stage. Conflict if done before.
    void initialize(const User& first_user, OrgStage stage);
    bool initialized() const;

    OrgStage stage() const;
    // Moves the company to another stage. Leads, pools, users and history stay as they are;
    // only the policy in force changes. Recorded in the organisation log. Needs manage_org.
    void set_stage(const UserId& actor, OrgStage stage);

    // The policy in force for a stage: the host's own if one was loaded, else the default.
    Policy policy(OrgStage stage) const;
    // Loads the host's own policy for a stage (manage_org). Every role a user holds should be
    // in it; a role missing from the policy of the current stage grants nothing.
    void set_policy(const UserId& actor, OrgStage stage, const Policy& policy);
    void reset_policy(const UserId& actor, OrgStage stage);        // back to the default
    std::vector<OrgEvent> org_history(const UserId& actor) const;  // manage_org

    // --- users --------------------------------------------------------------------------
    void add_user(const UserId& actor, const User& user);     // manage_users
    void update_user(const UserId& actor, const User& user);  // manage_users; replaces the user
    User user(const UserId& actor, const UserId& id) const;   // any active user
    std::vector<User> users(const UserId& actor) const;       // any active user

    // --- pools --------------------------------------------------------------------------
    // manage_pools with scope all anywhere; with managed_pools only below a pool the actor
    // manages. Names are unique (conflict otherwise); the master pool cannot be changed.
    Pool create_pool(const UserId& actor, const PoolSpec& spec);
    Pool update_pool(const UserId& actor, PoolId id, const PoolSpec& spec);  // incl. parent
    Pool move_pool(const UserId& actor, PoolId id, std::optional<PoolId> new_parent);
    Pool pool(const UserId& actor, PoolId id) const;     // any active user
    std::vector<Pool> pools(const UserId& actor) const;  // any active user

    // --- leads --------------------------------------------------------------------------
    // Ingests one record (see ingest()) whose identities must all be usable: a new lead lands
    // in the master pool; a lead an identity names is updated (attributes merged, latest wins;
    // channel, identities and tags added); several such leads are merged into one.
    CaptureResult capture(const UserId& actor, const LeadInput& input);
    // All or nothing: one bad input fails the whole batch and nothing is written.
    std::vector<CaptureResult> capture_batch(const UserId& actor, const std::vector<LeadInput>& inputs);

    // A lead id keeps working after a merge: the id of an absorbed lead names the lead that
    // holds it, for reads, updates and transitions alike. An id of a lead the actor may neither
    // read nor act on answers not_found, word for word as an id that names no lead
    // (docs/design.md 5.4); so does this read of a lead the actor may not read.
    Lead lead(const UserId& actor, LeadId id) const;
    // The lead holding the identity, if there is one the actor may read. When a lead outside
    // the actor's scope holds it: what their duplicate disclosure allows (policy.hpp) —
    // nullopt for none, permission_denied saying it exists (and who owns it) otherwise.
    std::optional<Lead> find_lead(const UserId& actor, const Identity& identity) const;
    LeadPage leads(const UserId& actor, const LeadFilter& filter = {}, const PageRequest& page = {}) const;
    Lead update_lead(const UserId& actor, LeadId id, const LeadUpdate& update);
    // Every history row of the lead and of the leads merged into it, in seq order.
    std::vector<HistoryEntry> history(const UserId& actor, LeadId id) const;

    // --- ingestion and merges (ingest.hpp, merge.hpp) ------------------------------------
    // Ingests channel records in one transaction, each resolved against the ones before it:
    // created, updated, merged, duplicate (re-delivered record id) or rejected with its error.
    // Needs capture, plus capture and read on every lead a record names; a lead outside that
    // scope refuses the record or is kept apart, as the duplicate disclosure says (policy.hpp).
    // A record whose merge or identities would break an identity rule goes to the survivor-rule
    // lead without what broke it, and raises an identity conflict for review.
    std::vector<IngestResult> ingest(const UserId& actor, const std::vector<ChannelRecord>& records,
                                     const IngestOptions& options = {});
    // Merges two leads by hand (merge on both; the identity rules' max_merge_size and
    // max_per_lead still apply: conflict). The survivor follows the survivor rule.
    MergeRecord merge_leads(const UserId& actor, LeadId first, LeadId second, const std::string& reason = {});
    // Undoes a merge (unmerge on the lead that holds the absorbed one) and returns the
    // restored lead. Conflict when it was undone before.
    Lead unmerge(const UserId& actor, MergeId merge, const std::string& reason = {});
    // Merges both of whose leads the actor may read now.
    std::vector<MergeRecord> merges(const UserId& actor, const MergeFilter& filter = {}) const;
    // Identity conflicts every lead of which (the lead and the others) the actor may read now,
    // in every state.
    std::vector<IdentityConflict> identity_conflicts(const UserId& actor) const;
    // One page of the merges the filter selects, both of whose leads the actor may read now, in
    // id order (newest first if asked). invalid_argument: a limit outside 1..kMaxPageSize, an
    // after or lead below 1, at_from after at_to.
    MergePage merges(const UserId& actor, const MergeFilter& filter, const RecordPageRequest& page) const;
    // One page of the identity conflicts the filter selects (open ones unless it says otherwise),
    // every lead of which the actor may read now; invalid_argument as for merges.
    ConflictPage identity_conflicts(const UserId& actor, const ConflictFilter& filter,
                                    const RecordPageRequest& page) const;
    // Settles an open identity conflict (resolve_conflict on its lead): `merge` merges its lead
    // with the others it named as merge_leads does (merge on each; a guard that still refuses is
    // a conflict and nothing changes), `dismiss` keeps them apart and needs a reason
    // (invalid_argument). The conflict keeps its record with the resolution; a history row of
    // action resolve_conflict goes to its lead. not_found: no such conflict (or none the actor
    // may see); conflict: resolved before.
    IdentityConflict resolve_identity_conflict(const UserId& actor, std::int64_t conflict, ConflictResolution resolution,
                                               const std::string& reason = {});
    // The behaviour events of the lead and the leads merged into it, by time.
    std::vector<LeadEvent> events(const UserId& actor, LeadId id) const;
    // Every value records and edits set on `field` (every field when empty), oldest first.
    std::vector<AttributeValue> attribute_history(const UserId& actor, LeadId id,
                                                  const std::string& field = {}) const;

    // --- personal data (personal_data.hpp) -------------------------------------------------
    // Erases the person the lead `id` names (an absorbed id: the lead holding it) and every lead
    // merged into it (erase_personal_data on the lead). invalid_argument: an empty reason;
    // not_found: as for any lead id; conflict: nothing left to erase (erased before). With
    // request.suppress, a later capture or record carrying one of the erased identities is
    // refused (ErrorCode::suppressed). The report says what was redacted and what the store
    // still keeps of the old values (report.scrub: SQLite's checkpoint held back by a reader,
    // PostgreSQL's dead tuples until VACUUM).
    ErasureReport erase(const UserId& actor, LeadId id, const ErasureRequest& request);
    // Subject access: everything the pool holds of the person the identity names
    // (export_personal_data). The identity is normalised as a capture's; one naming no lead the
    // actor may read is not_found. Recorded in the organisation history (without the identity).
    PersonalData personal_data(const UserId& actor, const Identity& identity);

    IdentityRules identity_rules() const;
    // Replaces the identity rules (manage_org) and, when they read stored values otherwise (a
    // new default region, new blocked values), re-keys every stored identity in batches, merging
    // leads that come to share a value (rekey.hpp). Returns what the re-key did.
    RekeyReport set_identity_rules(const UserId& actor, const IdentityRules& rules);

    // --- referral campaigns (referral.hpp) ----------------------------------------------------
    // The referral tree below the lead (read): whom it brought, whom those brought, to `depth`
    // levels (1..kMaxReferralDepth), and the chain of its referrers above it. invalid_argument:
    // depth out of range; limit_exceeded: the tree reaches more than kMaxReferralTreeSize leads.
    ReferralTree referrals(const UserId& actor, LeadId lead, int depth = 3) const;
    // Every campaign touch of the lead and the leads merged into it (read), oldest first (by
    // occurred_at): the first is the lead's first touch (Lead::attribution), the last its last.
    std::vector<Touch> touches(const UserId& actor, LeadId lead) const;
    // What a campaign brought, over the leads the actor may read (report), by generation and by
    // referrer. invalid_argument: an empty campaign.
    CampaignMetrics campaign_metrics(const UserId& actor, const CampaignFilter& filter) const;
    // --- lead scoring (scoring.hpp) -------------------------------------------------------
    ScoringRules scoring_rules() const;  // no models until some were set
    // Replaces the scoring rules (manage_scoring) and rescores every lead, in batches of
    // kRescoreBatch leads, each its own transaction; `progress`, when given, hears the counts
    // after each batch. Error(invalid_argument) or Error(limit_exceeded) names the model, rule
    // and field at fault, and changes nothing.
    RescoreReport set_scoring_rules(const UserId& actor, const ScoringRules& rules,
                                    const std::function<void(const RescoreReport&)>& progress = {});
    // The lead's scores, one per model, each with the points every rule gave (read).
    std::vector<LeadScore> scores(const UserId& actor, LeadId lead) const;

    // --- transitions --------------------------------------------------------------------
    Lead transition(const UserId& actor, const TransitionRequest& request);
    // All or nothing, in order: a lead may appear more than once and moves step by step.
    std::vector<Lead> transition_batch(const UserId& actor, const std::vector<TransitionRequest>& requests);

    // Whether the actor may perform `action` on the lead as it is now (for a transition:
    // on the lead, not yet on a particular target pool). False for an id that names no lead,
    // as for a lead outside the actor's scope.
    bool can(const UserId& actor, Action action, LeadId id) const;

    // --- reports ------------------------------------------------------------------------
    FunnelReport funnel(const UserId& actor, const FunnelFilter& filter = {}) const;
    // The funnel over the same leads broken down by one or two keys (funnel_breakdown.hpp) in one
    // read: a report per non-empty group and the total. Needs report, as funnel() does.
    FunnelBreakdown funnel_breakdown(const UserId& actor, const FunnelFilter& filter,
                                     const FunnelBreakdownRequest& request) const;
    // The period report (tier_moves.hpp): how many of the same leads moved into each tier during
    // [request.from, request.to), from their history, whole or by one key. Needs report.
    TierMoves tier_moves(const UserId& actor, const FunnelFilter& filter, const TierMovesRequest& request) const;
    // The capture cohort table (capture_cohorts.hpp): the same leads by capture week or month,
    // each cohort followed through the next request.periods_after periods. Needs report.
    CaptureCohorts capture_cohorts(const UserId& actor, const FunnelFilter& filter, const CohortRequest& request) const;
    // Time in tier, velocity and revenue (tier_times.hpp) of the same leads, from their history
    // and won opportunities, whole or by one key. Needs report.
    TierTimes tier_times(const UserId& actor, const FunnelFilter& filter, const TierTimesRequest& request) const;
    // The collision report (collisions.hpp): a page, by lead id, of the leads the actor may read
    // that two or more users worked within request.window of each other during [from, to), with
    // the period's collision merges into them. Needs report.
    CollisionPage collisions(const UserId& actor, const CollisionRequest& request,
                             const CollisionPageRequest& page = {}) const;
    // The hoarding report (owner_holdings.hpp): per owner, over the leads the actor may read, the
    // leads held now by tier, those idle for request.idle_days at the clock's now, and the claims,
    // releases, recycles, takeaways and churn of [from, to). Needs report.
    OwnerHoldings owner_holdings(const UserId& actor, const HoldingsRequest& request) const;
    // The public share over time (public_share.hpp): for a pool (or its subtree), the leads the
    // actor may read that were in it at the end of each interval, and how many were unowned.
    // Needs report; not_found: no such pool.
    PublicShare public_share(const UserId& actor, const PublicShareRequest& request) const;

    // --- public-pool mechanics (docs/design.md 3, 4) ------------------------------------------
    // Routing master -> sub pools. The table is data; setting it needs manage_pools reaching the
    // master pool; any active user reads it. route() needs `route` on each lead and its target
    // pool, and is all or nothing; a lead no rule matches (and no default) stays where it is.
    RoutingTable routing(const UserId& actor) const;
    RoutingTable set_routing(const UserId& actor, const RoutingTable& table);
    std::vector<RouteDecision> route(const UserId& actor, const RouteRequest& request);

    // A sub pool's settings: manage_pools at that pool to set, any active user to read.
    PoolSettings pool_settings(const UserId& actor, PoolId pool) const;
    PoolSettings set_pool_settings(const UserId& actor, PoolId pool, const PoolSettings& settings);

    // Hands unowned leads of a sub pool to its active members with capacity left, by the pool's
    // strategy (`assign`); held leads only when named and `reassign` is set. All or nothing.
    AssignResult assign(const UserId& actor, const AssignRequest& request);

    // The actor takes an unowned sub-tier lead of a pool they belong to (`claim`). conflict: held
    // already (of two racing claims one wins); limit_exceeded: the actor's cap in the pool is
    // reached; permission_denied: not in the pool, or the lead was taken from the actor within
    // the pool's cool-down.
    Lead claim(const UserId& actor, LeadId lead);
    // Clears the owner of a held sub or opportunity lead (`release`); it stays in its pool.
    Lead release(const UserId& actor, LeadId lead, const std::string& reason = {});

    // Records a follow-up on a lead (`follow_up`) and resets its idle clock.
    Activity follow_up(const UserId& actor, LeadId lead, const FollowUp& follow_up);
    std::vector<Activity> activities(const UserId& actor, LeadId lead) const;  // read

    // The maintenance run (`recycle`), at the clock's now: recycles held leads idle past their
    // pool's limit and lists those due within its warning window. Run it at any cadence. First it
    // finishes a re-key of the identities and a rescore that a crash cut short (rekey.hpp,
    // scoring.hpp); it rescores the leads whose scores time has changed.
    MaintenanceReport maintain(const UserId& actor);

    // Workflows (manage_workflows to define, any active user to list) and opportunities.
    std::vector<Workflow> workflows(const UserId& actor) const;
    Workflow define_workflow(const UserId& actor, const Workflow& workflow);
    // Replaces a workflow's definition (same name); a step with open opportunities must stay.
    Workflow update_workflow(const UserId& actor, const Workflow& workflow);
    // Opens no more opportunities on it and frees its product types; open ones run on.
    Workflow retire_workflow(const UserId& actor, const std::string& name);
    // Qualifies the lead (`qualify`) and opens an opportunity on its product type's workflow.
    Opportunity open_opportunity(const UserId& actor, const OpportunityRequest& request);
    Opportunity advance_opportunity(const UserId& actor, LeadId lead, const std::string& step);  // advance
    Opportunity add_collaborator(const UserId& actor, LeadId lead, const UserId& user);  // collaborate
    // Wins the lead (`win`) and records the order: `order_amount`, else the opportunity's amount.
    Opportunity win_opportunity(const UserId& actor, LeadId lead,
                                std::optional<std::int64_t> order_amount = {});
    std::vector<Opportunity> opportunities(const UserId& actor, LeadId lead) const;  // read
    // The pipeline view: a page of the opportunities of the leads the actor may read, filtered,
    // by lead then number (workflow.hpp). invalid_argument names the field at fault; not_found: the
    // filter's pool.
    OpportunityPage opportunities(const UserId& actor, const OpportunityFilter& filter,
                                  const OpportunityPageRequest& page = {}) const;

    // --- the change feed (change_feed.hpp) ---------------------------------------------------
    // A page of the changes after query.since (or the consumer's position): with read_feed
    // every change; else those of the leads the actor may read now (their opportunities and
    // conflicts too) and, with manage_org, the organisation's. invalid_argument: since or a
    // kind out of range; limit_exceeded: limit over kMaxPageSize; not_found: a consumer that is
    // not the actor's.
    ChangePage changes(const UserId& actor, const ChangeQuery& query) const;
    // Adds a consumer at `position` (0: from the first change); conflict when the name is taken.
    FeedConsumer add_consumer(const UserId& actor, const std::string& name, std::int64_t position = 0);
    // Stores that the consumer has handled every change up to `seq`; never moves it back. Its
    // owner or a read_feed holder only (not_found for anyone else).
    FeedConsumer ack(const UserId& actor, const std::string& consumer, std::int64_t seq);
    FeedConsumer consumer(const UserId& actor, const std::string& name) const;
    std::vector<FeedConsumer> consumers(const UserId& actor) const;  // the actor's; all with read_feed
    FeedSettings feed_settings() const;
    FeedSettings set_feed_settings(const UserId& actor, const FeedSettings& settings);  // manage_org

    // Calls `callback` after every commit of this engine with its changes that `filter` keeps
    // and the actor may see then, on the committing thread, before the operation returns, in
    // sequence order (docs/design.md 7). A callback may call any operation of the engine; what
    // it throws is dropped (the change is committed). Changes committed by other engines or
    // processes are not delivered: follow those with changes() and wait_for_changes().
    SubscriptionId subscribe(const UserId& actor, const ChangeFilter& filter, ChangeCallback callback);
    // Whether it was subscribed; once it returns, the callback is not called again.
    bool unsubscribe(SubscriptionId subscription);
    // Waits until a change after `after` is committed by any engine or process sharing the
    // store, or `timeout` passes; whether one was. PostgreSQL wakes it by LISTEN/NOTIFY, the
    // other stores poll every Store::kChangePollInterval.
    bool wait_for_changes(std::int64_t after, std::chrono::milliseconds timeout) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace leadpool
