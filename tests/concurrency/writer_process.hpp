// A writer that shares a SQLite file with other processes: it captures leads of its own, tags
// one shared lead and reads the funnel between writes. Any error it sees fails it: waiting for
// another process's write lock is the library's job (busy timeout), not the caller's.
#pragma once

#include <leadpool/leadpool.hpp>

#include <string>
#include <vector>

namespace leadpool::testing {

inline constexpr LeadId kSharedLead = 1;

// The lead (an e-mail of its own) a writer's i-th step captures, and the tag it adds.
inline LeadInput writer_input(const std::string& name, int i) {
    LeadInput input;
    input.identities = {Identity{IdentityKind::email, name + "-" + std::to_string(i) + "@example.com", ""}};
    input.channel = name;
    return input;
}
inline std::string writer_tag(const std::string& name, int i) { return name + "-tag-" + std::to_string(i); }

// One capture and one tag on the shared lead per step, `count` steps; 0 on success.
int run_writer(const std::string& file, const std::string& name, int count);

// Starts `program --writer file name count`; its pid.
int spawn_writer(const std::string& program, const std::string& file, const std::string& name, int count);
// Waits for it; its exit status (-1 when it did not exit normally).
int wait_writer(int pid);

}  // namespace leadpool::testing
