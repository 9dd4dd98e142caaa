#include "csv_writer.hpp"

namespace leadpool::cli {

void write_csv_field(std::ostream& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << field;
        return;
    }
    out << '"';
    for (const char c : field) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out << ',';
        write_csv_field(out, fields[i]);
    }
    out << "\r\n";
}

}  // namespace leadpool::cli
