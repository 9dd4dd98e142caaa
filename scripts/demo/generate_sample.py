#!/usr/bin/env python3
"""Writes a realistic sample for the leadpool demo (scripts/demo.sh): Chinese names and cities,
several channels, people who arrive twice with their phone or e-mail spelled another way, and a
few rows a CRM export really has wrong.

  generate_sample.py OUT_DIR [--rows N] [--seed S]

OUT_DIR/leads.csv         N rows (default 100,000) from web forms, the shop, Douyin and fairs,
                          in February 2026: 渠道,姓名,手机号,邮箱,城市,来源,活动,标签,提交时间,单号
OUT_DIR/miniprogram.jsonl about N/5 WeChat mini-program users as ingest records (docs/json.md),
                          many of them people of the CSV, by their phone
"""
import argparse
import json
import os
import random
from datetime import datetime, timedelta, timezone

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥建华飞鹏宇浩然子涵欣怡梓轩雨泽思远嘉怡晨曦"
CITIES = {  # city -> weight
    "上海": 14, "杭州": 10, "南京": 8, "苏州": 8, "宁波": 5, "合肥": 4,
    "广州": 12, "深圳": 12, "厦门": 4, "福州": 3, "南宁": 2,
    "北京": 14, "天津": 5, "济南": 3, "青岛": 4, "石家庄": 2,
    "成都": 8, "重庆": 7, "武汉": 7, "长沙": 5, "西安": 5,
}
CHANNELS = {"web": 40, "shop": 25, "douyin": 20, "fair": 15}
SOURCES = {"web": ["baidu", "bing", "直接访问"], "shop": ["tmall", "jd"], "douyin": ["抖音广告", "直播间"],
           "fair": ["上海车展", "广交会"]}
CAMPAIGNS = ["春节促销", "开学季", "会员日", "新品发布", ""]
TAGS = ["高意向", "老客户", "价格敏感", "企业客户", "学生", ""]
DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com"]
START = datetime(2026, 2, 1, tzinfo=timezone(timedelta(hours=8)))
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def person(rng, i):
    mobile = "1" + rng.choice("35789") + f"{rng.randrange(10**9):09d}"  # China's mobile prefixes
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    email = f"user{i}.{mobile[-4:]}@{rng.choice(DOMAINS)}" if rng.random() < 0.6 else ""
    return {"mobile": mobile, "name": name, "email": email, "city": pick(rng, CITIES)}


def spelled(rng, mobile):
    """The same number as another form or export writes it."""
    return rng.choice([
        f"+86 {mobile[:3]} {mobile[3:7]} {mobile[7:]}",
        f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
        f"0086{mobile}",
        f"86{mobile}",
        mobile.translate(FULL_WIDTH),
        f"({mobile[:3]}) {mobile[3:7]}.{mobile[7:]}",
    ])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    people = []
    seconds = 28 * 86400
    with open(os.path.join(args.out, "leads.csv"), "w", encoding="utf-8", newline="") as out:
        out.write("渠道,姓名,手机号,邮箱,城市,来源,活动,标签,提交时间,单号\r\n")
        for row in range(args.rows):
            # One row in five is a person seen before, coming back through another channel.
            again = people and rng.random() < 0.2
            p = rng.choice(people) if again else person(rng, len(people))
            if not again:
                people.append(p)
            channel = pick(rng, CHANNELS)
            phone = spelled(rng, p["mobile"]) if again and rng.random() < 0.8 else p["mobile"]
            email = p["email"]
            if again and email and rng.random() < 0.5:
                email = " " + email.upper() + " "
            # Some first come with their phone only and come back with their e-mail only, then
            # with both: two leads that a later record shows to be one person, and merges.
            if not again and rng.random() < 0.15:
                email = ""
            elif again and email and rng.random() < 0.25:
                phone = ""
            at = START + timedelta(seconds=rng.randrange(seconds))
            when = at.strftime("%Y-%m-%d %H:%M:%S+08:00")
            if rng.random() < 0.002:  # an export's slip: a date nobody can read
                when = at.strftime("%d/%m/%Y 下午")
            if rng.random() < 0.003:  # a phone number that cannot be one
                phone = phone[:5]
            note_tag = rng.choice(TAGS)
            # Names are quoted when a form let a comma or quote through.
            name = p["name"] if rng.random() > 0.01 else f'{p["name"]}, "VIP"'
            fields = [channel, name, phone, email, p["city"], rng.choice(SOURCES[channel]),
                      rng.choice(CAMPAIGNS), note_tag, when, f"{channel}-{row:07d}"]
            out.write(",".join(csv_field(f) for f in fields) + "\r\n")
    with open(os.path.join(args.out, "miniprogram.jsonl"), "w", encoding="utf-8") as out:
        for i in range(args.rows // 5):
            known = rng.random() < 0.6
            p = rng.choice(people) if known else person(rng, len(people) + i)
            at = START + timedelta(seconds=rng.randrange(seconds))
            identities = [{"kind": "wechat_openid", "value": f"o{rng.randrange(16**12):012x}", "scope": "wx-mall"}]
            if rng.random() < 0.9:
                identities.append({"kind": "phone", "value": spelled(rng, p["mobile"])})
            record = {"channel": "wechat_mini_program", "record_id": f"mp-{i:06d}",
                      "occurred_at": int(at.timestamp() * 1000), "identities": identities,
                      "attributes": {"name": p["name"], "city": p["city"], "会员等级": rng.choice(["普通", "银卡", "金卡"])},
                      "attribution": {"source": "微信小程序", "medium": "social", "campaign": rng.choice(CAMPAIGNS)},
                      "tags": ["小程序用户"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def csv_field(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


if __name__ == "__main__":
    main()
