// leadpool CLI — progress on stderr: a bar with rows/s and ETA on a terminal, a plain line every
// few seconds otherwise, nothing when quiet. The last state is always shown once at the end.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace leadpool::cli {

class Progress {
public:
    enum class Mode { bar, lines, quiet };
    // `total_bytes`: the input's size when known (a file), for the percentage and ETA.
    Progress(std::string label, std::optional<std::uint64_t> total_bytes, Mode mode, std::FILE* out = stderr);

    // The mode for stderr: bar on a terminal (isatty), lines otherwise, quiet when asked.
    static Mode mode_for_stderr(bool quiet);

    void update(std::uint64_t rows, std::uint64_t bytes);
    void finish(std::uint64_t rows, std::uint64_t bytes);

private:
    void show(std::uint64_t rows, std::uint64_t bytes, bool final);

    std::string label_;
    std::optional<std::uint64_t> total_;
    Mode mode_;
    std::FILE* out_;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace leadpool::cli
