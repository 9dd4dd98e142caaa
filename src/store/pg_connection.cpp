// libpq behind RAII: every PGresult and PGconn is freed by its owner, every failure becomes a
// SqlError carrying the server's SQLSTATE and message.
#include "store/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "leadpool/error.hpp"

namespace leadpool::pg {
namespace {

std::string trimmed(const char* message) {
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// `?` placeholders as $1, $2, ...: the store's SQL holds no `?` in literals or operators.
std::string numbered(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 0;
    for (char c : sql) {
        if (c == '?') {
            out += '$' + std::to_string(++next);
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

Param param(std::int64_t value) { return std::to_string(value); }
// Seventeen significant digits: the double comes back exactly as float8.
Param param(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return std::string(text);
}
void require_storable(const std::string& text) {
    if (text.find('\0') != std::string::npos) {
        throw Error(ErrorCode::invalid_argument, "text holds a NUL character, which PostgreSQL cannot store");
    }
}

Param param(const std::string& value) {
    require_storable(value);
    return value;
}
Param param(const std::optional<std::int64_t>& value) {
    if (!value) return std::nullopt;
    return std::to_string(*value);
}

Result& Result::operator=(Result&& other) noexcept {
    if (this != &other) {
        PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
    }
    return *this;
}

Result::~Result() { PQclear(result_); }

int Result::rows() const { return PQntuples(result_); }

std::int64_t Result::changed() const {
    const char* count = PQcmdTuples(result_);
    return count && *count ? std::strtoll(count, nullptr, 10) : 0;
}

bool Result::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string Result::text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column),
                       static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Result::integer(int row, int column) const {
    return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

Connection::Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (conn_ == nullptr) throw SqlError("", "postgresql: out of memory opening a connection");
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = trimmed(PQerrorMessage(conn_));
        PQfinish(conn_);
        throw SqlError("", "postgresql: " + message);
    }
    // A library keeps out of its host's stderr: the server's notices ("schema already exists,
    // skipping") are dropped.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(conn_); }

Result Connection::checked(pg_result* result) const {
    Result owned(result);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
    if (result == nullptr) throw SqlError("", "postgresql: " + trimmed(PQerrorMessage(conn_)));
    const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    throw SqlError(sqlstate ? sqlstate : "", "postgresql: " + trimmed(PQresultErrorMessage(result)));
}

void Connection::run_script(const std::string& sql) { checked(PQexec(conn_, sql.c_str())); }

Result Connection::exec(const std::string& sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
    const int count = static_cast<int>(values.size());

    auto found = prepared_.find(sql);
    if (found == prepared_.end() && prepared_.size() < kMaxPreparedStatements) {
        std::string name = "lp" + std::to_string(prepared_.size());
        checked(PQprepare(conn_, name.c_str(), numbered(sql).c_str(), count, nullptr));
        found = prepared_.emplace(sql, std::move(name)).first;
    }
    if (found == prepared_.end()) {
        return checked(PQexecParams(conn_, numbered(sql).c_str(), count, nullptr, values.data(), nullptr, nullptr, 0));
    }
    return checked(PQexecPrepared(conn_, found->second.c_str(), count, values.data(), nullptr, nullptr, 0));
}

void Connection::copy_in(const std::string& table_and_columns, const std::string& rows) {
    pg_result* started = PQexec(conn_, ("COPY " + table_and_columns + " FROM STDIN").c_str());
    if (started == nullptr || PQresultStatus(started) != PGRES_COPY_IN) {
        checked(started);  // throws the server's reason
        throw SqlError("", "postgresql: COPY " + table_and_columns + " did not start");
    }
    PQclear(started);
    // libpq takes at most INT_MAX bytes a call; what a writer holds back is sent long before that.
    if (PQputCopyData(conn_, rows.data(), static_cast<int>(rows.size())) != 1 || PQputCopyEnd(conn_, nullptr) != 1) {
        throw SqlError("", "postgresql: " + trimmed(PQerrorMessage(conn_)));
    }
    // The COPY's own result says whether the rows went in.
    pg_result* last = nullptr;
    while (pg_result* result = PQgetResult(conn_)) {
        PQclear(last);
        last = result;
    }
    checked(last);
}

bool Connection::try_run(const char* sql) noexcept {
    PGresult* result = PQexec(conn_, sql);
    const bool ok = result && PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    return ok;
}

bool Connection::idle() const noexcept {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

bool Connection::wait_for_notification(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (PQconsumeInput(conn_) == 0) throw SqlError("", "postgresql: " + trimmed(PQerrorMessage(conn_)));
        bool notified = false;
        while (PGnotify* notification = PQnotifies(conn_)) {
            notified = true;
            PQfreemem(notification);
        }
        if (notified) return true;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd socket{PQsocket(conn_), POLLIN, 0};
        if (socket.fd < 0) throw SqlError("", "postgresql: the connection has no socket");
        // A signal (EINTR) only shortens this turn of the loop; the deadline stays.
        if (poll(&socket, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 60'000))) < 0 && errno != EINTR) {
            throw SqlError("", std::string("postgresql: poll: ") + std::strerror(errno));
        }
    }
}

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

}  // namespace leadpool::pg
