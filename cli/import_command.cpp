// leadpool import FILE: CSV or JSON Lines, streamed through Engine::ingest in batches.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>

#include "commands.hpp"
#include "csv_reader.hpp"
#include "csv_writer.hpp"
#include "exit_codes.hpp"
#include "mapping.hpp"
#include "progress.hpp"
#include "session.hpp"
#include "utf8.hpp"

namespace leadpool::cli {
namespace {

struct ImportOptions {
    std::string file;
    std::string format;  // csv, jsonl; empty: by the file's extension
    MappingOptions mapping;
    std::string separator = "|";
    std::string rejects;
    std::size_t batch = 1000;
};

// One row waiting in a batch: where it came from, for the rejects file.
struct PendingRow {
    std::uint64_t line = 0;
    std::vector<std::string> fields;
};

// What the import did, with the reasons of its rejects grouped.
class Tally {
public:
    std::uint64_t rows = 0, created = 0, updated = 0, merged = 0, duplicates = 0, rejected = 0, dropped = 0;

    void reject(std::uint64_t line, const std::string& error, const std::string& reason) {
        ++rejected;
        std::string key = error + "\t" + shape(reason);
        auto it = groups_.find(key);
        if (it == groups_.end()) {
            if (groups_.size() >= kMaxGroups) key = error + "\tother reasons";
            it = groups_.emplace(key, Group{0, line, error, groups_.size() >= kMaxGroups ? "other reasons" : reason})
                     .first;
        }
        ++it->second.count;
    }

    void print(std::ostream& out, const std::string& rejects_file) const {
        out << "  created     " << created << "\n  updated     " << updated << "\n  merged      " << merged
            << "\n  duplicates  " << duplicates << "\n  rejected    " << rejected;
        if (rejected > 0 && !rejects_file.empty()) out << "  (written to " << rejects_file << ")";
        out << "\n";
        std::vector<const Group*> sorted;
        for (const auto& [key, group] : groups_) sorted.push_back(&group);
        std::sort(sorted.begin(), sorted.end(), [](const Group* a, const Group* b) { return a->count > b->count; });
        for (const Group* group : sorted) {
            out << "    " << group->count << " × " << group->error << ": " << group->example << " (first at line "
                << group->first_line << ")\n";
        }
        if (dropped > 0) out << "  identities left out (invalid, blocked or shared; the rows were kept)  " << dropped << "\n";
    }

private:
    struct Group {
        std::uint64_t count = 0;
        std::uint64_t first_line = 0;
        std::string error;
        std::string example;
    };
    static constexpr std::size_t kMaxGroups = 50;

    // A reason without the values that make it particular: quoted text and numbers.
    static std::string shape(const std::string& reason) {
        static const std::regex quoted("'[^']*'");
        static const std::regex number("[0-9]+");
        return std::regex_replace(std::regex_replace(reason, quoted, "'…'"), number, "#");
    }
    std::map<std::string, Group> groups_;
};

class Importer {
public:
    Importer(Session& session, const ImportOptions& options) : session_(session), options_(options) {
        name_ = options.file == "-" ? "stdin" : std::filesystem::path(options.file).filename().string();
        if (!options.rejects.empty()) {
            rejects_ = std::make_unique<std::ofstream>(options.rejects, std::ios::binary);
            if (!*rejects_) throw UsageError("--rejects " + options.rejects + ": cannot be written");
        }
    }

    int run() {
        std::FILE* file = stdin;
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(nullptr, &std::fclose);
        std::optional<std::uint64_t> size;
        if (options_.file != "-") {
            owned.reset(std::fopen(options_.file.c_str(), "rb"));
            if (!owned) throw UsageError(options_.file + ": cannot be opened");
            file = owned.get();
            struct stat st {};
            if (::fstat(::fileno(file), &st) == 0 && S_ISREG(st.st_mode)) size = static_cast<std::uint64_t>(st.st_size);
        }
        const std::string format = !options_.format.empty() ? options_.format : format_by_extension();
        Progress progress("import " + name_, size, Progress::mode_for_stderr(session_.quiet));
        progress_ = &progress;
        // Opening the engine first: a wrong store or actor stops the import before any reading.
        session_.engine();
        session_.as();
        try {
            if (format == "jsonl") {
                import_jsonl(file);
            } else {
                import_csv(file);
            }
        } catch (const InputError&) {
            // Every row before the line that is not UTF-8 goes in, and the summary says so.
            flush();
            finish(progress);
            throw;
        }
        flush();
        finish(progress);
        return tally_.rejected > 0 ? kExitPartialImport : kExitOk;
    }

private:
    void finish(Progress& progress) {
        progress.finish(tally_.rows, bytes_);
        std::cout << "import " << name_ << ": " << tally_.rows << " rows\n";
        tally_.print(std::cout, options_.rejects);
        std::cout.flush();
    }

    std::string format_by_extension() const {
        const std::string ext = std::filesystem::path(options_.file).extension().string();
        return ext == ".jsonl" || ext == ".ndjson" || ext == ".json" ? "jsonl" : "csv";
    }

    std::string default_record_id(std::uint64_t line) const { return name_ + ":" + std::to_string(line); }

    void import_csv(std::FILE* file) {
        CsvReader reader(file, name_);
        CsvRow row;
        if (!reader.next(row)) throw UsageError(name_ + ": empty file: a header row is needed");
        if (!row.error.empty()) throw UsageError(name_ + " line " + std::to_string(row.line) + " (the header): " + row.error);
        header_ = row.fields;
        MappingOptions mapping_options = options_.mapping;
        mapping_options.list_separator = options_.separator[0];
        const Mapping mapping = Mapping::bind(mapping_options, header_);
        if (!session_.quiet) std::cerr << "mapping: " << mapping.describe() << "\n";
        if (rejects_) {
            std::vector<std::string> columns{"line", "error", "reason"};
            columns.insert(columns.end(), header_.begin(), header_.end());
            write_csv_row(*rejects_, columns);
        }
        while (reader.next(row)) {
            ++tally_.rows;
            bytes_ = reader.bytes_read();
            if (!row.error.empty()) {
                reject(row.line, row.fields, "invalid_argument", row.error);
                continue;
            }
            try {
                ChannelRecord record = mapping.record(row);
                if (record.record_id.empty()) record.record_id = default_record_id(row.line);
                add(std::move(record), row.line, std::move(row.fields));
            } catch (const RowError& e) {
                reject(row.line, row.fields, "invalid_argument", e.reason);
            }
            progress_->update(tally_.rows, bytes_);
        }
        bytes_ = reader.bytes_read();
    }

    void import_jsonl(std::FILE* file) {
        if (rejects_) write_csv_row(*rejects_, {"line", "error", "reason", "record"});
        char* buffer = nullptr;
        std::size_t capacity = 0;
        struct FreeOnExit {
            char*& buffer;
            ~FreeOnExit() { std::free(buffer); }
        } guard{buffer};
        std::uint64_t line = 0;
        ssize_t got = 0;
        while ((got = ::getline(&buffer, &capacity, file)) >= 0) {
            ++line;
            bytes_ += static_cast<std::uint64_t>(got);
            std::string text(buffer, static_cast<std::size_t>(got));
            if (line == 1 && text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
            if (const auto bad = first_invalid_utf8(text)) {
                throw InputError(name_ + " line " + std::to_string(line) + ": not UTF-8 (at byte " +
                                 std::to_string(*bad + 1) + " of the line); save the file as UTF-8");
            }
            while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
            if (text.find_first_not_of(" \t") == std::string::npos) continue;
            ++tally_.rows;
            std::vector<ParsedRecord> parsed;
            try {
                parsed = channel_records_from_json(text);
            } catch (const Error& e) {
                parsed.push_back({std::nullopt, e});
            }
            if (parsed.size() != 1 || !parsed[0].record) {
                std::string reason = parsed.empty() ? "not a record" :
                                     parsed[0].error ? parsed[0].error->what() : "more than one record on the line";
                const std::string prefix = "records line 1: ";
                if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
                reject(line, {text}, parsed.empty() || !parsed[0].error ? "invalid_argument" : to_string(parsed[0].error->code()),
                       reason);
                continue;
            }
            ChannelRecord record = std::move(*parsed[0].record);
            if (record.record_id.empty()) record.record_id = default_record_id(line);
            add(std::move(record), line, {std::move(text)});
            progress_->update(tally_.rows, bytes_);
        }
        if (std::ferror(file)) throw InputError(name_ + ": cannot be read");
    }

    void add(ChannelRecord record, std::uint64_t line, std::vector<std::string> fields) {
        batch_.push_back(std::move(record));
        pending_.push_back({line, std::move(fields)});
        if (batch_.size() >= options_.batch) flush();
    }

    void flush() {
        if (batch_.empty()) return;
        const std::vector<IngestResult> results = session_.engine().ingest(session_.as(), batch_);
        for (std::size_t i = 0; i < results.size(); ++i) {
            const IngestResult& result = results[i];
            tally_.dropped += result.dropped.size();
            switch (result.outcome) {
            case IngestOutcome::created: ++tally_.created; break;
            case IngestOutcome::updated: ++tally_.updated; break;
            case IngestOutcome::merged: ++tally_.merged; break;
            case IngestOutcome::duplicate: ++tally_.duplicates; break;
            case IngestOutcome::rejected:
                reject(pending_[i].line, pending_[i].fields, to_string(result.error.value_or(ErrorCode::invalid_argument)),
                       result.reason);
                break;
            }
        }
        batch_.clear();
        pending_.clear();
    }

    void reject(std::uint64_t line, const std::vector<std::string>& fields, const std::string& error,
                const std::string& reason) {
        tally_.reject(line, error, reason);
        if (!rejects_) return;
        std::vector<std::string> row{std::to_string(line), error, reason};
        row.insert(row.end(), fields.begin(), fields.end());
        write_csv_row(*rejects_, row);
    }

    Session& session_;
    const ImportOptions& options_;
    std::string name_;
    std::unique_ptr<std::ofstream> rejects_;
    std::vector<std::string> header_;
    std::vector<ChannelRecord> batch_;
    std::vector<PendingRow> pending_;
    Tally tally_;
    Progress* progress_ = nullptr;
    std::uint64_t bytes_ = 0;
};

}  // namespace

void add_import_command(CLI::App& app, Session& session, int& result) {
    auto options = std::make_shared<ImportOptions>();
    CLI::App* cmd = app.add_subcommand("import", "import leads from a CSV or JSON Lines file (- for stdin)");
    cmd->add_option("file", options->file, "the file: .csv, or .jsonl / .ndjson (ingest records)")->required();
    cmd->add_option("--format", options->format, "csv or jsonl (default: by the file's extension)")
        ->check(CLI::IsMember({"csv", "jsonl"}));
    cmd->add_option("--map", options->mapping.pairs,
                    "TARGET=COLUMN, comma-separated or repeated: phone=手机号,email=E-mail,attributes.city=城市")
        ->delimiter(',');
    cmd->add_option("--mapping", options->mapping.file, "a JSON file {\"TARGET\": \"COLUMN\" or [\"COLUMN\", ...]}");
    cmd->add_option("--channel", options->mapping.channel, "the channel of every row without a channel column");
    cmd->add_flag("--unmapped-to-attributes", options->mapping.unmapped_to_attributes,
                  "put every column no target takes into attributes.<column>");
    cmd->add_flag("!--no-auto-map", options->mapping.auto_map, "do not map columns named like a target (phone, email, ...)");
    cmd->add_option("--separator", options->separator, "between several values in an identity or tags cell")
        ->capture_default_str();
    cmd->add_option("--rejects", options->rejects, "write rejected rows here (CSV: line, error, reason, the row)");
    cmd->add_option("--batch", options->batch, "records per Engine::ingest call (one transaction)")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    cmd->callback([&session, &result, options] {
        if (options->separator.size() != 1) throw UsageError("--separator: one character, e.g. '|' or ';'");
        result = Importer(session, *options).run();
    });
}

}  // namespace leadpool::cli
