// leadpool — everything a C++ host needs, in one include.
#pragma once

#include "leadpool/clock.hpp"
#include "leadpool/engine.hpp"
#include "leadpool/error.hpp"
#include "leadpool/history.hpp"
#include "leadpool/identity.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/memory_store.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/pool.hpp"
#include "leadpool/query.hpp"
#include "leadpool/sqlite_store.hpp"
#include "leadpool/stage.hpp"
#include "leadpool/store.hpp"
#include "leadpool/tier.hpp"
#include "leadpool/user.hpp"
#include "leadpool/version.hpp"
