// leadpool — library version.
#pragma once

#define LEADPOOL_VERSION_MAJOR 0
#define LEADPOOL_VERSION_MINOR 1
#define LEADPOOL_VERSION_PATCH 0

namespace leadpool {

// "MAJOR.MINOR.PATCH" of the library actually linked (may differ from the header's macros).
const char* version() noexcept;

}  // namespace leadpool
