#include "isolated.hpp"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <stdexcept>

namespace leadpool::bench {

IsolatedResult run_isolated(const std::function<double()>& work) {
    int channel[2];
    if (pipe(channel) != 0) throw std::runtime_error("bench: pipe failed");
    std::fflush(nullptr);
    // The child starts with the parent's resident pages, and they count in its peak: the heap an
    // earlier figure freed (a memory store of every lead) goes back to the kernel first.
    malloc_trim(0);
    const pid_t child = fork();
    if (child < 0) throw std::runtime_error("bench: fork failed");
    if (child == 0) {
        close(channel[0]);
        int status = 0;
        try {
            const double value = work();
            status = write(channel[1], &value, sizeof value) == sizeof value ? 0 : 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench child: %s\n", e.what());
            status = 1;
        }
        _exit(status);
    }
    close(channel[1]);
    IsolatedResult result;
    const bool got = read(channel[0], &result.value, sizeof result.value) == sizeof result.value;
    close(channel[0]);
    int status = 0;
    struct rusage usage {};
    if (wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !got) {
        throw std::runtime_error("bench: the child process failed");
    }
    result.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
    return result;
}

}  // namespace leadpool::bench
