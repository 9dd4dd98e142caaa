// Runs a piece of the bench in a child process of its own, so its peak memory is its alone.
#pragma once

#include <functional>

namespace leadpool::bench {

struct IsolatedResult {
    double value = 0;        // what the child's function returned
    double peak_rss_mb = 0;  // the child's peak resident set (getrusage ru_maxrss)
};

// Forks, runs `work` in the child and waits for it. Throws when the child fails.
IsolatedResult run_isolated(const std::function<double()>& work);

}  // namespace leadpool::bench
