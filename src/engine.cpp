// The Engine: the front door. Each operation checks what it can before the transaction, opens
// it as the actor (detail::Context) and hands it to the function of its concept:
//   organisation.cpp  stage, policies, identity rules, users     pools.cpp     the pool tree
//   ingest.cpp        capture and ingest                         merge.cpp     merges, conflicts
//   conflict_review.cpp  paged merge and conflict lists, resolving a conflict
//   leads.cpp         reads, edits, history                      transition.cpp  the pyramid's moves
//   funnel.cpp, funnel_breakdown.cpp, tier_moves.cpp, capture_cohorts.cpp, tier_times.cpp  the
//   funnel, its breakdowns, the period report, the capture cohort table, time in tier
//   funnel.cpp, funnel_breakdown.cpp, tier_moves.cpp, capture_cohorts.cpp  the funnel, its
//   breakdowns, the period report, the capture cohort table
//   collisions.cpp, owner_holdings.cpp, public_share.cpp  who worked a lead at once, who holds
//   what, the unowned share of a pool over time
//   routing.cpp, pool_settings_store.cpp,
//   assignment.cpp, claims.cpp, follow_ups.cpp, recycling.cpp    the public-pool mechanics
//   workflow.cpp      workflows and opportunities
//   opportunity_list.cpp  the pipeline view: opportunities across leads
//   referral_tree.cpp, touches.cpp, campaign_metrics.cpp (with referral_links.cpp)    referral campaigns
//   erasure.cpp, subject_access.cpp (with suppression.cpp, redaction.cpp)    personal data
#include "leadpool/engine.hpp"

#include "assignment.hpp"
#include "change_feed.hpp"
#include "claims.hpp"
#include "config.hpp"
#include "conflict_review.hpp"
#include "context.hpp"
#include "erasure.hpp"
#include "follow_ups.hpp"
#include "campaign_metrics.hpp"
#include "funnel.hpp"
#include "funnel_breakdown.hpp"
#include "tier_moves.hpp"
#include "capture_cohorts.hpp"
#include "tier_times.hpp"
#include "collisions.hpp"
#include "owner_holdings.hpp"
#include "public_share.hpp"
#include "ingest.hpp"
#include "lead_filter.hpp"
#include "lead_scores.hpp"
#include "leads.hpp"
#include "conflict_review.hpp"
#include "merge.hpp"
#include "opportunity_list.hpp"
#include "organisation.hpp"
#include "pool_settings_store.hpp"
#include "pools.hpp"
#include "recycling.hpp"
#include "referral_tree.hpp"
#include "rekey.hpp"
#include "routing_rules.hpp"
#include "subject_access.hpp"
#include "text.hpp"
#include "touches.hpp"
#include "transition.hpp"
#include "workflow_rules.hpp"

namespace leadpool {

using detail::Operation;
using detail::Reading;

struct Engine::Impl : detail::Context {
    using Context::Context;
};

namespace {

// Runs the re-key under way to its end, a batch a transaction, as the actor (rekey.hpp).
RekeyReport rekey(detail::Context& context, const UserId& actor, Action action) {
    RekeyReport report;
    while (context.operate(actor, action,
                           [&](const Operation& op) { return detail::rekey_batch(op, report); })) {
    }
    return report;
}

// Runs the rescore under way to its end, a batch a transaction, as the actor (scoring.hpp).
RescoreReport rescore(detail::Context& context, const UserId& actor, Action action,
                      const std::function<void(const RescoreReport&)>& progress) {
    RescoreReport report;
    while (context.operate(actor, action,
                           [&](const Operation& op) { return detail::rescore_batch(op, report); })) {
        if (progress) progress(report);
    }
    if (progress && report.needed) progress(report);
    return report;
}

}  // namespace

Engine::Engine(std::unique_ptr<Store> store, EngineOptions options)
    : impl_(std::make_unique<Impl>(std::move(store), std::move(options.clock))) {}

Engine::~Engine() = default;

// --- organisation -----------------------------------------------------------------------------

void Engine::initialize(const User& first_user, OrgStage stage) {
    const User checked = detail::checked_first_user(first_user, stage);
    impl_->write([&](StoreWriter& w) { detail::initialize(w, impl_->now(), checked, stage); });
}

bool Engine::initialized() const {
    return impl_->read([](StoreReader& r) { return detail::config::stage(r).has_value(); });
}

OrgStage Engine::stage() const {
    return impl_->read([&](StoreReader& r) { return impl_->stage(r); });
}

void Engine::set_stage(const UserId& actor, OrgStage stage) {
    detail::check_stage(stage);
    impl_->operate(actor, Action::manage_org, [&](const Operation& op) { detail::set_stage(op, stage); });
}

Policy Engine::policy(OrgStage stage) const {
    detail::check_stage(stage);
    return impl_->read([&](StoreReader& r) { return *detail::config::policy(r, stage); });
}

void Engine::set_policy(const UserId& actor, OrgStage stage, const Policy& policy) {
    const Policy checked = detail::checked_policy(stage, policy);
    impl_->operate(actor, Action::manage_org,
                   [&](const Operation& op) { detail::set_policy(op, stage, checked); });
}

void Engine::reset_policy(const UserId& actor, OrgStage stage) {
    detail::check_stage(stage);
    impl_->operate(actor, Action::manage_org, [&](const Operation& op) { detail::reset_policy(op, stage); });
}

std::vector<OrgEvent> Engine::org_history(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::org_history(r); });
}

IdentityRules Engine::identity_rules() const {
    return impl_->read([&](StoreReader& r) { return *impl_->identity_rules(r); });
}

RekeyReport Engine::set_identity_rules(const UserId& actor, const IdentityRules& rules) {
    const IdentityRules checked = detail::checked_identity_rules(rules);
    impl_->operate(actor, Action::manage_org,
                   [&](const Operation& op) { detail::set_identity_rules(op, checked); });
    return rekey(*impl_, actor, Action::manage_org);
}

ScoringRules Engine::scoring_rules() const {
    return impl_->read([&](StoreReader& r) { return *detail::config::scoring_rules(r); });
}

RescoreReport Engine::set_scoring_rules(const UserId& actor, const ScoringRules& rules,
                                        const std::function<void(const RescoreReport&)>& progress) {
    const ScoringRules checked = detail::checked_scoring_rules(rules);
    impl_->operate(actor, Action::manage_scoring,
                   [&](const Operation& op) { detail::set_scoring_rules(op, checked); });
    return rescore(*impl_, actor, Action::manage_scoring, progress);
}

std::vector<LeadScore> Engine::scores(const UserId& actor, LeadId lead) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::scores(r, lead); });
}

// --- users ------------------------------------------------------------------------------------

void Engine::add_user(const UserId& actor, const User& user) {
    const User checked = detail::checked_user(user);
    impl_->operate(actor, Action::manage_users, [&](const Operation& op) { detail::add_user(op, checked); });
}

void Engine::update_user(const UserId& actor, const User& user) {
    const User checked = detail::checked_user(user);
    impl_->operate(actor, Action::manage_users,
                   [&](const Operation& op) { detail::update_user(op, checked); });
}

User Engine::user(const UserId& actor, const UserId& id) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::user(r, id); });
}

std::vector<User> Engine::users(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return r.store.users(); });
}

// --- pools ------------------------------------------------------------------------------------

Pool Engine::create_pool(const UserId& actor, const PoolSpec& spec) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::create_pool(op, spec); });
}

Pool Engine::update_pool(const UserId& actor, PoolId id, const PoolSpec& spec) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::update_pool(op, id, spec); });
}

Pool Engine::move_pool(const UserId& actor, PoolId id, std::optional<PoolId> new_parent) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::move_pool(op, id, new_parent); });
}

Pool Engine::pool(const UserId& actor, PoolId id) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::existing_pool(r.store, id); });
}

std::vector<Pool> Engine::pools(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return r.store.pools(); });
}

// --- leads ------------------------------------------------------------------------------------

CaptureResult Engine::capture(const UserId& actor, const LeadInput& input) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::capture(op, input); });
}

std::vector<CaptureResult> Engine::capture_batch(const UserId& actor, const std::vector<LeadInput>& inputs) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::capture_batch(op, inputs); });
}

Lead Engine::lead(const UserId& actor, LeadId id) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::readable_lead(r, id); });
}

std::optional<Lead> Engine::find_lead(const UserId& actor, const Identity& identity) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::find_lead(r, identity); });
}

LeadPage Engine::leads(const UserId& actor, const LeadFilter& filter, const PageRequest& page) const {
    detail::check_page(page);
    return impl_->look(actor, [&](const Reading& r) { return detail::leads(r, filter, page); });
}

Lead Engine::update_lead(const UserId& actor, LeadId id, const LeadUpdate& update) {
    const detail::CheckedUpdate checked = detail::checked_update(update);
    return impl_->operate(actor, [&](const Operation& op) { return detail::update_lead(op, id, checked); });
}

std::vector<HistoryEntry> Engine::history(const UserId& actor, LeadId id) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::history(r, id); });
}

// --- ingestion and merges ---------------------------------------------------------------------

std::vector<IngestResult> Engine::ingest(const UserId& actor, const std::vector<ChannelRecord>& records,
                                         const IngestOptions& options) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::ingest(op, records, options); });
}

MergeRecord Engine::merge_leads(const UserId& actor, LeadId first, LeadId second, const std::string& reason) {
    detail::check_text(reason, "reason");
    return impl_->operate(
        actor, [&](const Operation& op) { return detail::merge_leads(op, first, second, reason); });
}

Lead Engine::unmerge(const UserId& actor, MergeId id, const std::string& reason) {
    detail::check_text(reason, "reason");
    return impl_->operate(actor, [&](const Operation& op) { return detail::unmerge(op, id, reason); });
}

std::vector<MergeRecord> Engine::merges(const UserId& actor, const MergeFilter& filter) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::merges(r, filter); });
}

std::vector<IdentityConflict> Engine::identity_conflicts(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::identity_conflicts(r); });
}

MergePage Engine::merges(const UserId& actor, const MergeFilter& filter, const RecordPageRequest& page) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::merge_page(r, filter, page); });
}

ConflictPage Engine::identity_conflicts(const UserId& actor, const ConflictFilter& filter,
                                        const RecordPageRequest& page) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::conflict_page(r, filter, page); });
}

IdentityConflict Engine::resolve_identity_conflict(const UserId& actor, std::int64_t conflict,
                                                   ConflictResolution resolution, const std::string& reason) {
    detail::check_text(reason, "reason");
    return impl_->operate(actor, [&](const Operation& op) {
        return detail::resolve_identity_conflict(op, conflict, resolution, reason);
    });
}

std::vector<LeadEvent> Engine::events(const UserId& actor, LeadId id) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::events(r, id); });
}

std::vector<AttributeValue> Engine::attribute_history(const UserId& actor, LeadId id,
                                                      const std::string& field) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::attribute_history(r, id, field); });
}

// --- personal data ----------------------------------------------------------------------------

ErasureReport Engine::erase(const UserId& actor, LeadId id, const ErasureRequest& request) {
    const ErasureRequest checked = detail::checked_erasure(request);
    ErasureReport report = impl_->operate(actor, [&](const Operation& op) { return detail::erase(op, id, checked); });
    // Committed: the erased values are out of every live row. What the medium still keeps of
    // them goes now, as far as open readers let it.
    try {
        report.scrub = impl_->store().scrub();
    } catch (const Error& e) {
        if (e.code() != ErrorCode::busy) throw;
        report.scrub = ScrubOutcome::held_back;
    }
    return report;
}

PersonalData Engine::personal_data(const UserId& actor, const Identity& identity) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::personal_data(op, identity); });
}

// --- transitions ------------------------------------------------------------------------------

Lead Engine::transition(const UserId& actor, const TransitionRequest& request) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::transition(op, request); });
}

std::vector<Lead> Engine::transition_batch(const UserId& actor,
                                           const std::vector<TransitionRequest>& requests) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::transition_batch(op, requests); });
}

bool Engine::can(const UserId& actor, Action action, LeadId id) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::can(r, action, id); });
}

// --- referral campaigns ------------------------------------------------------------------------

ReferralTree Engine::referrals(const UserId& actor, LeadId lead, int depth) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::referral_tree(r, lead, depth); });
}

std::vector<Touch> Engine::touches(const UserId& actor, LeadId lead) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::touches(r, lead); });
}

CampaignMetrics Engine::campaign_metrics(const UserId& actor, const CampaignFilter& filter) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::campaign_metrics(r, filter); });
}

// --- reports ----------------------------------------------------------------------------------

FunnelReport Engine::funnel(const UserId& actor, const FunnelFilter& filter) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::funnel(r, filter); });
}

FunnelBreakdown Engine::funnel_breakdown(const UserId& actor, const FunnelFilter& filter,
                                         const FunnelBreakdownRequest& request) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::funnel_breakdown(r, filter, request); });
}

TierMoves Engine::tier_moves(const UserId& actor, const FunnelFilter& filter, const TierMovesRequest& request) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::tier_moves(r, filter, request); });
}

CaptureCohorts Engine::capture_cohorts(const UserId& actor, const FunnelFilter& filter,
                                       const CohortRequest& request) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::capture_cohorts(r, filter, request); });
}

TierTimes Engine::tier_times(const UserId& actor, const FunnelFilter& filter, const TierTimesRequest& request) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::tier_times(r, filter, request); });
}

CollisionPage Engine::collisions(const UserId& actor, const CollisionRequest& request,
                                 const CollisionPageRequest& page) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::collisions(r, request, page); });
}

OwnerHoldings Engine::owner_holdings(const UserId& actor, const HoldingsRequest& request) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::owner_holdings(r, request); });
}

PublicShare Engine::public_share(const UserId& actor, const PublicShareRequest& request) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::public_share(r, request); });
}

// --- public-pool mechanics --------------------------------------------------------------------

RoutingTable Engine::routing(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::routing_table(r.store); });
}

RoutingTable Engine::set_routing(const UserId& actor, const RoutingTable& table) {
    return impl_->operate(actor, Action::manage_pools,
                          [&](const Operation& op) { return detail::set_routing_table(op, table); });
}

std::vector<RouteDecision> Engine::route(const UserId& actor, const RouteRequest& request) {
    return impl_->operate(actor, Action::route,
                          [&](const Operation& op) { return detail::route(op, request); });
}

PoolSettings Engine::pool_settings(const UserId& actor, PoolId pool) const {
    return impl_->look(actor, [&](const Reading& r) {
        detail::existing_pool(r.store, pool);
        return detail::pool_settings(r.store, pool);
    });
}

PoolSettings Engine::set_pool_settings(const UserId& actor, PoolId pool, const PoolSettings& settings) {
    return impl_->operate(actor, Action::manage_pools,
                          [&](const Operation& op) { return detail::set_pool_settings(op, pool, settings); });
}

AssignResult Engine::assign(const UserId& actor, const AssignRequest& request) {
    return impl_->operate(actor, Action::assign,
                          [&](const Operation& op) { return detail::assign(op, request); });
}

Lead Engine::claim(const UserId& actor, LeadId lead) {
    return impl_->operate(actor, Action::claim, [&](const Operation& op) { return detail::claim(op, lead); });
}

Lead Engine::release(const UserId& actor, LeadId lead, const std::string& reason) {
    return impl_->operate(actor, Action::release,
                          [&](const Operation& op) { return detail::release(op, lead, reason); });
}

Activity Engine::follow_up(const UserId& actor, LeadId lead, const FollowUp& follow_up) {
    return impl_->operate(actor, Action::follow_up,
                          [&](const Operation& op) { return detail::follow_up(op, lead, follow_up); });
}

std::vector<Activity> Engine::activities(const UserId& actor, LeadId lead) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::activities(r, lead); });
}

MaintenanceReport Engine::maintain(const UserId& actor) {
    RekeyReport resumed = rekey(*impl_, actor, Action::recycle);  // one a crash cut short
    RescoreReport rescored = rescore(*impl_, actor, Action::recycle, {});
    MaintenanceReport report = impl_->operate(actor, Action::recycle, [&](const Operation& op) {
        MaintenanceReport done = detail::maintain(op);
        done.rescored = detail::rescore_due(op);
        return done;
    });
    if (resumed.needed) report.rekey = std::move(resumed);
    if (rescored.needed) report.rescore = rescored;
    return report;
}

std::vector<Workflow> Engine::workflows(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::workflows(r.store); });
}

Workflow Engine::define_workflow(const UserId& actor, const Workflow& workflow) {
    return impl_->operate(actor, Action::manage_workflows,
                          [&](const Operation& op) { return detail::define_workflow(op, workflow); });
}

Workflow Engine::update_workflow(const UserId& actor, const Workflow& workflow) {
    return impl_->operate(actor, Action::manage_workflows,
                          [&](const Operation& op) { return detail::update_workflow(op, workflow); });
}

Workflow Engine::retire_workflow(const UserId& actor, const std::string& name) {
    return impl_->operate(actor, Action::manage_workflows,
                          [&](const Operation& op) { return detail::retire_workflow(op, name); });
}

Opportunity Engine::open_opportunity(const UserId& actor, const OpportunityRequest& request) {
    return impl_->operate(actor, Action::qualify,
                          [&](const Operation& op) { return detail::open_opportunity(op, request); });
}

Opportunity Engine::advance_opportunity(const UserId& actor, LeadId lead, const std::string& step) {
    return impl_->operate(actor, Action::advance,
                          [&](const Operation& op) { return detail::advance_opportunity(op, lead, step); });
}

Opportunity Engine::add_collaborator(const UserId& actor, LeadId lead, const UserId& user) {
    return impl_->operate(actor, Action::collaborate,
                          [&](const Operation& op) { return detail::add_collaborator(op, lead, user); });
}

Opportunity Engine::win_opportunity(const UserId& actor, LeadId lead,
                                    std::optional<std::int64_t> order_amount) {
    return impl_->operate(actor, Action::win, [&](const Operation& op) {
        return detail::win_opportunity(op, lead, order_amount);
    });
}

std::vector<Opportunity> Engine::opportunities(const UserId& actor, LeadId lead) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::opportunities(r, lead); });
}

OpportunityPage Engine::opportunities(const UserId& actor, const OpportunityFilter& filter,
                                      const OpportunityPageRequest& page) const {
    detail::check_opportunity_query(filter, page);
    return impl_->look(actor, [&](const Reading& r) { return detail::opportunities(r, filter, page); });
}

// --- the change feed --------------------------------------------------------------------------

ChangePage Engine::changes(const UserId& actor, const ChangeQuery& query) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::changes(r, query); });
}

FeedConsumer Engine::add_consumer(const UserId& actor, const std::string& name, std::int64_t position) {
    return impl_->operate(actor,
                          [&](const Operation& op) { return detail::add_consumer(op, name, position); });
}

FeedConsumer Engine::ack(const UserId& actor, const std::string& consumer, std::int64_t seq) {
    return impl_->operate(actor, [&](const Operation& op) { return detail::ack(op, consumer, seq); });
}

FeedConsumer Engine::consumer(const UserId& actor, const std::string& name) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::consumer(r, name); });
}

std::vector<FeedConsumer> Engine::consumers(const UserId& actor) const {
    return impl_->look(actor, [&](const Reading& r) { return detail::consumers(r); });
}

FeedSettings Engine::feed_settings() const {
    return impl_->read([](StoreReader& r) { return detail::config::feed_settings(r); });
}

FeedSettings Engine::set_feed_settings(const UserId& actor, const FeedSettings& settings) {
    return impl_->operate(actor, Action::manage_org,
                          [&](const Operation& op) { return detail::set_feed_settings(op, settings); });
}

SubscriptionId Engine::subscribe(const UserId& actor, const ChangeFilter& filter, ChangeCallback callback) {
    detail::check_filter(filter);
    if (!callback) throw Error(ErrorCode::invalid_argument, "subscribe: the callback is empty");
    impl_->look(actor, [](const Reading&) {});  // an unknown or inactive actor is refused now
    return impl_->subscriptions().add(actor, filter, std::move(callback));
}

bool Engine::unsubscribe(SubscriptionId subscription) { return impl_->subscriptions().remove(subscription); }

bool Engine::wait_for_changes(std::int64_t after, std::chrono::milliseconds timeout) const {
    if (after < 0) throw Error(ErrorCode::invalid_argument, "wait_for_changes: after must not be negative");
    if (timeout.count() < 0) throw Error(ErrorCode::invalid_argument, "wait_for_changes: negative timeout");
    return impl_->store().wait_for_change(after, timeout);
}

}  // namespace leadpool
