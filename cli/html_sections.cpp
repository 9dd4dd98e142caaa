#include "html_sections.hpp"

#include <string>

#include "html_report.hpp"
#include "output.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

struct SectionWords {
    const char* moves;
    const char* moves_note;
    const char* month;
    const char* cohorts;
    const char* cohorts_note;
    const char* captured;
    const char* leads;
    const char* holdings;
    const char* holdings_note;
    const char* owner;
    const char* held;
    const char* idle;
    const char* claims;
    const char* releases;
    const char* recycled;
    const char* taken_away;
    const char* churned;
    const char* collisions;
    const char* collisions_note;
    const char* lead;
    const char* users;
    const char* kind;
    const char* first;
    const char* last;
    const char* merges;
    const char* more;
    const char* none;
    const char* kinds[3];
    const char* tiers[kTierCount];
    const char* times;
    const char* times_note;
    const char* tier;
    const char* ended;
    const char* median;
    const char* p90;
    const char* mean;
    const char* open;
    const char* open_age;
    const char* to_order;
    const char* revenue;
};

const SectionWords kEnglish = {
    "Moves into each tier by month", "Leads that moved into each tier during the month, from the history.",
    "Month", "Capture cohorts",
    "Of the leads captured in a month, the share that had reached an order by the end of that month and of each after.",
    "Captured", "Leads", "Holdings by owner",
    "Held now; idle: no follow-up or change of owner for the idle days; the rest during the period.",
    "Owner", "Held", "Idle", "Claims", "Releases", "Recycled", "Taken away", "Claimed and released",
    "Collisions", "Leads two or more people worked within the window of each other during the period.",
    "Lead", "People", "Kind", "First", "Last", "Merges", "More collisions follow.", "None.",
    {"follow-ups", "ownership", "both"},
    {"Master", "Sub", "Opportunity", "Order", "Lost", "Invalid"},
    "Time in tier",
    "Stays that ended during the period: how long they lasted; stays open now: how old they are.",
    "Tier", "Ended", "Median", "p90", "Mean", "Open now", "Median age",
    "Capture to order", "Orders won, in all, on average"};

const SectionWords kChinese = {
    "各月进入各层的线索", "当月进入各层的线索数（取自历史记录）。", "月份", "获客批次",
    "每月获取的线索中，到该月及其后各月月末已成交的比例。", "获取月份", "线索", "销售持有情况（囤积）",
    "当前持有；闲置：超过闲置天数无跟进且未易手；其余为统计期内。", "销售", "持有", "闲置", "领取", "释放",
    "被回收", "被调走", "领取后又释放", "撞单", "统计期内两名以上人员在时间窗内先后跟进或持有的线索。",
    "线索", "人员", "类型", "最早", "最晚", "合并", "还有更多撞单。", "无。", {"跟进", "持有", "两者"},
    {"总线索池", "子线索池", "商机库", "订单库", "已流失", "无效"},
    "各层停留时间", "统计期内结束的停留：持续多久；当前仍在的停留：已停留多久。",
    "层级", "已结束", "中位数", "P90", "平均", "当前仍在", "停留中位数", "获客到成交", "成交订单：数量、总额、平均"};

const SectionWords& words(const std::string& lang) { return lang == "zh" ? kChinese : kEnglish; }

void open_card(std::ostream& out, const char* id, const char* heading) {
    out << "<section class=\"card\" id=\"" << id << "\">\n<h2>" << html_escape(heading) << "</h2>\n";
}

void close_card(std::ostream& out, const char* note) {
    out << "<p class=\"note\">" << html_escape(note) << "</p>\n</section>\n";
}

// The header cells; those of the first `text_columns` after the first hold text, left-aligned.
void header_row(std::ostream& out, std::initializer_list<std::string> cells, std::size_t text_columns = 0) {
    out << "<thead><tr>";
    std::size_t column = 0;
    for (const std::string& cell : cells) {
        const bool text = column > 0 && column <= text_columns;
        out << (text ? "<th class=\"text\">" : "<th>") << html_escape(cell) << "</th>";
        ++column;
    }
    out << "</tr></thead>\n<tbody>\n";
}

// "2026-03-07 02:00 UTC".
std::string minute_text(Timestamp at) { return format_time(at).substr(0, 16).replace(10, 1, " ") + " UTC"; }

std::string month_text(Timestamp start) { return format_date(start).substr(0, 7); }

std::string share_text(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? "–" : percent(static_cast<double>(part) / static_cast<double>(whole));
}

}  // namespace

void moves_section(std::ostream& out, const TierMoves& moves, const std::string& lang) {
    const SectionWords& w = words(lang);
    open_card(out, "moves-by-month", w.moves);
    if (moves.rows.empty()) {
        close_card(out, w.none);
        return;
    }
    out << "<table>\n";
    header_row(out, {w.month, w.tiers[0], w.tiers[1], w.tiers[2], w.tiers[3], w.tiers[4], w.tiers[5]});
    for (const TierMoves::Row& row : moves.rows) {
        const auto* start = std::get_if<std::int64_t>(&row.group);
        out << "<tr data-month=\"" << (start ? *start : 0) << "\"><td class=\"label\">"
            << html_escape(start ? month_text(*start) : "") << "</td>";
        for (const std::int64_t count : row.into) out << "<td class=\"num\">" << grouped(count) << "</td>";
        out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
    close_card(out, w.moves_note);
}

void cohorts_section(std::ostream& out, const CaptureCohorts& cohorts, const std::string& lang) {
    const SectionWords& w = words(lang);
    open_card(out, "cohorts", w.cohorts);
    if (cohorts.cohorts.empty()) {
        close_card(out, w.none);
        return;
    }
    out << "<table>\n<thead><tr><th>" << html_escape(w.captured) << "</th><th>" << html_escape(w.leads) << "</th>";
    for (int k = 0; k <= cohorts.periods_after; ++k) out << "<th>+" << k << "</th>";
    out << "</tr></thead>\n<tbody>\n";
    constexpr std::size_t kOrder = 2;  // kCohortTiers: sub, opportunity, order
    for (const CaptureCohorts::Cohort& cohort : cohorts.cohorts) {
        out << "<tr data-start=\"" << cohort.start << "\"><td class=\"label\">" << html_escape(month_text(cohort.start))
            << "</td><td class=\"num\">" << grouped(cohort.leads) << "</td>";
        for (const CohortReached& reached : cohort.reached) {
            out << "<td class=\"num\" data-orders=\"" << reached[kOrder] << "\">"
                << share_text(reached[kOrder], cohort.leads) << "</td>";
        }
        out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
    close_card(out, w.cohorts_note);
}

void times_section(std::ostream& out, const TierTimes& times, const std::string& lang) {
    const SectionWords& w = words(lang);
    open_card(out, "times", w.times);
    const TierTimesPart& total = times.total;
    out << "<table>\n";
    header_row(out, {w.tier, w.ended, w.median, w.p90, w.mean, w.open, w.open_age});
    for (int i = 0; i < kStayTierCount; ++i) {
        const TierTime& tier = total.tiers[static_cast<std::size_t>(i)];
        out << "<tr data-tier=\"" << to_string(kStayTiers[i]) << "\"><td class=\"label\">"
            << html_escape(w.tiers[static_cast<int>(kStayTiers[i])]) << "</td><td class=\"num\">"
            << grouped(tier.finished.count) << "</td>";
        for (const std::int64_t ms : {tier.finished.median, tier.finished.p90, tier.finished.mean}) {
            out << "<td class=\"num\">" << html_escape(tier.finished.count > 0 ? format_duration(ms) : "")
                << "</td>";
        }
        out << "<td class=\"num\">" << grouped(tier.open.count) << "</td><td class=\"num\">"
            << html_escape(tier.open.count > 0 ? format_duration(tier.open.median) : "") << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
    const DurationStats& to_order = total.to_order;
    out << "<p class=\"note\" data-to-order=\"" << to_order.count << "\">" << html_escape(w.to_order) << ": "
        << grouped(to_order.count);
    if (to_order.count > 0) {
        out << " — " << html_escape(w.median) << " " << html_escape(format_duration(to_order.median)) << ", "
            << html_escape(w.p90) << " " << html_escape(format_duration(to_order.p90));
    }
    out << "</p>\n<p class=\"note\" data-orders=\"" << total.revenue.orders << "\">" << html_escape(w.revenue)
        << ": " << grouped(total.revenue.orders) << ", " << grouped(total.revenue.sum) << ", "
        << grouped(total.revenue.mean) << "</p>\n";
    close_card(out, w.times_note);
}

void holdings_section(std::ostream& out, const OwnerHoldings& holdings, const std::string& lang) {
    const SectionWords& w = words(lang);
    open_card(out, "holdings", w.holdings);
    if (holdings.owners.empty()) {
        close_card(out, w.none);
        return;
    }
    out << "<table>\n";
    header_row(out, {w.owner, w.held, std::string(w.idle) + " (" + std::to_string(holdings.idle_days) + "d)", w.claims,
                     w.releases, w.recycled, w.taken_away, w.churned});
    for (const OwnerHolding& line : holdings.owners) {
        std::int64_t held = 0;
        for (const std::int64_t n : line.held) held += n;
        out << "<tr data-owner=\"" << html_escape(line.owner) << "\"><td class=\"label\">" << html_escape(line.owner)
            << "</td>";
        for (const std::int64_t n : {held, line.idle, line.claims, line.releases, line.recycles, line.taken_away,
                                     line.churned}) {
            out << "<td class=\"num\">" << grouped(n) << "</td>";
        }
        out << "</tr>\n";
    }
    out << "</tbody>\n</table>\n";
    close_card(out, w.holdings_note);
}

void collisions_section(std::ostream& out, const CollisionPage& collisions, Timestamp window, const std::string& lang) {
    const SectionWords& w = words(lang);
    open_card(out, "collisions", w.collisions);
    if (collisions.collisions.empty()) {
        close_card(out, w.none);
        return;
    }
    out << "<table data-window=\"" << window << "\">\n";
    header_row(out, {w.lead, w.users, w.kind, w.first, w.last, w.merges}, 5);
    for (const Collision& row : collisions.collisions) {
        std::string users, merges;
        for (const UserId& user : row.users) users += (users.empty() ? "" : ", ") + user;
        for (const MergeId merge : row.merges) merges += (merges.empty() ? "" : ", ") + std::to_string(merge);
        out << "<tr data-lead=\"" << row.lead << "\"><td class=\"label\">" << row.lead << "</td><td class=\"label\">"
            << html_escape(users) << "</td><td>" << html_escape(w.kinds[static_cast<int>(row.kind)]) << "</td><td>"
            << html_escape(minute_text(row.first)) << "</td><td>" << html_escape(minute_text(row.last))
            << "</td><td>" << html_escape(merges) << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n";
    close_card(out, collisions.next_after ? w.more : w.collisions_note);
}

}  // namespace leadpool::cli
