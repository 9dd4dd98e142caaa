#include "store/postgres_leads.hpp"

#include <algorithm>

#include "store/store_rows.hpp"

namespace leadpool::postgres_leads {

using namespace store_rows;

std::string id_array(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::int64_t id : ids) {
        if (out.size() > 1) out += ',';
        out += std::to_string(id);
    }
    return out + '}';
}

void load_lead_details(pg::Connection& connection, std::vector<Lead>& leads) {
    if (leads.empty()) return;
    std::vector<LeadId> ids;
    ids.reserve(leads.size());
    for (const Lead& lead : leads) ids.push_back(lead.id);
    const pg::Param id_list = id_array(ids);
    const auto lead_with = [&](LeadId id) -> Lead& {
        return *std::lower_bound(leads.begin(), leads.end(), id,
                                 [](const Lead& lead, LeadId key) { return lead.id < key; });
    };

    const pg::Result identities = connection.exec(
        "SELECT lead_id, kind, scope, value FROM identities "
        "WHERE lead_id = ANY(?::bigint[]) ORDER BY lead_id, position",
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
        "SELECT lead_id, tag FROM lead_tags WHERE lead_id = ANY(?::bigint[]) ORDER BY lead_id, tag", {id_list});
    for (int i = 0; i < tags.rows(); ++i) lead_with(tags.integer(i, 0)).tags.push_back(tags.text(i, 1));
}

std::vector<Lead> read_leads(pg::Connection& connection, const std::vector<LeadId>& ids) {
    std::vector<Lead> leads;
    if (ids.empty()) return leads;
    const pg::Result rows = connection.exec(std::string("SELECT ") + kLeadColumns +
                                                " FROM leads WHERE id = ANY(?::bigint[]) ORDER BY id",
                                            {pg::param(id_array(ids))});
    leads.reserve(static_cast<std::size_t>(rows.rows()));
    for (int i = 0; i < rows.rows(); ++i) leads.push_back(lead_from_row(pg::Row(rows, i)));
    load_lead_details(connection, leads);
    return leads;
}

}  // namespace leadpool::postgres_leads
