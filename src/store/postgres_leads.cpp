#include "store/postgres_leads.hpp"

#include <nlohmann/json.hpp>

#include "store/store_rows.hpp"

namespace leadpool::postgres_leads {

using namespace store_rows;

// Each correlated subquery looks its lead's rows up through the lead id's index.
const std::string kColumns =
    std::string(kLeadColumns) +
    ", (SELECT COALESCE(json_agg(json_build_array(held.kind, held.scope, held.value) ORDER BY held.position), "
    "'[]') FROM identities AS held WHERE held.lead_id = leads.id)"
    ", (SELECT COALESCE(json_agg(tagged.tag ORDER BY tagged.tag), '[]') FROM lead_tags AS tagged "
    "WHERE tagged.lead_id = leads.id)";

Lead lead_from_row(const pg::Row& row) {
    Lead lead = store_rows::lead_from_row(row);
    constexpr int kIdentities = 21;  // the columns after kLeadColumns' 21
    try {
        for (const auto& item : nlohmann::json::parse(row.text(kIdentities))) {
            lead.identities.push_back(
                {decode_enum<IdentityKind>(item.at(0).get<std::int64_t>(), kIdentityKindCount, "identities.kind"),
                 item.at(2).get<std::string>(), item.at(1).get<std::string>()});
        }
        lead.tags = nlohmann::json::parse(row.text(kIdentities + 1)).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string("identities or tags of lead ") + std::to_string(lead.id) + ": " + e.what());
    }
    return lead;
}

std::vector<Lead> read_leads(pg::Connection& connection, const std::vector<LeadId>& ids) {
    std::vector<Lead> leads;
    if (ids.empty()) return leads;
    // OFFSET 0 keeps the LATERAL subquery from being merged into a join, which the planner may
    // run as a scan of the whole table: each lead is looked up by its key, and the time follows
    // the leads read, not the table.
    const pg::Result rows = connection.exec(
        "SELECT " + kColumns +
            " FROM jsonb_array_elements_text(?::jsonb) AS wanted(wanted_id) CROSS JOIN LATERAL ("
            "  SELECT * FROM leads WHERE id = wanted_id::bigint OFFSET 0) AS leads ORDER BY id",
        {pg::param(encode_ids(ids))});
    leads.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i) leads.push_back(lead_from_row(pg::Row(rows, i)));
    return leads;
}

}  // namespace leadpool::postgres_leads
