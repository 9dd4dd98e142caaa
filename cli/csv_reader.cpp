#include "csv_reader.hpp"

#include <csv.h>

#include <cstdlib>

#include "utf8.hpp"

namespace leadpool::cli {

struct CsvReader::Parser {
    csv_parser csv{};
    CsvRow row;                 // the row being read
    bool in_row = false;        // a field of `row` has started (its start line is set)
    std::deque<CsvRow>* ready = nullptr;
    std::uint64_t current_line = 0;
    bool too_big = false;

    Parser() { init(); }
    ~Parser() { csv_free(&csv); }

    void init() {
        if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI) != 0) throw std::bad_alloc();
        // Spaces around an unquoted field are data (RFC 4180), not padding to trim.
        csv_set_space_func(&csv, [](unsigned char) { return 0; });
    }
    void reset() {
        csv_free(&csv);
        init();
        row = CsvRow{};
        in_row = false;
    }

    static void on_field(void* data, std::size_t length, void* self) {
        auto& p = *static_cast<Parser*>(self);
        p.start_row();
        if (length > kMaxFieldBytes) p.too_big = true;
        p.row.fields.emplace_back(static_cast<const char*>(data), length);
    }
    static void on_row_end(int, void* self) {
        auto& p = *static_cast<Parser*>(self);
        p.start_row();
        p.ready->push_back(std::move(p.row));
        p.row = CsvRow{};
        p.in_row = false;
    }
    void start_row() {
        if (!in_row) {
            in_row = true;
            row.line = row_start;
        }
    }
    std::uint64_t row_start = 0;  // the line the next row starts on
};

CsvReader::CsvReader(std::FILE* file, std::string name)
    : file_(file), name_(std::move(name)), parser_(std::make_unique<Parser>()) {
    parser_->ready = &ready_;
}

CsvReader::~CsvReader() { std::free(line_); }

bool CsvReader::feed_line() {
    Parser& p = *parser_;
    const ssize_t got = ::getline(&line_, &line_capacity_, file_);
    if (got < 0) {
        if (std::ferror(file_)) throw InputError(name_ + ": cannot be read");
        if (csv_fini(&p.csv, Parser::on_field, Parser::on_row_end, &p) != 0) {
            CsvRow bad;
            bad.line = p.row_start;
            bad.error = "malformed CSV: a quoted field is not closed before the end of the file";
            ready_.push_back(std::move(bad));
        }
        finished_ = true;
        return false;
    }
    ++line_number_;
    bytes_ += static_cast<std::uint64_t>(got);
    std::string_view text(line_, static_cast<std::size_t>(got));
    if (line_number_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // the BOM
    if (const auto bad = first_invalid_utf8(text)) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[*bad]));
        throw InputError(name_ + " line " + std::to_string(line_number_) + ": not UTF-8 (byte " + byte +
                         " at byte " + std::to_string(*bad + 1) +
                         " of the line); save the file as UTF-8, e.g. iconv -f GBK -t UTF-8");
    }
    // A row starts on this line unless one is already open (a quoted field running on).
    // (libcsv's state 0 is ROW_NOT_BEGUN: the last row ended.)
    const bool open_row = p.in_row || p.csv.pstate != 0;
    if (!open_row) p.row_start = line_number_;
    const std::size_t fed = csv_parse(&p.csv, text.data(), text.size(), Parser::on_field, Parser::on_row_end, &p);
    if (p.csv.entry_pos > kMaxFieldBytes) p.too_big = true;
    if (fed != text.size() || p.too_big) {
        CsvRow bad;
        bad.line = p.row_start;
        bad.error = p.too_big ? "malformed CSV: a field runs past 4 MiB (a quote left open?)"
                              : "malformed CSV: a quote inside an unquoted field, or text after a closing quote";
        p.too_big = false;
        p.reset();
        ready_.push_back(std::move(bad));
    }
    return true;
}

bool CsvReader::next(CsvRow& row) {
    while (ready_.empty() && !finished_) feed_line();
    if (ready_.empty()) return false;
    row = std::move(ready_.front());
    ready_.pop_front();
    return true;
}

}  // namespace leadpool::cli
