// The SQLite store's schema, version by version. A migration is only ever appended: a shipped
// version's SQL never changes, so every file reaches the same schema whatever version it started at.
#include "store/sqlite_schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <string>

#include "leadpool/error.hpp"
#include "store/migrations.hpp"

namespace leadpool::sqlite_schema {
namespace {

// Enum columns hold the enum's integer value. Lists of strings are JSON arrays. A lead's
// identities and tags live in their own tables, where uniqueness and lookups are indexed.
// Lead lists page by id, so each list index ends in id: a filter on its leading columns reads
// the next page straight off the index, without sorting everything that matches.
//
// funnel_counts holds, per (tier, reached, pool, owner, channel, capture day), how many leads
// there are; the triggers on leads keep it exact and drop cells that reach zero, so a funnel
// over millions of leads reads a few thousand rows.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY NOT NULL,
    applied_at TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    department TEXT NOT NULL,
    roles      TEXT NOT NULL,
    active     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE pools (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    parent   INTEGER REFERENCES pools(id),
    managers TEXT NOT NULL,
    members  TEXT NOT NULL
);
INSERT INTO pools (id, name, parent, managers, members) VALUES (1, 'master', NULL, '[]', '[]');

CREATE TABLE leads (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    tier             INTEGER NOT NULL,
    reached          INTEGER NOT NULL,
    pool_id          INTEGER NOT NULL,
    owner            TEXT NOT NULL,
    channel          TEXT NOT NULL,
    channels         TEXT NOT NULL,
    attributes       TEXT NOT NULL,
    source           TEXT NOT NULL,
    medium           TEXT NOT NULL,
    campaign         TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    last_activity_at INTEGER NOT NULL,
    version          INTEGER NOT NULL,
    capture_day      INTEGER GENERATED ALWAYS AS
                         (created_at / 86400000 - (created_at % 86400000 < 0)) VIRTUAL
);
CREATE INDEX leads_by_pool ON leads (pool_id, id);
CREATE INDEX leads_by_pool_tier ON leads (pool_id, tier, id);
CREATE INDEX leads_by_tier ON leads (tier, id);
CREATE INDEX leads_by_owner ON leads (owner, id);
CREATE INDEX leads_by_channel ON leads (channel, id);
CREATE INDEX leads_by_created ON leads (created_at);

CREATE TABLE identities (
    kind     INTEGER NOT NULL,
    scope    TEXT NOT NULL,
    value    TEXT NOT NULL,
    lead_id  INTEGER NOT NULL REFERENCES leads(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (kind, scope, value)
) WITHOUT ROWID;
CREATE INDEX identities_by_lead ON identities (lead_id, position);

CREATE TABLE lead_tags (
    lead_id INTEGER NOT NULL REFERENCES leads(id),
    tag     TEXT NOT NULL,
    PRIMARY KEY (lead_id, tag)
) WITHOUT ROWID;
CREATE INDEX lead_tags_by_tag ON lead_tags (tag, lead_id);

CREATE TABLE history (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id    INTEGER NOT NULL,
    action     INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    at         INTEGER NOT NULL,
    from_tier  INTEGER NOT NULL,
    from_pool  INTEGER NOT NULL,
    from_owner TEXT NOT NULL,
    to_tier    INTEGER NOT NULL,
    to_pool    INTEGER NOT NULL,
    to_owner   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL
);
CREATE INDEX history_by_lead ON history (lead_id, seq);

CREATE TABLE org_events (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind   INTEGER NOT NULL,
    actor  TEXT NOT NULL,
    at     INTEGER NOT NULL,
    detail TEXT NOT NULL
);

CREATE TABLE funnel_counts (
    tier        INTEGER NOT NULL,
    reached     INTEGER NOT NULL,
    pool_id     INTEGER NOT NULL,
    owner       TEXT NOT NULL,
    channel     TEXT NOT NULL,
    capture_day INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (tier, reached, pool_id, owner, channel, capture_day)
) WITHOUT ROWID;

CREATE TRIGGER leads_count_insert AFTER INSERT ON leads BEGIN
    INSERT INTO funnel_counts (tier, reached, pool_id, owner, channel, capture_day, n)
    VALUES (NEW.tier, NEW.reached, NEW.pool_id, NEW.owner, NEW.channel, NEW.capture_day, 1)
    ON CONFLICT (tier, reached, pool_id, owner, channel, capture_day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER leads_count_update
AFTER UPDATE OF tier, reached, pool_id, owner, channel, created_at ON leads
WHEN OLD.tier IS NOT NEW.tier OR OLD.reached IS NOT NEW.reached
  OR OLD.pool_id IS NOT NEW.pool_id OR OLD.owner IS NOT NEW.owner
  OR OLD.channel IS NOT NEW.channel OR OLD.capture_day IS NOT NEW.capture_day
BEGIN
    UPDATE funnel_counts SET n = n - 1
    WHERE tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day;
    DELETE FROM funnel_counts
    WHERE tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day
      AND n = 0;
    INSERT INTO funnel_counts (tier, reached, pool_id, owner, channel, capture_day, n)
    VALUES (NEW.tier, NEW.reached, NEW.pool_id, NEW.owner, NEW.channel, NEW.capture_day, 1)
    ON CONFLICT (tier, reached, pool_id, owner, channel, capture_day) DO UPDATE SET n = n + 1;
END;

-- The store never deletes a lead; this keeps the counters exact if someone does by hand.
CREATE TRIGGER leads_count_delete AFTER DELETE ON leads BEGIN
    UPDATE funnel_counts SET n = n - 1
    WHERE tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day;
    DELETE FROM funnel_counts
    WHERE tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day
      AND n = 0;
END;
)sql";

// Ingestion and merges. Leads gain last_seen_at (what a lead held before is as old as its
// capture), referred_by and merged_into; an absorbed lead (merged_into <> 0) is in no list and no
// funnel, so the counters count only leads with merged_into = 0 and follow a lead as it is
// absorbed and split off again. Deliveries make a channel record count once; lead_events keeps
// behaviour events by the lead they first went to; identity_joins counts the merges each
// identity value bridged; merges and identity_conflicts are the audit trail of merging.
// Identities inside merges and identity_conflicts are JSON arrays of {kind, scope, value}.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE leads ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
UPDATE leads SET last_seen_at = created_at;
ALTER TABLE leads ADD COLUMN referred_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN merged_into INTEGER NOT NULL DEFAULT 0;
CREATE INDEX leads_by_merged_into ON leads (merged_into) WHERE merged_into <> 0;

DROP TRIGGER leads_count_insert;
DROP TRIGGER leads_count_update;
DROP TRIGGER leads_count_delete;

CREATE TRIGGER leads_count_insert AFTER INSERT ON leads WHEN NEW.merged_into = 0 BEGIN
    INSERT INTO funnel_counts (tier, reached, pool_id, owner, channel, capture_day, n)
    VALUES (NEW.tier, NEW.reached, NEW.pool_id, NEW.owner, NEW.channel, NEW.capture_day, 1)
    ON CONFLICT (tier, reached, pool_id, owner, channel, capture_day) DO UPDATE SET n = n + 1;
END;

-- A lead counts while merged_into = 0: leaving that state takes it out of its old cell, entering
-- it puts it in its new one, and a lead that stays absorbed is in no cell.
CREATE TRIGGER leads_count_update
AFTER UPDATE OF tier, reached, pool_id, owner, channel, created_at, merged_into ON leads
WHEN (OLD.merged_into = 0 OR NEW.merged_into = 0)
 AND (OLD.tier IS NOT NEW.tier OR OLD.reached IS NOT NEW.reached
  OR OLD.pool_id IS NOT NEW.pool_id OR OLD.owner IS NOT NEW.owner
  OR OLD.channel IS NOT NEW.channel OR OLD.capture_day IS NOT NEW.capture_day
  OR OLD.merged_into <> NEW.merged_into)
BEGIN
    UPDATE funnel_counts SET n = n - 1
    WHERE OLD.merged_into = 0
      AND tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day;
    DELETE FROM funnel_counts
    WHERE OLD.merged_into = 0
      AND tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day
      AND n = 0;
    INSERT INTO funnel_counts (tier, reached, pool_id, owner, channel, capture_day, n)
    SELECT NEW.tier, NEW.reached, NEW.pool_id, NEW.owner, NEW.channel, NEW.capture_day, 1
    WHERE NEW.merged_into = 0
    ON CONFLICT (tier, reached, pool_id, owner, channel, capture_day) DO UPDATE SET n = n + 1;
END;

-- The store never deletes a lead; this keeps the counters exact if someone does by hand.
CREATE TRIGGER leads_count_delete AFTER DELETE ON leads WHEN OLD.merged_into = 0 BEGIN
    UPDATE funnel_counts SET n = n - 1
    WHERE tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day;
    DELETE FROM funnel_counts
    WHERE tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day
      AND n = 0;
END;

CREATE TABLE deliveries (
    channel   TEXT NOT NULL,
    record_id TEXT NOT NULL,
    lead_id   INTEGER NOT NULL,
    PRIMARY KEY (channel, record_id)
) WITHOUT ROWID;

CREATE TABLE lead_events (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id INTEGER NOT NULL,
    type    TEXT NOT NULL,
    at      INTEGER NOT NULL,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX lead_events_by_lead ON lead_events (lead_id, seq);

CREATE TABLE identity_joins (
    kind  INTEGER NOT NULL,
    scope TEXT NOT NULL,
    value TEXT NOT NULL,
    joins INTEGER NOT NULL,
    PRIMARY KEY (kind, scope, value)
) WITHOUT ROWID;

CREATE TABLE merges (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    survivor       INTEGER NOT NULL,
    absorbed       INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    at             INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    collision      INTEGER NOT NULL,
    absorbed_owner TEXT NOT NULL,
    identities     TEXT NOT NULL,
    unmerged_at    INTEGER,
    unmerged_by    TEXT NOT NULL
);

CREATE TABLE identity_conflicts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    rule       INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    channel    TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    lead_id    INTEGER NOT NULL,
    others     TEXT NOT NULL,
    identities TEXT NOT NULL,
    message    TEXT NOT NULL
);
)sql";

// Public-pool mechanics: a lead's opportunities (collaborators as a JSON array of
// {"user", "step", "joined_at"}), and an index that finds the idle held leads of a pool.
constexpr const char* kPoolMechanics = R"sql(
CREATE TABLE opportunities (
    lead_id       INTEGER NOT NULL REFERENCES leads(id),
    number        INTEGER NOT NULL,
    product_type  TEXT NOT NULL,
    workflow      TEXT NOT NULL,
    step          TEXT NOT NULL,
    amount        INTEGER NOT NULL,
    owner_user    TEXT NOT NULL,
    owner_team    INTEGER,
    collaborators TEXT NOT NULL,
    status        INTEGER NOT NULL,
    opened_at     INTEGER NOT NULL,
    closed_at     INTEGER NOT NULL,
    order_amount  INTEGER NOT NULL,
    lost_reason   TEXT NOT NULL,
    PRIMARY KEY (lead_id, number)
) WITHOUT ROWID;

CREATE INDEX leads_by_pool_activity ON leads (pool_id, tier, last_activity_at);
)sql";

// Bulk owner changes (set_owners) move many leads' counts at once: while funnel_counts_deferred
// holds a row, the per-lead trigger stands aside and the store moves the counts itself, once per
// cell, in the same transaction: 100k assignments cost a few hundred counter updates instead of
// 100k trigger runs. The row never outlives its transaction.
constexpr const char* kVersion4 = R"sql(
CREATE TABLE funnel_counts_deferred (deferred INTEGER PRIMARY KEY NOT NULL);

DROP TRIGGER leads_count_update;
CREATE TRIGGER leads_count_update
AFTER UPDATE OF tier, reached, pool_id, owner, channel, created_at, merged_into ON leads
WHEN (OLD.merged_into = 0 OR NEW.merged_into = 0)
 AND (OLD.tier IS NOT NEW.tier OR OLD.reached IS NOT NEW.reached
  OR OLD.pool_id IS NOT NEW.pool_id OR OLD.owner IS NOT NEW.owner
  OR OLD.channel IS NOT NEW.channel OR OLD.capture_day IS NOT NEW.capture_day
  OR OLD.merged_into <> NEW.merged_into)
 AND NOT EXISTS (SELECT 1 FROM funnel_counts_deferred)
BEGIN
    UPDATE funnel_counts SET n = n - 1
    WHERE OLD.merged_into = 0
      AND tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day;
    DELETE FROM funnel_counts
    WHERE OLD.merged_into = 0
      AND tier = OLD.tier AND reached = OLD.reached AND pool_id = OLD.pool_id
      AND owner = OLD.owner AND channel = OLD.channel AND capture_day = OLD.capture_day
      AND n = 0;
    INSERT INTO funnel_counts (tier, reached, pool_id, owner, channel, capture_day, n)
    SELECT NEW.tier, NEW.reached, NEW.pool_id, NEW.owner, NEW.channel, NEW.capture_day, 1
    WHERE NEW.merged_into = 0
    ON CONFLICT (tier, reached, pool_id, owner, channel, capture_day) DO UPDATE SET n = n + 1;
END;
)sql";

// The change feed (change_feed.hpp): one row per committed change, and the consumers' positions.
// AUTOINCREMENT: a pruned or rolled-back sequence number is never handed out again.
constexpr const char* kChangeFeed = R"sql(
CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    subject    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    lead_id    INTEGER NOT NULL,
    object     TEXT NOT NULL,
    from_tier  INTEGER NOT NULL,
    from_pool  INTEGER NOT NULL,
    from_owner TEXT NOT NULL,
    to_tier    INTEGER NOT NULL,
    to_pool    INTEGER NOT NULL,
    to_owner   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL
);

CREATE TABLE feed_consumers (
    name       TEXT PRIMARY KEY NOT NULL,
    owner      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    acked_at   INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Personal data (personal_data.hpp): an erasure finds the leads a person referred, the records
// delivered to their leads and the changes of their leads by index, and the suppression list
// keeps the salted hashes of erased identities. The partial indexes hold no row for the leads
// nobody referred and the changes of the organisation (lead 0).
constexpr const char* kPersonalData = R"sql(
CREATE INDEX leads_by_referred_by ON leads (referred_by, id) WHERE referred_by <> 0;
CREATE INDEX deliveries_by_lead ON deliveries (lead_id);
CREATE INDEX changes_by_lead ON changes (lead_id, seq) WHERE lead_id <> 0;

CREATE TABLE suppressions (
    hash TEXT PRIMARY KEY NOT NULL
) WITHOUT ROWID;
)sql";

// Lead lists for a CRM screen (query.hpp): pages sorted by last activity or update read off an
// index (the rowid, the lead id, ends every index, so leads sharing a time keep their id order;
// leads_by_created already serves the sort by creation), and the first-touch campaign filter.
constexpr const char* kLeadLists = R"sql(
CREATE INDEX leads_by_activity ON leads (last_activity_at);
CREATE INDEX leads_by_updated ON leads (updated_at);
CREATE INDEX leads_by_campaign ON leads (campaign) WHERE campaign <> '';
)sql";

// Referral campaigns (referral.hpp): a lead's last touch beside its first, filled for the leads
// stored before from the latest record of their group that carried an attribution; the funnel
// and campaign reads select by either touch's campaign (the first touch's index is version 7's);
// a merge records the absorbed lead's referrer (the absorbed lead kept it, unchanged, so it fills
// from there).
constexpr const char* kLastTouch = R"sql(
ALTER TABLE leads ADD COLUMN last_source TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN last_medium TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN last_campaign TEXT NOT NULL DEFAULT '';

CREATE TEMP TABLE lead_groups AS
WITH RECURSIVE grp(root, id) AS (
    SELECT id, id FROM leads
    UNION ALL
    SELECT grp.root, leads.id FROM leads JOIN grp ON leads.merged_into = grp.id
)
SELECT root, id FROM grp;
CREATE TEMP TABLE last_touches AS
SELECT root, source, medium, campaign FROM (
    SELECT lead_groups.root,
           coalesce(json_extract(history.detail, '$.attribution.source'), '') AS source,
           coalesce(json_extract(history.detail, '$.attribution.medium'), '') AS medium,
           coalesce(json_extract(history.detail, '$.attribution.campaign'), '') AS campaign,
           row_number() OVER (PARTITION BY lead_groups.root
                              ORDER BY json_extract(history.detail, '$.occurred_at') DESC, history.seq DESC) AS n
    FROM lead_groups JOIN history ON history.lead_id = lead_groups.id
    WHERE CASE WHEN json_valid(history.detail) THEN json_type(history.detail, '$.attribution') END = 'object'
) WHERE n = 1;
UPDATE leads SET (last_source, last_medium, last_campaign) =
    (SELECT source, medium, campaign FROM last_touches WHERE last_touches.root = leads.id)
WHERE id IN (SELECT root FROM last_touches);
DROP TABLE last_touches;
DROP TABLE lead_groups;

CREATE INDEX leads_by_last_campaign ON leads (last_campaign, id) WHERE last_campaign <> '';

ALTER TABLE merges ADD COLUMN absorbed_referrer INTEGER NOT NULL DEFAULT 0;
UPDATE merges SET absorbed_referrer = (SELECT referred_by FROM leads WHERE leads.id = merges.absorbed)
WHERE EXISTS (SELECT 1 FROM leads WHERE leads.id = merges.absorbed);
)sql";

// Lead scoring (scoring.hpp): each lead's score per model. The lead list sorts and filters by
// score through (model, points, lead_id); maintain finds the scores that time changes through
// the partial index on next_change, which holds no row for a score time never changes.
constexpr const char* kLeadScores = R"sql(
CREATE TABLE lead_scores (
    lead_id     INTEGER NOT NULL,
    model       TEXT NOT NULL,
    points      INTEGER NOT NULL,
    rules       TEXT NOT NULL,
    scored_at   INTEGER NOT NULL,
    next_change INTEGER NOT NULL,
    PRIMARY KEY (lead_id, model)
) WITHOUT ROWID;
CREATE INDEX lead_scores_by_points ON lead_scores (model, points, lead_id);
CREATE INDEX lead_scores_by_next_change ON lead_scores (next_change, lead_id) WHERE next_change <> 0;
)sql";

// The pipeline view (workflow.hpp): opportunities across leads, paged in (lead_id, number)
// order, off an index per filter a screen narrows by first: status (open ones), or workflow and
// step. Each index ends in the key, so the page reads in cursor order.
constexpr const char* kPipeline = R"sql(
CREATE INDEX opportunities_by_status ON opportunities (status, lead_id, number);
CREATE INDEX opportunities_by_step ON opportunities (workflow, step, lead_id, number);
)sql";

// Conflict review (merge.hpp): a conflict records its resolution (state 0, open, for every
// conflict raised before), and the merge and conflict lists page in id order off an index per
// filter a review screen narrows by first: a merge's lead, a conflict's lead, a conflict's state.
constexpr const char* kConflictReview = R"sql(
ALTER TABLE identity_conflicts ADD COLUMN state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE identity_conflicts ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE identity_conflicts ADD COLUMN resolved_at INTEGER;
ALTER TABLE identity_conflicts ADD COLUMN resolution_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE identity_conflicts ADD COLUMN resolution_merges TEXT NOT NULL DEFAULT '[]';
CREATE INDEX identity_conflicts_by_state ON identity_conflicts (state, id);
CREATE INDEX identity_conflicts_by_lead ON identity_conflicts (lead_id, id);
CREATE INDEX merges_by_survivor ON merges (survivor, id);
CREATE INDEX merges_by_absorbed ON merges (absorbed, id);
)sql";

// The period report (tier_moves.hpp) reads the history rows of a period: an index on their time.
constexpr const char* kHistoryByTime = R"sql(
CREATE INDEX history_by_time ON history (at);
)sql";

// Time in tier (tier_times.hpp): one row per stay, from the history row that moved a lead into a
// tier (its seq) until the next one moved it out (left_at; NULL while it is there), written by a
// trigger in the history row's own transaction, and first_stay for a lead's first stay in a tier.
// The history is append-only and never changes a row's tiers or time, so the stays never need
// rewriting; merges and unmerges move no tier. The step fills the table from the history so far.
constexpr const char* kTierStays = R"sql(
CREATE TABLE tier_stays (
    seq        INTEGER PRIMARY KEY NOT NULL,
    lead_id    INTEGER NOT NULL,
    stay_tier  INTEGER NOT NULL,
    entered_at INTEGER NOT NULL,
    left_at    INTEGER,
    first_stay INTEGER NOT NULL
);
INSERT INTO tier_stays (seq, lead_id, stay_tier, entered_at, left_at, first_stay)
SELECT seq, lead_id, to_tier, at, lead(at) OVER (PARTITION BY lead_id ORDER BY seq),
       row_number() OVER (PARTITION BY lead_id, to_tier ORDER BY seq) = 1
FROM history WHERE action = 1 OR to_tier <> from_tier;
CREATE INDEX tier_stays_by_lead ON tier_stays (lead_id, stay_tier);
CREATE INDEX tier_stays_open ON tier_stays (lead_id) WHERE left_at IS NULL;
-- Covering: a report on every lead reads the stays off these alone (tier_stays_sql.cpp); SQLite
-- reads a partial index alone only when it also holds the column of its WHERE, hence left_at.
CREATE INDEX tier_stays_open_by_entered ON tier_stays (entered_at, stay_tier, lead_id, left_at) WHERE left_at IS NULL;
CREATE INDEX tier_stays_by_left ON tier_stays (left_at, stay_tier, entered_at, lead_id) WHERE left_at IS NOT NULL;
CREATE INDEX tier_stays_first_order ON tier_stays (entered_at) WHERE stay_tier = 3 AND first_stay = 1;

-- action 1 is a capture: it moves the lead into master even with from_tier = to_tier.
CREATE TRIGGER history_stays AFTER INSERT ON history
WHEN NEW.action = 1 OR NEW.to_tier <> NEW.from_tier
BEGIN
    UPDATE tier_stays SET left_at = NEW.at WHERE lead_id = NEW.lead_id AND left_at IS NULL;
    INSERT INTO tier_stays (seq, lead_id, stay_tier, entered_at, left_at, first_stay)
    VALUES (NEW.seq, NEW.lead_id, NEW.to_tier, NEW.at, NULL,
            NOT EXISTS (SELECT 1 FROM tier_stays WHERE lead_id = NEW.lead_id AND stay_tier = NEW.to_tier));
END;
)sql";

constexpr migrations::Step kMigrations[] = {
    {1, kVersion1},
    {2, kVersion2},
    {3, kPoolMechanics},
    {4, kVersion4},
    {5, kChangeFeed},
    {6, kPersonalData},
    {7, kLeadLists},
    {8, kLastTouch},
    {9, kLeadScores},
    {10, kPipeline},
    {11, kConflictReview},
    {12, kHistoryByTime},
    {13, kTierStays},
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kCurrentVersion &&
                  migrations::in_order(kMigrations),
              "one migration per schema version, in order");

std::int64_t pragma(SQLite::Database& db, const char* name) {
    return db.execAndGet(std::string("PRAGMA ") + name).getInt64();
}

// The file's version lives in its header (user_version, beside application_id) as well as in
// schema_migrations.
class Versions final : public migrations::Adapter {
public:
    explicit Versions(SQLite::Database& db) : db_(db) {}

    // Refuses foreign files.
    std::int64_t stored_version() override {
        const std::int64_t application_id = pragma(db_, "application_id");
        if (application_id != 0 && application_id != kApplicationId) {
            throw Error(ErrorCode::storage,
                        "not a leadpool database (application_id " + std::to_string(application_id) + ")");
        }
        if (db_.execAndGet("SELECT count(*) FROM sqlite_master").getInt64() == 0) return 0;

        const std::int64_t version = pragma(db_, "user_version");
        if (application_id != kApplicationId || version < 1) {
            throw Error(ErrorCode::storage, "not a leadpool database (it holds other tables)");
        }
        return version;
    }

    std::string newer_than_build(std::int64_t version) const override {
        return "written by a newer leadpool: schema version " + std::to_string(version);
    }

    void apply(const migrations::Step& step) override {
        db_.exec(step.sql);
        SQLite::Statement applied(db_,
                                  "INSERT INTO schema_migrations (version, applied_at) "
                                  "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
        applied.bind(1, step.version);
        applied.exec();
    }

    void reached(int version) override {
        db_.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db_.exec("PRAGMA user_version = " + std::to_string(version));
    }

private:
    SQLite::Database& db_;
};

}  // namespace

void migrate(SQLite::Database& db) {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    Versions versions(db);
    // A current file is left as it is: the destructor ends the transaction unchanged.
    if (migrations::run(versions, kMigrations)) transaction.commit();
}

}  // namespace leadpool::sqlite_schema
