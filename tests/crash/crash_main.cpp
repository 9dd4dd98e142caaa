// leadpool_crash: kills a worker process at random moments and checks the file after each kill.
//
//   leadpool_crash [--kills N] [--seed S] [--file PATH]
//
// Seeded: the same seed gives the same worker operations and kills each after the same number of
// acknowledged operations, so a failure can be replayed. (--worker FILE SEED runs the worker.)
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "crash.hpp"

using namespace leadpool::crash;

namespace {

struct Options {
    int kills = 20;
    std::uint64_t seed = 1;
    std::string file = (std::filesystem::temp_directory_path() / "leadpool-crash.db").string();
};

void remove_database(const std::string& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

pid_t start_worker(const Options& options, std::uint64_t seed, int& from_worker) {
    int channel[2];
    if (pipe(channel) != 0) return -1;
    const pid_t child = fork();
    if (child == 0) {
        dup2(channel[1], STDOUT_FILENO);
        close(channel[0]);
        close(channel[1]);
        const std::string seed_text = std::to_string(seed);
        execl("/proc/self/exe", "leadpool_crash", "--worker", options.file.c_str(), seed_text.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(channel[1]);
    from_worker = channel[0];
    return child;
}

// Reads whole lines from the worker into `acked`, until `wanted` more (0: until the pipe ends).
// False when the pipe ended first.
bool read_acks(int from_worker, std::string& pending, Acknowledged& acked, std::size_t wanted) {
    const std::size_t target = acked.operations + wanted;
    char buffer[4096];
    for (;;) {
        for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
            record_ack(pending.substr(0, end), acked);
            pending.erase(0, end + 1);
            if (wanted != 0 && acked.operations >= target) return true;
        }
        const ssize_t got = read(from_worker, buffer, sizeof buffer);
        if (got <= 0) return false;
        pending.append(buffer, static_cast<std::size_t>(got));
    }
}

int drive(const Options& options) {
    remove_database(options.file);
    std::mt19937_64 random(options.seed);
    Acknowledged acked;
    for (int round = 1; round <= options.kills; ++round) {
        const std::uint64_t worker_seed = random();
        const std::size_t kill_after = std::uniform_int_distribution<std::size_t>(1, 60)(random);
        // A moment inside the operation that follows the last one awaited.
        const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 5000)(random));
        int from_worker = -1;
        const pid_t worker = start_worker(options, worker_seed, from_worker);
        if (worker < 0) {
            std::perror("leadpool_crash: cannot start the worker");
            return 2;
        }
        std::string pending;
        const bool alive = read_acks(from_worker, pending, acked, kill_after);
        if (alive) std::this_thread::sleep_for(delay);
        kill(worker, SIGKILL);
        int status = 0;
        waitpid(worker, &status, 0);
        read_acks(from_worker, pending, acked, 0);  // what it acknowledged before it died counts too
        close(from_worker);
        if (!alive || !WIFSIGNALED(status)) {
            std::fprintf(stderr, "leadpool_crash: round %d (seed %llu): the worker stopped by itself\n",
                         round, static_cast<unsigned long long>(options.seed));
            return 1;
        }
        const std::string problems = check_file(options.file, acked);
        if (!problems.empty()) {
            std::fprintf(stderr, "leadpool_crash: after kill %d (replay with --seed %llu --kills %d):\n%s",
                         round, static_cast<unsigned long long>(options.seed), round, problems.c_str());
            return 1;
        }
    }
    std::printf(
        "leadpool_crash: %d kills, %zu acknowledged operations on %zu leads (%zu merges, %zu undone), all "
        "present and consistent (seed %llu)\n",
        options.kills, acked.operations, acked.lead_versions.size(), acked.merges.size(),
        acked.unmerges.size(), static_cast<unsigned long long>(options.seed));
    remove_database(options.file);
    return 0;
}

[[noreturn]] void usage() {
    std::fprintf(stderr, "usage: leadpool_crash [--kills N] [--seed S] [--file PATH]\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--worker") return run_worker(argv[2], std::stoull(argv[3]));
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (option == "--kills") {
            options.kills = std::stoi(value);
        } else if (option == "--seed") {
            options.seed = std::stoull(value);
        } else if (option == "--file") {
            options.file = value;
        } else {
            usage();
        }
    }
    return drive(options);
}
