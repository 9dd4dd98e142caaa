#include "progress.hpp"

#include <unistd.h>

#include <cmath>

namespace leadpool::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kBarInterval = std::chrono::milliseconds(100);
constexpr auto kLineInterval = std::chrono::seconds(5);

std::string duration_text(double seconds) {
    const auto s = static_cast<long long>(std::llround(seconds));
    char text[32];
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    }
    return text;
}

}  // namespace

Progress::Progress(std::string label, std::optional<std::uint64_t> total_bytes, Mode mode, std::FILE* out)
    : label_(std::move(label)), total_(total_bytes), mode_(mode), out_(out), start_(Clock::now()), last_(start_) {
    if (total_ && *total_ == 0) total_.reset();
}

Progress::Mode Progress::mode_for_stderr(bool quiet) {
    if (quiet) return Mode::quiet;
    return ::isatty(STDERR_FILENO) ? Mode::bar : Mode::lines;
}

void Progress::update(std::uint64_t rows, std::uint64_t bytes) {
    if (mode_ == Mode::quiet) return;
    const auto now = Clock::now();
    if (now - last_ < (mode_ == Mode::bar ? Clock::duration(kBarInterval) : Clock::duration(kLineInterval))) return;
    last_ = now;
    show(rows, bytes, false);
}

void Progress::finish(std::uint64_t rows, std::uint64_t bytes) {
    if (mode_ == Mode::quiet) return;
    show(rows, bytes, true);
}

void Progress::show(std::uint64_t rows, std::uint64_t bytes, bool final) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(rows) / elapsed : 0;
    const double fraction = total_ ? std::min(1.0, static_cast<double>(bytes) / static_cast<double>(*total_)) : 0;
    std::string eta;
    if (final) {
        eta = "in " + duration_text(elapsed);
    } else if (total_ && fraction > 0) {
        eta = "ETA " + duration_text(elapsed * (1 - fraction) / fraction);
    }
    char counts[96];
    std::snprintf(counts, sizeof counts, "%llu rows, %.0f rows/s", static_cast<unsigned long long>(rows), rate);
    if (mode_ == Mode::bar) {
        constexpr int kWidth = 30;
        std::string bar;
        if (total_) {
            const int filled = static_cast<int>(fraction * kWidth);
            bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                  std::string(static_cast<std::size_t>(kWidth - filled), '-') + "] ";
            char percent[16];
            std::snprintf(percent, sizeof percent, "%3.0f%% ", fraction * 100);
            bar += percent;
        }
        // \r and "erase to the end of the line" redraw the bar in place.
        std::fprintf(out_, "\r%s %s%s %s\x1b[K", label_.c_str(), bar.c_str(), counts, eta.c_str());
        if (final) std::fputc('\n', out_);
    } else {
        std::string percent;
        if (total_) percent = " (" + std::to_string(static_cast<int>(fraction * 100)) + "%)";
        std::fprintf(out_, "%s: %s%s %s%s\n", label_.c_str(), counts, percent.c_str(), eta.c_str(),
                     final ? ", done" : "");
    }
    std::fflush(out_);
}

}  // namespace leadpool::cli
