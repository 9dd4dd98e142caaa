#include "store/migrations.hpp"

#include "leadpool/error.hpp"

namespace leadpool::migrations {

bool run(Adapter& adapter, const Step* steps, std::size_t count) {
    const int current = count == 0 ? 0 : steps[count - 1].version;
    const std::int64_t version = adapter.stored_version();
    if (version > current) {
        throw Error(ErrorCode::storage, adapter.newer_than_build(version) +
                                            ", this build knows versions up to " + std::to_string(current));
    }
    if (version == current) return false;
    for (std::size_t i = 0; i < count; ++i) {
        if (steps[i].version > version) adapter.apply(steps[i]);
    }
    adapter.reached(current);
    return true;
}

}  // namespace leadpool::migrations
