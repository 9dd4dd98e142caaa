// Ingest: channel records with cross-channel duplicates through identity resolution, against a
// raw loop of SQLite prepared statements that resolves and writes the same rows.
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "figure.hpp"
#include "isolated.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

const char* const kChannels[] = {"web", "app", "wechat", "shop"};

// Record j is a cross-channel duplicate when j % 10 < 3 (30%): it names the phone of record
// j - 3, a person first seen on another channel, and brings an e-mail address of its own.
bool is_duplicate(std::size_t j) { return j >= 10 && j % 10 < 3; }

std::string phone_of(std::size_t j) { return "+86" + std::to_string(13000000000ULL + j); }  // as stored

ChannelRecord channel_record(std::size_t j) {
    ChannelRecord r;
    r.record_id = "r-" + std::to_string(j);
    r.occurred_at = kBenchTime;
    if (is_duplicate(j)) {
        const std::size_t first = j - 3;
        r.channel = kChannels[(first + 1) % 4];
        r.identities = {{IdentityKind::phone, phone_of(first), ""},
                        {IdentityKind::email, "p" + std::to_string(j) + "@example.com", ""}};
        r.attributes =
            R"({"city":"city-)" + std::to_string(j % 50) + R"(","visits":)" + std::to_string(j % 5) + "}";
    } else {
        // A first sighting: the lead the capture figures generate.
        LeadInput lead = lead_input(j);
        r.channel = std::move(lead.channel);
        r.identities = std::move(lead.identities);
        r.attributes = std::move(lead.attributes);
        r.attribution = std::move(lead.attribution);
        r.tags = std::move(lead.tags);
    }
    return r;
}

std::vector<ChannelRecord> record_batch(std::size_t first, std::size_t count) {
    std::vector<ChannelRecord> batch;
    batch.reserve(count);
    for (std::size_t j = first; j < first + count; ++j) batch.push_back(channel_record(j));
    return batch;
}

// The history detail leadpool keeps for an ingested record (ingest.cpp, record_detail), with
// the keys in the order its JSON writer puts them.
std::string record_detail(const ChannelRecord& r) {
    nlohmann::json identities = nlohmann::json::array();
    for (const Identity& identity : r.identities) {
        identities.push_back({{"kind", to_string(identity.kind)}, {"value", identity.value}});
    }
    nlohmann::json detail = {{"channel", r.channel},
                             {"occurred_at", *r.occurred_at},
                             {"identities", std::move(identities)},
                             {"attributes", nlohmann::json::parse(r.attributes)},
                             {"tags", r.tags},
                             {"record_id", r.record_id}};
    if (!r.attribution.source.empty()) {
        detail["attribution"] = {{"source", r.attribution.source},
                                 {"medium", r.attribution.medium},
                                 {"campaign", r.attribution.campaign}};
    }
    return detail.dump();
}

// The raw baseline: the same resolution (a delivery look-up, an identity look-up per identity)
// and the same rows, with prepared statements and nothing else.
class RawIngest {
public:
    explicit RawIngest(const std::string& path) : db_(path, "FULL") {
        find_delivery_ = prepare("SELECT lead_id FROM deliveries WHERE channel = ? AND record_id = ?");
        find_identity_ = prepare("SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?");
        read_lead_ = prepare("SELECT attributes, channels, version FROM leads WHERE id = ?");
        count_identities_ = prepare("SELECT count(*) FROM identities WHERE lead_id = ?");
        update_lead_ = prepare(
            "UPDATE leads SET attributes = ?, channels = ?, updated_at = ?, last_activity_at = ?, "
            "last_seen_at = ?, version = version + 1 WHERE id = ?");
        // A record with an attribution is the lead's last touch.
        update_last_touch_ =
            prepare("UPDATE leads SET last_source = ?, last_medium = ?, last_campaign = ? WHERE id = ?");
        insert_lead_ = prepare(
            "INSERT INTO leads (tier, reached, pool_id, owner, channel, channels, attributes, source, "
            "medium, "
            "campaign, created_at, updated_at, last_activity_at, version, last_seen_at, referred_by, "
            "merged_into, last_source, last_medium, last_campaign) "
            "VALUES (0, 1, 1, '', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, 0, 0, ?4, ?5, ?6)");
        insert_identity_ =
            prepare("INSERT INTO identities (kind, scope, value, lead_id, position) VALUES (?, ?, ?, ?, ?)");
        insert_tag_ = prepare("INSERT INTO lead_tags (lead_id, tag) VALUES (?, ?)");
        insert_history_ = prepare(
            "INSERT INTO history (lead_id, action, actor, at, from_tier, from_pool, from_owner, to_tier, "
            "to_pool, "
            "to_owner, reason, detail) VALUES (?, 1, ?, ?, 0, 1, '', 0, 1, '', '', ?)");
        insert_change_ = prepare(
            "INSERT INTO changes (at, actor, subject, kind, lead_id, object, from_tier, from_pool, from_owner, "
            "to_tier, to_pool, to_owner, version, reason, detail) "
            "VALUES (?, ?, 0, ?, ?, '', 0, 1, '', 0, 1, '', ?, '', ?)");
        insert_delivery_ = prepare("INSERT INTO deliveries (channel, record_id, lead_id) VALUES (?, ?, ?)");
    }
    ~RawIngest() {
        for (sqlite3_stmt* s :
             {find_delivery_, find_identity_, read_lead_, count_identities_, update_lead_, update_last_touch_, insert_lead_,
              insert_identity_, insert_tag_, insert_history_, insert_change_, insert_delivery_}) {
            sqlite3_finalize(s);
        }
    }

    void begin() { db_.begin(); }
    void commit() { db_.commit(); }

    void ingest(const ChannelRecord& r) {
        bind(find_delivery_, {}, {r.channel, r.record_id});
        if (step_row(find_delivery_)) throw std::runtime_error("raw ingest: a record delivered twice");
        std::int64_t lead = 0;
        std::vector<const Identity*> fresh;
        for (const Identity& identity : r.identities) {
            bind(find_identity_, {static_cast<std::int64_t>(identity.kind)},
                 {identity.scope, identity.value});
            if (step_row(find_identity_)) {
                lead = sqlite3_column_int64(find_identity_, 0);
            } else {
                fresh.push_back(&identity);
            }
            sqlite3_reset(find_identity_);
        }
        sqlite3_reset(find_delivery_);
        std::int64_t position = 0;
        std::int64_t version = 1;
        if (lead == 0) {
            bind(insert_lead_, {},
                 {r.channel, "[\"" + r.channel + "\"]", r.attributes, r.attribution.source,
                  r.attribution.medium, r.attribution.campaign});
            for (int column = 7; column <= 10; ++column) sqlite3_bind_int64(insert_lead_, column, kBenchTime);
            step_done(insert_lead_);
            lead = sqlite3_last_insert_rowid(db_.db());
            for (const std::string& tag : r.tags) {
                sqlite3_bind_int64(insert_tag_, 1, lead);
                bind_text(insert_tag_, 2, tag);
                step_done(insert_tag_);
            }
        } else {
            bind(read_lead_, {lead}, {});
            step_row(read_lead_);
            nlohmann::json attributes = nlohmann::json::parse(column_text(read_lead_, 0));
            attributes.update(nlohmann::json::parse(r.attributes), true);
            nlohmann::json channels = nlohmann::json::parse(column_text(read_lead_, 1));
            version = sqlite3_column_int64(read_lead_, 2) + 1;
            sqlite3_reset(read_lead_);
            if (std::find(channels.begin(), channels.end(), r.channel) == channels.end())
                channels.push_back(r.channel);
            bind(update_lead_, {}, {attributes.dump(), channels.dump()});
            for (int column = 3; column <= 5; ++column) sqlite3_bind_int64(update_lead_, column, kBenchTime);
            sqlite3_bind_int64(update_lead_, 6, lead);
            step_done(update_lead_);
            if (!(r.attribution == Attribution{})) {
                bind(update_last_touch_, {}, {r.attribution.source, r.attribution.medium, r.attribution.campaign});
                sqlite3_bind_int64(update_last_touch_, 4, lead);
                step_done(update_last_touch_);
            }
            bind(count_identities_, {lead}, {});
            step_row(count_identities_);
            position = sqlite3_column_int64(count_identities_, 0);
            sqlite3_reset(count_identities_);
        }
        for (const Identity* identity : fresh) {
            sqlite3_bind_int(insert_identity_, 1, static_cast<int>(identity->kind));
            bind_text(insert_identity_, 2, identity->scope);
            bind_text(insert_identity_, 3, identity->value);
            sqlite3_bind_int64(insert_identity_, 4, lead);
            sqlite3_bind_int64(insert_identity_, 5, position++);
            step_done(insert_identity_);
        }
        sqlite3_bind_int64(insert_history_, 1, lead);
        bind_text(insert_history_, 2, kActor);
        sqlite3_bind_int64(insert_history_, 3, kBenchTime);
        const std::string detail = record_detail(r);
        bind_text(insert_history_, 4, detail);
        step_done(insert_history_);
        bind(insert_change_, {kBenchTime}, {kActor, to_string(Action::capture)});
        sqlite3_bind_int64(insert_change_, 4, lead);
        sqlite3_bind_int64(insert_change_, 5, version);
        bind_text(insert_change_, 6, detail);
        step_done(insert_change_);
        bind(insert_delivery_, {}, {r.channel, r.record_id});
        sqlite3_bind_int64(insert_delivery_, 3, lead);
        step_done(insert_delivery_);
    }

private:
    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(db_.db(), sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
            SQLITE_OK) {
            throw std::runtime_error(std::string("raw ingest: ") + sqlite3_errmsg(db_.db()));
        }
        return statement;
    }
    static void bind_text(sqlite3_stmt* s, int index, const std::string& text) {
        sqlite3_bind_text(s, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    // Integers first, then texts, from parameter 1.
    static void bind(sqlite3_stmt* s, const std::vector<std::int64_t>& integers,
                     const std::vector<std::string>& texts) {
        int index = 0;
        for (std::int64_t value : integers) sqlite3_bind_int64(s, ++index, value);
        for (const std::string& text : texts) bind_text(s, ++index, text);
    }
    static std::string column_text(sqlite3_stmt* s, int column) {
        return reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    }
    bool step_row(sqlite3_stmt* s) {
        const int code = sqlite3_step(s);
        if (code != SQLITE_ROW && code != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_.db()));
        return code == SQLITE_ROW;
    }
    void step_done(sqlite3_stmt* s) { db_.step_done(s); }

    RawSqlite db_;
    sqlite3_stmt* find_delivery_ = nullptr;
    sqlite3_stmt* find_identity_ = nullptr;
    sqlite3_stmt* read_lead_ = nullptr;
    sqlite3_stmt* count_identities_ = nullptr;
    sqlite3_stmt* update_lead_ = nullptr;
    sqlite3_stmt* update_last_touch_ = nullptr;
    sqlite3_stmt* insert_lead_ = nullptr;
    sqlite3_stmt* insert_identity_ = nullptr;
    sqlite3_stmt* insert_tag_ = nullptr;
    sqlite3_stmt* insert_history_ = nullptr;
    sqlite3_stmt* insert_change_ = nullptr;
    sqlite3_stmt* insert_delivery_ = nullptr;
};

}  // namespace

std::vector<Measurement> ingest_with_duplicates(Workload& w) {
    const std::string engine_file = (w.dir / "ingest-leadpool.db").string();
    const std::string raw_file = (w.dir / "ingest-raw.db").string();
    for (const std::string& file : {engine_file, raw_file}) {
        remove_database(file);
        set_up_company(*bench_engine(file));
    }
    // The records in thirds, each third ingested by the engine and then by the raw loop, each
    // in a child process of its own (so its peak memory is its alone): three runs side by side.
    std::vector<Run> runs;
    std::vector<Run> rss_runs;  // peak RSS of each run, beside its baseline's
    for (int run = 0; run < kRuns; ++run) {
        const auto [first, last] = third(w.leads, run);
        if (first == last) continue;
        const auto engine = run_isolated(
            [&, first = first, last = last] { return ingest_seconds(engine_file, first, last, record_batch); });
        const auto raw = run_isolated([&, first = first, last = last] {
            RawIngest db(raw_file);
            double spent = 0;
            for (std::size_t at = first; at < last; at += kBatch) {
                const auto batch = record_batch(at, std::min(kBatch, last - at));
                spent += seconds([&] {
                    db.begin();
                    for (const ChannelRecord& r : batch) db.ingest(r);
                    db.commit();
                });
            }
            return spent;
        });
        const double n = static_cast<double>(last - first);
        runs.push_back({n / engine.value, n / raw.value, std::nullopt});
        rss_runs.push_back({engine.peak_rss_mb, raw.peak_rss_mb, std::nullopt});
    }
    require_same_rows(engine_file, raw_file,
                      {"leads", "identities", "lead_tags", "history", "changes", "funnel_counts", "deliveries"});
    remove_database(engine_file);
    remove_database(raw_file);
    return {rate("ingest_sqlite_30pct_duplicates", std::move(runs), "records/s",
                 Target{Target::Of::ratio, Target::Op::at_least, 0.6}),
            cost("ingest_30pct_duplicates_peak_rss", std::move(rss_runs), "MB",
                 Target{Target::Of::value, Target::Op::at_most, 200})};
}

}  // namespace leadpool::bench
