// The forward migrations of an SQL store's schema, run the same way for every store: an ordered
// table of versioned steps, of which those after the database's version are applied, in order.
// Each store keeps its own SQL, its own transaction around the run and, through a small adapter,
// its own way of reading and recording the version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace leadpool::migrations {

// The SQL that brings a schema from version - 1 to version. A shipped step never changes: a new
// schema is a new step, appended.
struct Step {
    int version;
    const char* sql;
};

// How one store reads and records its schema's version, inside the transaction it holds.
class Adapter {
public:
    virtual ~Adapter() = default;
    // The database's version: 0 for an empty one. Throws Error(storage) for a foreign one.
    virtual std::int64_t stored_version() = 0;
    // The start of the message refusing a database at `version`, newer than this build; the
    // runner adds ", this build knows versions up to N".
    virtual std::string newer_than_build(std::int64_t version) const = 0;
    // Runs a step's SQL and records the step as applied.
    virtual void apply(const Step& step) = 0;
    // After the steps: records the version reached where the store keeps it besides its steps.
    virtual void reached(int /*version*/) {}
};

// Whether `steps` are versions 1, 2, ... in order, one each.
template <std::size_t N>
constexpr bool in_order(const Step (&steps)[N]) {
    for (std::size_t i = 0; i < N; ++i) {
        if (steps[i].version != static_cast<int>(i) + 1) return false;
    }
    return true;
}

// Applies the steps after the stored version, in order, then tells the adapter the version
// reached; false, with nothing applied, when the database is already at the last step. Throws
// Error(storage), changing nothing, when the database is newer than the last step.
bool run(Adapter& adapter, const Step* steps, std::size_t count);

template <std::size_t N>
bool run(Adapter& adapter, const Step (&steps)[N]) {
    return run(adapter, steps, N);
}

}  // namespace leadpool::migrations
