// leadpool — errors.
//
// Every failure the library reports is a leadpool::Error: a stable code that callers branch on,
// and a message for people that names the field or rule at fault. Codes are never renumbered;
// new ones are only ever added (the C ABI maps them one to one).
#pragma once

#include <stdexcept>
#include <string>

namespace leadpool {

enum class ErrorCode : int {
    invalid_argument = 1,    // malformed input: bad JSON, empty identities, missing reason, ...
    not_found = 2,           // an id that names no lead, pool or user
    permission_denied = 3,   // the actor's role in the current stage does not allow it
    illegal_transition = 4,  // a move the pyramid does not allow (docs/design.md 2.2)
    conflict = 5,            // stale version, duplicate name, identity owned by another lead
    storage = 6,             // the store failed (I/O, corrupt or foreign file)
    limit_exceeded = 7,      // input over a documented size limit (batch, attributes, nesting)
    busy = 8,                // the store stayed locked by another writer past its busy timeout
    internal = 9,            // a bug or resource failure inside leadpool (e.g. out of memory)
    // (10 is the C ABI's own LP_ENGINE_CLOSED: a C++ Engine is closed by destroying it)
    suppressed = 11,  // an identity of a person whose data was erased and who asked not to be kept
};

// The stable lower-case name of a code ("invalid_argument", ...).
const char* to_string(ErrorCode code) noexcept;

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}

    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

}  // namespace leadpool
