"""Chinese and Japanese stories at scale: story locks of a batch, concurrent batches, candidates in a busy archive.

    python -m bench.cjk_stories locks                       # story locks a batch of 200 CJK files takes
    python -m bench.cjk_stories concurrent --batches 4      # two processes ingesting CJK batches at once (PG)
    python -m bench.cjk_stories candidates --noise 3000     # the right story among the candidates? (both engines)

The headlines are synthetic, built here from a few lists of words written for this bench (no dataset text): a
story is a place, an action and a subject of four words; its second telling swaps the action's word and moves
it, as two agencies would word one report. bench/README.md, "Stories in Chinese and Japanese,
second pass (`cjk21`)", keeps the figures. PostgreSQL parts need NEWSDIGEST_TEST_PG_URL (a server the bench may
create databases on).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import Article, NewArticle
from bot.text.identity import identify

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)

PLACES = "北京 上海 广州 深圳 杭州 南京 武汉 成都 重庆 西安 天津 苏州 长沙 郑州 青岛 厦门 昆明 大连 沈阳 哈尔滨".split()  # noqa: SIM905 - twenty cities, read more easily so
# Two-character words a story's subject is made of (four of them, drawn by the story's number).
WORDS = (  # noqa: SIM905 - a list of 136 words is read more easily so
    "地铁 高铁 医院 学校 房价 垃圾 夜间 经济 产业 园区 汽车 补贴 景区 预约 招生 防汛 抗旱 预案 空气 污染 预警 小区"
    " 改造 名单 公交 自行 租赁 科技 创新 人才 奖励 市场 升级 图书 开放 试点 养老 服务 绿道 网络 停车 收费 标准 电力"
    " 供水 燃气 价格 港口 码头 航线 机场 航班 铁路 隧道 桥梁 公路 水库 森林 湿地 公园 博物 文物 考古 遗址 体育 场馆"
    " 赛事 马拉 音乐 节日 电影 剧院 演出 展览 书店 餐饮 外卖 快递 物流 仓储 电商 直播 芯片 软件 数据 算法 卫星 火箭"
    " 能源 光伏 风电 储能 电池 充电 氢能 钢铁 煤炭 石油 粮食 蔬菜 水果 猪肉 牛奶 渔业 农田 灌溉 种子 化肥 疫苗 药品"
    " 手术 急诊 护理 保险 养老 工资 就业 失业 招聘 培训 考试 高考 学位 留学 住房 租金 物业 拆迁 社区 志愿 捐款 救灾"
).split()
_CHARS = sorted(set("".join(WORDS)))
ACTIONS = [("宣布", "公布"), ("批准", "通过"), ("启动", "开始"), ("发布", "推出"), ("调整", "修订")]
# The pairs a busy archive shares in thousands of headlines (the brief's "中国", "日本", "政府", "東京都").
COMMON = ["中国", "日本", "政府", "東京都"]


def story(n: int) -> tuple[str, tuple[str, str], list[str]]:
    """The n-th story of the corpus: a place, an action's two wordings and four words of a subject.

    Place and first word are never both the same for two stories below lcm(20, 132) = 660 (two stories sharing
    place, action and a word score ~0.29: one story, as for the "alike" pairs of tests/test_story_cjk.py).
    """
    rng = random.Random(n)
    # a word of the list and three of its characters put together anew (names, places, numbers of a real
    # archive: many more distinct pairs than the list holds)
    action = rng.choice(ACTIONS)
    return PLACES[n % len(PLACES)], action, [WORDS[n % len(WORDS)], *_made(rng, 3)]


def _made(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.sample(_CHARS, 2)) for _ in range(count)]


def made_words(seed: int, count: int) -> str:
    """``count`` two-character words put together from the list's characters, by ``seed``."""
    return "".join(_made(random.Random(seed), count))


def telling(n: int, which: int) -> str:
    """Story ``n`` as source ``which`` (0 or 1) words it: the second swaps the action's word and puts it after
    the subject's first word."""
    place, action, words = story(n)
    if which == 0:
        return place + action[0] + "".join(words)
    return place + words[0] + action[1] + "".join(words[1:])


def noise(n: int, rng: random.Random) -> str:
    """A headline of a busy archive: common pairs around a place and a subject, one story of its own each."""
    first, second = rng.sample(COMMON, 2)
    return f"{first}{second}{rng.choice(PLACES)}{rng.choice(WORDS)}第{n}次会议"


def batch(count: int, first: int, which: int) -> list[str]:
    """``count`` headlines of consecutive stories from ``first``, as source ``which`` words them."""
    return [telling(first + k, which) for k in range(count)]


def records(titles: Sequence[str], source_id: int, tag: str, first: int = 0) -> list[NewArticle]:
    """Articles of these headlines from one source, each with its own URL and entry key (``tag`` and its number,
    counted from ``first``)."""
    out = []
    for k, title in enumerate(titles, start=first):
        article = Article(title=title, body=(f"{tag} {k}",), url=f"https://{tag}.example/{k}")
        out.append(NewArticle(article, source_id, identify(article, source_keys=[f"{tag}-{k}"])))
    return out


# Story locks


def lock_counts(size: int = 200) -> dict[str, int]:
    """The distinct story locks a batch of ``size`` CJK headlines takes (and the words of their prefixes)."""
    from bot.store import pgarticles
    from bot.text.similarity import story_prefix

    titles = batch(size, 0, 0)
    return {
        "headlines": size,
        "prefix_words": len({w for t in titles for w in story_prefix(t)}),
        "locks": len({k for t in titles for k in pgarticles.story_lock_keys(t)}),
        "limit": pgarticles.MAX_STORY_LOCKS,
    }


# Concurrent ingest (PostgreSQL): each process stores its batches of CJK files, each batch one transaction

_WRITER = """
import asyncio, json, sys, time
from bench.cjk_stories import NOW, batch, english_batch, records
from bot.models import SourceKind
from bot.store import articles
from bot.store.db import Database

async def main(url, name, batches, size, first, which, english):
    db = await Database.open(url)
    try:
        source = await articles.get_or_create_source(db, SourceKind.FOLDER, name, "/" + name, NOW)
        spent = []
        for b in range(batches):
            start = first + b * size
            titles = english_batch(size, start) if english else batch(size, start, which)
            stored = records(titles, source.id, name, start)
            began = time.perf_counter()
            await db.write(lambda conn: articles.insert_groups(conn, [[r] for r in stored], lambda: NOW))
            spent.append(time.perf_counter() - began)
    finally:
        await db.close()
    print(json.dumps(spent))

asyncio.run(main(sys.argv[1], sys.argv[2], *map(int, sys.argv[3:8])))
"""

_ENGLISH = ["harbour", "council", "tram", "budget", "ferry", "school", "bridge", "museum", "airport", "market"]


def english_batch(count: int, first: int) -> list[str]:
    """``count`` English headlines, each a story of its own."""
    rng = random.Random(first)
    return [
        f"{rng.choice(_ENGLISH).title()} {' '.join(rng.sample(_ENGLISH, 4))} plan {first + k} approved"
        for k in range(count)
    ]


def run_writers(url: str, writers: Sequence[tuple[str, int, int, int, int, int]]) -> tuple[float, list[list[float]]]:
    """Run each (name, batches, size, first, which, english) writer as a process at once: wall, each's batches."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    began = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, url, *map(str, w)], stdout=subprocess.PIPE, cwd=ROOT, env=env)
        for w in writers
    ]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    wall = time.perf_counter() - began
    if any(p.returncode for p in procs):
        raise SystemExit("a writer failed")
    return wall, [json.loads(o) for o in outs]


async def _fresh_url(base: str) -> tuple[str, str]:
    import psycopg

    name = f"cjkbench_{os.getpid()}_{time.monotonic_ns() % 10**9}"
    async with await psycopg.AsyncConnection.connect(base, autocommit=True) as conn:
        await conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name, name


async def _drop(base: str, name: str) -> None:
    import psycopg

    async with await psycopg.AsyncConnection.connect(base, autocommit=True) as conn:
        await conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


async def _migrated(url: str) -> None:
    from bot.store.db import Database

    db = await Database.open(url)
    await db.close()


def concurrent(base: str, batches: int, size: int, english: bool) -> dict[str, object]:
    """Two writers at once (CJK and CJK, or CJK and English), each ``batches`` batches of ``size`` files."""
    url, name = asyncio.run(_fresh_url(base))
    try:
        asyncio.run(_migrated(url))
        wall, spent = run_writers(
            url,
            [
                ("desk", batches, size, 0, 0, 0),
                ("wire", batches, size, 100_000, 0, 1) if english else ("wire", batches, size, 5_000, 1, 0),
            ],
        )
    finally:
        asyncio.run(_drop(base, name))
    return {"wall_s": round(wall, 2), "batches_s": [[round(s, 2) for s in w] for w in spent]}


# Candidates in a busy archive


async def candidates(engine: str, noise_count: int, stories: int, base: str | None) -> dict[str, object]:
    """Store ``stories`` first tellings, then ``noise_count`` busy headlines, then the second tellings: joined?"""
    from bot.models import SourceKind
    from bot.store import articles
    from bot.store.db import Database
    from bot.text.similarity import same_story

    rng = random.Random(1)
    dropped = None
    with tempfile.TemporaryDirectory() as work:
        if engine == "sqlite":
            url = str(Path(work) / "busy.db")
        else:
            assert base is not None
            url, dropped = await _fresh_url(base)
        db = await Database.open(url)
        try:
            desk = await articles.get_or_create_source(db, SourceKind.FOLDER, "desk", "/desk", NOW)
            wire = await articles.get_or_create_source(db, SourceKind.FOLDER, "wire", "/wire", NOW)

            # the first tellings hold a common pair too, as a busy archive's stories do
            firsts = [rng.choice(COMMON) + t for t in batch(stories, 0, 0)]
            seconds = [rng.choice(COMMON) + t for t in batch(stories, 0, 1)]
            assert all(same_story(a, b) for a, b in zip(firsts, seconds, strict=True))
            stored = await articles.add_articles(db, records(firsts, desk.id, "first"), NOW)
            busy = [noise(n, rng) for n in range(noise_count)]
            for start in range(0, len(busy), 200):
                await articles.add_articles(db, records(busy[start : start + 200], desk.id, f"noise{start}"), NOW)
            began = time.perf_counter()
            joined = 0
            for k, title in enumerate(seconds):
                [result] = await articles.add_articles(
                    db, records([title], wire.id, f"second{k}"), NOW + timedelta(hours=1)
                )
                joined += result.story_id == stored[k].story_id
            spent = time.perf_counter() - began
        finally:
            await db.close()
            if dropped is not None:
                assert base is not None
                await _drop(base, dropped)
    return {
        "engine": engine,
        "noise": noise_count,
        "stories": stories,
        "joined": joined,
        "ms_each": round(spent * 1000 / stories, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Run one part and print its figures as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["locks", "concurrent", "candidates"])
    parser.add_argument("--size", type=int, default=200, help="files a batch")
    parser.add_argument("--batches", type=int, default=3, help="batches each writer stores (concurrent)")
    parser.add_argument("--english", action="store_true", help="concurrent: the second writer stores English")
    parser.add_argument("--noise", type=int, default=3000, help="busy headlines between two tellings (candidates)")
    parser.add_argument("--stories", type=int, default=40, help="stories told twice (candidates)")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args(argv)
    base = os.environ.get("NEWSDIGEST_TEST_PG_URL")
    if args.part == "locks":
        print(json.dumps(lock_counts(args.size)))
    elif args.part == "concurrent":
        if not base:
            raise SystemExit("NEWSDIGEST_TEST_PG_URL is not set")
        print(json.dumps(concurrent(base, args.batches, args.size, args.english)))
    else:
        engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
        for engine in engines:
            if engine == "postgresql" and not base:
                raise SystemExit("NEWSDIGEST_TEST_PG_URL is not set")
            print(json.dumps(asyncio.run(candidates(engine, args.noise, args.stories, base))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
