// Reading leads, with their identities and tags, from the PostgreSQL store's tables: one
// statement whatever the number of leads, each lead's identities and tags gathered beside its row.
#pragma once

#include <string>
#include <vector>

#include "leadpool/lead.hpp"
#include "store/pg_connection.hpp"

namespace leadpool::postgres_leads {

// The columns of a lead row (store_rows::kLeadColumns) followed by its identities and its tags
// as JSON arrays, for a query whose FROM names the lead row `leads`.
extern const std::string kColumns;

// A row of kColumns.
Lead lead_from_row(const pg::Row& row);

// The leads with those ids that exist, by id.
std::vector<Lead> read_leads(pg::Connection& connection, const std::vector<LeadId>& ids);

}  // namespace leadpool::postgres_leads
