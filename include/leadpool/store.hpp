// leadpool — the storage interface.
//
// A Store keeps leads, identities, pools, users, settings and the append-only histories. It knows
// nothing of roles or transitions: the Engine decides, the store persists. Every built-in store
// passes one conformance suite, installed with the package (leadpool/testing/
// store_conformance.hpp): a host that writes its own store runs that suite against it.
//
// What a host writes: every pure virtual method (`= 0`) is basic. The others are speed-ups with
// a default written on the basic ones (src/store/store_defaults.cpp), the way a leveldb Env
// defaults what most envs need not write: StoreReader::lead_ids, funnel and idle_leads page
// through leads(), funnel_groups through leads(), lead_scores() and opportunities(lead), tier_moves,
// cohort_cells, owner_holdings and public_share through leads() and history(lead),
// tier_time_samples through leads(), history(lead) and opportunities(lead), collisions through
// leads(), absorbed_into(), history(lead) and selected_merges(),
// selected_opportunities through leads() and opportunities(lead), lead_changes through changes();
// StoreWriter::set_owners reads and rewrites each lead with update_lead; StoreWriter::prefetch
// and secure_delete do nothing, and Store::scrub answers complete. A store overrides one only to
// answer it faster (an index, a counter, one round trip) or to keep less of what it overwrote,
// never differently: the conformance suite holds both to one contract.
//
// Transactions: `write()` opens the one write transaction of the store (other writers wait their
// turn); `read()` opens a read transaction that sees one consistent snapshot for its lifetime.
// Readers never wait for a running write transaction to finish. A writer that is destroyed
// without commit() rolls back everything it did.
//
// Thread-safety: a Store may be shared by threads; each transaction object belongs to the one
// thread that opened it. A thread must not open a second writer while it holds one (it would
// wait for itself), nor commit a writer while it holds a reader of the same memory store.
//
// Errors: a store throws Error(conflict) when a write breaks a uniqueness rule (an identity
// already held by another lead, a pool name already taken) and Error(storage) for failures of
// the medium; after either, the transaction must be dropped.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadpool/capture_cohorts.hpp"
#include "leadpool/change_feed.hpp"
#include "leadpool/collisions.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/history.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/owner_holdings.hpp"
#include "leadpool/pool.hpp"
#include "leadpool/pool_settings.hpp"
#include "leadpool/public_share.hpp"
#include "leadpool/query.hpp"
#include "leadpool/scoring.hpp"
#include "leadpool/tier_moves.hpp"
#include "leadpool/tier_times.hpp"
#include "leadpool/user.hpp"
#include "leadpool/workflow.hpp"

namespace leadpool {

// One way an actor may see a lead: its tier is in `tiers` and, where set, its pool is one of
// `pools` and its owner is `owner`.
struct VisibilityClause {
    TierMask tiers = kAllTiers;
    std::optional<std::vector<PoolId>> pools;
    std::optional<UserId> owner;
};

// A set of leads as the store sees it: every filter set must match, and at least one of the
// `visible_if` clauses (no clause: no lead). Leads absorbed by a merge are never selected.
struct LeadSelection {
    TierMask tiers = kAllTiers;
    std::optional<std::vector<PoolId>> pools;
    std::optional<UserId> owner;
    std::optional<std::string> channel;  // capture channel
    std::optional<std::string> tag;
    std::optional<Timestamp> created_from;  // inclusive
    std::optional<Timestamp> created_to;    // exclusive
    std::optional<std::vector<LeadId>> referred_by;  // leads referred by one of these (none: no lead)
    std::optional<Timestamp> active_from;            // last_activity_at, inclusive
    std::optional<Timestamp> active_to;              // last_activity_at, exclusive
    std::optional<std::string> campaign;  // the campaign of the lead's first or last touch
    TouchModel campaign_touch = TouchModel::first;
    // Conditions on "attributes.<path>" fields (LeadFilter::attributes), all must hold.
    std::vector<RuleCondition> attributes;
    // TextSearch with the query already folded to lower case (ASCII).
    std::optional<TextSearch> text;
    // IdentityMatch with the prefix or domain already normalised.
    std::optional<IdentityMatch> identity;
    std::optional<ScoreRange> score;                 // leads scored in the range (scoring.hpp)
    std::vector<VisibilityClause> visible_if;
};

// What an opportunity must be for StoreReader::selected_opportunities: every field set matches.
struct OpportunitySelection {
    std::optional<std::string> workflow;
    std::optional<std::string> step;
    std::optional<OpportunityStatus> status;
    std::optional<std::int64_t> amount_min;  // inclusive
    std::optional<std::int64_t> amount_max;  // inclusive
};

// Whether an opportunity matches a selection: the reference semantics every store implements.
bool opportunity_matches(const OpportunitySelection& selection, const Opportunity& opportunity) noexcept;

// Whether a merge or an identity conflict matches a filter, and whether an id lies past a page's
// cursor in its order: the reference semantics every store implements.
bool merge_matches(const MergeFilter& filter, const MergeRecord& merge) noexcept;
bool conflict_matches(const ConflictFilter& filter, const IdentityConflict& conflict) noexcept;
bool past_cursor(const RecordPageRequest& page, std::int64_t id) noexcept;

// The order of a sorted page and the cursor it continues after (none: from the start).
struct LeadOrder {
    LeadSort sort;
    std::optional<LeadCursor> after;
};

// A lead's value of a sort: the int64 a cursor carries. By score it is the lead's points in the
// sort's model, read from `scores` (the lead's, StoreReader::lead_scores), and none when the lead
// has no score there: a page sorted by score leaves such a lead out. Other keys ignore `scores`.
std::optional<std::int64_t> sort_value(const LeadSort& sort, const Lead& lead,
                                       const std::vector<LeadScore>& scores = {}) noexcept;

// Whether the lead at `at` (its sort value and id) comes after the cursor in `sort`: (value, id)
// past the cursor's, that way round.
bool comes_after(const LeadSort& sort, const LeadCursor& cursor, const LeadCursor& at) noexcept;

// Whether a lead belongs to a selection: the reference semantics every store implements.
// `scores` are the lead's (StoreReader::lead_scores); only a selection with a score range reads
// them, so a caller without one may leave them out.
bool selection_matches(const LeadSelection& selection, const Lead& lead, const std::vector<LeadScore>& scores = {});

// How many selected leads are at `tier` now having reached exactly the tiers in `reached`.
struct FunnelCell {
    Tier tier = Tier::master;
    TierMask reached = 0;
    std::int64_t count = 0;
};

// How many selected leads of one group (their values of the breakdown's keys, in its order) are
// at `tier` now having reached exactly the tiers in `reached`.
struct FunnelGroupCell {
    std::vector<BreakdownValue> group;
    Tier tier = Tier::master;
    TierMask reached = 0;
    std::int64_t count = 0;
};

// How many moves into `tier` (moves_into_tier) of one group (a MoveKey's value; none without a key).
struct TierMoveCell {
    BreakdownValue group;
    Tier tier = Tier::master;
    std::int64_t count = 0;
};

// How many selected leads captured in the period starting at `cohort` first moved into `tier`
// (first_move_into) in the period starting at `reached`.
struct CohortCell {
    Timestamp cohort = 0;
    Tier tier = Tier::sub;
    Timestamp reached = 0;
    std::int64_t count = 0;
};

// What a time-in-tier sample measures (tier_times.hpp).
enum class TierTimeMeasure : std::uint8_t {
    finished_stay = 0,  // a stay that ended in the period: value = its length
    open_stay = 1,      // a stay open at the request's at: value = its age then
    to_order = 2,       // a first move into order in the period: value = the time since created_at
    won_order = 3,      // a won opportunity closed in the period: value = its order_amount
};
inline constexpr int kTierTimeMeasureCount = 4;

// One value a time-in-tier report aggregates, of one group (a BreakdownValue; none without a key).
struct TierTimeSample {
    BreakdownValue group;
    TierTimeMeasure measure = TierTimeMeasure::finished_stay;
    Tier tier = Tier::master;  // the stay's tier; order for to_order and won_order
    std::int64_t value = 0;
};

// A channel record delivered to a lead (ingest.hpp): (channel, record_id) is unique.
struct DeliveredRecord {
    std::string channel;
    std::string record_id;
    LeadId lead = 0;
};

// What a store still keeps of data that committed transactions overwrote or removed, outside its
// live rows, after Store::scrub().
enum class ScrubOutcome : std::uint8_t {
    complete = 0,      // nothing: no old copy is left in the medium
    held_back = 1,     // a reader open before the last commit still holds some; a later scrub ends it
    left_to_host = 2,  // the store cannot drop them itself: the host's maintenance does (VACUUM)
};

// "complete", "held_back", "left_to_host".
const char* to_string(ScrubOutcome outcome) noexcept;

class StoreReader {
public:
    virtual ~StoreReader() = default;

    virtual std::optional<std::string> setting(std::string_view key) = 0;

    virtual std::optional<User> user(const UserId& id) = 0;
    virtual std::vector<User> users() = 0;  // by id

    virtual std::optional<Pool> pool(PoolId id) = 0;
    virtual std::vector<Pool> pools() = 0;  // by id; the master pool first

    virtual std::optional<Lead> lead(LeadId id) = 0;
    virtual std::optional<LeadId> lead_by_identity(const Identity& identity) = 0;
    // Leads whose merged_into is `survivor`, by id.
    virtual std::vector<LeadId> absorbed_into(LeadId survivor) = 0;
    // Selected leads with id > after, by id, at most `limit`.
    virtual std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) = 0;

    virtual std::vector<HistoryEntry> history(LeadId lead) = 0;  // oldest first
    virtual std::vector<OrgEvent> org_events() = 0;              // oldest first

    // --- ingestion and merges -------------------------------------------------------------
    // The lead a (channel, record id) was delivered to, if it was delivered before.
    virtual std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) = 0;
    virtual std::vector<LeadEvent> events(LeadId lead) = 0;  // the events with that lead, by seq
    // How many merges the identity value has bridged (0 for a value never seen).
    virtual std::int64_t identity_joins(const Identity& identity) = 0;
    virtual std::optional<MergeRecord> merge_record(MergeId id) = 0;
    virtual std::vector<MergeRecord> merge_records() = 0;            // by id
    virtual std::vector<IdentityConflict> identity_conflicts() = 0;  // by id
    virtual std::optional<IdentityConflict> identity_conflict(std::int64_t id) = 0;
    // The merges matching `filter` (merge_matches) past page.after, in the page's id order, at
    // most page.limit (0: none).
    virtual std::vector<MergeRecord> selected_merges(const MergeFilter& filter, const RecordPageRequest& page) = 0;
    // The identity conflicts matching `filter` (conflict_matches), paged as selected_merges.
    virtual std::vector<IdentityConflict> selected_identity_conflicts(const ConflictFilter& filter,
                                                                      const RecordPageRequest& page) = 0;

    // --- public-pool mechanics ---------------------------------------------------------------
    // A lead's opportunities, by number.
    virtual std::vector<Opportunity> opportunities(LeadId lead) = 0;

    // --- the change feed (change_feed.hpp) ---------------------------------------------------
    // Changes with seq > after, by seq, at most `limit`.
    virtual std::vector<Change> changes(std::int64_t after, std::size_t limit) = 0;
    // The newest committed sequence number (0 before the first change), pruned changes
    // included.
    virtual std::int64_t last_change_seq() = 0;
    virtual std::optional<FeedConsumer> feed_consumer(std::string_view name) = 0;
    virtual std::vector<FeedConsumer> feed_consumers() = 0;  // by name

    // --- personal data (personal_data.hpp) -------------------------------------------------
    // The records delivered to `lead` itself (not to leads merged into it), by channel, then
    // record id.
    virtual std::vector<DeliveredRecord> deliveries(LeadId lead) = 0;
    // Whether `hash` is on the suppression list.
    virtual bool suppressed(std::string_view hash) = 0;

    // --- lead scores (scoring.hpp) ---------------------------------------------------------------
    // The lead's scores, by model.
    virtual std::vector<LeadScore> lead_scores(LeadId lead) = 0;
    // The leads with a score whose next_change is set and at or before `at`, by id, at most
    // `limit`.
    virtual std::vector<LeadId> scores_due(Timestamp at, std::size_t limit) = 0;

    // --- speed-ups, with defaults on leads() ---------------------------------------------------
    // Selected leads counted by (tier, reached); cells with count 0 may be left out.
    virtual std::vector<FunnelCell> funnel(const LeadSelection& selection);
    // Selected leads counted by (group, tier, reached), each lead in the group of its
    // breakdown_value for each of `breakdown.keys` (the campaign of selection.campaign_touch);
    // cells with count 0 may be left out, the order is free. The request is valid
    // (Engine::funnel_breakdown checks it).
    virtual std::vector<FunnelGroupCell> funnel_groups(const LeadSelection& selection,
                                                       const FunnelBreakdownRequest& breakdown);
    // The moves into a tier (moves_into_tier) in the history of the selected leads with `at` in
    // [from, to), counted by (group, tier): the group is move_value(*by) of the row, none without
    // `by`. Cells with count 0 may be left out, the order is free.
    virtual std::vector<TierMoveCell> tier_moves(const LeadSelection& selection, Timestamp from, Timestamp to,
                                                 std::optional<MoveKey> by);
    // For each selected lead and each of kCohortTiers its history moved it into, one count in the
    // cell (period_start of its created_at, the tier, period_start of first_move_into). Cells with
    // count 0 may be left out, the order is free.
    virtual std::vector<CohortCell> cohort_cells(const LeadSelection& selection, CohortPeriod period);
    // Every sample of the selected leads' stays in kStayTiers (tier_stays of their history) and won
    // opportunities that `request` counts (tier_times.hpp), to `visit`, in any order; `at` is set,
    // the group is breakdown_value(*request.by) of the lead, none without `by`. The request is
    // valid (Engine::tier_times checks it).
    virtual void tier_time_samples(const LeadSelection& selection, const TierTimesRequest& request,
                                   const std::function<void(TierTimeSample&&)>& visit);
    // The owners' lines of the hoarding report over the selected leads: count_holdings of each
    // selected lead with its history. Every line with a count above zero, by owner.
    virtual std::vector<OwnerHolding> owner_holdings(const LeadSelection& selection, const HoldingsWindow& window);
    // The collision report's page over the selected leads past page.after, by id: collision_of
    // each selected lead with the history of its group (the lead and every lead merged into it),
    // with the ids of the collision merges (MergeRecord::collision) of the request's period whose
    // survivor it is; at most page.limit, next_after set when another collision follows. The
    // request is valid (Engine::collisions checks it).
    virtual CollisionPage collisions(const LeadSelection& selection, const CollisionRequest& request,
                                     const CollisionPageRequest& page);
    // `points` (oldest first, each `at` after the one before) with leads and unowned counted: the
    // selected leads whose placement_before(history(lead), at) is in one of `pools` (sorted), and
    // of those the ones held by nobody. share is left as it came.
    virtual std::vector<SharePoint> public_share(const LeadSelection& selection, const std::vector<PoolId>& pools,
                                                 std::vector<SharePoint> points);
    // The selected leads in `order` (its sort value, then id, both ascending or both descending),
    // past its cursor, at most `limit`. The default reads every selected lead.
    virtual std::vector<Lead> sorted_leads(const LeadSelection& selection, const LeadOrder& order,
                                           std::size_t limit);
    // The ids of what leads() would return, without reading the leads.
    virtual std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit);
    // The held leads (owner not empty) of `pool` at `tiers` whose last activity is before
    // `active_before`, by id.
    virtual std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before);
    // The opportunities matching `selection` of the leads `leads` selects, past `after` in
    // (lead, number) order, at most `limit`. The default pages through leads() and
    // opportunities(lead).
    virtual std::vector<Opportunity> selected_opportunities(const LeadSelection& leads,
                                                            const OpportunitySelection& selection,
                                                            const std::optional<OpportunityCursor>& after,
                                                            std::size_t limit);
    // The changes whose lead is `lead`, by seq (the default pages through changes()).
    virtual std::vector<Change> lead_changes(LeadId lead);
};

// What a batch is about to look up: the identities its records name, the (channel, record id)
// pairs they were delivered under, and the leads it reads by id.
struct BatchLookups {
    std::vector<Identity> identities;
    std::vector<std::pair<std::string, std::string>> deliveries;
    std::vector<LeadId> leads;
};

class StoreWriter : public StoreReader {
public:
    virtual void set_setting(std::string_view key, std::string_view value) = 0;

    virtual void put_user(const User& user) = 0;  // insert, or replace the user with that id

    // Inserts with a new id (the given one is ignored) and returns it. Committed ids are never
    // handed out again; an id of a rolled-back insert may be.
    virtual PoolId insert_pool(const Pool& pool) = 0;
    // Replaces the pool with that id; Error(not_found) when there is none.
    virtual void update_pool(const Pool& pool) = 0;

    // Inserts with a new id (as for pools) and returns it. Identities, tags and channels are
    // stored with the lead.
    virtual LeadId insert_lead(const Lead& lead) = 0;
    // Replaces the whole lead with that id; Error(not_found) when there is none.
    virtual void update_lead(const Lead& lead) = 0;

    virtual void append_history(const HistoryEntry& entry) = 0;  // seq is assigned
    virtual void append_org_event(const OrgEvent& event) = 0;    // seq is assigned

    // Conflict when the (channel, record id) was delivered before.
    virtual void put_delivery(std::string_view channel, std::string_view record_id, LeadId lead) = 0;
    virtual void append_event(const LeadEvent& event) = 0;  // seq is assigned
    virtual void add_identity_joins(const Identity& identity, std::int64_t joins) = 0;
    virtual MergeId insert_merge(const MergeRecord& merge) = 0;  // id is assigned and returned
    // Replaces the merge record with that id; Error(not_found) when there is none.
    virtual void update_merge(const MergeRecord& merge) = 0;
    virtual std::int64_t append_identity_conflict(const IdentityConflict& conflict) = 0;  // id assigned

    // --- public-pool mechanics ---------------------------------------------------------------
    // Inserts the opportunity, or replaces the one with the same lead and number.
    virtual void put_opportunity(const Opportunity& opportunity) = 0;

    // --- the change feed ---------------------------------------------------------------------
    // Appends the change with the next sequence number and returns it: last_change_seq() + 1
    // for the first change of the transaction, one more for each next. Committed sequence
    // numbers have no gaps and never repeat, pruned ones included (a store serialises its
    // writers, so the numbers it hands out are the commit order). Takes the change by value: a
    // writer that keeps it moves it in.
    virtual std::int64_t append_change(Change change) = 0;
    // Removes the oldest changes, in seq order, up to the first committed at or after `before`
    // (its `at`), so what is kept is always the feed's newest part; returns how many.
    virtual std::int64_t prune_changes(Timestamp before) = 0;
    virtual void put_feed_consumer(const FeedConsumer& consumer) = 0;  // insert, or replace by name

    // --- personal data: the only rewrites of the append-only records (personal_data.hpp) --------
    // Each replaces what a committed record holds; Error(not_found) when there is none.
    // The reason and detail of the history row `entry.seq`; the rest of the row stays.
    virtual void rewrite_history(const HistoryEntry& entry) = 0;
    // The type, time, channel and payload of the behaviour event `event.seq`; its lead stays.
    virtual void rewrite_event(const LeadEvent& event) = 0;
    // The identity conflict `conflict.id`, whole: its redaction, or its resolution (the one
    // change a conflict takes besides).
    virtual void rewrite_identity_conflict(const IdentityConflict& conflict) = 0;
    // The reason and detail of the change `change.seq`; the rest of the change stays.
    virtual void rewrite_change(const Change& change) = 0;
    // Gives a delivered record another record id: same channel, same lead. Error(not_found) when
    // (channel, record_id) was never delivered, Error(conflict) when (channel, new_record_id) was.
    virtual void rename_delivery(std::string_view channel, std::string_view record_id,
                                 std::string_view new_record_id) = 0;
    // Forgets the value's joins: identity_joins() answers 0 for it again, and the store keeps
    // nothing of it.
    virtual void remove_identity_joins(const Identity& identity) = 0;
    // Puts `hash` on the suppression list (once, however often it is added).
    virtual void add_suppression(std::string_view hash) = 0;

    // --- lead scores ---------------------------------------------------------------------------
    // Replaces the lead's scores with `scores` (each of that lead, one per model; none: the lead
    // has no score any more). Scores are derived data: the history rows of action `score` keep
    // what they were.
    virtual void put_lead_scores(LeadId lead, const std::vector<LeadScore>& scores) = 0;

    // Makes everything this transaction wrote durable and visible, at once.
    virtual void commit() = 0;

    // --- speed-ups, with defaults on the methods above ---------------------------------------
    // Hands many leads to their owners at once: each lead's owner becomes the one given, its
    // updated_at and last_activity_at become `at` and its version goes up by one; nothing else
    // changes. Returns each lead's new version, in the order given. Each lead at most once:
    // Error(invalid_argument) otherwise; Error(not_found) when a lead does not exist. Nothing is
    // written when it throws. The default: lead() and update_lead() for each.
    virtual std::vector<std::int64_t> set_owners(const std::vector<Assignment>& owners, Timestamp at);
    // A hint given before a batch (captures, ingested records, transitions, routing): a store
    // whose every look-up costs a round trip (PostgreSQL) reads them all at once here. It changes
    // no answer; the default does nothing.
    virtual void prefetch(const BatchLookups& lookups) { static_cast<void>(lookups); }
    // A hint that what this transaction overwrites or removes must not outlive it in the medium:
    // a store that keeps freed space as it was (SQLite) overwrites it with zeros before commit.
    // It changes no answer; the default does nothing. Store::scrub() drops the old copies the
    // medium keeps after commit.
    virtual void secure_delete() {}
};

class Store {
public:
    Store() = default;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;
    virtual ~Store() = default;

    virtual std::unique_ptr<StoreReader> read() = 0;
    virtual std::unique_ptr<StoreWriter> write() = 0;

    // Waits until a change with seq > after is committed, by any process sharing the store, or
    // `timeout` passes; returns whether one was. The default polls last_change_seq() every
    // kChangePollInterval; a store that can be woken (PostgreSQL: LISTEN) overrides it.
    virtual bool wait_for_change(std::int64_t after, std::chrono::milliseconds timeout);
    static constexpr std::chrono::milliseconds kChangePollInterval{20};

    // Drops the old copies of overwritten and removed data that the medium still keeps outside
    // the live rows (SQLite: the WAL, checkpointed and truncated), as far as open readers let it,
    // and says what is left. Run it after a transaction that called secure_delete(). The
    // default answers complete: a store that keeps no old copies needs nothing.
    virtual ScrubOutcome scrub();
};

}  // namespace leadpool
