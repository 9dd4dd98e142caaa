// leadpool — the public-pool mechanics in one include (docs/design.md 3, 4): routing, pool
// settings (assignment, claim caps, cool-downs, recycling), follow-ups and opportunity workflows.
#pragma once

#include "leadpool/activity.hpp"
#include "leadpool/pool_settings.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/workflow.hpp"
