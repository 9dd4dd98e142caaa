// A writer that shares a SQLite file with other processes: it captures leads of its own, tags
// one shared lead and reads the funnel between writes. Any error it sees fails it: waiting for
// another process's write lock is the library's job (busy timeout), not the caller's.
#pragma once

#include <leadpool/leadpool.hpp>

#include <string>
#include <vector>

namespace leadpool::testing {

inline constexpr LeadId kSharedLead = 1;

// The phone and the tag a writer's i-th operation uses.
inline std::string writer_phone(const std::string& name, int i) {
    return name + "-phone-" + std::to_string(i);
}
inline std::string writer_tag(const std::string& name, int i) { return name + "-tag-" + std::to_string(i); }

// One capture and one tag on the shared lead per step, `count` steps; 0 on success.
int run_writer(const std::string& file, const std::string& name, int count);

// Starts `program --writer file name count`; its pid.
int spawn_writer(const std::string& program, const std::string& file, const std::string& name, int count);
// Waits for it; its exit status (-1 when it did not exit normally).
int wait_writer(int pid);

}  // namespace leadpool::testing
