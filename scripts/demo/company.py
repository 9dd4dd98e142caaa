#!/usr/bin/env python3
"""Sets up the demo company through the leadpool CLI: a director, four regional sales managers
with their salespeople, a sub pool per region, routing by city and each pool's rules.

  company.py LEADPOOL STORE_URI NOW
"""
import json
import subprocess
import sys

REGIONS = {  # pool: (manager, salespeople, cities)
    "华东": (("chenjing", "陈静"), [("zhangwei", "张伟"), ("lina", "李娜"), ("wangfang", "王芳"), ("liuyang", "刘洋")],
           ["上海", "杭州", "南京", "苏州", "宁波", "合肥"]),
    "华南": (("huangli", "黄丽"), [("zhaolei", "赵磊"), ("wujie", "吴杰"), ("zhoumin", "周敏")],
           ["广州", "深圳", "厦门", "福州", "南宁"]),
    "华北": (("sunqiang", "孙强"), [("majun", "马军"), ("zhuyan", "朱艳"), ("hutao", "胡涛")],
           ["北京", "天津", "济南", "青岛", "石家庄"]),
    "华中西部": (("guoxia", "郭霞"), [("heping", "何平"), ("gaofei", "高飞")],
             ["成都", "重庆", "武汉", "长沙", "西安"]),
}
DAY = 86_400_000


def main():
    exe, store, now = sys.argv[1:4]

    def lp(*args, actor="boss"):
        command = [exe, "--store", store, "--as", actor, "--now", now, *args]
        print("$ leadpool " + " ".join(args), flush=True)
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout

    lp("init", "--name", "王建国", "--department", "总经办", "--stage", "sales_led")
    for pool, ((manager, manager_name), sellers, _) in REGIONS.items():
        lp("users", "add", manager, "--name", manager_name, "--department", pool, "--role", "sales_manager")
        for user, name in sellers:
            lp("users", "add", user, "--name", name, "--department", pool, "--role", "salesperson")
        lp("pools", "add", pool, "--managers", manager, "--members", ",".join(u for u, _ in sellers))
        settings = {"strategy": "least_loaded", "max_held": 250, "claim_cooldown_ms": 3 * DAY,
                    "held_idle_ms": 7 * DAY, "opportunity_idle_ms": 14 * DAY, "recycle_to": "pool",
                    "warning_ms": DAY}
        lp("pools", "settings", pool, "--set", json.dumps(settings))
    pools = {p["name"]: p["id"] for p in json.loads(lp("pools", "list", "--json"))}
    rules = [{"name": pool, "pool": pools[pool],
              "when": [{"field": "attributes.city", "op": "in", "values": cities}]}
             for pool, (_, _, cities) in REGIONS.items()]
    routing = {"rules": rules, "default_pool": pools["华东"]}
    with open("routing.json", "w", encoding="utf-8") as f:
        json.dump(routing, f, ensure_ascii=False)
    lp("routing", "set", "routing.json")


if __name__ == "__main__":
    main()
