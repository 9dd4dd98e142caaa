// leadpool CLI — exit codes a script can test (README "The command-line tool").
#pragma once

#include <leadpool/error.hpp>

namespace leadpool::cli {

// 0 ok; 1 an unexpected failure (writing an output file, a bug); 2 bad usage: the command line,
// a mapping, an input file that cannot be read or is not UTF-8; 3 an import that finished with
// rejected rows; 10 + leadpool::ErrorCode for an operation the engine refused:
// 11 invalid_argument, 12 not_found, 13 permission_denied, 14 illegal_transition, 15 conflict,
// 16 storage, 17 limit_exceeded, 18 busy, 19 internal, 21 suppressed.
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitPartialImport = 3,
    kExitRefusedBase = 10,
};

inline int exit_code_for(ErrorCode code) noexcept { return kExitRefusedBase + static_cast<int>(code); }

// Bad usage found after the command line was parsed (a mapping, an input file): exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace leadpool::cli
