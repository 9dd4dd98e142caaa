// leadpool — the in-memory store, for tests and ephemeral hosts. Nothing survives the process.
#pragma once

#include <memory>

#include "leadpool/store.hpp"

namespace leadpool {

std::unique_ptr<Store> open_memory_store();

}  // namespace leadpool
