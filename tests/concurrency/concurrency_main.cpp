// The concurrency suite (run under TSan by scripts/test-sanitizers.sh). The same program is the
// writer process of the two-process tests: leadpool_concurrency_tests --writer FILE NAME COUNT.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "writer_process.hpp"

int main(int argc, char** argv) {
    if (argc == 5 && std::string(argv[1]) == "--writer") {
        return leadpool::testing::run_writer(argv[2], argv[3], std::stoi(argv[4]));
    }
    return doctest::Context(argc, argv).run();
}
