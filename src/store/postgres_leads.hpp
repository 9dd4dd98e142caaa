// Reading leads, with their identities and tags, from the PostgreSQL store's tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leadpool/lead.hpp"
#include "store/pg_connection.hpp"

namespace leadpool::postgres_leads {

// Fills in the identities (by position) and tags (sorted) of leads sorted by id.
void load_lead_details(pg::Connection& connection, std::vector<Lead>& leads);

// The leads with those ids that exist, by id, with their identities and tags.
std::vector<Lead> read_leads(pg::Connection& connection, const std::vector<LeadId>& ids);

}  // namespace leadpool::postgres_leads
