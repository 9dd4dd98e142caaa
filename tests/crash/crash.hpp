// The crash-consistency driver (README "Reliability"): a worker process changes leads on a
// SQLite file and acknowledges every operation the engine returned from; the driver kills it
// with SIGKILL at random moments, reopens the file and checks that nothing acknowledged is lost
// and that the file is consistent.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace leadpool::crash {

// The feed consumer the worker follows and acknowledges.
constexpr const char* kFollower = "crash-follower";

// The workflow the worker's opportunities follow, and its steps.
constexpr const char* kWorkflow = "crash deal";
constexpr const char* kProduct = "lathe";
constexpr const char* kSteps[] = {"contact", "demo", "contract"};

struct AckedMerge {
    std::int64_t survivor = 0;
    std::int64_t absorbed = 0;
};

// What the worker acknowledged: each lead at least at this version, each version of a lead an
// operation left it at, each e-mail address on this lead and the tags updates added to it (on the
// lead it is merged into, if it is), the follow-ups recorded on a lead (by their note) and the
// opportunities opened on it (by number), the merges made and those undone (by merge id), the
// users and sub pools it added, and the feed consumer's last position.
struct Acknowledged {
    std::map<std::int64_t, std::int64_t> lead_versions;
    std::set<std::pair<std::int64_t, std::int64_t>> lead_changes;  // (lead, version)
    std::map<std::string, std::int64_t> addresses;
    std::map<std::int64_t, std::set<std::string>> tags;
    std::map<std::int64_t, std::set<std::string>> follow_ups;  // lead -> notes
    std::map<std::int64_t, std::set<std::int64_t>> opportunities;  // lead -> numbers
    std::map<std::int64_t, AckedMerge> merges;
    std::set<std::int64_t> unmerges;
    std::set<std::string> users;
    std::set<std::string> pools;
    std::int64_t feed_position = 0;
    std::size_t operations = 0;
};

// Reads one acknowledgement line into `acked` — for a lead "<kind> <lead> <version> [<address>]"
// ("update <lead> <version> <tag>" for an update, "follow_up <lead> <version> <note>" for a
// follow-up, "opportunity <lead> <version> <number>" for an opportunity opened, "advance" and
// "win" for one moved on), "merge <merge> <survivor> <version> <absorbed>"
// or "unmerge <merge> <lead> <version>"; for the organisation "user <id>" or "pool <name>"; for
// the feed consumer "feed <seq>". False when the line is not one.
bool record_ack(const std::string& line, Acknowledged& acked);

// The worker: runs operations on `file` until killed, writing one acknowledgement line to
// stdout after each one commits. `seed` picks the operations.
int run_worker(const std::string& file, std::uint64_t seed);

// Checks the file after a kill; returns the problems found, one per line (empty: consistent).
std::string check_file(const std::string& file, const Acknowledged& acked);

}  // namespace leadpool::crash
