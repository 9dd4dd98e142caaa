// The SQLite store's schema: its versions and the forward migrations between them.
//
// A leadpool file is marked by `PRAGMA application_id` (kApplicationId) and records the schema
// version it is at in `PRAGMA user_version`; both live in the database header and change inside
// the migrating transaction. Version 0 is an empty file. The table schema_migrations keeps one
// row per migration applied to the file, with the time it ran.
#pragma once

#include <cstdint>

namespace SQLite {
class Database;
}

namespace leadpool::sqlite_schema {

inline constexpr std::int32_t kApplicationId = 0x4C44504C;  // "LDPL"

// The version this build creates and migrates to.
inline constexpr int kCurrentVersion = 13;

// A lead's capture day, the UTC day of created_at (floor division, also before 1970): the
// `capture_day` column of leads and funnel_counts.
inline constexpr std::int64_t kDayMs = 86'400'000;

// Brings the database to kCurrentVersion in one IMMEDIATE transaction: creates a new file's
// schema, applies the migrations a file from an older build lacks, and leaves a current file
// untouched. Throws Error(storage) when the file is not a leadpool database or was written by a
// newer leadpool (and changes nothing); SQLite failures escape as SQLite::Exception.
void migrate(SQLite::Database& db);

}  // namespace leadpool::sqlite_schema
