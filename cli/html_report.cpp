#include "html_report.hpp"

#include <leadpool/policy.hpp>
#include <leadpool/version.hpp>

#include <cstdio>
#include <map>
#include <sstream>

#include "html_sections.hpp"
#include "output.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

// The report's own words in each language.
struct Words {
    const char* heading;
    const char* generated;
    const char* viewer;
    const char* stage;
    const char* scope;
    const char* leads;
    const char* orders;
    const char* main_line;
    const char* at_now;
    const char* reached;
    const char* side_states;
    const char* by_pool;
    const char* by_channel;
    const char* pool;
    const char* channel;
    const char* none;
    const char* conversion_note;
    const char* tier_names[kTierCount];
    const char* stage_names[4];
};

const Words kEnglish = {
    "Lead pool report", "As of", "Viewer", "Stage", "Scope", "Leads", "Orders", "Orders ÷ leads", "at now",
    "reached", "Side states", "By sub pool", "By channel", "Pool", "Channel", "No leads here yet.",
    "Each arrow is the share of the leads that reached a tier which went on to reach the next.",
    {"Master pool", "Sub pools", "Opportunities", "Orders", "Lost", "Invalid"},
    {"factory-led", "sales-led", "marketing-led", "all staff"}};

const Words kChinese = {
    "线索池报告", "统计时间", "查看人", "阶段", "可见范围", "线索", "订单", "订单 ÷ 线索", "当前",
    "累计到达", "旁支状态", "按子池", "按渠道", "线索池", "渠道", "暂无线索。",
    "箭头表示到达上一层的线索中继续到达下一层的比例。",
    {"总线索池", "子线索池", "商机库", "订单库", "已流失", "无效"},
    {"工厂主导", "销售主导", "市场主导", "全员营销"}};

const Words& words(const std::string& lang) { return lang == "zh" ? kChinese : kEnglish; }

const char* const kTierColours[kTierCount] = {"#4263eb", "#1098ad", "#f08c00", "#2f9e44", "#868e96", "#e03131"};

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// The pyramid: master at the base, orders at the apex; numbers to the left of each band, the
// conversion into the band above on the right, lost and invalid in boxes beside.
void pyramid(std::ostream& out, const ReportData& data, const Words& w) {
    constexpr double kCx = 360, kTop = 24, kBase = 424, kApexHalf = 20, kBaseHalf = 240, kGap = 6;
    const double band = (kBase - kTop) / 4;
    auto half = [&](double y) { return kApexHalf + (kBaseHalf - kApexHalf) * (y - kTop) / (kBase - kTop); };
    const FunnelReport& r = data.total;
    out << "<svg class=\"pyramid\" viewBox=\"0 0 980 448\" role=\"img\" aria-label=\"" << html_escape(w.heading)
        << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    const Tier main_line[] = {Tier::master, Tier::sub, Tier::opportunity, Tier::order};
    for (int i = 0; i < 4; ++i) {
        const Tier tier = main_line[i];
        const auto t = static_cast<std::size_t>(tier);
        const double bottom = kBase - i * band, top = bottom - band + kGap;
        const double hb = half(bottom), ht = half(top), mid = (top + bottom) / 2;
        out << "<g class=\"tier\" data-tier=\"" << to_string(tier) << "\" data-at=\"" << r[tier].at
            << "\" data-reached=\"" << r[tier].reached << "\">\n"
            << "<polygon points=\"" << number(kCx - hb) << "," << number(bottom) << " " << number(kCx + hb) << ","
            << number(bottom) << " " << number(kCx + ht) << "," << number(top) << " " << number(kCx - ht) << ","
            << number(top) << "\" fill=\"" << kTierColours[t] << "\"/>\n"
            << "<text class=\"band-name\" x=\"" << kCx << "\" y=\"" << number(mid + (i == 3 ? 16 : 6))
            << "\" text-anchor=\"middle\">" << html_escape(w.tier_names[t]) << "</text>\n";
        const double lx = kCx - half(mid) - 14;
        out << "<text class=\"count\" x=\"" << number(lx) << "\" y=\"" << number(mid - 4) << "\" text-anchor=\"end\">"
            << "<tspan class=\"at\" data-value=\"" << r[tier].at << "\">" << grouped(r[tier].at) << "</tspan>"
            << "<tspan class=\"unit\"> " << html_escape(w.at_now) << "</tspan></text>\n"
            << "<text class=\"count-small\" x=\"" << number(lx) << "\" y=\"" << number(mid + 16)
            << "\" text-anchor=\"end\"><tspan class=\"reached\" data-value=\"" << r[tier].reached << "\">"
            << grouped(r[tier].reached) << "</tspan><tspan class=\"unit\"> " << html_escape(w.reached)
            << "</tspan></text>\n</g>\n";
        if (i > 0) {
            const auto& c = r.conversions[static_cast<std::size_t>(i - 1)];
            const double y = bottom + kGap / 2;
            const double x = kCx + half(y) + 16;
            out << "<g class=\"conversion\" data-from=\"" << to_string(c.from) << "\" data-to=\"" << to_string(c.to)
                << "\" data-rate=\"" << c.rate << "\">\n<path d=\"M" << number(x) << "," << number(y + 14) << " l0,-22 l-5,7 m5,-7 l5,7\" "
                << "stroke=\"#495057\" stroke-width=\"1.6\" fill=\"none\"/>\n<text class=\"rate\" x=\"" << number(x + 12)
                << "\" y=\"" << number(y + 2) << "\">" << percent(c.rate) << "</text>\n</g>\n";
        }
    }
    // Lost and invalid beside the pyramid.
    const Tier side[] = {Tier::lost, Tier::invalid};
    out << "<text class=\"side-title\" x=\"748\" y=\"150\">" << html_escape(w.side_states) << "</text>\n";
    for (int i = 0; i < 2; ++i) {
        const Tier tier = side[i];
        const auto t = static_cast<std::size_t>(tier);
        const double y = 166 + i * 96;
        out << "<g class=\"tier side\" data-tier=\"" << to_string(tier) << "\" data-at=\"" << r[tier].at
            << "\" data-reached=\"" << r[tier].reached << "\">\n<rect x=\"748\" y=\"" << y
            << "\" width=\"224\" height=\"80\" rx=\"10\" fill=\"" << kTierColours[t] << "\"/>\n"
            << "<text class=\"band-name\" x=\"764\" y=\"" << y + 28 << "\">" << html_escape(w.tier_names[t]) << "</text>\n"
            << "<text class=\"side-count\" x=\"764\" y=\"" << y + 56 << "\"><tspan class=\"at\" data-value=\""
            << r[tier].at << "\">" << grouped(r[tier].at) << "</tspan><tspan class=\"unit\"> " << html_escape(w.at_now)
            << " · </tspan><tspan class=\"reached\" data-value=\"" << r[tier].reached << "\">"
            << grouped(r[tier].reached) << "</tspan><tspan class=\"unit\"> " << html_escape(w.reached)
            << "</tspan></text>\n</g>\n";
    }
    out << "</svg>\n";
}

void group_table(std::ostream& out, const char* id, const char* heading, const char* key_heading,
                 const std::vector<FunnelGroup>& groups, const Words& w) {
    out << "<section class=\"card\" id=\"" << id << "\">\n<h2>" << html_escape(heading) << "</h2>\n";
    if (groups.empty()) {
        out << "<p class=\"empty\">" << html_escape(w.none) << "</p>\n</section>\n";
        return;
    }
    std::int64_t widest = 1;
    for (const FunnelGroup& g : groups) widest = std::max(widest, g.report.leads);
    out << "<table>\n<thead><tr><th>" << html_escape(key_heading) << "</th><th>" << html_escape(w.leads) << "</th>";
    for (const Tier tier : {Tier::sub, Tier::opportunity, Tier::order}) {
        out << "<th>" << html_escape(w.tier_names[static_cast<std::size_t>(tier)]) << "</th>";
    }
    out << "<th>" << html_escape(w.tier_names[4]) << "</th><th>" << html_escape(w.tier_names[5]) << "</th><th>"
        << html_escape(w.main_line) << "</th></tr></thead>\n<tbody>\n";
    for (const FunnelGroup& g : groups) {
        const FunnelReport& r = g.report;
        out << "<tr data-key=\"" << html_escape(g.key) << "\"><td class=\"label\" style=\"padding-left:"
            << 10 + g.depth * 18 << "px\">" << html_escape(g.label) << "</td><td class=\"num\"><span class=\"bar\" style=\"width:"
            << number(80.0 * static_cast<double>(r.leads) / static_cast<double>(widest)) << "px\"></span>"
            << grouped(r.leads) << "</td>";
        for (const Tier tier : {Tier::sub, Tier::opportunity, Tier::order}) {
            out << "<td class=\"num\">" << grouped(r[tier].reached) << "</td>";
        }
        out << "<td class=\"num\">" << grouped(r[Tier::lost].at) << "</td><td class=\"num\">"
            << grouped(r[Tier::invalid].at) << "</td><td class=\"num rate\">" << percent(r.main_line_conversion)
            << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n<p class=\"note\">" << html_escape(w.reached) << ": "
        << html_escape(w.tier_names[1]) << ", " << html_escape(w.tier_names[2]) << ", " << html_escape(w.tier_names[3])
        << "</p>\n</section>\n";
}

const char* const kStyle = R"CSS(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6fb; color: #212529;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 40px; }
header h1 { margin: 0 0 6px; font-size: 26px; }
header .meta { color: #495057; font-size: 14px; display: flex; flex-wrap: wrap; gap: 6px 22px; }
header .meta b { color: #212529; font-weight: 600; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; margin: 20px 0; }
.kpi { background: #fff; border-radius: 12px; padding: 14px 18px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.kpi .label { color: #495057; font-size: 13px; }
.kpi .value { font-size: 28px; font-weight: 700; margin-top: 4px; }
.card { background: #fff; border-radius: 12px; padding: 16px 20px; margin-bottom: 18px;
  box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.card h2 { font-size: 17px; margin: 0 0 12px; }
svg.pyramid { width: 100%; height: auto; display: block; }
svg text { font-family: inherit; }
.band-name { fill: #fff; font-size: 15px; font-weight: 700; }
.count { fill: #212529; font-size: 19px; font-weight: 700; }
.count-small { fill: #495057; font-size: 13px; }
.count .unit, .count-small .unit, .side-count .unit { font-weight: 400; font-size: 12px; fill: #6c757d; }
.side .unit { fill: #f1f3f5; }
.side-count { fill: #fff; font-size: 17px; font-weight: 700; }
.side-title { fill: #495057; font-size: 13px; font-weight: 600; }
.rate { fill: #212529; font-size: 15px; font-weight: 700; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th { text-align: right; color: #495057; font-weight: 600; border-bottom: 2px solid #dee2e6; padding: 6px 10px; }
th:first-child, th.text { text-align: left; }
td { border-bottom: 1px solid #f1f3f5; padding: 6px 10px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.rate { font-weight: 700; }
.bar { display: inline-block; height: 8px; background: #bac8ff; border-radius: 4px; margin-right: 8px;
  vertical-align: middle; }
.note, .empty { color: #6c757d; font-size: 12px; margin: 8px 0 0; }
footer { color: #868e96; font-size: 12px; text-align: center; margin-top: 8px; }
)CSS";

}  // namespace

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string scope_words(std::uint8_t scopes, const std::string& lang) {
    const bool zh = lang == "zh";
    auto has = [&](Scope s) { return (scopes & (1u << static_cast<unsigned>(s))) != 0; };
    if (has(Scope::all)) return zh ? "全部线索" : "every lead";
    std::vector<std::string> parts;
    if (has(Scope::managed_pools)) parts.push_back(zh ? "所管理线索池（含下级）的线索" : "leads of the pools they manage and below");
    if (has(Scope::member_pools)) parts.push_back(zh ? "所在线索池的线索" : "leads of the pools they belong to");
    if (has(Scope::own)) parts.push_back(zh ? "自己跟进的线索" : "the leads they hold");
    if (parts.empty()) return zh ? "无" : "none";
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : (zh ? "、" : ", ")) + part;
    return text;
}

std::string html_report(const ReportData& data) {
    const Words& w = words(data.lang);
    const FunnelReport& r = data.total;
    std::ostringstream out;
    const std::string heading = data.title.empty() ? w.heading : data.title + " · " + w.heading;
    out << "<!DOCTYPE html>\n<html lang=\"" << (data.lang == "zh" ? "zh-CN" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<meta name=\"generator\" content=\"leadpool " << html_escape(version()) << "\">\n<title>"
        << html_escape(heading) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>"
        << html_escape(heading) << "</h1>\n<div class=\"meta\"><span>" << html_escape(w.generated) << " <b id=\"as-of\">"
        << html_escape(format_time(data.at).substr(0, 16).replace(10, 1, " ")) << " UTC</b></span><span>"
        << html_escape(w.viewer) << " <b id=\"viewer\">" << html_escape(data.actor.name.empty() ? data.actor.id : data.actor.name)
        << "</b> (" << html_escape(data.actor.id);
    for (const std::string& role : data.actor.roles) out << ", " << html_escape(role);
    out << ")</span><span>" << html_escape(w.stage) << " <b>"
        << html_escape(w.stage_names[static_cast<int>(data.stage) - 1]) << "</b></span><span>" << html_escape(w.scope)
        << " <b id=\"scope\">" << html_escape(data.scope) << "</b></span></div>\n</header>\n";
    out << "<div class=\"kpis\">\n<div class=\"kpi\"><div class=\"label\">" << html_escape(w.leads)
        << "</div><div class=\"value\" id=\"kpi-leads\">" << grouped(r.leads) << "</div></div>\n<div class=\"kpi\"><div class=\"label\">"
        << html_escape(w.orders) << "</div><div class=\"value\" id=\"kpi-orders\">" << grouped(r[Tier::order].reached)
        << "</div></div>\n<div class=\"kpi\"><div class=\"label\">" << html_escape(w.main_line)
        << "</div><div class=\"value\" id=\"kpi-main-line\" data-rate=\"" << r.main_line_conversion << "\">"
        << percent(r.main_line_conversion) << "</div></div>\n</div>\n";
    out << "<section class=\"card\" id=\"pyramid\">\n";
    pyramid(out, data, w);
    out << "<p class=\"note\">" << html_escape(w.conversion_note) << "</p>\n</section>\n";
    group_table(out, "by-pool", w.by_pool, w.pool, data.pools, w);
    group_table(out, "by-channel", w.by_channel, w.channel, data.channels, w);
    if (data.moves_by_month) moves_section(out, *data.moves_by_month, data.lang);
    if (data.cohorts) cohorts_section(out, *data.cohorts, data.lang);
    if (data.times) times_section(out, *data.times, data.lang);
    if (data.holdings) holdings_section(out, *data.holdings, data.lang);
    if (data.collisions) collisions_section(out, *data.collisions, data.collision_window, data.lang);
    out << "<footer>leadpool " << html_escape(version()) << "</footer>\n</main>\n</body>\n</html>\n";
    return out.str();
}

}  // namespace leadpool::cli
