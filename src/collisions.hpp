// The collision report: leads two or more salespeople worked within a window of each other.
#pragma once

#include "leadpool/collisions.hpp"
#include "operation.hpp"

namespace leadpool::detail {

CollisionPage collisions(const Reading& reading, const CollisionRequest& request,
                         const CollisionPageRequest& page);  // report

}  // namespace leadpool::detail
