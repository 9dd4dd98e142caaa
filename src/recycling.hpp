// The maintenance run: held leads idle past their pool's limit go back to the pool (or the
// master pool), and leads about to be due are listed.
#pragma once

#include "leadpool/pool_settings.hpp"
#include "operation.hpp"

namespace leadpool::detail {

MaintenanceReport maintain(const Operation& op);

}  // namespace leadpool::detail
