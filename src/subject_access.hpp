// Subject access (include/leadpool/personal_data.hpp): everything the lead pool holds of the
// person an identity names, read for them, and the read recorded.
#pragma once

#include "leadpool/personal_data.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// The identity is normalised by the identity rules as a capture's is (invalid_argument when it
// is not a valid identity). One that names no lead the actor may read or export is not_found,
// the same words whether no lead or a lead outside their scope holds it; a lead they may read
// but not export is permission_denied (export_personal_data). The export is recorded in the
// organisation's history (personal_data_exported), naming the leads, never the identity.
PersonalData personal_data(const Operation& op, const Identity& identity);

}  // namespace leadpool::detail
