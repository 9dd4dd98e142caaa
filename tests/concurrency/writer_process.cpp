#include "writer_process.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cstdio>

extern char** environ;

namespace leadpool::testing {

int run_writer(const std::string& file, const std::string& name, int count) {
    try {
        SqliteOptions options;
        options.synchronous = SqliteOptions::Synchronous::normal;
        Engine engine(open_sqlite_store(file, options));
        for (int i = 0; i < count; ++i) {
            engine.capture("boss", writer_input(name, i));
            engine.update_lead("boss", kSharedLead, LeadUpdate{"{}", {writer_tag(name, i)}, {}, 0});
            engine.funnel("boss");
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %s: %s\n", name.c_str(), e.what());
        return 1;
    }
}

int spawn_writer(const std::string& program, const std::string& file, const std::string& name, int count) {
    const std::string count_text = std::to_string(count);
    std::vector<char*> argv = {const_cast<char*>(program.c_str()),    const_cast<char*>("--writer"),
                               const_cast<char*>(file.c_str()),       const_cast<char*>(name.c_str()),
                               const_cast<char*>(count_text.c_str()), nullptr};
    pid_t pid = -1;
    if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv.data(), environ) != 0) return -1;
    return pid;
}

int wait_writer(int pid) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

}  // namespace leadpool::testing
