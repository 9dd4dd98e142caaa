#include "actor_cache.hpp"

#include <cstdlib>

namespace leadpool::detail {

void bump_org_version(StoreWriter& store) {
    const std::string current = store.setting(kOrgVersionKey).value_or("0");
    store.set_setting(kOrgVersionKey, std::to_string(std::strtoll(current.c_str(), nullptr, 10) + 1));
}

}  // namespace leadpool::detail
