// leadpool CLI — reading CSV (RFC 4180) as a stream of rows with their line numbers.
//
// libcsv (Debian libcsv-dev) parses, in strict mode: quoted fields with commas, line breaks and
// doubled quotes inside, CRLF or LF line ends, blank lines skipped; spaces are kept as data.
// This reader feeds it one physical line at a time, so each row knows the line it starts on,
// skips a UTF-8 byte-order mark and refuses bytes that are not UTF-8. Memory stays flat: a row
// at a time, whatever the file's size.
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace leadpool::cli {

struct CsvRow {
    std::vector<std::string> fields;
    std::uint64_t line = 0;  // the line the row starts on, from 1
    std::string error;       // not empty: the row is malformed CSV, and this says how
};

// Input that cannot be read as UTF-8 CSV at all: the import stops there.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class CsvReader {
public:
    // Reads `file` (not owned), named `name` in messages.
    CsvReader(std::FILE* file, std::string name);
    ~CsvReader();
    CsvReader(const CsvReader&) = delete;
    CsvReader& operator=(const CsvReader&) = delete;

    // The next row; false at the end. A malformed row comes back with `error` set, and reading
    // goes on at the next line. Throws InputError for bytes that are not UTF-8.
    bool next(CsvRow& row);

    std::uint64_t bytes_read() const { return bytes_; }

    // The longest field accepted (a quote left open would swallow the rest of the file).
    static constexpr std::size_t kMaxFieldBytes = 4u << 20;

private:
    struct Parser;
    bool feed_line();

    std::FILE* file_;
    std::string name_;
    std::unique_ptr<Parser> parser_;
    std::deque<CsvRow> ready_;
    char* line_ = nullptr;
    std::size_t line_capacity_ = 0;
    std::uint64_t line_number_ = 0;
    std::uint64_t bytes_ = 0;
    bool finished_ = false;
};

}  // namespace leadpool::cli
