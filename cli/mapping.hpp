// leadpool CLI — the column mapping: which CSV column feeds which part of a channel record.
//
// Targets: an identity kind (phone, email, wechat_unionid, device_id; the scoped kinds
// wechat_openid:APP and external_id:SOURCE, or without a scope a cell "SCOPE:VALUE"),
// attributes.<name> (nested with dots), attributes (a cell holding a JSON object), channel,
// record_id, tags, source, medium, campaign (attribution), occurred_at and region.
#pragma once

#include <leadpool/ingest.hpp>

#include <optional>
#include <string>
#include <vector>

#include "csv_reader.hpp"

namespace leadpool::cli {

struct MappingOptions {
    std::vector<std::string> pairs;       // --map TARGET=COLUMN (or COLUMN=TARGET), several
    std::string file;                     // --mapping FILE: {"TARGET": "COLUMN" or ["COLUMN", ...]}
    bool unmapped_to_attributes = false;  // other columns become attributes.<column>
    bool auto_map = true;                 // a column named like a target maps to it
    std::string channel;                  // --channel: when no channel column (or it is empty)
    char list_separator = '|';            // between values in an identity or tags cell
};

// A row the mapping cannot make a record of (a bad time, attributes that are not an object).
struct RowError {
    std::string reason;
};

class Mapping {
public:
    // Binds the options to the file's header. Throws UsageError for a mapping that cannot work:
    // an unknown target, a column the file does not have, no identity, no channel.
    static Mapping bind(const MappingOptions& options, const std::vector<std::string>& header);

    // The record of a data row (without its record id when no column gives one).
    ChannelRecord record(const CsvRow& row) const;

    // "手机号 → phone, E-mail → email, ..." for the import's opening line.
    std::string describe() const;

    enum class Kind { identity, attribute, attributes_json, channel, record_id, tags, source, medium, campaign,
                      occurred_at, region };
    struct Rule {
        Kind kind = Kind::identity;
        IdentityKind identity = IdentityKind::phone;
        std::optional<std::string> scope;  // scoped kinds: fixed, or taken from the cell
        std::vector<std::string> path;     // attributes.<path>
        std::string target;                // as written
        std::string column;
        std::size_t index = 0;
    };

    // Reads a target name; nullopt when it is none.
    static std::optional<Rule> parse_target(const std::string& target);

private:
    std::vector<Rule> rules_;
    std::string channel_;
    char separator_ = '|';
    std::size_t columns_ = 0;
};

}  // namespace leadpool::cli
