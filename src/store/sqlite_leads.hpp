// Reading leads' identities and tags from the SQLite store's tables: one statement per table
// whatever the number of leads.
#pragma once

#include <vector>

#include "leadpool/lead.hpp"
#include "store/sqlite_connection.hpp"

namespace leadpool::sqlite_store {

// Fills in the identities and tags of leads, in whatever order they are.
void load_lead_details(Connection& connection, std::vector<Lead>& leads);

}  // namespace leadpool::sqlite_store
