#include "store/sqlite_leads.hpp"

#include <unordered_map>
#include <string>
#include <utility>

#include "store/store_rows.hpp"

namespace leadpool::sqlite_store {

using namespace store_rows;

void load_lead_details(Connection& connection, std::vector<Lead>& leads) {
    if (leads.empty()) return;
    // The leads come in any order (a sorted page is not in id order).
    std::unordered_map<LeadId, Lead*> by_id;
    by_id.reserve(leads.size());
    for (Lead& lead : leads) by_id.emplace(lead.id, &lead);
    const auto lead_with = [&](LeadId id) -> Lead& { return *by_id.at(id); };
    // One lead (every read and update of a lead by id) walks the indexes by its id; the list
    // through json_each costs a virtual table and a sort on top, which only many leads repay.
    const bool one = leads.size() == 1;
    std::string id_list;
    if (!one) {
        std::vector<LeadId> ids;
        ids.reserve(leads.size());
        for (const Lead& lead : leads) ids.push_back(lead.id);
        id_list = encode_ids(ids);
    }
    const auto bind_leads = [&](Query& query) {
        if (one) {
            query.bind(leads.front().id);
        } else {
            query.bind(id_list);
        }
    };
    const std::string which = one ? "lead_id = ?" : "lead_id IN (SELECT value FROM json_each(?))";

    auto identities = connection.query("SELECT lead_id, kind, scope, value FROM identities WHERE " + which +
                                       " ORDER BY lead_id, position");
    bind_leads(identities);
    while (identities.next()) {
        Identity identity;
        identity.kind =
            decode_enum<IdentityKind>(identities.integer(1), kIdentityKindCount, "identities.kind");
        identity.scope = identities.text(2);
        identity.value = identities.text(3);
        lead_with(identities.integer(0)).identities.push_back(std::move(identity));
    }

    auto tags = connection.query("SELECT lead_id, tag FROM lead_tags WHERE " + which + " ORDER BY lead_id, tag");
    bind_leads(tags);
    while (tags.next()) lead_with(tags.integer(0)).tags.push_back(tags.text(1));
}

}  // namespace leadpool::sqlite_store
