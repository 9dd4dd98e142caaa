// The PostgreSQL store's schema: its versions and the forward migrations between them.
//
// Everything lives in one PostgreSQL schema (a namespace inside the database) whose name the
// host chooses, so several lead pools — tenants, test runs — share one server. The table
// schema_migrations keeps one row per migration applied, with the time it ran; its highest
// version is the schema's version. Version 0 is a schema that does not exist yet or is empty.
#pragma once

#include <cstdint>
#include <string>

namespace leadpool::pg {
class Connection;
}

namespace leadpool::postgres_schema {

// The version this build creates and migrates to.
inline constexpr int kCurrentVersion = 11;

// Throws Error(invalid_argument) unless `name` is a schema name leadpool accepts: 1 to 63
// characters of a-z, 0-9 and _, not starting with a digit (so it never needs case folding).
void validate_name(const std::string& name);

// The key of the transaction-scoped advisory lock every writer of the schema takes: the same
// text in every process, hashed by the server.
std::string writer_lock_key(const std::string& schema);

// The statement that takes the writer lock, with writer_lock_key() as its one parameter.
inline constexpr const char* kTakeWriterLock = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

// Brings `schema` to kCurrentVersion in one transaction holding the writer lock: creates it and
// its tables when missing, applies what an older build lacks, leaves a current one untouched.
// The connection's search_path must name the schema. Throws Error(storage) when the schema holds
// other tables or was written by a newer leadpool (and changes nothing); server failures escape
// as pg::SqlError.
void migrate(pg::Connection& connection, const std::string& schema);

}  // namespace leadpool::postgres_schema
