#include "leadpool/version.hpp"

namespace leadpool {

const char* version() noexcept { return LEADPOOL_VERSION_STRING; }

}  // namespace leadpool
