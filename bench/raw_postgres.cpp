#include "raw_postgres.hpp"

#include <stdexcept>

#include "raw_sqlite.hpp"  // capture_detail: the history detail both baselines write

namespace leadpool::bench {
namespace {

// The columns and constant values of a freshly captured lead, as leadpool writes them: at tier
// master in the master pool, unowned, version 1, every time at kBenchTime.
constexpr const char* kLeadColumns =
    "tier, reached, pool_id, owner, channel, channels, attributes, source, medium, campaign, created_at, "
    "updated_at, last_activity_at, version, last_seen_at, referred_by, merged_into, last_source, last_medium, "
    "last_campaign";
constexpr const char* kHistoryColumns =
    "history (lead_id, action, actor, at, from_tier, from_pool, from_owner, to_tier, to_pool, to_owner, "
    "reason, detail)";

std::string channels_of(const LeadInput& input) { return "[\"" + input.channel + "\"]"; }

// A value in COPY's text format.
std::string copy_text(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
    return out;
}

std::string copy_row(const std::vector<std::string>& values) {
    std::string row;
    for (std::size_t i = 0; i < values.size(); ++i) row += (i ? "\t" : "") + copy_text(values[i]);
    return row + "\n";
}

std::string number(std::int64_t value) { return std::to_string(value); }

const std::string kTime = number(kBenchTime);
const std::string kCapture = number(static_cast<int>(Action::capture));
const std::string kMaster = number(static_cast<int>(Tier::master));
const std::string kMasterPool = number(kMasterPoolId);
// The change-feed row leadpool appends with a capture's history row, numbered after feed_state.
constexpr const char* kChangeColumns =
    "changes (seq, at, actor, subject, kind, lead_id, object, from_tier, from_pool, from_owner, to_tier, to_pool, "
    "to_owner, version, reason, detail)";

// `count` groups of `width` parameters, "($1, $2), ($3, $4)", each group wrapped by `row`.
template <typename Row>
std::string placeholders(std::size_t count, std::size_t width, Row row) {
    std::string out;
    std::size_t next = 1;
    for (std::size_t i = 0; i < count; ++i) {
        std::vector<std::string> group;
        for (std::size_t j = 0; j < width; ++j) group.push_back("$" + number(static_cast<std::int64_t>(next++)));
        out += (i ? ", " : "") + row(group);
    }
    return out;
}

}  // namespace

RawPostgres::RawPostgres(const std::string& uri, const std::string& schema)
    : connection_(PQconnectdb(uri.c_str())) {
    if (PQstatus(connection_) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(connection_);
        PQfinish(connection_);
        throw std::runtime_error("raw postgres: " + message);
    }
    PQclear(run("SET search_path TO " + schema));
    PQclear(run("SET client_min_messages TO warning"));  // no notice per dropped table
}

RawPostgres::~RawPostgres() { PQfinish(connection_); }

PGresult* RawPostgres::run(const std::string& sql, const std::vector<std::string>& parameters) {
    std::vector<const char*> values;
    for (const std::string& p : parameters) values.push_back(p.c_str());
    PGresult* result = PQexecParams(connection_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                    values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::string message = PQresultErrorMessage(result);
        PQclear(result);
        throw std::runtime_error("raw postgres: " + message);
    }
    return result;
}

std::string RawPostgres::value(const std::string& sql) {
    PGresult* result = run(sql);
    std::string out = PQntuples(result) > 0 ? PQgetvalue(result, 0, 0) : "";
    PQclear(result);
    return out;
}

void RawPostgres::copy(const std::string& table_and_columns, const std::string& rows) {
    PGresult* started = PQexec(connection_, ("COPY " + table_and_columns + " FROM STDIN").c_str());
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!copying || PQputCopyData(connection_, rows.data(), static_cast<int>(rows.size())) != 1 ||
        PQputCopyEnd(connection_, nullptr) != 1) {
        throw std::runtime_error(std::string("raw postgres: COPY: ") + PQerrorMessage(connection_));
    }
    std::string error;
    while (PGresult* result = PQgetResult(connection_)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
        PQclear(result);
    }
    if (!error.empty()) throw std::runtime_error("raw postgres: COPY: " + error);
}

void RawPostgres::capture_by_copy(const std::vector<LeadInput>& batch) {
    PQclear(run("BEGIN"));
    PGresult* ids = run("SELECT nextval(pg_get_serial_sequence('leads', 'id')) FROM generate_series(1, $1)",
                        {number(static_cast<std::int64_t>(batch.size()))});
    const std::int64_t last_change = std::stoll(value("SELECT last_seq FROM feed_state"));
    std::string leads, identities, tags, history, changes;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const LeadInput& input = batch[i];
        const std::string id = PQgetvalue(ids, static_cast<int>(i), 0);
        const Attribution& a = input.attribution;
        leads += copy_row({id, kMaster, "1", kMasterPool, "", input.channel, channels_of(input), input.attributes,
                           a.source, a.medium, a.campaign, kTime, kTime, kTime, "1", kTime, "0", "0", a.source,
                           a.medium, a.campaign});
        for (std::size_t position = 0; position < input.identities.size(); ++position) {
            const Identity& identity = input.identities[position];
            identities += copy_row({number(static_cast<int>(identity.kind)), identity.scope, identity.value, id,
                                    number(static_cast<std::int64_t>(position))});
        }
        for (const std::string& tag : input.tags) tags += copy_row({id, tag});
        const std::string detail = capture_detail(input);
        history += copy_row({id, kCapture, kActor, kTime, kMaster, kMasterPool, "", kMaster, kMasterPool, "", "",
                             detail});
        changes += copy_row({number(last_change + 1 + static_cast<std::int64_t>(i)), kTime, kActor, "0",
                             to_string(Action::capture), id, "", kMaster, kMasterPool, "", kMaster, kMasterPool, "",
                             "1", "", detail});
    }
    PQclear(ids);
    copy(std::string("leads (id, ") + kLeadColumns + ")", leads);
    copy("identities (kind, scope, value, lead_id, position)", identities);
    copy("lead_tags (lead_id, tag)", tags);
    copy(kHistoryColumns, history);
    copy(kChangeColumns, changes);
    PQclear(run("UPDATE feed_state SET last_seq = $1",
                {number(last_change + static_cast<std::int64_t>(batch.size()))}));
    PQclear(run("COMMIT"));
}

void RawPostgres::capture_by_insert(const std::vector<LeadInput>& batch) {
    PQclear(run("BEGIN"));
    std::vector<std::string> lead_values;
    for (const LeadInput& input : batch) {
        const Attribution& a = input.attribution;
        lead_values.insert(lead_values.end(),
                           {input.channel, channels_of(input), input.attributes, a.source, a.medium, a.campaign});
    }
    // Rows come back in the order of the VALUES list; the row check at the end would catch a
    // lead paired with another's identities.
    PGresult* ids = run(
        std::string("INSERT INTO leads (") + kLeadColumns + ") VALUES " +
            placeholders(batch.size(), 6,
                         [](const std::vector<std::string>& p) {
                             return "(" + kMaster + "::smallint, 1::smallint, " + kMasterPool + "::bigint, '', " +
                                    p[0] + ", " + p[1] + ", " + p[2] + ", " + p[3] + ", " + p[4] + ", " + p[5] +
                                    ", " + kTime + "::bigint, " + kTime + "::bigint, " + kTime + "::bigint, 1::bigint, " +
                                    kTime + "::bigint, 0::bigint, 0::bigint, " + p[3] + ", " + p[4] + ", " + p[5] +
                                    ")";
                         }) +
            " RETURNING id",
        lead_values);
    const std::int64_t last_change = std::stoll(value("SELECT last_seq FROM feed_state"));
    std::vector<std::string> identity_values, tag_values, history_values, change_values;
    std::size_t identity_rows = 0, tag_rows = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const LeadInput& input = batch[i];
        const std::string id = PQgetvalue(ids, static_cast<int>(i), 0);
        for (std::size_t position = 0; position < input.identities.size(); ++position, ++identity_rows) {
            const Identity& identity = input.identities[position];
            identity_values.insert(identity_values.end(), {number(static_cast<int>(identity.kind)), identity.scope,
                                                           identity.value, id,
                                                           number(static_cast<std::int64_t>(position))});
        }
        for (const std::string& tag : input.tags) {
            tag_values.insert(tag_values.end(), {id, tag});
            ++tag_rows;
        }
        const std::string detail = capture_detail(input);
        history_values.insert(history_values.end(), {id, detail});
        change_values.insert(change_values.end(), {number(last_change + 1 + static_cast<std::int64_t>(i)), id, detail});
    }
    PQclear(ids);
    PQclear(run("INSERT INTO identities (kind, scope, value, lead_id, position) VALUES " +
                    placeholders(identity_rows, 5,
                                 [](const std::vector<std::string>& p) {
                                     return "(" + p[0] + "::smallint, " + p[1] + ", " + p[2] + ", " + p[3] +
                                            "::bigint, " + p[4] + "::integer)";
                                 }),
                identity_values));
    PQclear(run("INSERT INTO lead_tags (lead_id, tag) VALUES " +
                    placeholders(tag_rows, 2,
                                 [](const std::vector<std::string>& p) {
                                     return "(" + p[0] + "::bigint, " + p[1] + ")";
                                 }),
                tag_values));
    PQclear(run(std::string("INSERT INTO ") + kHistoryColumns + " VALUES " +
                    placeholders(batch.size(), 2,
                                 [](const std::vector<std::string>& p) {
                                     return "(" + p[0] + "::bigint, " + kCapture + ", '" + kActor + "', " + kTime +
                                            ", " + kMaster + ", " + kMasterPool + ", '', " + kMaster + ", " +
                                            kMasterPool + ", '', '', " + p[1] + ")";
                                 }),
                history_values));
    PQclear(run(std::string("INSERT INTO ") + kChangeColumns + " VALUES " +
                    placeholders(batch.size(), 3,
                                 [](const std::vector<std::string>& p) {
                                     return "(" + p[0] + "::bigint, " + kTime + ", '" + kActor + "', 0, 'capture', " +
                                            p[1] + "::bigint, '', " + kMaster + ", " + kMasterPool + ", '', " +
                                            kMaster + ", " + kMasterPool + ", '', 1, '', " + p[2] + ")";
                                 }),
                change_values));
    PQclear(run("UPDATE feed_state SET last_seq = $1",
                {number(last_change + static_cast<std::int64_t>(batch.size()))}));
    PQclear(run("COMMIT"));
}

void drop_postgres_schema(const std::string& uri, const std::string& schema) {
    RawPostgres db(uri, "public");
    db.value("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
}

void require_same_postgres_rows(const std::string& uri, const std::string& engine_schema,
                                const std::string& raw_schema) {
    RawPostgres db(uri, "public");
    for (const char* table : {"leads", "identities", "lead_tags", "history", "changes", "feed_state", "funnel_counts"}) {
        for (const auto& [a, b] : {std::pair{engine_schema, raw_schema}, std::pair{raw_schema, engine_schema}}) {
            const std::string differing = db.value("SELECT count(*) FROM (SELECT * FROM " + a + "." + table +
                                                   " EXCEPT ALL SELECT * FROM " + b + "." + table + ") AS d");
            if (differing != "0") {
                throw std::runtime_error("bench: the PostgreSQL baseline's " + std::string(table) + " differ (" +
                                         differing + " rows of " + a + " not in " + b + ")");
            }
        }
    }
}

}  // namespace leadpool::bench
