// The suppression list (include/leadpool/personal_data.hpp): a salted hash of each identity of a
// person who was erased and asked not to be kept, so that a later capture or channel record
// carrying one is refused (Error(suppressed)) without the list holding the identity itself.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ingest.hpp"
#include "leadpool/identity.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

// HMAC-SHA256 of a normalised identity (its kind, scope and value) keyed by `salt`, as hex.
std::string identity_hash(const std::string& salt, const Identity& identity);

// Puts the identities on the list, making the lead pool's random salt on first use. Returns how
// many it put there.
std::size_t suppress(StoreWriter& store, const std::vector<Identity>& identities);

// Refuses a record carrying a suppressed identity with Error(suppressed), whatever the caller's
// drop_unusable_identities says: it is the person. A suppressed referrer is another person, and
// is only left out of the record (listed in its `dropped`).
void screen_suppressed(StoreReader& store, CheckedRecord& record);

}  // namespace leadpool::detail
