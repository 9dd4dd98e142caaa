#include "store/postgres_leads.hpp"

#include <algorithm>

#include "store/store_rows.hpp"

namespace leadpool::postgres_leads {

using namespace store_rows;

void load_lead_details(pg::Connection& connection, std::vector<Lead>& leads) {
    if (leads.empty()) return;
    std::vector<LeadId> ids;
    ids.reserve(leads.size());
    for (const Lead& lead : leads) ids.push_back(lead.id);
    const pg::Param id_list = encode_ids(ids);
    const auto lead_with = [&](LeadId id) -> Lead& {
        return *std::lower_bound(leads.begin(), leads.end(), id,
                                 [](const Lead& lead, LeadId key) { return lead.id < key; });
    };

    // Each lead's rows are looked up through its index: OFFSET 0 keeps the LATERAL subquery from
    // being merged into a join, which the planner may run as a scan of the whole table. The time
    // then follows the leads read, not the table.
    const pg::Result identities = connection.exec(
        "SELECT wanted_id::bigint, held.kind, held.scope, held.value "
        "FROM jsonb_array_elements_text(?::jsonb) AS wanted(wanted_id) CROSS JOIN LATERAL ("
        "  SELECT kind, scope, value, position FROM identities WHERE lead_id = wanted_id::bigint OFFSET 0) AS held "
        "ORDER BY wanted_id::bigint, held.position",
        {id_list});
    for (int i = 0; i < identities.rows(); ++i) {
        Identity identity;
        identity.kind =
            decode_enum<IdentityKind>(identities.integer(i, 1), kIdentityKindCount, "identities.kind");
        identity.scope = identities.text(i, 2);
        identity.value = identities.text(i, 3);
        lead_with(identities.integer(i, 0)).identities.push_back(std::move(identity));
    }

    const pg::Result tags = connection.exec(
        "SELECT wanted_id::bigint, tagged.tag "
        "FROM jsonb_array_elements_text(?::jsonb) AS wanted(wanted_id) CROSS JOIN LATERAL ("
        "  SELECT tag FROM lead_tags WHERE lead_id = wanted_id::bigint OFFSET 0) AS tagged "
        "ORDER BY wanted_id::bigint, tagged.tag",
        {id_list});
    for (int i = 0; i < tags.rows(); ++i) lead_with(tags.integer(i, 0)).tags.push_back(tags.text(i, 1));
}

std::vector<Lead> read_leads(pg::Connection& connection, const std::vector<LeadId>& ids) {
    std::vector<Lead> leads;
    if (ids.empty()) return leads;
    const pg::Result rows = connection.exec(
        std::string("SELECT ") + kLeadColumns +
            " FROM jsonb_array_elements_text(?::jsonb) AS wanted(wanted_id) CROSS JOIN LATERAL ("
            "  SELECT * FROM leads WHERE id = wanted_id::bigint OFFSET 0) AS found ORDER BY id",
        {pg::param(encode_ids(ids))});
    leads.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i) leads.push_back(lead_from_row(pg::Row(rows, i)));
    load_lead_details(connection, leads);
    return leads;
}

}  // namespace leadpool::postgres_leads
